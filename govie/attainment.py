"""Attainment: compare a progress measurement with the target it measures.

Comparators are respected (a ≤ target is met when below), change targets (下降3%) are
compared as changes, partial periods are compared pro rata for cumulative quantities,
status phrases (提前完成, 无法完成, 动态完成) decide when they are stated, and a stated
ratio (完成指标的115.06%) is checked against the computed one.
"""
from __future__ import annotations

from datetime import date

from .schema import Measurement

COMPARATORS = ("GE", "GT", "LE", "LT", "EQ", "APPROX", "RANGE")
CHANGES = ("INCREASE", "DECREASE")
MET_STATUS = frozenset({"DONE", "EXCEEDED", "AHEAD"})
TRACK_STATUS = frozenset({"ON_TRACK", "EXPECTED"})
FAIL_STATUS = frozenset({"NOT_DONE", "DELAYED"})
#: dimensions that add up over the year (pro-rata applies); rates, shares, concentrations, indices do not
CUMULATIVE_DIMS = frozenset({
    "count", "money", "volume", "area", "length", "mass", "energy", "boiler_capacity", "power", "electricity",
})
#: metric wording that implies ≤ when a target has no comparator (SCHEMA §5 case 7)
_LE_WORDS = ("支出", "预算", "成本", "消耗", "消费", "能耗", "水耗", "用水", "用量", "排放", "浓度", "降尘", "时间", "时长", "失业率", "天数", "事故", "死亡")
#: head words of amounts to reach: the later of an LE word and one of these decides (一般公共预算收入 is GE,
#: 单位地区生产总值能耗 is LE: a Chinese name ends in its head)
_GE_WORDS = ("收入", "收益", "总值", "增加值", "产值", "税收")
APPROX_TOLERANCE = 0.05


def comparator(target: Measurement) -> str:
    """The target's comparator: the stated one, else the one its metric implies (SCHEMA case 7).
    ``控制在…左右`` / ``达到…左右`` read as APPROX whatever the first half says."""
    return comparator_of(target.relation, target.metric, target.value, target.low, target.high)


def comparator_of(relation: list[str], metric: str | None, value: float | None, low: float | None,
                  high: float | None) -> str:
    """:func:`comparator` on the fields of a measurement (as in ``Report.to_dict()``)."""
    relation = relation or []
    if "APPROX" in relation:
        return "APPROX"
    for k in relation:
        if k in COMPARATORS or k in CHANGES:
            return k
    if low is not None and high is not None and value is None:
        return "RANGE"
    metric = metric or ""
    le = max((metric.rfind(w) + len(w) for w in _LE_WORDS if w in metric), default=-1)
    ge = max((metric.rfind(w) + len(w) for w in _GE_WORDS if w in metric), default=-1)
    return "LE" if le > ge else "GE"


def status_of(m: Measurement) -> str | None:
    """The attainment a status phrase in ``m`` states (met / on_track / not_met), or None."""
    kinds = set(m.relation)
    if kinds & FAIL_STATUS:
        return "not_met"
    if kinds & TRACK_STATUS:
        return "on_track"
    if kinds & MET_STATUS:
        return "met"
    return None


def year_fraction(period: tuple[date, date] | None, when: tuple[date, date] | None) -> float:
    """Share of the year covered by ``when`` (or the period) — 1.0 for a full year."""
    end = when[1] if when else (period[1] if period else None)
    if end is None:
        return 1.0
    start = date(end.year, 1, 1)
    days = (date(end.year, 12, 31) - start).days + 1
    return min(1.0, ((end - start).days + 1) / days)


def assess(progress: Measurement, target: Measurement, period: tuple[date, date] | None) -> tuple[str, float | None, bool]:
    """Return ``(attainment, computed_ratio, stated)`` for one link."""
    stated = status_of(progress)
    comp = comparator(target)
    pv = None if progress.value is None else progress.value * progress.factor
    tv = None if target.value is None else target.value * target.factor
    if comp in CHANGES:
        if comp in progress.relation and pv is not None and tv:
            ok = pv >= tv
            return ("met" if ok else "not_met"), pv / tv, False
        return (stated, None, True) if stated else ("unknown", None, False)
    if pv is None or (tv is None and comp != "RANGE") or "RATIO" in progress.relation:
        return (stated, None, True) if stated else ("unknown", None, False)
    ratio = pv / tv if tv else None
    if stated in ("on_track", "not_met"):
        return stated, ratio, True
    frac = year_fraction(period, progress.date)
    cumulative = (target.dimension or progress.dimension) in CUMULATIVE_DIMS
    if comp == "RANGE":
        lo, hi = target.low, target.high
        ok = lo is not None and hi is not None and lo * target.factor <= pv <= hi * target.factor
        return ("met" if ok else "not_met"), None, False
    if comp == "APPROX":
        ok = abs(pv - tv) <= APPROX_TOLERANCE * abs(tv) or (_le_metric(target) and pv < tv)
        return ("met" if ok else "not_met"), ratio, False
    if comp == "EQ":
        comp = "LE" if _le_metric(target) else "GE"
    if comp in ("GE", "GT"):
        ok = pv > tv if comp == "GT" else pv >= tv
        if ok:
            return "met", ratio, False
        if cumulative and frac < 1.0:
            return ("on_track" if pv >= tv * frac else "not_met"), ratio, False
        return "not_met", ratio, False
    ok = pv < tv if comp == "LT" else pv <= tv
    if not ok:
        return "not_met", ratio, False
    if cumulative and frac < 1.0:
        return ("on_track" if pv <= tv * frac + 1e-9 else "not_met"), ratio, False
    return "met", ratio, False


def _le_metric(m: Measurement) -> bool:
    return any(w in (m.metric or "") for w in _LE_WORDS)


def consistent(computed: float | None, stated_percent: float | None, stated_text: str | None = None) -> bool | None:
    """Is the stated percentage the computed ratio, within the rounding of its last digit?"""
    if computed is None or stated_percent is None:
        return None
    decimals = 0
    if stated_text and "." in stated_text:
        decimals = len(stated_text.split(".")[1].rstrip("%％ "))
    tolerance = 10 ** (-decimals) + 1e-9
    return abs(computed * 100 - stated_percent) <= tolerance
