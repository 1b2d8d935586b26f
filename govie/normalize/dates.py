"""DATE normalization: a date expression from a report → an ISO interval.

``parse_date("1-9月", year=2020)`` → ``DateRange(2020-01-01, 2020-09-30)``.

The reference year is always an argument, never today's date. When ``year`` is
None it is taken from ``period_end`` (else ``period_start``); an expression that
needs a year and finds none (``10月20日``, ``年底``) parses to None.

Choices (tested in tests/specs/dates.json):

* points are intervals ``[d, d]``: ``年底``/``年末`` → Dec 31, ``6月底`` → Jun 30;
* ``年初`` → Jan 1..31 and ``年中`` → Jun 30, ``月初`` → days 1-10, ``月中`` → 11-20,
  all ``approx``; ``上旬/中旬/下旬`` → 1-10, 11-20, 21-end; seasons are
  meteorological (``冬季`` runs into the next year), ``approx``; a festival is its
  day: ``国庆``/``十一`` Oct 1, ``五一`` May 1, ``七一`` Jul 1…, ``春节``/``元宵``/``端午``/``中秋``
  from lunar tables (2000-2040), ``清明`` Apr 4-5 (``approx``);
* ``X前``/``X之前`` (deadline) → from the period start (else Jan 1 of X's year) to
  the end of X; ``截至 X``/``到X为止`` (cumulative) → the same interval;
  ``X以来`` → from the start of X to ``period_end`` (None without one);
* ``目前``/``截至目前`` → from the period start (else Jan 1) to ``period_end``,
  cumulative; None without ``period_end``;
* ``比2015年`` → 2015 with ``baseline``; ``同比``/``去年同期`` → the reporting
  period (else the year) one year back, with ``baseline`` and ``yoy``;
* ranges (``1-9月``, ``9月至11月``, ``10月20日-22日``, ``2016-2020年``) run from the
  start of the first part to the end of the last; lists (``二、三季度``) likewise;
* ``“十三五”时期`` → 2016-2020, ``“十三五”末`` → 2020-12-31; ``三季度末`` → Sep 30;
* ``X起``/``自X开始`` read as ``X以来``; ``本月``/``上月`` → the month of ``period_end``
  (or the one before; None without it); ``近三年``/``三年来`` → the three years ending
  with the reference year, ``approx``;
* ``采暖季``/``供暖季`` → 15 Nov to 15 Mar of the next year and ``汛期`` → 1 Jun to 15 Sep
  (Beijing's dates), ``approx``;
* ``X至今`` reads as ``X以来``; ``本季度``/``上季度`` → the quarter of ``period_end`` (or the
  one before); ``上月末`` → that month's last day; ``2019年同期`` → the reporting period
  moved into 2019 (``baseline``, ``yoy``); ``元月`` → January; ``中下旬`` → days 11-end.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any

from ..errors import D001, D002, InputError
from ._date_text import _CN, _CN_RUN, _cn_sub, _lunar, _normalize, _plan, _rewrite, _words

__all__ = ["DateRange", "parse_date", "same_period_last_year"]

_MAX_LEN = 64  # longer text is no date expression


@dataclass(frozen=True)
class DateRange:
    """A closed interval of days, with how the text qualified it."""

    start: date
    end: date
    cumulative: bool = False  # 截至 X / 到X为止 / X以来: counted from the period start
    deadline: bool = False  # X前 / X之前: to be done by the end of X
    baseline: bool = False  # 比2015年: the period a change is measured against
    yoy: bool = False  # 同比 / 去年同期: same period of the previous year
    approx: bool = False  # fuzzy edges: 年初, 年中, 月初, seasons

    def __post_init__(self) -> None:
        if not (isinstance(self.start, date) and isinstance(self.end, date)):
            raise InputError(D002.format(start=repr(self.start), end=repr(self.end), problem="start and end must be dates"))
        if self.start > self.end:
            raise InputError(D002.format(start=self.start, end=self.end, problem="start is after end"))

    @property
    def days(self) -> int:
        """Number of days covered, both ends included."""
        return (self.end - self.start).days + 1

    is_point = property(lambda self: self.start == self.end, doc="One day: 年底, 10月20日.")

    def as_tuple(self) -> tuple[date, date]:
        return (self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        return d | {f: True for f in ("cumulative", "deadline", "baseline", "yoy", "approx") if getattr(self, f)}


def same_period_last_year(dr: DateRange) -> DateRange:
    """The same days one year earlier (month ends stay month ends), flagged as a yoy baseline."""
    return replace(dr, start=_back_one_year(dr.start), end=_back_one_year(dr.end), baseline=True, yoy=True)


def parse_date(
    text: str | None,
    *,
    year: int | None = None,
    period_end: date | None = None,
    period_start: date | None = None,
    cumulative: bool = False,
    baseline: bool = False,
) -> DateRange | None:
    """Normalize a date expression to a :class:`DateRange`, or None if it is not one.

    ``cumulative=True`` is for callers that saw ``截至`` outside the span;
    ``baseline=True`` for those that saw ``比``/``较``.
    """
    if text is None:
        return None
    if not isinstance(text, str):
        raise InputError(D001.format(func="parse_date", value=text, name="text", expected="a str", got=type(text).__name__))
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9998):
        raise InputError(D001.format(func="parse_date", value=text[:20], name="year", expected="an int between 1 and 9998", got=repr(year)))
    period_end = _as_date(period_end, "period_end", text)
    period_start = _as_date(period_start, "period_start", text)
    if len(text) > _MAX_LEN * 2:
        return None
    out = _parse(text, year, period_start, period_end, bool(cumulative), bool(baseline))
    return replace(out, baseline=True, yoy=True) if out and "年同月" in text else out  # 去年同月: like 去年同期



def _as_date(value: Any, name: str, text: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise InputError(D001.format(func="parse_date", value=text[:20], name=name, expected="a datetime.date or None", got=repr(value)))


_HEAD = re.compile(r"(?P<y>\d{4})(?P<nian>年度|年)?")
_REST = re.compile(
    r"(?P<q>(?P<qpre>第|前)?(?P<qn>[1-4])个?季度?(?P<qend>末|底)?)"
    r"|前(?P<fn>\d{1,2})个?月"
    r"|(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号]?|(?P<mpos>份|上中旬|中下旬|上旬|中旬|下旬|当月|初|中|底|末|内))?"
    r"|(?P<dd>\d{1,2})[日号]"
)
_ISO = re.compile(r"(\d{4})([-./])(\d{1,2})(?:\2(\d{1,2})日?)?")
_SEPS = re.compile(r"[至到~\-、]")
_TRAIL_DIGITS = re.compile(r"\d+$")
_UNIT_AFTER = re.compile(r"(\d+)(年度|年|月|日|号|个季度|季度|季)")


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _last_day(y: int, m: int) -> int:
    return 29 if m == 2 and calendar.isleap(y) else _MONTH_DAYS[m - 1]


def _in_year(y: int, period_start: date | None, period_end: date) -> DateRange | None:
    """The reporting period moved into year *y* (2019年同期 of Jan-Oct 2020 -> Jan-Oct 2019)."""
    if not 1 <= y <= 9999 or (period_start is not None and period_start.year != period_end.year):
        return None
    start = date(y, period_start.month, period_start.day) if period_start else date(y, 1, 1)
    end = date(y, period_end.month, min(period_end.day, _last_day(y, period_end.month)))
    return DateRange(start, end, baseline=True, yoy=True)


def _back_one_year(d: date) -> date:
    if d.year <= 1:
        return d
    last = _last_day(d.year - 1, d.month)
    return date(d.year - 1, d.month, last if d.day >= min(last, _last_day(d.year, d.month)) else d.day)


def _ymd(y: int, m: int, d: int) -> date | None:
    """A valid date or None; day 0 means the last day of the month."""
    if not (1 <= y <= 9999 and 1 <= m <= 12):
        return None
    last = _last_day(y, m)
    return date(y, m, d or last) if 0 <= d <= last else None


def _span(y: int, spec: list[int], end_offset: int = 0) -> tuple[date, date] | None:
    a, b = _ymd(y, spec[0], spec[1]), _ymd(y + end_offset, spec[2], spec[3])
    return (a, b) if a and b and a <= b else None


# A part result: (start, end, approx, explicit_year or None)
_Part = tuple[date, date, bool, "int | None"]


def _single(s: str, year: int | None, month: int | None) -> _Part | None:
    """One expression without separators: 2020年12月, 一季度, 6月底, 22日 (month from context)."""
    m = _ISO.fullmatch(s)
    if m:  # 2020-12-31, 2020.12
        y, mo = int(m.group(1)), int(m.group(3))
        day = int(m.group(4) or -1)
        a, b = (_ymd(y, mo, day),) * 2 if day >= 0 else (_ymd(y, mo, 1), _ymd(y, mo, 0))
        return (a, b, False, y) if a and b and day != 0 else None
    words = _words()
    explicit: int | None = None  # the year the text itself names (2020年, 去年)
    rest, h, rm = s, _HEAD.match(s), _rel_year_re().match(s)
    if h:
        explicit, rest = int(h.group("y")), s[h.end():]
    elif rm:
        if year is None:
            return None
        explicit, rest = year + words["relative_years"][rm.group()], s[rm.end():]
    y = explicit if explicit is not None else year  # may be None
    if rest in ("初", "中", "底", "末", "终", "内", "度") and (rm or (h and h.group("nian"))):
        rest = "年" + rest  # 2020年底, 今年底
    if rest == "":
        if explicit is None or not 1 <= explicit <= 9999:
            return None
        return (date(explicit, 1, 1), date(explicit, 12, 31), False, explicit)
    if y is None or not 1 <= y <= 9998:
        return None
    part = words["year_parts"].get(rest)
    if part is not None:
        if "lunar" in part:
            md = _lunar(part["lunar"]).get(y)
            return (date(y, *md), date(y, *md), False, explicit) if md else None
        sp = _span(y, part["span"], part.get("end_year_offset", 0))
        return (sp[0], sp[1], bool(part.get("approx")), explicit) if sp else None
    r = _REST.fullmatch(rest)
    if not r:
        return None
    if r.group("q"):
        q = int(r.group("qn"))
        first = 1 if r.group("qpre") == "前" else 3 * q - 2
        sp = _span(y, [3 * q, 0, 3 * q, 0] if r.group("qend") else [first, 1, 3 * q, 0])
    elif r.group("fn"):
        n = int(r.group("fn"))
        sp = _span(y, [1, 1, n, 0]) if 1 <= n <= 12 else None
    elif r.group("m") and not r.group("d"):
        mo, mp = int(r.group("m")), words["month_parts"][r.group("mpos") or ""]
        sp = _span(y, [mo, mp["days"][0], mo, mp["days"][1]])
        return (sp[0], sp[1], bool(mp.get("approx")), explicit) if sp else None
    else:  # a day: 10月20日, or 22日 in the month of the context
        mo, day = (int(r.group("m")), int(r.group("d"))) if r.group("m") else (month, int(r.group("dd")))
        d = _ymd(y, mo, day) if mo is not None and day > 0 else None
        return (d, d, False, explicit) if d else None
    return (sp[0], sp[1], False, explicit) if sp else None


@cache
def _rel_years() -> tuple[tuple[str, int], ...]:
    """Relative year words (今年, 去年 …) with their offsets, longest first."""
    items = _words()["relative_years"].items()
    return tuple(sorted(items, key=lambda kv: -len(kv[0])))


@cache
def _recent_re() -> re.Pattern[str]:
    return re.compile(_words()["recent_years"])


@cache
def _rel_year_re() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w, _ in _rel_years()))


@cache
def _affix_re(key: str, prefix: bool) -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in sorted(_words()[key], key=len, reverse=True))
    return re.compile(rf"^(?:{alts})(?=.)" if prefix else rf"(?<=.)(?:{alts})$", re.S)


def _inherit_unit(left: str, right: str) -> str:
    """``1`` + ``9月`` → ``1月``; ``2016`` + ``2020年`` → ``2016年``; ``10月20`` + ``22日`` → ``10月20日``."""
    t = _TRAIL_DIGITS.search(left)
    if not t:
        return left
    want_year = len(t.group()) == 4
    for u in _UNIT_AFTER.finditer(right):
        if (len(u.group(1)) == 4) == want_year:
            unit = u.group(2)
            return left + ("季度" if unit == "个季度" else unit)
    return left


def _core(s: str, year: int | None, month: int | None = None) -> _Part | None:
    """A single expression or a range/list of them (``month``: context for a bare day)."""
    one = _single(s, year, month)
    if one is not None:
        return one
    for sep in _SEPS.finditer(s):
        left, right = s[: sep.start()], s[sep.end():]
        if not left or not right:
            continue
        left = _inherit_unit(left, right)
        a = _single(left, year, None)
        if a is None:
            continue
        if right in _words()["month_parts"] and right not in ("", "份"):  # 9月上旬至中旬
            right = f"{a[1].month}月{right}"
        b = _core(right, a[3] if a[3] is not None else year, a[1].month)
        if b is None:
            continue
        if a[3] is None and b[3] is not None:  # 1月至2020年10月: the right side's year rules
            a = _single(left, b[3], None)
            if a is None:
                continue
        if a[0] <= b[1]:
            return (a[0], b[1], a[2] or b[2], a[3] if a[3] is not None else b[3])
    return None


def _strip_any(s: str, key: str, *, prefix: bool) -> tuple[str, bool]:
    """Remove one word of the ``date_words.json`` list ``key`` from the start (or end) of ``s``."""
    m = _affix_re(key, prefix).search(s)
    if m is None:
        return s, False
    return (s[m.end():] if prefix else s[: m.start()]), True


@cache
def _year_spans() -> dict[str, list[int]]:
    """``relative_year_spans`` keyed as :func:`_parse` sees them (numerals already digits: 今明2年)."""
    return {_CN_RUN.sub(_cn_sub, k): v for k, v in _words()["relative_year_spans"].items()}


@lru_cache(maxsize=8192)
def _parse(
    text: str, year: int | None, period_start: date | None, period_end: date | None, cumulative: bool, baseline: bool
) -> DateRange | None:
    s = _normalize(text)
    if not s or len(s) > _MAX_LEN:
        return None
    w = _words()
    if year is None:
        ref = period_end or period_start
        year = ref.year if ref else None
    s = _rewrite(s, period_end)
    plan = _plan(s)
    if plan is not None:
        kind, start, end, base = plan
        if kind == "since":  # “十三五”以来: from the plan's first day to the period end
            if period_end is None or period_end < start:
                return None
            return DateRange(start, period_end, cumulative=True, baseline=baseline)
        if kind == "by":  # 到“十四五”末: a deadline
            return DateRange(_from(period_start, end, start), end, deadline=True, baseline=baseline)
        return DateRange(start, end, baseline=baseline or base)
    s = _CN_RUN.sub(_cn_sub, s)
    recent = _recent_re().fullmatch(s)
    if recent:  # 近三年, 三年来: the N years ending with the reference year
        n = int(recent.group("n") or recent.group("n2"))
        if year is None or not 1 <= n <= year - 1:
            return None
        return DateRange(date(year - n + 1, 1, 1), date(year, 12, 31), baseline=baseline, approx=True)
    s, p = _strip_any(s, "cumulative_prefixes", prefix=True)
    cumulative |= p
    deadline = since = False
    if s.startswith("到") and s.endswith("为止") and len(s) > 3:
        s, cumulative = s[1:-2], True
    else:
        s, p = _strip_any(s, "cumulative_suffixes", prefix=False)
        cumulative |= p
        if s.startswith("到") and len(s) > 1:  # 到2022年: "by 2022"
            s, deadline = s[1:], True
    s, since = _strip_any(s, "since_suffixes", prefix=False)
    s, _ = _strip_any(s, "drop_prefixes", prefix=True)
    if s not in w["yoy_words"]:
        s, p = _strip_any(s, "baseline_prefixes", prefix=True)
        baseline |= p
        s, p = _strip_any(s, "baseline_suffixes", prefix=False)
        baseline |= p
    s, _ = _strip_any(s, "drop_suffixes", prefix=False)
    if s in w["yoy_words"]:
        return _yoy(year, period_start, period_end)
    if s.endswith("同期") and len(s) > 2:  # 2019年同期 / 去年同期 handled above
        s, baseline = s[:-2], True
        same = _HEAD.fullmatch(s)
        if same and period_end is not None:  # 2019年同期: the reporting period, in 2019
            return _in_year(int(same.group("y")), period_start, period_end)
    if s in w["now_words"]:  # 目前: up to the period end
        if period_end is None:
            return None
        return DateRange(_from(period_start, period_end), period_end, cumulative=True, baseline=baseline)
    if s in w["near_words"]:  # 近期: about the period end
        return None if period_end is None else DateRange(period_end, period_end, approx=True)
    if s in _year_spans() and year is not None:  # 今明两年 = this year and the next
        a, b = _year_spans()[s]
        return DateRange(date(year + a, 1, 1), date(year + b, 12, 31), deadline=deadline, baseline=baseline)
    part = _core(s, year)
    if part is None:
        stripped, deadline_suffix = _strip_any(s, "deadline_suffixes", prefix=False)
        if deadline_suffix:
            part = _core(stripped, year)
            deadline = part is not None
            if deadline and stripped.endswith(tuple(w["before_start"])):  # 汛期前: before the season starts
                part = (part[0], part[0] - timedelta(days=1), *part[2:])
    if part is None:
        return None
    start, end, approx, _ = part
    if since:
        if period_end is None or period_end < start:
            return None
        return DateRange(start, period_end, cumulative=True, baseline=baseline, approx=approx)
    if cumulative or deadline:
        start = _from(period_start, end, start)
    return DateRange(start, end, cumulative=cumulative, deadline=deadline, baseline=baseline, approx=approx)


def _from(period_start: date | None, end: date, start: date | None = None) -> date:
    """Start of a cumulative or deadline interval: the period start, else Jan 1 of the end's year."""
    if period_start and period_start <= end:
        return period_start
    jan1 = date(end.year, 1, 1)
    return min(start, jan1) if start else jan1


def _yoy(year: int | None, period_start: date | None, period_end: date | None) -> DateRange | None:
    """同比: the reporting period (else the reference year) one year back; a period given by its
    end alone starts on Jan 1 of that year (上年同期 of a Jan-Sep report is Jan-Sep last year)."""
    if period_end and not period_start:
        period_start = date(period_end.year, 1, 1)
    if period_start and period_end and period_start <= period_end:
        return same_period_last_year(DateRange(period_start, period_end))
    if year is not None and 2 <= year <= 9999:
        return same_period_last_year(DateRange(date(year, 1, 1), date(year, 12, 31)))
    return None
