"""Numbers as government reports write them -> :class:`Number`.

``parse_number`` takes the text of one QTY span and returns its value, or None
when the whole text is not a number. Conventions (the project's choices):

* Percentages keep percent units: ``30%`` and ``百分之三十`` give ``value=30.0,
  percent=True``; ``‰`` / ``千分之`` are turned into percent (``5‰`` -> 0.5).
* Scale words multiply the value (``1.4万`` -> 14000, ``413.84亿``); ``scale``
  records the multiplier of the scale word(s) that follow the mantissa.
* Attached approximators set ``approx`` and ``rel``, the REL kind the wording
  implies: 余 多 逾 超 上(千) -> GT, 近 将近 接近 -> LT, 约 左右 上下 来 许 -> APPROX;
  a leading ``≥ ≤ > <`` sets ``rel`` without ``approx``.
* Ranges (``10-15``, ``3至5万``, ``五六``) give ``low``/``high`` and
  ``value`` = their midpoint. A scale word or ``%`` written only on the right
  end also applies to the left end when the left end is not larger.
* ``三十多万亿`` reads as (30多) x 万亿; ``三十万多亿`` and other scale words
  split by an approximator in the middle are not numbers (None).
* ``数十``, ``几百`` (vague quantifiers) are not numbers (None); a lone scale
  word needs an approximator (``万`` -> None, ``近万`` -> 10000) but two make a
  numeral (``百万`` -> 1e6).
* Texts longer than 120 characters are never one number (None).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from types import SimpleNamespace
from typing import Optional

from ..errors import InputError
from ._helpers import check_text, halfwidth, load_json, squeeze

__all__ = ["Number", "parse_number", "to_chinese", "number_pattern"]

MAX_LEN = 120
ARABIC = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?(?![0-9])"


@dataclass(frozen=True)
class Number:
    """A parsed number. ``value`` is in percent units when ``percent`` is set."""

    value: float
    approx: bool = False
    low: Optional[float] = None
    high: Optional[float] = None
    percent: bool = False
    rel: Optional[str] = None
    scale: float = 1.0


def _alt(words: list[str] | dict) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _lex() -> SimpleNamespace:
    raw = load_json("num_lexicon.json")
    digits, small, big = raw["digits"], raw["small_units"], raw["big_units"]
    dg, units = "".join(digits), "".join(small) + "".join(big)
    body = rf"(?:{ARABIC}|[{dg}{units}]|点(?=[{dg}]))+"
    num = (rf"(?P<pre>{_alt(raw['prefixes'])})?(?P<sign>[-+负])?(?P<body>{body})"
           rf"(?P<app>[{''.join(raw['suffixes'])}])?(?P<scale>[{units}]+)?(?P<app2>[余多])?"
           rf"(?P<pct>[%‰])?(?P<tail>{_alt(raw['tails'])})?")
    frac = (rf"(?P<pre>{_alt(raw['prefixes'])})?(?P<sign>[-负])?(?P<den>{body})分之(?P<num>{body})"
            rf"(?P<app>[余多])?(?P<tail>{_alt(raw['tails'])})?")
    return SimpleNamespace(
        digits=digits, small=small, big=big, units={**small, **big}, raw=raw,
        body=body, num_re=re.compile(num), frac_re=re.compile(frac),
        tok_re=re.compile(rf"({ARABIC})|点([{dg}]+)|(.)"),
        pair_re=re.compile("|".join(raw["digit_pairs"])),
        tail_units_re=re.compile(rf"[{units}]+$"),
        range_re=re.compile(r"(?:" + _alt(raw["range_separators"]) + r")+"),
        slash_re=re.compile(r"([0-9]+)/([0-9]+)"),
        approx_pre=frozenset(raw["approx_prefixes"]),
    )


def number_pattern() -> str:
    """The regex (no anchors, named groups) of one number, for extractors."""
    return _lex().num_re.pattern


def _eval(body: str) -> Decimal | None:
    """Value of a numeral body mixing Arabic and Chinese digits and units."""
    lx = _lex()
    high = mid = section = Decimal(0)
    number: Decimal | None = None
    from_zero = single = False
    last_small = prev_unit = adj = 0
    for m in lx.tok_re.finditer(body):
        ar, dec, ch = m.groups()
        if ar is not None:
            if number is not None and not from_zero:
                return None
            number, from_zero = Decimal(ar.replace(",", "")), False
            single, adj, prev_unit = len(ar) == 1, prev_unit, 0
        elif dec is not None:
            if number is None:
                if not (section or mid or high):
                    return None
                number = Decimal(0)
            elif number != number.to_integral_value() or "." in str(number):
                return None
            number += Decimal("0." + "".join(str(lx.digits[c]) for c in dec))
            single = from_zero = False
            adj = prev_unit = 0
        elif ch in lx.digits:
            d = lx.digits[ch]
            if number is not None and not from_zero:
                return None
            if d == 0:
                number, from_zero, prev_unit, adj = Decimal(0), True, 0, 0
            else:
                number, from_zero, single = Decimal(d), False, True
                adj, prev_unit = prev_unit, 0
        elif ch in lx.small:
            u = lx.small[ch]
            if number is None:
                if u != 10 or (last_small and last_small <= 10):
                    return None
                number = Decimal(1)
            elif from_zero or (last_small and u >= last_small):
                return None
            section += number * u
            number, last_small, prev_unit, single = None, u, u, False
        elif ch in lx.big:
            b = lx.big[ch]
            if from_zero and number is not None:
                return None
            v = section + (number or 0)
            if b == 10000:
                if not v or mid:
                    return None
                mid = v * b
            else:
                v += mid
                if not v or high:
                    return None
                high, mid = v * b, Decimal(0)
            section, number, last_small, prev_unit, single = Decimal(0), None, 0, b, False
        else:
            return None
    total = high + mid + section
    if number is not None:
        if single and adj >= 100 and not from_zero:
            number = number * adj / 10  # 一万五 = 15000, 三千五 = 3500
        total += number
    return total


def _scale_of(body: str) -> int:
    """Multiplier of the scale words written after the mantissa of *body*."""
    lx = _lex()
    m = lx.tail_units_re.search(body)
    if not m:
        return 1
    run, head = m.group(), body[: m.start()]
    if not re.fullmatch(ARABIC, head):
        run = run.lstrip("".join(lx.small))
    out = 1
    for c in run:
        out *= lx.units[c]
    return out


def _body(body: str) -> tuple[Decimal, Decimal, int, bool] | None:
    """(low, high, scale, vague) of a numeral body; low == high unless a range."""
    lx = _lex()
    if len(body) >= 2 and all(c in lx.digits for c in body):
        if body in lx.raw["digit_pairs"]:
            return Decimal(lx.digits[body[0]]), Decimal(lx.digits[body[1]]), 1, True
        if "两" in body or "兩" in body:
            return None
        v = Decimal("".join(str(lx.digits[c]) for c in body))
        return v, v, 1, False
    if not any(c in lx.digits or c.isdigit() for c in body):
        if body[0] not in lx.raw["lone_ok"]:
            return None  # 百 千 万 alone: only with an approximator (checked by caller)
    m = lx.pair_re.search(body)
    if m:
        lo = _eval(body[: m.start()] + body[m.start()] + body[m.end():])
        hi = _eval(body[: m.start()] + body[m.start() + 1] + body[m.end():])
        if lo is None or hi is None:
            return None
        return lo, hi, _scale_of(body), True
    v = _eval(body)
    return None if v is None else (v, v, _scale_of(body), False)


def _single(s: str) -> Number | None:
    lx = _lex()
    m = lx.num_re.fullmatch(s)
    if m:
        pre, sign, body, app, scale_w, app2, pct, tail = m.group(
            "pre", "sign", "body", "app", "scale", "app2", "pct", "tail")
    else:
        m = lx.frac_re.fullmatch(s)
        if not m:
            return _slash(s)
        return _fraction(m)
    if (scale_w and not app) or (app and app2):
        return None
    if scale_w and any(c in lx.big for c in body):
        return None  # 三十万多亿: a scale word split by the approximator
    lone = not any(c in lx.digits or c.isdigit() for c in body)
    if pre == "上" and not lone:
        return None
    if lone and body[0] not in lx.raw["lone_ok"]:
        if len(body) == 1 and not (pre in lx.approx_pre or app or app2):
            return None  # 万 / 百 alone: only 近万, 万余, 上百 ...
        body = "一" + body
    parsed = _body(body)
    if parsed is None:
        return None
    lo, hi, scale, vague = parsed
    mult = 1
    for c in scale_w or "":
        mult *= lx.units[c]
    if scale_w and not re.fullmatch(r"[千百十拾佰仟]*[万萬亿億]+|[十百千]", scale_w):
        return None
    lo, hi, scale = lo * mult, hi * mult, scale * mult
    percent = pct is not None
    if pct == "‰":
        lo, hi = lo / 10, hi / 10
    if sign in ("-", "负"):
        lo, hi = -hi, -lo
    rel = (lx.raw["prefixes"].get(pre) or lx.raw["suffixes"].get(app or app2 or "")
           or lx.raw["tails"].get(tail or ""))
    approx = bool(pre in lx.approx_pre or app or app2 or tail or vague)
    return _make(lo, hi, approx, percent, rel, scale, vague)


def _make(lo: Decimal, hi: Decimal, approx: bool, percent: bool, rel: str | None,
          scale: float, ranged: bool) -> Number | None:
    flo, fhi = float(lo), float(hi)
    if not (math.isfinite(flo) and math.isfinite(fhi)):
        return None
    if not ranged:
        return Number(flo, approx, None, None, percent, rel, float(scale))
    return Number(float((lo + hi) / 2), approx, flo, fhi, percent, rel, float(scale))


def _fraction(m: re.Match[str]) -> Number | None:
    lx = _lex()
    den_s, num_s = m.group("den"), m.group("num")
    if den_s in lx.units:
        den_s = "一" + den_s
    den, num = _body(den_s), _body(num_s)
    if den is None or num is None or not den[0] or den[0] != den[1]:
        return None
    d = den[0]
    if d == 100:
        lo, hi, percent = num[0], num[1], True
    elif d == 1000:
        lo, hi, percent = num[0] / 10, num[1] / 10, True
    else:
        lo, hi, percent = num[0] / d, num[1] / d, False
    if m.group("sign"):
        lo, hi = -hi, -lo
    pre, app, tail = m.group("pre"), m.group("app"), m.group("tail")
    rel = lx.raw["prefixes"].get(pre) or lx.raw["suffixes"].get(app or "") or lx.raw["tails"].get(tail or "")
    approx = bool(pre in lx.approx_pre or app or tail or num[3])
    return _make(lo, hi, approx, percent, rel, 1, num[3])


def _slash(s: str) -> Number | None:
    m = _lex().slash_re.fullmatch(s)
    if not m or int(m.group(2)) == 0 or len(s) > 20:
        return None
    return Number(int(m.group(1)) / int(m.group(2)))


def _range(s: str) -> Number | None:
    lx = _lex()
    for m in lx.range_re.finditer(s):
        if m.start() == 0 or m.end() == len(s):
            continue
        left, right = _single(s[: m.start()]), _single(s[m.end():])
        if left is None or right is None or left.low is not None or right.low is not None:
            continue
        lo, hi = left.value, right.value
        if left.scale == 1 and right.scale > 1 and abs(lo) <= abs(hi) / right.scale:
            lo *= right.scale
        if lo > hi:
            continue
        return Number((lo + hi) / 2, left.approx or right.approx, lo, hi,
                      left.percent or right.percent, left.rel or right.rel, right.scale)
    return None


@lru_cache(maxsize=16384)
def _parse(text: str) -> Number | None:
    s = squeeze(halfwidth(text)).strip()
    if not s or len(s) > MAX_LEN:
        return None
    try:
        return _single(s) or _range(s)
    except (InvalidOperation, ArithmeticError, ValueError):
        return None


def parse_number(text: str | None) -> Number | None:
    """Parse one number (``"四千余"``, ``"1.4万"``, ``"10%-15%"``); None if *text* is not one.

    >>> parse_number("四千余")
    Number(value=4000.0, approx=True, low=None, high=None, percent=False, rel='GT', scale=1.0)
    """
    text = check_text(text, "parse_number")
    return None if text is None else _parse(text)


_CN = "零一二三四五六七八九"


def _four(n: int) -> str:
    """0 < n < 10000 in Chinese, with 零 for inner gaps (一千零五)."""
    out, gap, started = [], False, False
    for p, u in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // p % 10
        if d == 0:
            gap = gap or started
            continue
        if gap:
            out.append("零")
            gap = False
        out.append(_CN[d] + u)
        started = True
    return "".join(out)


def _inner(n: int) -> str:
    if n < 10000:
        return _four(n)
    base, unit = (10**8, "亿") if n >= 10**8 else (10**4, "万")
    hi, lo = divmod(n, base)
    s = to_chinese(hi) + unit
    if lo:
        s += ("零" if lo < base // 10 else "") + _inner(lo)
    return s


def to_chinese(n: int) -> str:
    """Write an integer in Chinese numerals: 10 -> 十, 10500 -> 一万零五百."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise InputError(f"to_chinese: expected an int, got {type(n).__name__}: {n!r:.40}")
    if n < 0:
        return "负" + to_chinese(-n)
    if n == 0:
        return "零"
    s = _inner(n)
    return s[1:] if s.startswith("一十") else s
