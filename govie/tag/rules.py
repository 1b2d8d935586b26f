"""The rule tagger: every rule extractor together, overlaps resolved; same interface as the model."""
from __future__ import annotations

from ..schema import Span

#: when two candidates overlap, the longer wins; at equal length, this order decides
PRIORITY = {"DATE": 0, "REL": 1, "QTY": 2, "UNIT": 3, "ORG": 4, "METRIC": 5}


class RuleTagger:
    """Finds QTY/UNIT/DATE/REL/ORG/METRIC spans with the rule extractors (no model needed)."""

    name = "rules"
    labels = tuple(PRIORITY)

    def candidates(self, text: str) -> list[tuple[int, int, str]]:
        from .rules_date_rel import extract_dates, extract_relations
        from .rules_org_metric import extract_metrics, extract_orgs
        from .rules_qty import extract_quantities

        found: list[tuple[int, int, str]] = []
        for fn in (extract_dates, extract_relations, extract_quantities, extract_orgs, extract_metrics):
            found.extend(fn(text))
        return found

    def predict(self, text: str) -> list[Span]:
        if not text:
            return []
        chosen = resolve_overlaps(self.candidates(text))
        return [Span(id="", start=s, end=e, label=lab, text=text[s:e], score=1.0, source="rules") for s, e, lab in chosen]

    def predict_batch(self, texts: list[str]) -> list[list[Span]]:
        return [self.predict(t) for t in texts]


def resolve_overlaps(cands: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep a non-overlapping subset: QTY/UNIT/DATE/REL first (longest first), then ORG and METRIC fill gaps."""
    taken = bytearray()
    out: list[tuple[int, int, str]] = []
    n = max((e for _, e, _ in cands), default=0)
    taken = bytearray(n)
    order = sorted(set(cands), key=lambda c: (PRIORITY[c[2]] >= 4, -(c[1] - c[0]), PRIORITY[c[2]], c[0]))
    for s, e, lab in order:
        if s >= e or any(taken[s:e]):
            continue
        taken[s:e] = b"\x01" * (e - s)
        out.append((s, e, lab))
    return sorted(out)
