"""A number with its unit (``"8531万立方米"``) -> :class:`Quantity`.

``value`` is in ``unit`` with every scale word applied (``8531万立方米`` ->
8.531e7 m3, ``280.0万元/人`` -> 2.8e6 yuan/person); ``factor`` converts to the
dimension's base unit (``base_value``). Conventions:

* a bare number is a quantity without unit (``unit=None``); a percentage
  (``30%``, ``百分之三十``) has unit ``"%"``; a year (``2020年``) is a date: None;
* a bound word after the unit (以上 以下 以内 及以上 之内) sets ``rel``
  (GE / LE) and is not part of the unit; ``左右`` / ``上下`` set ``approx``.
  Other relation phrases (不低于, 控制在…) are not part of a quantity: None;
* a count classifier followed by its noun (``14个项目``) keeps the classifier
  as the unit and the noun in ``noun``; a Chinese numeral + classifier directly
  followed by a name head of data/num_stop.json (``四十人论坛``, ``八项规定``,
  ``千人计划``) is part of a name: None;
* ``人民币5000元`` is 5000 yuan, ``零下5℃`` is -5 ℃, ``50万元(含)以上`` is GE 50万元;
  ``半小时`` / ``半个百分点`` are 0.5 of the unit, ``两个半月`` 2.5 months, ``3个多月``
  more than 3 months (approx, GT); a range may repeat its unit (``100万元-500万元``).

Most spans are an Arabic or Chinese number followed by a unit alias: that split
is found once, from the longest alias the text ends with; everything else goes
through the general search (number prefix, then unit or classifier).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from types import SimpleNamespace
from typing import Optional

from ..errors import InputError
from ._helpers import check_text, load_json, make_frozen, prep
from ._numerals import lexicon as _lex
from .numbers import BOUND_ENDS, Number, count_numeral, parse_number
from .units import Unit, base_unit, parse_unit, unit_registry

__all__ = ["Quantity", "parse_quantity"]


@dataclass(frozen=True)
class Quantity:
    """A quantity: ``value`` (and ``low``/``high`` for a range) in ``unit``."""

    value: float
    unit: Optional[str]
    dimension: Optional[str]
    approx: bool = False
    low: Optional[float] = None
    high: Optional[float] = None
    rel: Optional[str] = None
    factor: float = 1.0
    scale: float = 1.0
    raw_unit: Optional[str] = None
    noun: Optional[str] = None

    @property
    def base_unit(self) -> Optional[str]:
        """Id of the base unit of the dimension (``km`` -> ``m``)."""
        return None if self.dimension is None else base_unit(self.dimension)

    @property
    def base_value(self) -> float:
        """``value`` in the base unit of the dimension."""
        return self.value * self.factor

    def to(self, unit: str) -> "Quantity":
        """The same quantity in another unit of its dimension (an id or a unit text)."""
        reg = unit_registry()
        target = reg.get(unit)
        u = Unit(target.id, target.dimension, target.factor) if target else parse_unit(unit)
        if u is None or u.dimension != self.dimension:
            raise InputError(f"Quantity.to: cannot convert {self.unit!r} ({self.dimension}) to {unit!r}"
                             f" ({u.dimension if u else 'unknown unit'})")
        k = self.factor / (u.factor * u.scale)
        conv = (lambda x: None if x is None else x * k)
        return replace(self, value=self.value * k, low=conv(self.low), high=conv(self.high),
                       unit=u.id, factor=u.factor, raw_unit=u.text or u.id)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str], frozenset[str]]:
    lx = _lex()
    num = re.sub(r"\(\?P<\w+>", "(?:", lx.num_re.pattern)
    seps = lx.range_re.pattern
    head = re.compile(rf"(?:{num})(?:{seps}(?:{num}))?")
    bounds = load_json("num_lexicon.json")["bounds"]
    alt = "|".join(sorted(list(bounds) + list(lx.raw["tails"]), key=len, reverse=True))
    tail = re.compile(rf"(?:{alt})$")
    return head, tail, bounds, frozenset(lx.units)


@cache
def _unit_tables() -> SimpleNamespace:
    """Aliases for the one-split fast path, keyed by the text the span ends with."""
    lx, reg = _lex(), unit_registry()
    # characters the number grammar could still take: an alias starting with one (千米 after
    # 5, % after 30) is left to the general search, which knows how to share them
    grammar = set(lx.cn_chars + "点%‰" + "".join(lx.raw["suffixes"]) + "".join(lx.raw["range_separators"]))
    grammar |= {t[0] for t in lx.raw["tails"]}
    suffix = {k: None if k[0] in grammar else Unit(u.id, u.dimension, u.factor, 1.0, k)
              for k, u in reg.aliases.items()}
    longest: dict[str, int] = {}  # last character -> length of the longest alias ending with it
    for k in suffix:
        longest[k[-1]] = max(longest.get(k[-1], 0), len(k))
    count = {k: Unit(u.id, u.dimension, u.factor, 1.0, k) for k, u in reg.aliases.items() if u.dimension == "count"}
    tails = tuple(load_json("num_lexicon.json")["bounds"]) + tuple(lx.raw["tails"])
    return SimpleNamespace(suffix=suffix, longest=longest, count=count, tails=tails,
                           name_heads=tuple(load_json("num_stop.json")["name_heads"]["heads"]),
                           plan_time_words=tuple(load_json("num_stop.json")["plan_time_words"]["words"]),
                           names=tuple(load_json("num_stop.json")["numeral_names"]["names"]))


def _year_like(num: Number) -> bool:
    """2020年, 2020-2025年: calendar years (a range is judged by its ends: its midpoint may be 2022.5)."""
    ends = (num.value,) if num.low is None else (num.low, num.high)
    return not num.approx and all(v is None or (1000 <= v <= 2999 and v == int(v)) for v in ends)


_NOUN = re.compile(r"[\u4e00-\u9fff]{1,8}")
# a calendar date is no quantity (2020-12-31, 2020/12/31, 2021年3月, 10月20日): refused at once
DATE_SHAPE = re.compile(r"\d{4}([-/])\d{1,2}\1\d{1,2}|\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日")
_RELWORD = re.compile("以上|以下|以内|之内|左右|上下|不低于|不少于|不超过|低于|高于")
_DIGIT = re.compile("[0-9]")
_DIGITS = frozenset("0123456789")


def _classifier(rest: str) -> tuple[Unit, str] | None:
    """``个项目`` -> (unit 个, noun 项目) for count classifiers."""
    count = _unit_tables().count
    for n in range(min(len(rest) - 1, 4), 0, -1):
        word = rest[:n]
        if word.isascii() or not unicodedata.is_normalized("NFKC", word) or word[0] in "单([【":
            u = parse_unit(word)  # ids, case, compatibility forms, wrappers: the full parser
        else:
            u = count.get(word)  # otherwise only a registered alias can be a classifier
        if u and u.dimension == "count" and u.scale == 1:
            noun = rest[n:]
            if _NOUN.fullmatch(noun) and not _RELWORD.search(noun):
                return u, noun
    return None


def _is_name(numeral: str, noun: str) -> bool:
    """四十人论坛, 八项规定: a Chinese numeral + classifier + name head names something."""
    return noun.startswith(_unit_tables().name_heads) and _DIGIT.search(numeral) is None


def _build(num: Number, unit: Unit | None, raw: str | None, rel: str | None,
           approx: bool, noun: str | None = None) -> Quantity:
    if unit is None and num.percent:
        reg = unit_registry()["%"]
        unit, raw = Unit(reg.id, reg.dimension, reg.factor, 1.0, "%"), raw or "%"
    k = unit.scale if unit else 1.0
    return make_frozen(Quantity, {
        "value": num.value * k, "unit": unit.id if unit else None,
        "dimension": unit.dimension if unit else None, "approx": num.approx or approx,
        "low": None if num.low is None else num.low * k, "high": None if num.high is None else num.high * k,
        "rel": num.rel or rel, "factor": unit.factor if unit else 1.0, "scale": num.scale * k,
        "raw_unit": raw, "noun": noun})


_MISS = object()


def _half(rest: str) -> Quantity | None:
    """半小时, 半天, 半个月: half of a time unit; None for anything else (半数 is parse_number's)."""
    unit = _unit_tables().suffix.get(rest)
    if unit is None or unit.dimension not in ("time", "workday", "percentage_point"):
        return None
    return _build(parse_number("0.5"), unit, unit.text, None, False)


@lru_cache(maxsize=16384)
def _parse(text: str) -> Quantity | None:
    s = prep(text)
    if not s or len(s) > 160:
        return None
    if "(含)" in s:  # 50万元(含)以上: the bound word still says GE
        s = s.replace("(含)", "")
        if not s:
            return None
    c = s[0]
    if c in "半人零¥" and len(s) > 1:
        q = _prefixed(s)
        if q is not None:
            return q
    lx = _lex()
    if c not in lx.start or (c in _DIGITS and DATE_SHAPE.fullmatch(s)):
        return None  # a quantity starts with its number; 2020年3月 is a date
    if s.startswith(_unit_tables().names):
        return None  # 七台河, 五家渠: a place named with a numeral and a classifier
    if "多" in s or "半" in s or s.endswith("余"):  # 3个多月, 一个半小时, 1年多, 一年余, 一年半, 2倍多
        m = _TIME_MORE.fullmatch(s) or _TIME_TAIL.fullmatch(s)
        q = _time_more(m) if m else None
        if q is not None:
            return q
    if s[-1] in lx.end or s.endswith(BOUND_ENDS):
        whole = parse_number(s)
        if whole is not None:
            return _build(whole, None, None, None, False)
    ut = _unit_tables()
    for n in range(min(len(s) - 1, ut.longest.get(s[-1], 0)), 0, -1):  # number + unit alias, split once
        unit = ut.suffix.get(s[-n:], _MISS)
        if unit is _MISS:
            continue
        head = s[:-n]
        if unit is not None and "/" not in head and "分之" not in head:
            num = parse_number(head)
            if num is not None and not num.percent:
                if unit.id == "year" and unit.text.startswith("年") and _year_like(num):
                    return None  # 2020年 is a DATE, not 2020 years
                return _build(num, unit, unit.text, None, False)
        break
    if unit_registry().first_chars.isdisjoint(s[1:]) and not s.endswith(ut.tails) and \
            (s.isascii() or unicodedata.is_normalized("NFKC", s)):
        return None  # nothing after the first character can start a unit, and no bound word ends it
    q = _search(s)
    if q is None and not _lex().range_chars.isdisjoint(s):
        return _both_ends(s)
    return q


def _prefixed(s: str) -> Quantity | None:
    """半小时 (half a unit), 人民币5000元 / ¥5000 (money), 零下5℃ (-5 ℃); None otherwise."""
    if s[0] == "半":
        return _half(s[1:])
    if s.startswith("人民币") and len(s) > 3:
        q = _parse(s[3:])
        return q if q is not None and q.dimension == "money" else None
    if s[0] == "¥":  # ¥1,234.56, ￥12.5万: yuan, as spreadsheets write it
        q = _parse(s[1:] if s[-1] == "元" else s[1:] + "元")
        return q if q is not None and q.dimension == "money" else None
    if s.startswith("零下") and len(s) > 2:
        q = _parse("-" + s[2:])
        return q if q is not None and q.dimension == "temperature" else None
    return None
_TIME_MORE = re.compile(r"(?P<num>[^个]+?)(?P<ge>个)?(?P<x>[多半])(?P<unit>[^多半]+)")
_TIME_TAIL = re.compile(r"(?P<num>.+?)(?P<unit>年|天|周|小时|个月|个小时|倍)(?P<x>[多半余])")


def _time_more(m: re.Match[str]) -> Quantity | None:
    """多/半 between a number and a time unit: 3个多月 = more than 3 months, 两个半月 = 2.5 months;
    after it too (1年多, 一年半), and after 倍 (2倍多, 2倍余: more than twice; 两倍半 = 2.5 times)."""
    ut = _unit_tables()
    unit = ut.suffix.get((m.groupdict().get("ge") or "") + m.group("unit")) or ut.suffix.get(m.group("unit"))
    if unit is None or unit.dimension not in ("time", "workday") and unit.id != "fold":
        return None  # 2倍多 = more than twice, like 1年多
    if m.group("x") in "多余":
        num = parse_number(m.group("num") + "多")
        if num is None or (unit.id == "year" and _year_like(num)):
            return None
        return _build(num, unit, unit.text, None, False)
    num = parse_number(m.group("num"))
    if num is None or num.low is not None or num.approx or num.percent or num.value != int(num.value):
        return None
    return _build(parse_number(str(int(num.value)) + ".5"), unit, unit.text, None, False)


def _both_ends(s: str) -> Quantity | None:
    """A range with its unit on both ends (100万元-500万元, 5天至10天) read as 100万-500万元."""
    for sep in _lex().raw["range_separators"]:
        left, found, right = s.partition(sep)
        if not found or not left or not right:
            continue
        ql, qr = _parse(left), _parse(right)
        if ql is None or qr is None or not ql.raw_unit or ql.raw_unit != qr.raw_unit or ql.low is not None:
            continue
        q = _parse(left[: -len(ql.raw_unit)] + sep + right)
        if q is not None and q.unit == qr.unit and q.low is not None:
            return q
    return None


def _search(s: str) -> Quantity | None:
    """The general split: the longest number prefix, then a unit or a classifier with its noun."""
    head, tail, bounds, scale_chars = _patterns()
    may_start = unit_registry().may_start
    rel, approx = None, False
    t = tail.search(s)
    if t and t.start() > 0:
        word = t.group()
        rel, approx = bounds.get(word) or _lex().raw["tails"][word], word not in bounds
        s = s[: t.start()]
    m = head.match(s)
    if not m:
        return None
    cut = m.end()
    unit_w = s[cut - 1:]
    # 5千米 is 5 km, not 5000 m (a unit of scale 1 starting with a scale character; unless
    # compound, it starts with an alias, not with a scale word)
    if cut > 1 and s[cut - 1] in scale_chars and (may_start(unit_w, True) or "/" in unit_w or "每" in unit_w):
        unit = parse_unit(unit_w)
        if unit is not None and unit.scale == 1:
            num = parse_number(s[: cut - 1])
            if num is not None and not num.percent:
                return _build(num, unit, unit_w, rel, approx)
    while cut > 0:
        rest = s[cut:]
        num = parse_number(s[:cut]) if not rest or may_start(rest) else None
        if num is None and rest and (plan := count_numeral(s[:cut])) is not None:
            if rest.startswith(_unit_tables().plan_time_words):
                return None  # 十四五期间: the plan's period
            unit = parse_unit(rest)  # 十四五个, 十四五人: a count; 十四五 alone is the plan
            if unit is not None and unit.dimension == "count":
                return _build(plan, unit, rest, rel, approx)
            cls = _classifier(rest)
            return None if cls is None else _build(plan, cls[0], cls[0].text, rel, approx, cls[1])
        if num is not None:
            if not rest:
                return _build(num, None, None, rel, approx)
            unit = parse_unit(rest)
            if unit is not None and unit.id == "year" and unit.text.startswith("年") and _year_like(num):
                return None  # 2020年 is a DATE, not 2020 years
            if unit is not None and not num.percent:
                return _build(num, unit, rest, rel, approx)
            cls = None if num.percent else _classifier(rest)
            if cls is not None:
                return None if _is_name(s[:cut], cls[1]) else _build(num, cls[0], cls[0].text, rel, approx, cls[1])
        if s[cut - 1] not in scale_chars:
            return None
        cut -= 1  # 5万千瓦: give a scale character back to the unit
    return None


def parse_quantity(text: Optional[str]) -> Optional[Quantity]:
    """Parse a number with its unit (``"8531万立方米"``, ``"5.1吨/平方公里·月"``); None if not one.

    >>> q = parse_quantity("8531万立方米"); (q.value, q.unit, q.dimension)
    (85310000.0, 'm3', 'volume')
    """
    if text.__class__ is not str:
        text = check_text(text, "parse_quantity")
        if text is None:
            return None
    q = _parse(text)
    if q is not None and q.raw_unit == "%" and ("‰" in text or "千分之" in text):
        return replace(q, raw_unit="‰")  # a per-mille quantity keeps its value in percent (5‰ -> 0.5 %)
    return q



def _permille(text: str, q: Quantity | None) -> Quantity | None:
    """What parse_quantity does after _parse (inlined there): a per-mille quantity keeps its value
    in percent (5‰ -> 0.5 %) and ``‰`` as ``raw_unit``."""
    if q is not None and q.raw_unit == "%" and ("‰" in text or "千分之" in text):
        return replace(q, raw_unit="‰")
    return q
