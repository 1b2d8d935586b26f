"""The ledger: one row per target measurement with its latest linked progress."""
from __future__ import annotations

from typing import Any

from .attainment import comparator_of

COLUMNS = [
    "source", "period_start", "period_end", "record", "category", "seq", "indicator", "lead_units",
    "target_id", "metric", "constraint", "target_value", "target_unit", "target_text", "target_start", "target_end",
    "progress_id", "progress_value", "progress_unit", "progress_date", "progress_text", "progress_start", "progress_end",
    "attainment", "stated", "computed_ratio", "stated_ratio", "consistent", "link_score",
]


def ledger_frame(report) -> Any:
    return ledger_frame_from_dict(report.to_dict())


def ledger_frame_from_dict(d: dict[str, Any]) -> Any:
    """Build the ledger DataFrame from ``Report.to_dict()`` output (also used by ``govie batch``)."""
    import pandas as pd

    return pd.DataFrame(ledger_rows(d), columns=COLUMNS)


def ledger_rows(d: dict[str, Any]) -> list[dict[str, Any]]:
    records = {r["index"]: r for r in d["records"]}
    meas = {m["id"]: m for m in d["measurements"]}
    by_target: dict[str, list[dict]] = {}
    linked_progress = set()
    for lk in d["links"]:
        by_target.setdefault(lk["target"], []).append(lk)
        linked_progress.add(lk["progress"])
    text_of = _texts(d)
    period_end = str((d.get("period") or [None, ""])[1] or "")
    rows = []
    for m in d["measurements"]:
        if m["role"] == "target":
            links = sorted(by_target.get(m["id"], []), key=lambda lk: _link_key(lk, meas, period_end), reverse=True)
            rows.append(_row(d, records, m, meas.get(links[0]["progress"]) if links else None, links[0] if links else None, text_of))
        elif m["id"] not in linked_progress:
            rows.append(_row(d, records, None, m, None, text_of))
    return rows


def _link_key(lk: dict, meas: dict, period_end: str = "") -> tuple:
    p = meas.get(lk["progress"]) or {}
    date = (p.get("date") or [None, ""])[1] or ""
    if period_end and date > period_end:
        date = ""  # 推迟至2025年实施，涉及受益人口约1500人: a date past the period says when, not how far
    has_value = p.get("value") is not None
    amount = "RATIO" not in (p.get("relation") or [])  # the amount reported, before the share stated of it
    return (lk["attainment"] != "unknown", has_value, amount, date, lk.get("score") or 0.0)


def _texts(d: dict) -> Any:
    text = d.get("text")

    def of(m: dict | None) -> str | None:
        if m is None or text is None:
            return None
        return text[m["start"]:m["end"]]

    return of


def constraint(m: dict | None) -> str | None:
    """``GE 9000 person``-style summary of a target measurement; the comparator is the one the
    attainment uses: the stated one, else the one its metric implies (SCHEMA case 7: 新建绿道100公里
    -> ``GE 100 km``, 支出1200万元 -> ``LE …``)."""
    if m is None:
        return None
    val = m.get("value")
    comp = None
    if val is not None or m.get("low") is not None:
        comp = comparator_of([k for k in m.get("relation") or [] if k], m.get("metric"), val, m.get("low"), m.get("high"))
    if val is None and m.get("low") is not None:
        val = f"{m['low']:g}-{m['high']:g}"
    elif isinstance(val, float):
        val = f"{val:,.0f}" if abs(val) >= 1e5 else f"{val:g}"
    bits = [b for b in (comp, val, m.get("unit")) if b not in (None, "")]
    return " ".join(str(b) for b in bits) or None


def _row(d, records, t, p, lk, text_of) -> dict[str, Any]:
    m = t or p
    rec = records.get(m.get("record")) if m.get("record") is not None else None

    def ftext(name):
        f = rec.get(name) if rec else None
        return f["text"].replace("\n", "") if f else None

    period = d.get("period") or [None, None]
    return {
        "source": d.get("source"),
        "period_start": period[0],
        "period_end": period[1],
        "record": m.get("record"),
        "category": ftext("category"),
        "seq": ftext("seq"),
        "indicator": ftext("indicator"),
        "lead_units": "; ".join(f["text"].replace("\n", "") for f in rec["lead_units"]) if rec else None,
        "target_id": t["id"] if t else None,
        "metric": (t or p or {}).get("metric"),
        "constraint": constraint(t),
        "target_value": t.get("value") if t else None,
        "target_unit": t.get("unit") if t else None,
        "target_text": text_of(t),
        "target_start": t["start"] if t else None,
        "target_end": t["end"] if t else None,
        "progress_id": p["id"] if p else None,
        "progress_value": p.get("value") if p else None,
        "progress_unit": p.get("unit") if p else None,
        "progress_date": (p.get("date") or [None, None])[1] if p else None,
        "progress_text": text_of(p),
        "progress_start": p["start"] if p else None,
        "progress_end": p["end"] if p else None,
        "attainment": lk["attainment"] if lk else ("unknown" if t else None),
        "stated": lk.get("stated") if lk else None,
        "computed_ratio": lk.get("computed_ratio") if lk else None,
        "stated_ratio": lk.get("stated_ratio") if lk else None,
        "consistent": lk.get("consistent") if lk else None,
        "link_score": lk.get("score") if lk else None,
    }
