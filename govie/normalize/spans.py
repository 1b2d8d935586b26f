"""Fill ``Span.norm`` from the span text, resolved against the report period."""
from __future__ import annotations

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
    """Set ``norm`` on every span in place. A DATE right after 截至/截止 is read as cumulative."""
    for s in spans:
        if s.norm and s.source == "gold":
            continue
        before = text[max(0, s.start - 4):s.start] if text else ""
        cumulative = s.label == "DATE" and ("截至" in before or "截止" in before)
        s.norm = normalize_span(s.label, s.text, period=period, cumulative=cumulative)
