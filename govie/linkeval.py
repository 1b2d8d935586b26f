"""Score measurements and links against the gold links (used by ``evaluate/link_eval.py``).

A measurement is identified by its anchor: its first QTY span, else its first REL span,
else its first span (offsets). A predicted link matches a gold link when both anchors
agree; attainment accuracy is counted over matched links.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from .schema import Span


def anchor(spans: list[dict | Span]) -> tuple[int, int] | None:
    def get(s, k):
        return s[k] if isinstance(s, dict) else getattr(s, k)

    ordered = sorted(spans, key=lambda s: get(s, "start"))
    for lab in ("QTY", "REL"):
        for s in ordered:
            if get(s, "label") == lab:
                return get(s, "start"), get(s, "end")
    return (get(ordered[0], "start"), get(ordered[0], "end")) if ordered else None


def gold_links(doc: dict[str, Any]) -> dict[tuple, dict]:
    spans = {s["id"]: s for s in doc["spans"]}
    meas = {m["id"]: [spans[x] for x in m["spans"]] for m in doc["measurements"]}
    return {(anchor(meas[lk["progress"]]), anchor(meas[lk["target"]])): lk for lk in doc["links"]}


def predicted_links(report_like: Any) -> dict[tuple, Any]:
    spans = {s.id: s for s in report_like.spans}
    meas = {m.id: [spans[x] for x in m.span_ids] for m in report_like.measurements}
    return {(anchor(meas[lk.progress]), anchor(meas[lk.target])): lk for lk in report_like.links}


def run_on_spans(doc: dict[str, Any], spans: list[Span]):
    """Measurements and links from given spans (gold or predicted) over the gold text."""
    from .link import link_measurements
    from .measure import build_measurements
    from .normalize.spans import normalize_spans
    from .records import read_records
    from .report import Report

    text = doc["text"]
    parsed = read_records(text)
    period = tuple(date.fromisoformat(x) for x in doc["period"]) if doc.get("period") else parsed.period
    normalize_spans(spans, period=period, text=text)
    meas = build_measurements(text, parsed.records, spans, layout=parsed.layout)
    links = link_measurements(meas, spans, period=period, text=text, records=parsed.records)
    return Report(text=text, records=parsed.records, spans=spans, measurements=meas, links=links, period=period,
                  layout=parsed.layout)


def gold_spans(doc: dict[str, Any]) -> list[Span]:
    return [Span(id=s["id"], start=s["start"], end=s["end"], label=s["label"], text=s["text"], norm=dict(s["norm"]),
                 source="gold") for s in doc["spans"]]


def score(gold: dict[tuple, dict], pred: dict[tuple, Any]) -> dict[str, Any]:
    both = set(gold) & set(pred)
    p = len(both) / len(pred) if pred else 0.0
    r = len(both) / len(gold) if gold else 0.0
    same = sum(gold[k]["attainment"] == pred[k].attainment for k in both)
    return {"gold": len(gold), "predicted": len(pred), "matched": len(both), "precision": round(p, 4),
            "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "attainment_accuracy": round(same / len(both), 4) if both else None}
