"""Text preparation for :mod:`govie.normalize.dates`: the word lists, Chinese numerals to
digits, quotes and dashes, and relative months/quarters rewritten against the period end."""
from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

_DATA = Path(__file__).with_name("data")


@cache
def _words() -> dict[str, Any]:
    return json.loads((_DATA / "date_words.json").read_text(encoding="utf-8"))


@cache
def _lunar(table: str) -> dict[int, tuple[int, int]]:
    """year -> (month, day) of a lunar festival (``date_lunar.json``: spring_festival, mid_autumn, …)."""
    raw = json.loads((_DATA / "date_lunar.json").read_text(encoding="utf-8"))[table]
    return {int(y): (int(md[:2]), int(md[3:])) for y, md in raw.items()}


_CN = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_RUN = re.compile(
    r"[〇○零一二两三四五六七八九十]+(?=(?:[、至到~\-][〇○零一二两三四五六七八九十]+)*(?:年|月|日|号|季|个月|个季度))"
)
_QUOTES = str.maketrans("", "", "“”\"‘’'「」")
_DASHES = str.maketrans({"—": "-", "–": "-", "−": "-", "－": "-", "～": "~", "〜": "~", "○": "〇"})
_EDGE_PUNCT = "，。、；：:;,.!！?？（）()《》【】[]<>…"

def _cn_sub(m: re.Match[str]) -> str:
    """二〇二〇 → 2020 (digit by digit), 十二 → 12, 三十一 → 31; anything else stays."""
    run = m.group()
    if "十" not in run:
        return "".join(str(_CN[c]) for c in run)
    tens, _, ones = run.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return run
    return str((_CN[tens] if tens else 1) * 10 + (_CN[ones] if ones else 0))


def _normalize(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES)
    s = "".join(s.split())
    s = s.replace("元月", "1月").replace("上一年", "上年").replace("下一年", "下年").replace("上一个月", "上个月")  # 元月: January; 上一年 before 一年 -> 1年
    s = _LATIN_O.sub("〇", s)  # 二O二三年: a Latin O typed for 〇 between Chinese digits
    return s.strip(_EDGE_PUNCT)


_LATIN_O = re.compile(r"(?<=[一二三四五六七八九〇○零])[Oo](?=[一二三四五六七八九〇○零Oo])|(?<=[一二三四五六七八九〇○零][Oo])[Oo]")


_REL_MONTH = re.compile(r"(?:去|上)年同月|本月|(?<!月)当月|上一?个?月|下一?个?月")
_REL_QUARTER = re.compile(r"本季度?|当季度?|上一?个?季度?|下一?个?季度?")
_HEATING = re.compile(r"(\d{4})[-~至到](\d{4})年?(采暖季|供暖季|采暖期|供暖期|秋冬季)")
_DAYPART = r"(?:上午|下午|中午|晚上|晚间|夜间|凌晨|早上|早晨|傍晚|晚)"
_CLOCK = re.compile(rf"(?<=[日号])(?:{_DAYPART}(?:\d{{1,2}}(?:时|点)(?:\d{{1,2}}分)?)?|\d{{1,2}}(?:时|点)(?:\d{{1,2}}分)?)(?=$|[至到~-])")
_CLOCK_TAIL = re.compile(r"(?<=[日号])[至到~-]\d{1,2}(?:时|点)(?:\d{1,2}分)?$")  # 9月22日0时至24时: that day
_QUARTER_Q = re.compile(r"Q([1-4])")


def _rewrite(s: str, period_end: date | None) -> str:
    """Relative months and quarters as explicit ones (上月底 -> 2020年9月底, needs ``period_end``),
    2020-2021年采暖季 as the season that starts in 2020, and no clock time or part of the day after a day (10月20日24时, 10月20日上午9时)."""
    s = _QUARTER_Q.sub(r"\1季度", _CLOCK_TAIL.sub("", _CLOCK.sub("", s)))  # 2021年Q3 = 2021年3季度
    h = _HEATING.search(s)
    if h and int(h.group(2)) == int(h.group(1)) + 1:
        s = s[: h.start()] + f"{h.group(1)}年{h.group(3)}" + s[h.end():]
    if period_end is None:
        return s
    w = _words()

    def month(m: re.Match[str]) -> str:
        shift = w["relative_months"].get(m.group())
        if shift is None:
            return m.group()
        y, mo = divmod(period_end.year * 12 + period_end.month - 1 + shift, 12)
        return f"{y}年{mo + 1}月"

    def quarter(m: re.Match[str]) -> str:
        shift = w["relative_quarters"].get(m.group())
        if shift is None:
            return m.group()
        y, q = divmod(period_end.year * 4 + (period_end.month - 1) // 3 + shift, 4)
        return f"{y}年{q + 1}季度"

    return _REL_MONTH.sub(month, _REL_QUARTER.sub(quarter, s))


_PLAN = re.compile(r"十([一二三四五六七八九])五(?:(?P<end>期末|末期|末)|(?P<first>开局之年|开局年|首年)|(?P<last>收官之年|收官年)"
                   r"|时期|期间|规划期|规划)?(?P<since>(?:开局)?(?:以来|至今))?")


def _plan(s: str) -> tuple[str, date, date, bool] | None:
    """A five-year plan: (kind, start, end, baseline) with kind "span" (“十三五”时期, 末 = its last day,
    开局之年/收官之年 = its first/last year), "since" (“十三五”以来) or "by" (到“十四五”末); 比“十三五”末 is a baseline."""
    base = by = False
    plan = _PLAN.fullmatch(s)
    if plan is None and s[:1] in "比较与同和":  # 比“十三五”末: a plan's end as the baseline
        plan = _PLAN.fullmatch(s[1:])
        base = plan is not None and plan.group("since") is None
    elif plan is None and s[:1] == "到":
        plan, by = _PLAN.fullmatch(s[1:]), True
    if plan is None:
        return None
    y = 1966 + 5 * (_CN[plan.group(1)] + 10 - 3)
    first, last = date(y, 1, 1), date(y + 4, 12, 31)
    if plan.group("since"):
        return None if plan.group("end") or by else ("since", first, last, base)
    if plan.group("first"):
        last = date(y, 12, 31)
    elif plan.group("last"):
        first = date(y + 4, 1, 1)
    elif plan.group("end"):
        first = last
    return ("by" if by else "span", first, last, base)
