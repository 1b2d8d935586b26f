"""The numeral lexicon (data/num_lexicon.json) and the evaluator of numeral bodies.

Private to :mod:`govie.normalize.numbers`, which reads whole number texts (affixes,
percent signs, fractions, ranges); here a *body* is the numeral itself: Arabic
digits, Chinese digits and units, 点 (``1.4万``, ``两万三千``, ``三点五``, ``五六``).
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from types import SimpleNamespace

from ._helpers import load_json

ARABIC = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?(?![0-9])"
SCALE = r"(万亿|萬億|[万萬亿億])?"


def _alt(words: list[str] | dict) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def lexicon() -> SimpleNamespace:
    """The numeral lexicon with the regexes built from it, loaded once."""
    raw = load_json("num_lexicon.json")
    digits, small, big = raw["digits"], raw["small_units"], raw["big_units"]
    dg, units = "".join(digits), "".join(small) + "".join(big)
    body = rf"(?:{ARABIC}|[{dg}{units}]|点(?=[{dg}]))+"
    num = (rf"(?P<pre>{_alt(raw['prefixes'])})?(?P<sign>[-+负])?(?P<body>{body})"
           rf"(?P<app>[{''.join(raw['suffixes'])}])?(?P<scale>[{units}]+)?(?P<app2>[余多])?"
           rf"(?P<pct>[%‰])?(?P<tail>{_alt(raw['tails'])})?")
    frac = (rf"(?P<pre>{_alt(raw['prefixes'])})?(?P<sign>[-负])?(?:(?P<whole>{body})又)?"
            rf"(?P<den>{body})分之(?P<num>{body})(?P<app>[余多])?(?P<tail>{_alt({**raw['tails'], **raw['fraction_tails']})})?")
    seps = raw["range_separators"]
    ar = r"([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)"
    # fast paths for the commonest shapes, read without the general grammar: an Arabic or a
    # Chinese numeral with its affixes (13.5  10,355  1.4万  30%  约1900  140余万  60左右  两万三千
    # 近千  四千余万) | two Arabic numbers around a range separator (10-15  1.5-2万  10%-15%)
    affixed = (rf"(?:({_alt(raw['prefixes'])})?([-+])?)(?:{ar}{SCALE}|([{dg}{units}]+))"
               rf"(?:([{''.join(raw['suffixes'])}]){SCALE})?([%‰])?({_alt(raw['tails'])})?")
    ranged = rf"{ar}{SCALE}([%‰])?(?:{_alt(seps)})+{ar}{SCALE}([%‰])?"
    # a number can only start and end with these characters (checked before any regex)
    start = set("0123456789-+负点" + dg + units) | {p[0] for p in raw["prefixes"]}
    end = set("0123456789%‰" + dg + units + "".join(raw["suffixes"])) | {t[-1] for t in raw["tails"]}
    # words read only when the numeral grammar fails: halves (一半 过半), tenths (九成), vague digits (数十 十几)
    halves = {k: v for k, v in raw["halves"].items() if not k.startswith("_")}
    vague = raw["vague_digits"]
    extra = set(raw["tenths"]) | set(vague["head"]) | set(vague["after_ten"]) | set("".join(halves))
    start |= {w[0] for w in halves} | set(vague["head"])
    end |= {w[-1] for w in halves} | set(raw["tenths"]) | set(vague["after_ten"]) | set(raw["fraction_tails"])
    half = rf"(?P<pre>{_alt(raw['prefixes'])})?(?P<word>{_alt(halves)})(?P<tail>{_alt(raw['tails'])})?"
    tenths = (rf"(?P<num>.+?){re.escape(raw['tenths'])}(?P<frac>[一二三四五六七八九])?(?P<suf>[{''.join(raw['suffixes'])}])?"
              rf"(?P<tail>{_alt(raw['tails'])})?")
    return SimpleNamespace(
        digits=digits, small=small, big=big, units={**small, **big}, raw=raw,
        dg=dg, unit_chars=units, cn_chars=dg + units,
        to_ascii=str.maketrans({c: str(v) for c, v in digits.items()}),
        body=body, num_re=re.compile(num), frac_re=re.compile(frac),
        affixed_re=re.compile(affixed), ranged_re=re.compile(ranged),
        tok_re=re.compile(rf"({ARABIC})|点([{dg}]+)|(.)"),
        pair_re=re.compile("|".join(raw["digit_pairs"])), pairs=frozenset(raw["digit_pairs"]),
        range_re=re.compile(r"(?:" + _alt(seps) + r")+"), sep_re=re.compile(_alt(seps)), range_chars=frozenset("".join(seps)),
        slash_re=re.compile(rf"({_alt(raw['prefixes'])})?([0-9]+(?:\.[0-9]+)?)/([0-9]+)([千万])?"),
        scale_re=re.compile(r"[千百十拾佰仟]*[万萬亿億]+|[十百千]"),
        big_re=re.compile(f"[{''.join(big)}]"),
        approx_pre=frozenset(raw["approx_prefixes"]), lone_ok=frozenset(raw["lone_ok"]),
        rel={**raw["prefixes"], **raw["suffixes"], **raw["tails"], **raw["fraction_tails"]},
        one={**{c: (v, 1) for c, v in {**digits, **small}.items()}, **{c: (v, v) for c, v in big.items()},
             **{str(d): (d, 1) for d in range(10)}},
        start=frozenset(start), end=frozenset(end), extra=frozenset(extra),
        halves=halves, half_re=re.compile(half), tenths_re=re.compile(tenths),
        vague_head={k: tuple(v) for k, v in vague["head"].items()},
        vague_after_ten={k: tuple(v) for k, v in vague["after_ten"].items()},
    )


def evaluate(body: str) -> tuple[int | Decimal, int] | None:
    """(value, scale) of a numeral body mixing Arabic and Chinese digits and units.

    Chinese numerals are summed as ints; Decimal only enters with Arabic digits
    or a decimal point, so both kinds stay exact. ``scale`` multiplies the unit
    characters written after the last digit (``十万`` -> 10^4, ``1.5千万`` -> 10^7);
    leading 十 百 千 there count only after a lone Arabic mantissa (``5千`` -> 10^3)."""
    lx = lexicon()
    digits, small, big = lx.digits, lx.small, lx.big
    high = mid = section = 0
    number: int | Decimal | None = None
    from_zero = single = False
    last_small = prev_unit = adj = 0
    scale, lead, lead_scale, arabic_head = 1, True, 1, False
    toks = lx.tok_re.findall(body) if body.strip(lx.cn_chars) else body
    for tok in toks:
        if tok.__class__ is not tuple:  # a Chinese character
            ch = tok
        elif tok[0]:  # Arabic digits
            if number is not None and not from_zero:
                return None
            ar = tok[0]
            number, from_zero = Decimal(ar.replace(",", "")), False
            single, adj, prev_unit = len(ar) == 1, prev_unit, 0
            scale, lead, lead_scale, arabic_head = 1, True, 1, tok is toks[0]
            continue
        elif tok[1]:  # 点 and the Chinese digits after it
            if number is None:
                if not (section or mid or high):
                    return None
                number = 0
            elif number.__class__ is Decimal and (number != number.to_integral_value() or "." in str(number)):
                return None
            number = number + Decimal("0." + tok[1].translate(lx.to_ascii))
            single = from_zero = arabic_head = False
            adj = prev_unit = 0
            scale, lead, lead_scale = 1, True, 1
            continue
        else:
            ch = tok[2]
        if ch in digits:
            d = digits[ch]
            if number is not None and not from_zero:
                return None
            if d == 0:
                number, from_zero, prev_unit, adj = 0, True, 0, 0
            else:
                number, from_zero, single = d, False, True
                adj, prev_unit = prev_unit, 0
            scale, lead, lead_scale, arabic_head = 1, True, 1, False
        elif ch in small:
            u = small[ch]
            if number is None or (from_zero and u == 10 and (section or mid or high)):  # 十五, 一千零十
                if u != 10 or (last_small and last_small <= 10):
                    return None
                number = 1
            elif from_zero or (last_small and u >= last_small):
                return None
            section += number * u
            number, last_small, prev_unit, single, from_zero = None, u, u, False, False
            if lead:
                lead_scale *= u
            else:
                scale *= u
        elif ch in big:
            b = big[ch]
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
                high, mid = v * b, 0
            section, number, last_small, prev_unit, single = 0, None, 0, b, False
            scale, lead = scale * b, False
        else:
            return None
    total = high + mid + section
    if number is not None:
        if single and adj >= 100 and not from_zero:
            number = number * adj // 10  # 一万五 = 15000, 三千五 = 3500
        total += number
    return total, scale * lead_scale if arabic_head else scale


def read_body(body: str) -> tuple[int | Decimal, int | Decimal, int, bool] | None:
    """(low, high, scale, vague) of a numeral body; low == high unless a range."""
    lx = lexicon()
    if not body.strip(lx.dg):  # digits only
        if len(body) == 1:
            d = lx.digits[body]
            return d, d, 1, False
        if body in lx.pairs:
            return lx.digits[body[0]], lx.digits[body[1]], 1, True
        if "两" in body or "兩" in body or len(body) == 2:
            return None  # 七一, 五一, 八一: two bare digits name a day or a code; 71 is written 七十一
        v = int(body.translate(lx.to_ascii))
        return v, v, 1, False
    if not body.strip(lx.unit_chars) and body[0] not in lx.lone_ok:
        return None  # 百 千 万 alone: only with an approximator (checked by caller)
    dot = body.find("点")
    m = lx.pair_re.search(body, 0, dot if dot >= 0 else len(body))  # 三点五六 is 3.56: digits after 点 read one by one
    if m:
        lo = evaluate(body[: m.start()] + body[m.start()] + body[m.end():])
        hi = evaluate(body[: m.start()] + body[m.start() + 1] + body[m.end():])
        if lo is None or hi is None:
            return None
        return lo[0], hi[0], lo[1], True
    v = evaluate(body)
    return None if v is None else (v[0], v[0], v[1], False)
