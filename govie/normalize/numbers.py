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
* ``三十多万亿`` reads as (30多) x 万亿 and ``三十万多亿`` / ``一万多亿`` as (30万多) x 亿 /
  (1万多) x 亿: a scale word after the approximator multiplies the whole numeral when
  it is larger than every 万/亿 inside it; otherwise (``十万余千``, ``一万多万``) None.
* Vague quantifiers are approximate ranges: a leading 数/几 stands for 2..9
  (``数十`` -> 20..90, ``几万`` -> 2万..9万), 几 after 十 for 1..9 (``十几`` ->
  11..19, ``二十几万``); a lone 数/几 is not a number. A lone scale word needs
  an approximator (``万`` -> None, ``近万`` -> 10000) but two make a numeral
  (``百万`` -> 1e6).
* Tenths and halves are percentages: ``九成`` -> 90, ``七八成`` -> 70..80,
  ``近两成`` -> 20 (LT); ``一半``/``半数`` -> 50, ``过半`` -> 50 (GT), ``近半`` -> 50 (LT).
* Fractions: ``三分之一``, ``1/3``; ``百分之三十`` and ``百分之百`` are percentages;
  a mixed number ``一又二分之一`` is 1.5 (never a percentage).
* Texts longer than 120 characters are never one number (None).

Speed: an Arabic or Chinese numeral with its affixes (``约1900``, ``1.4万``, ``近千``,
``两万三千``) and a range of two Arabic numbers (``10-15``) are read by one regex
each (_affixed, _ranged) without the general grammar, which they agree with
(tests/test_numbers.py checks both against it); texts that cannot start or end a
number are refused before any regex runs.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Optional

from ..errors import InputError
from ._helpers import check_text, prep
from ._numerals import ARABIC  # noqa: F401  (imported from here by govie.tag.rules_qty)
from ._numerals import lexicon as _lex
from ._numerals import read_body as _body

__all__ = ["Number", "parse_number", "to_chinese", "number_pattern"]

MAX_LEN = 120
_EXP = {None: 0, "万": 4, "萬": 4, "亿": 8, "億": 8, "万亿": 12, "萬億": 12}  # powers of the scale words
_E = {e: f"e{e}" if e else "" for e in range(-1, 25)}  # exponent suffixes for float()
_POW = {e: float(10 ** e) for e in range(25)}
_NEW = object.__new__


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


def _new(value: float, approx: bool = False, low: float | None = None, high: float | None = None,
         percent: bool = False, rel: str | None = None, scale: float = 1.0) -> Number:
    """Number(...) without the frozen __init__ (see _helpers.make_frozen): one per parse."""
    n = _NEW(Number)
    d = n.__dict__
    d["value"], d["approx"], d["low"], d["high"], d["percent"], d["rel"], d["scale"] = \
        value, approx, low, high, percent, rel, scale
    return n


def number_pattern() -> str:
    """The regex (no anchors, named groups) of one number, for extractors."""
    return _lex().num_re.pattern


def _affixed(pre: str | None, sign: str | None, mantissa: str | None, big: str | None, chinese: str | None,
             app: str | None, scale_w: str | None, pct: str | None, tail: str | None) -> Number | None:
    """A number with its approximators, scale words and percent sign. Chinese numerals go to
    _finish; an Arabic mantissa x 10^exp goes through float() once, so it is rounded as the
    general grammar's float(Decimal) is."""
    if chinese is not None:
        return _finish(pre, sign, chinese, app, scale_w, None, pct, tail)
    if (big and scale_w and _EXP[big] >= _EXP[scale_w[0]]) or pre == "上":
        return None  # 1万余万, 上1000: as the general grammar decides (1万余亿 reads)
    exp = _EXP[big] + _EXP[scale_w] if scale_w else _EXP[big]
    value = float(mantissa.replace(",", "") + _E[exp - 1 if pct == "‰" else exp])
    if big and not value:
        return None  # 0万: a scale word needs a non-zero mantissa (as in evaluate)
    if sign == "-":
        value = -value
    if pre is None and app is None and tail is None:
        return _new(value, False, None, None, pct is not None, None, _POW[exp])
    lx = _lex()
    return _new(value, bool(pre in lx.approx_pre or app or tail), None, None, pct is not None,
                lx.rel.get(pre) or lx.rel.get(app) or lx.rel.get(tail), _POW[exp])


