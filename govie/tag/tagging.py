"""Tag a report record by record: each field is normalized (full-width folded, PDF wraps
removed), tagged, and the spans mapped back to offsets in the report text."""
from __future__ import annotations

import re
from typing import Any

from ..schema import Field, Record, Span

#: record fields that are tagged; seq numbers and categories are not
TAGGED = ("indicator", "target", "progress")
_BARE_NUMBER = re.compile(r"\s*(\d+(?:\.\d+)?)\s*")


def field_views(text: str, records: list[Record]) -> list[tuple[Field, Any]]:
    """Distinct fields to tag, each with its normalized ``TextMap``."""
    from ..read.textmap import TextMap

    seen: set[tuple[int, int]] = set()
    out = []
    for rec in records:
        for name in TAGGED:
            f = getattr(rec, name)
            if f is None or (f.start, f.end) in seen:
                continue
            seen.add((f.start, f.end))
            out.append((f, TextMap.build(text, f.start, f.end, unwrap=True)))
    return out


def tag_records(text: str, records: list[Record], tagger: Any) -> list[Span]:
    """Spans of every tagged field, plus each lead unit as an ORG and a unit column's cell as a UNIT
    (SCHEMA case 2); ids ``s1, s2, …`` in text order."""
    views = field_views(text, records)
    predicted = tagger.predict_batch([tm.norm for _, tm in views]) if views else []
    spans: list[Span] = []
    for (_, tm), found in zip(views, predicted):
        for sp in found:
            a, b = tm.span_to_orig(sp.start, sp.end)
            spans.append(Span(id="", start=a, end=b, label=sp.label, text=text[a:b], score=sp.score, source=sp.source))
    covered = {(s.start, s.end) for s in spans}
    for rec in records:
        for f in rec.lead_units:
            if (f.start, f.end) not in covered:
                spans.append(Span(id="", start=f.start, end=f.end, label="ORG", text=f.text, score=1.0, source="layout"))
        for f in (rec.target, rec.progress) if rec.unit is not None else ():
            m = _BARE_NUMBER.fullmatch(f.text) if f is not None else None
            if m and not any(s.label == "QTY" and f.start <= s.start < f.end for s in spans):
                a, b = f.start + m.start(1), f.start + m.end(1)  # a table cell "2000" under 计量单位 张: an amount
                spans.append(Span(id="", start=a, end=b, label="QTY", text=text[a:b], score=1.0, source="layout"))
        if rec.unit is not None and (rec.unit.start, rec.unit.end) not in covered:  # a unit column's cell
            covered.add((rec.unit.start, rec.unit.end))
            spans.append(Span(id="", start=rec.unit.start, end=rec.unit.end, label="UNIT", text=rec.unit.text, score=1.0,
                              source="layout"))
    spans.sort(key=lambda s: (s.start, s.end))
    for i, s in enumerate(spans, 1):
        s.id = f"s{i}"
    return spans
