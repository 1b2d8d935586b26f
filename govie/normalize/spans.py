"""Fill ``Span.norm`` from the span text, resolved against the report period."""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Iterable

from ..schema import Span


def normalize_span(label: str, text: str, *, period: tuple[date, date] | None = None,
                   cumulative: bool = False) -> dict[str, Any]:
    """The normalized value of one span as a JSON-ready dict ({} when nothing can be read)."""
    from .dates import parse_date
    from .numbers import parse_number
    from .relations import parse_relation
    from .units import parse_unit

    flat = text.replace("\n", "").replace("\r", "")
    if label == "QTY":
        n = parse_number(flat)
        if n is None:
            return {}
        return {"value": n.value, "approx": n.approx, "low": n.low, "high": n.high, **({"percent": True} if n.percent else {})}
    if label == "UNIT":
        u = parse_unit(flat)
        if u is None:
            return {}
        out = {"unit": u.id, "dimension": u.dimension, "factor": u.factor}
        if u.scale != 1.0:
            out["scale"] = u.scale
        return out
    if label == "DATE":
        kw: dict[str, Any] = {}
        if period is not None:
            kw = {"year": period[1].year, "period_start": period[0], "period_end": period[1]}
        d = parse_date(flat, cumulative=cumulative, **kw)
        return d.to_dict() if d is not None else {}
    if label == "REL":
        kind = parse_relation(flat)
        return {"kind": kind} if kind else {}
    return {}


def normalize_spans(spans: Iterable[Span], *, period: tuple[date, date] | None = None, text: str = "") -> None:
    """Set ``norm`` on every span in place. A DATE right after 截至/截止 is read as cumulative, one
    inside 自…起 / 从…开始 as "since";
    a split REL pair of one clause (控制在…左右) takes the pair's kind."""
    spans = list(spans)
    for s in spans:
        if s.norm and s.source == "gold":
            continue
        before = text[max(0, s.start - 4):s.start] if text else ""
        cumulative = s.label == "DATE" and ("截至" in before or "截止" in before)
        span_text = s.text
        if s.label == "DATE" and _SINCE_OPEN.search(before) and _SINCE_CLOSE.match(text, s.end):
            span_text += "以来"  # 自5月起 (the frame stays outside the span, as the gold has it): since May
        s.norm = normalize_span(s.label, span_text, period=period, cumulative=cumulative)
    if text:
        _pair_relations([s for s in spans if s.label == "REL"], text)
        for s in spans:
            if s.label == "REL" and s.source != "gold" and s.text in ("低于", "高于"):
                m = _DIFFERENCE.match(text, s.end)  # 低于我区平均浓度2微克: a stated difference (guideline 16)
                if m:
                    s.norm = {**(s.norm or {}), "kind": "DECREASE" if s.text == "低于" else "INCREASE"}


_DIFFERENCE = re.compile(r"[\u4e00-\u9fff“”]{2,15}?\d")
_SINCE_OPEN = re.compile(r"(?:自|从|自从)[ \u3000]*$")
_SINCE_CLOSE = re.compile(r"[ \u3000]*(?:起|开始|以来)")


_CLAUSE_END = frozenset("，。；;,！？!?\n")


def _pair_relations(rels: list[Span], text: str) -> None:
    """Two REL spans of one clause that form a split phrase (控制在…左右, 达到…以上: relations.json →
    ``split``) both take its kind (guideline case 15: 控制在60微克/立方米左右 is APPROX twice)."""
    from .relations import relation_lexicon

    split = {(a, b): k for a, b, k in relation_lexicon().split}
    rels = sorted(rels, key=lambda s: s.start)
    for first, second in zip(rels, rels[1:]):
        kind = split.get((first.text, second.text))
        if kind and not _CLAUSE_END.intersection(text[first.end:second.start]):
            if first.source != "gold":
                first.norm = {**(first.norm or {}), "kind": kind}
            if second.source != "gold":
                second.norm = {**(second.norm or {}), "kind": kind}
