"""The reporting period a report's title names.

>>> infer_period("2020市政府绩效任务1-10月进展情况")
(datetime.date(2020, 1, 1), datetime.date(2020, 10, 31))
>>> infer_period("2017年上半年市政府绩效任务进展情况汇总表")
(datetime.date(2017, 1, 1), datetime.date(2017, 6, 30))
>>> infer_period("西城区 2019 年度绩效管理工作报告")
(datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
              "十一": 11, "十二": 12}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)(?:年度|年)?")
_MONTH = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"
_RANGE = re.compile(_MONTH + r"月?(?:份)?\s*(?:-|~|—|–|至|到)\s*" + _MONTH + r"月")
_UPTO = re.compile(r"(?:截至|截止|截止到|截至到)\s*" + _MONTH + r"月(?:(\d{1,2})日)?")
_QUARTERS = re.compile(r"前([一二三])(?:个)?季度|第?([一二三四1-4])季度")
_ONE_MONTH = re.compile(r"(?<![\d-])" + _MONTH + r"月(?:份)?")


def infer_period(title: str) -> tuple[date, date] | None:
    """``(first day, last day)`` of the period a title names, or ``None`` without a year.

    The first year in the title counts. Periods: month ranges (``1-10月``,
    ``1至9月``), ``截至N月(M日)``, ``上半年``/``下半年``, ``前三季度``, ``一季度`` …
    ``四季度``, a single month (``10月份``); otherwise (``全年``, ``年度``, a
    bare year) the whole year.
    """
    s = unicodedata.normalize("NFKC", title or "")
    s = re.sub(r"\s+", "", s)
    m = _YEAR.search(s)
    if not m:
        return None
    year = int(m.group(1))
    rest = s[m.end():] + " " + s[: m.start()]
    if "上半年" in rest:
        return date(year, 1, 1), date(year, 6, 30)
    if "下半年" in rest:
        return date(year, 7, 1), date(year, 12, 31)
    r = _RANGE.search(rest)
    if r:
        a, b = _month(r.group(1)), _month(r.group(2))
        if a and b and a <= b:
            return date(year, a, 1), _month_end(year, b)
    u = _UPTO.search(rest)
    if u and _month(u.group(1)):
        end = _month_end(year, _month(u.group(1)))  # type: ignore[arg-type]
        if u.group(2) and 1 <= int(u.group(2)) <= end.day:
            end = end.replace(day=int(u.group(2)))
        return date(year, 1, 1), end
    q = _QUARTERS.search(rest)
    if q:
        if q.group(1):  # 前N季度: cumulative
            return date(year, 1, 1), _month_end(year, 3 * _CN_DIGITS[q.group(1)])
        n = _CN_DIGITS.get(q.group(2)) or int(q.group(2))
        return date(year, 3 * n - 2, 1), _month_end(year, 3 * n)
    if "全年" not in rest and "年度" not in s:
        one = _ONE_MONTH.search(rest)
        if one and _month(one.group(1)):
            mo = _month(one.group(1))
            return date(year, mo, 1), _month_end(year, mo)  # type: ignore[arg-type]
    return date(year, 1, 1), date(year, 12, 31)


def _month(tok: str) -> int | None:
    n = int(tok) if tok.isdigit() else _CN_DIGITS.get(tok)
    return n if n and 1 <= n <= 12 else None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