def _ranged(a: str, abig: str | None, apct: str | None, b: str | None, bbig: str | None,
            bpct: str | None) -> Number | None:
    """Two Arabic numbers around a range separator (as _range reads them)."""
    if _phone(a + (abig or "") + (apct or ""), b + (bbig or "") + (bpct or "")):
        return None  # 0531-86012345, 86-12345678: a telephone number (as _range reads it)
    ea, eb = _EXP[abig], _EXP[bbig]
    lo = float(a.replace(",", "") + _E[ea - 1 if apct == "‰" else ea])
    hi = float(b.replace(",", "") + _E[eb - 1 if bpct == "‰" else eb])
    if (abig and not lo) or (bbig and not hi):
        return None
    scale = _POW[eb]
    if not ea and eb and abs(lo) <= abs(hi) / scale:
        lo *= scale
    if lo > hi:
        return None
    return _new((lo + hi) / 2, False, lo, hi, bool(apct or bpct), None, scale)


def _single(s: str) -> Number | None:
    m = _lex().affixed_re.fullmatch(s)
    return _affixed(*m.groups()) if m else _general(s)


def _general(s: str) -> Number | None:
    """One number in a shape _affixed does not take (负三, 三点五, 三分之一, 1/3, 十万余千 ...)."""
    lx = _lex()
    if "分之" not in s:
        m = lx.num_re.fullmatch(s)
        if m:
            return _finish(*m.group("pre", "sign", "body", "app", "scale", "app2", "pct", "tail"))
        return _slash(s)
    m = lx.frac_re.fullmatch(s)
    return _fraction(m) if m else None


def _finish(pre: str | None, sign: str | None, body: str, app: str | None, scale_w: str | None,
            app2: str | None, pct: str | None, tail: str | None) -> Number | None:
    """The number for the groups of one match of the number grammar."""
    lx = _lex()
    if (scale_w or app2) and ((app and app2) or (scale_w and (
            not app or not lx.scale_re.fullmatch(scale_w) or not _outer(body, scale_w)))):
        return None  # 十万余千, 一万多万: the scale word after the approximator must be the larger one
    if len(body) == 1:  # 三, 十, 千 (of 近千), 万 (of 近万): (value, scale) from a table
        if body in lx.units:
            if body not in lx.lone_ok and not (pre in lx.approx_pre or app or app2):
                return None  # 万 / 百 alone: only 近万, 万余, 上百 ...
        elif pre == "上":
            return None
        lo, scale = lx.one[body]
        hi, vague = lo, False
    else:
        if not body.strip(lx.unit_chars):  # 百万 (= 一百万); 十万 reads alone
            if body[0] not in lx.lone_ok:
                body = "一" + body
        elif pre == "上":
            return None  # 上 takes a bare unit: 上千, not 上1000
        parsed = _body(body)
        if parsed is None:
            return None
        lo, hi, scale, vague = parsed
    if scale_w:
        mult = 1
        for c in scale_w:
            mult *= lx.units[c]
        lo, hi, scale = lo * mult, hi * mult, scale * mult
    if pct == "‰":
        lo, hi = Decimal(lo) / 10, Decimal(hi) / 10
    if sign == "-" or sign == "负":
        lo, hi = -hi, -lo
    rel, approx = None, vague
    if pre or app or app2 or tail:
        rel = lx.rel.get(pre) or lx.rel.get(app or app2) or lx.rel.get(tail)
        approx = bool(pre in lx.approx_pre or app or app2 or tail or vague)
    if not vague:
        value = float(lo)
        return _new(value, approx, None, None, pct is not None, rel, float(scale)) if math.isfinite(value) else None
    return _make(lo, hi, approx, pct is not None, rel, scale, vague)


def _outer(body: str, scale_w: str) -> bool:
    """Whether ``scale_w`` (after an approximator) multiplies all of ``body``: every
    万/亿 in the body is smaller than the first 万/亿 of the scale word (三十万多亿 = 30万多 x 亿)."""
    lx = _lex()
    inner = [lx.big[c] for c in body if c in lx.big]
    if not inner:
        return True
    outer = [lx.big[c] for c in scale_w if c in lx.big]
    return bool(outer) and max(inner) < outer[0]


def _make(lo: int | Decimal, hi: int | Decimal, approx: bool, percent: bool, rel: str | None,
          scale: float, ranged: bool) -> Number | None:
    flo = float(lo)
    if not ranged:
        return _new(flo, approx, None, None, percent, rel, float(scale)) if math.isfinite(flo) else None
    fhi = float(hi)
    if not (math.isfinite(flo) and math.isfinite(fhi)):
        return None
    mid = (lo + hi) / 2 if lo.__class__ is int and hi.__class__ is int else float((Decimal(lo) + Decimal(hi)) / 2)
    return _new(mid, approx, flo, fhi, percent, rel, float(scale))


