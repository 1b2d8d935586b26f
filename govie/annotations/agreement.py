"""Inter-annotator agreement on the doubly annotated chunks.

Span agreement is exact-match F1 per label (one annotator taken as reference; F1 is
symmetric). Link agreement matches links by the anchors of their two measurements
(the first QTY of each, else its first span); attainment agreement is measured on the
links both annotators made.

    python -m govie.annotations.agreement      # writes annotations/agreement.json + work/disagreements.md
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from ..schema import LABELS
from .build import PRIMARY, SECOND, collect
from .worktree import WORK


def _f1(tp: int, n_a: int, n_b: int) -> dict[str, float]:
    p = tp / n_b if n_b else 0.0
    r = tp / n_a if n_a else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "a": n_a, "b": n_b, "both": tp}


def _anchors(pc) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for s in sorted(pc.spans, key=lambda s: (s.label != "QTY", s.start)):
        for m in s.measurements:
            out.setdefault(m, (s.start, s.end))
    return out


def compare(a_chunks: dict, b_chunks: dict) -> dict[str, Any]:
    """Agreement between two annotators over the chunks both annotated."""
    span_a: set = set()
    span_b: set = set()
    link_a: dict = {}
    link_b: dict = {}
    for doc, chunks in b_chunks.items():
        for cid, (_, pb) in chunks.items():
            if cid not in a_chunks.get(doc, {}):
                continue
            pa = a_chunks[doc][cid][1]
            span_a |= {(doc, s.start, s.end, s.label) for s in pa.spans}
            span_b |= {(doc, s.start, s.end, s.label) for s in pb.spans}
            for pc, store in ((pa, link_a), (pb, link_b)):
                anchors = _anchors(pc)
                for p, t, att in pc.links:
                    if p in anchors and t in anchors:
                        store[(doc, anchors[p], anchors[t])] = att
    per_label = {}
    for lab in LABELS:
        a = {x for x in span_a if x[3] == lab}
        b = {x for x in span_b if x[3] == lab}
        per_label[lab] = _f1(len(a & b), len(a), len(b))
    both = set(link_a) & set(link_b)
    att_same = sum(link_a[k] == link_b[k] for k in both)
    return {
        "spans": {"micro": _f1(len(span_a & span_b), len(span_a), len(span_b)), **per_label},
        "links": _f1(len(both), len(link_a), len(link_b)),
        "attainment_agreement": round(att_same / len(both), 4) if both else None,
        "_diff_spans": (sorted(span_a - span_b), sorted(span_b - span_a)),
    }


def run(work: Path = WORK) -> dict[str, Any]:
    primary = collect(PRIMARY, work)
    second = collect(SECOND, work)
    res = compare(primary, second)
    only_a, only_b = res.pop("_diff_spans")
    res["chunks"] = {doc: sorted(ch) for doc, ch in second.items()}
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in Path("annotations/raw").glob("*.txt")}
    lines = ["# Span disagreements (primary vs second annotator)", ""]
    for tag, items in (("only primary", only_a), ("only second", only_b)):
        lines.append(f"## {tag} ({len(items)})")
        for doc, s, e, lab in items:
            ctx = texts[doc][max(0, s - 8):e + 8].replace("\n", "⏎")
            lines.append(f"- {doc} {s}-{e} {lab} `{texts[doc][s:e]}` … {ctx}")
        lines.append("")
    (work / "disagreements.md").write_text("\n".join(lines), encoding="utf-8")
    Path("annotations/agreement.json").write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    return res


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(run(), ensure_ascii=False, indent=1))
