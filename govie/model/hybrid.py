"""Combine a model's spans with the rule tagger's, label by label.

A model directory may say, in ``config.json`` → ``govie.combine``, where each
label's spans come from::

    {"QTY": "rules", "UNIT": "rules", "DATE": "rules+model",
     "ORG": "model", "METRIC": "model+rules", "REL": "model"}

* ``"model"`` / ``"rules"``: only that source's spans of the label;
* ``"model+rules"``: the model's spans, then rule spans where they overlap nothing;
* ``"rules+model"``: the rule spans, then model spans where they overlap nothing.

Spans are taken in tiers: first-choice rule spans, first-choice model spans,
then the fill-ins (``+``), each tier longest first; a span overlapping one
already taken is dropped. Labels the policy does not name come from the model.
The choice per label is measured by ``evaluate/hybrid_lodo.py``.

Model spans shorter than :data:`MIN_CHARS` of their label are dropped first: a one-character
ORG (区, 中, 务) is a fragment of a longer name, never a unit (the gold has none; on the 12-layer
folds' held-out predictions this removed 36 false ORG and no true one, ORG F1 .428 -> .457).
"""
from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from govie.errors import ModelError
from govie.schema import LABELS, Span

SOURCES = ("model", "rules", "model+rules", "rules+model")
MIN_CHARS = {"ORG": 2}


def drop_fragments(spans: Iterable[Span]) -> list[Span]:
    """The spans without those shorter than their label's :data:`MIN_CHARS`."""
    return [s for s in spans if s.end - s.start >= MIN_CHARS.get(s.label, 1)]


def check_policy(policy: Mapping[str, str], where: str = "combine") -> dict[str, str]:
    """The policy as a plain dict; ModelError names a bad label or source."""
    if not isinstance(policy, Mapping):
        raise ModelError(f"{where}: expected a mapping label -> source, got {type(policy).__name__}")
    for label, source in policy.items():
        if label not in LABELS:
            raise ModelError(f"{where}: unknown label {label!r}; allowed: {', '.join(LABELS)}")
        if source not in SOURCES:
            raise ModelError(f"{where}: {label} source {source!r}; allowed: {', '.join(SOURCES)}")
    return dict(policy)


def _tier(span: Span, source: str, policy: Mapping[str, str]) -> int | None:
    """0 = rules first choice, 1 = model first choice, 2 = fill-in, None = not used."""
    want = policy.get(span.label, "model")
    if want == source:
        return 0 if source == "rules" else 1
    if want == f"{source}+{'model' if source == 'rules' else 'rules'}":
        return 0 if source == "rules" else 1
    if want.endswith("+" + source):
        return 2
    return None


def combine(model_spans: Iterable[Span], rule_spans: Iterable[Span], policy: Mapping[str, str]) -> list[Span]:
    """Non-overlapping spans chosen by ``policy``, in text order, ids ``h0, h1, ...``."""
    cands: list[tuple[int, int, Span]] = []
    for source, spans in (("model", drop_fragments(model_spans)), ("rules", rule_spans)):
        for s in spans:
            tier = _tier(s, source, policy)
            if tier is not None and s.end > s.start:
                cands.append((tier, s.start - s.end, s))
    cands.sort(key=lambda c: (c[0], c[1], c[2].start))
    taken: list[tuple[int, int]] = []
    chosen: list[Span] = []
    for _, _, s in cands:
        if any(s.start < e and b < s.end for b, e in taken):
            continue
        taken.append((s.start, s.end))
        chosen.append(s)
    chosen.sort(key=lambda s: (s.start, s.end))
    return [Span(id=f"h{k}", start=s.start, end=s.end, label=s.label, text=s.text, score=s.score, source=s.source)
            for k, s in enumerate(chosen)]


def combine_batch(model_spans: Sequence[list[Span]], texts: Sequence[str], policy: Mapping[str, str]) -> list[list[Span]]:
    """:func:`combine` for each text, the rule spans computed here (only when the policy uses rules)."""
    if not any("rules" in v for v in policy.values()):
        return [drop_fragments(m) for m in model_spans]
    from govie.tag.rules import RuleTagger

    rules = RuleTagger()
    return [combine(m, rules.predict(t), policy) for m, t in zip(model_spans, texts)]