def _fraction(m: re.Match[str]) -> Number | None:
    """``三分之一``, ``百分之三十`` (percent), ``千分之五``/``万分之五`` (percent), ``一又二分之一``."""
    lx = _lex()
    den_s, num_s, whole = m.group("den", "num", "whole")
    if den_s in lx.units:
        den_s = "一" + den_s
    if num_s in lx.small and num_s not in lx.lone_ok:  # 百分之百, 千分之千
        num_s = "一" + num_s
    den, num = _body(den_s), _body(num_s)
    if den is None or num is None or not den[0] or den[0] != den[1]:
        return None
    d, lo, hi = Decimal(den[0]), Decimal(num[0]), Decimal(num[1])
    if whole is not None:  # a mixed number: whole + num/den, never a percentage
        w = _body(whole)
        if w is None or w[3]:
            return None
        lo, hi, percent = w[0] + lo / d, w[0] + hi / d, False
    elif d == 100:
        percent = True
    elif d in (1000, 10000, 100000, 1000000):  # 千分之五 = 0.5 %, 万分之五 = 0.05 %, 十万分之五 = 0.0005 %
        lo, hi, percent = lo * 100 / d, hi * 100 / d, True
    else:
        lo, hi, percent = lo / d, hi / d, False
    if m.group("sign"):
        lo, hi = -hi, -lo
    pre, app, tail = m.group("pre", "app", "tail")
    rel = lx.rel.get(pre) or lx.rel.get(app) or lx.rel.get(tail)
    approx = bool(pre in lx.approx_pre or app or tail or num[3])
    return _make(lo, hi, approx, percent, rel, 1, num[3])


def _slash(s: str) -> Number | None:
    """1/3, and with an approximator: 约1/3, 近1/3; a rate per scaled base: 10.2/10万 = 10.2 / 100000."""
    lx = _lex()
    m = lx.slash_re.fullmatch(s)
    if not m or int(m.group(3)) == 0 or len(s) > 20:
        return None
    pre, top, scale = m.group(1), m.group(2), {None: 1, "千": 1000, "万": 10000}[m.group(4)]
    value = (int(top) if "." not in top else float(top)) / (int(m.group(3)) * scale)
    return _new(value, pre in lx.approx_pre, rel=lx.rel.get(pre) if pre else None)


def _range(s: str) -> Number | None:
    for m in _lex().range_re.finditer(s):
        if m.start() == 0 or m.end() == len(s):
            continue
        left_text, right_text = s[: m.start()], s[m.end():]
        if len(m.group()) > 1 and m.group()[-1] == "-":
            right_text = "-" + right_text  # -5～-3, -10--5: the last dash is the sign of the upper end
        if _phone(left_text, right_text):
            return None  # 0531-86012345: a telephone number, not a range
        left, right = _single(left_text), _single(right_text)
        if left is None or right is None or left.low is not None or right.low is not None:
            continue
        lo, hi = left.value, right.value
        if left.scale == 1 and right.scale > 1 and abs(lo) <= abs(hi) / right.scale:
            lo *= right.scale
        if lo > hi:
            continue
        return _new((lo + hi) / 2, left.approx or right.approx, lo, hi,
                    left.percent or right.percent, left.rel or right.rel, right.scale)
    return None


_CODE = re.compile(r"0\d")  # a leading zero: a code (007, 000001, 0531-…), not an amount


def _phone(a: str, b: str) -> bool:
    """Two digit groups around a dash that make a telephone number, not a range: an area code with
    its leading zero (0531-86012345) or a short code before seven digits or more (86-12345678)."""
    return bool(_CODE.match(a)) or (b.isdigit() and len(b) >= 7 and a.isdigit() and 2 <= len(a) <= 4)
_SCI = re.compile(r"([-+]?\d+(?:\.\d+)?)(?:[eE]([-+]?\d{1,3})|[×xX*]10(?:\^|\*\*)([-+]?\d{1,3})|×10([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))")
_SUPER = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def _scientific(s: str) -> Number | None:
    """1.2E+05, 3.5e-3, 1.5×10^8, 1.2×10⁴ as spreadsheets and monitoring tables write them."""
    m = _SCI.fullmatch(s)
    if m is None:
        return None
    exp = int((m.group(2) or m.group(3) or m.group(4)).translate(_SUPER))
    if abs(exp) > 30:
        return None
    return _new(float(Decimal(m.group(1)).scaleb(exp)), False, None, None, False, None, 1.0)


@lru_cache(maxsize=16384)
def _parse(text: str, names: bool = False) -> Number | None:
    s = prep(text)
    if s and ("e" in s or "E" in s or "10" in s) and _SCI.fullmatch(s):
        return _scientific(s)
    if s.isdigit() and _CODE.match(s):
        return None
    lx = _lex()
    if not s or len(s) > MAX_LEN or s[0] not in lx.start or s[-1] not in lx.end or (s in lx.raw["not_numbers"] and not names):
        return None
    try:
        m = lx.affixed_re.fullmatch(s)  # the commonest shapes first
        if m is not None:
            return _affixed(*m.groups())
        m = lx.sep_re.search(s, 1)
        if m is None:
            n = _general(s)
        else:
            r = lx.ranged_re.fullmatch(s)
            if r:
                return _ranged(*r.groups())
            if s[: m.start()] in lx.raw["prefixes"]:  # ≥-5: the dash is a sign
                n = _single(s) or _range(s)
            else:
                n = _range(s)  # a separator inside: never one number
        if n is None and not lx.extra.isdisjoint(s):
            return _words(s)
        return n
    except (InvalidOperation, ArithmeticError, ValueError):
        return None


def _words(s: str) -> Number | None:
    """Halves (一半, 过半 -> 50%), tenths (九成 -> 90%, 七八成) and vague digits (数十, 十几万)."""
    lx = _lex()
    m = lx.half_re.fullmatch(s)
    if m:
        pre, word, tail = m.groups()
        rel = lx.rel.get(pre) or lx.halves[word] or lx.rel.get(tail)
        return _new(50.0, bool(pre in lx.approx_pre or tail or lx.halves[word]), None, None, True, rel)
    m = lx.tenths_re.fullmatch(s)
    if m:
        n = _parse(m.group("num") + (m.group("suf") or "") + (m.group("tail") or ""))
        if n is None or n.percent or n.scale != 1 or not 0 < (n.value if n.high is None else n.high) <= 10:
            return None
        extra = "零一二三四五六七八九".index(m.group("frac")) if m.group("frac") else 0  # 九成五 = 95 %
        if extra and (n.low is not None or n.value != int(n.value)):
            return None
        return _new(n.value * 10 + extra, n.approx, None if n.low is None else n.low * 10,
                    None if n.high is None else n.high * 10, True, n.rel)
    return _vague(s)


def _vague(s: str) -> Number | None:
    """数十 = 20..90, 几万 = 2万..9万 (the open digit leads), 十几 = 11..19: a range, approx."""
    lx = _lex()
    at = [i for i, c in enumerate(s) if c in lx.vague_head or c in lx.vague_after_ten]
    if len(at) != 1:
        return None
    k, c = at[0], s[at[0]]
    if (k == 0 or s[:k] in lx.raw["prefixes"]) and c in lx.vague_head and s[k + 1: k + 2] in lx.units:
        ends = lx.vague_head[c]
    elif k and s[k - 1] in lx.lone_ok and c in lx.vague_after_ten:
        ends = lx.vague_after_ten[c]
    else:
        return None
    lo, hi = (_parse(s[:k] + _CN[d] + s[k + 1:]) for d in ends)
    if lo is None or hi is None or lo.low is not None or hi.low is not None or lo.percent != hi.percent:
        return None
    return _new((lo.value + hi.value) / 2, True, lo.value, hi.value, lo.percent, lo.rel, lo.scale)


def parse_number(text: str | None) -> Number | None:
    """Parse one number (``"四千余"``, ``"1.4万"``, ``"10%-15%"``); None if *text* is not one.

    >>> parse_number("四千余")
    Number(value=4000.0, approx=True, low=None, high=None, percent=False, rel='GT', scale=1.0)
    """
    if text.__class__ is not str:
        text = check_text(text, "parse_number")
        if text is None:
            return None
    n = _parse(text)
    if n is None and text.endswith(BOUND_ENDS):
        return _bounded(text)
    if n is None and len(text) > 2 and text[-1] == "个" and not any(c.isdigit() for c in text):
        r = _parse(text[:-1])  # 五六个, 七八个: two neighbouring numerals and the general classifier
        if r is not None and r.low is not None:
            return r
    return n


def count_numeral(text: str) -> Number | None:
    """A numeral that alone names a plan but counts before a classifier: 十四五 in 十四五个 (14-15)."""
    return _parse(text, True) if text in _lex().raw["counts_before_classifier"] else None


BOUND_ENDS = ("以上", "以下", "以内", "之内")  # bound words read after a number (95%以上)


def _bounded(text: str) -> Number | None:
    """95%以上 -> 95 % with rel GE: a bound word after a plain number (not after 余/多/左右)."""
    s = text.rstrip()
    for word, rel in sorted(_lex().raw["bounds"].items(), key=lambda kv: -len(kv[0])):
        if len(word) > 1 and s.endswith(word) and len(s) > len(word):
            n = _parse(s[: -len(word)])
            if n is None or n.rel is not None or n.low is not None:
                return None
            return _new(n.value, n.approx, None, None, n.percent, rel, n.scale)
    return None


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
