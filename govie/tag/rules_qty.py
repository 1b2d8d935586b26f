"""Rule extractor for QTY and UNIT spans (Recognizers-Text style: find spans here,
turn them into values with :mod:`govie.normalize`).

A QTY span is a number with its scale word and attached approximators
(``1.4万``, ``四千余``, ``90余万``, ``约1900``); the UNIT span is the unit after
it (``元`` after ``413.84亿``, ``吨/平方公里·月``), possibly past a line
break. Years, month/day numbers, ordinals, list markers, codes (DB11/139-2015),
numbers in names (PM2.5, 5G, 12345热线, 金科十条) and text inside 《》 are
left out; see data/num_stop.json. Decisions:

* ``左右``/``上下`` directly after a number with no unit belong to the QTY;
  after a unit they are left to the REL extractor;
* ``4500 亿元``: the QTY keeps the space and the scale word (``4500 亿``);
* ``10%-15%`` gives two QTY+UNIT pairs; ``10-15万`` is one QTY;
* a unit alone in a table header (``（万元）``, ``单位：万人``) is a UNIT span,
  scale word included (SCHEMA §5 case 2).
"""
from __future__ import annotations

import re
from functools import cache
from types import SimpleNamespace

from ..errors import InputError
from ..normalize._helpers import halfwidth, load_json
from ..normalize.numbers import ARABIC, _lex, parse_number
from ..normalize.units import parse_unit, unit_registry

__all__ = ["extract_quantities"]

_CJK = re.compile(r"[\u4e00-\u9fff]")


@cache
def _rules() -> SimpleNamespace:
    lx, stop, reg = _lex(), load_json("num_stop.json"), unit_registry()
    dg, units = "".join(lx.digits), "".join(lx.units)
    # 数十亿, 十几万: a vague digit (数/几) next to a scale word belongs to the number
    atoms = rf"(?:{ARABIC}|[{dg}{units}]|点(?=[{dg}])|[数几](?=[十百千万亿])|(?<=十)[几数])+"
    core = rf"{atoms}(?: (?=[万亿千百])[{units}]+)?(?: ?[余多][{units}]*)?"
    # 1/3, 10.2/10万 (a rate per power of ten); not a date (6/30) nor a code (DB11/139-2015: num_stop)
    slash = r"(?<![\d/.A-Za-z])(?:[1-8]/[2-9]|\d+(?:\.\d+)?/10{1,5}[千万]?)(?![\d/.\-])"
    frac = rf"(?:{slash}|(?:百分之|千分之|{atoms}分之){atoms})"
    seps = "|".join(re.escape(s) for s in lx.raw["range_separators"])
    cand = re.compile(rf"(?P<pre>大约|约|将近|近|逾|超|上)?(?P<sign>-)?(?P<a>{frac}|{core})"
                      rf"(?:(?P<sep> ?(?:{seps}) ?)(?P<b>{frac}|{core}))?(?P<tail>左右|上下)?")
    aliases = {a for u in reg.values() for a in u.aliases if not (a.isascii() and a.isalpha() and len(a) == 1)}
    comps = {a for u in reg.values() for a in (*u.component_aliases, *u.aliases)}  # km/h: one-letter units after /
    alt = lambda xs: "|".join(re.escape(x) for x in sorted(xs, key=len, reverse=True))  # noqa: E731
    scales = alt(reg.scales)
    # after "/", a whole component before a scale word + component: 元/千瓦时 is not 元/千 + 瓦
    unit = re.compile(rf"(?:{alt(aliases)})(?:[ ]?[/·•・⋅][ ]?\n?(?:{alt(comps)}|(?:{scales})(?:{alt(comps)})))*")
    hunit = rf"(?:{scales})?(?:{alt(aliases)})(?:[/·•・⋅](?:{scales})?(?:{alt(comps)}))*"
    header = re.compile(rf"\(\s*({hunit})\s*\)|{stop['header_lead']}({hunit})")
    return SimpleNamespace(
        cand=cand, unit=unit, header=header, block=[re.compile(b) for b in stop["block"] + ["|".join(stop["numeral_names"]["names"])]],
        stop=stop, digits=set(dg), units=set(units), scale_chars=set(units) | {" "},
        cn_excluded=set(stop["cn_excluded_units"]), date_after=tuple(stop["date_after"]),
        unitless_ok=tuple(stop["unitless_ok_after"]), list_open=set(stop["list_open"]),

        marker_date=re.compile(r"\d{1,2}\.(?=(?:19|20)\d\d(?!\d)|\d{1,2}\s*(?:[-~至]\s*\d{1,2}\s*)?月)"),
    )


def _blocked(text: str) -> bytearray:
    mask = bytearray(len(text) + 1)
    for rx in _rules().block:
        for m in rx.finditer(text):
            mask[m.start(): m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def _line_start(t: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and t[j] in " \t":
        j -= 1
    return j < 0 or t[j] in _rules().list_open


def _unit_at(t: str, i: int, cn_only: bool) -> tuple[int, int] | None:
    """The UNIT span starting at or after *i* (past up to 3 spaces / one line break)."""
    r = _rules()
    j, newlines = i, 0
    while j < len(t) and j - i < 3 and t[j] in " \t\r\n":
        newlines += t[j] == "\n"
        j += 1
    if newlines > 1:
        return None
    m = r.unit.match(t, j)
    if not m:
        return None
    end = m.end()
    if t[end - 1].isascii() and t[end - 1].isalpha() and end < len(t) and t[end].isascii() and t[end].isalpha():
        return None  # 5kmh: an ASCII alias must end at a word boundary
    while parse_unit(t[j:end]) is None:  # keep the longest prefix that parses
        k = max(t.rfind(c, j, end) for c in "/·•・⋅")
        if k <= j:
            return None
        end = k
        while t[end - 1] in " \n":
            end -= 1
    first = re.split(r"[/·•・⋅]", t[j:end])[0]
    if cn_only and first in r.cn_excluded:
        return None
    return j, end


def _judge(t: str, m: re.Match[str], mask: bytearray, last_end: int) -> tuple[list[tuple[int, int, str]], int]:
    """Spans for one candidate match and the position to resume scanning."""
    r = _rules()
    s, e = m.start("a"), m.end("b") if m.group("b") else m.end("a")
    resume = e
    pre, sign = m.group("pre"), m.group("sign")
    body = t[s:e]
    # 1. list marker "1.2020年…", "4.1-9月…": skip the marker, rescan after the dot
    if not pre and not sign and _line_start(t, s) and r.marker_date.match(t, s):
        return [], t.index(".", s) + 1
    if any(mask[s:e]):
        return [], resume
    # 2. context before: ordinals, codes, document numbers
    prev = t[s - 1] if s else "\x00"
    if t[max(0, s - 3):s].rstrip(" ").endswith(tuple(r.stop["ordinal_before"])):
        return [], resume  # 第三, 第 3 批
    if ((prev.isascii() and prev.isalnum()) or prev in "〔[{_#"
            or (prev == "/" and s > 1 and t[s - 2].isascii() and t[s - 2].isalnum())):
        return [], resume  # PM2.5, DB11/139, 〔2020〕, PM_{2.5}
    nxt = t[e] if e < len(t) else "\x00"
    if nxt in "〕]}" or (nxt == "." and e + 1 < len(t) and t[e + 1].isdigit()):
        return [], resume
    # 3. scale character that belongs to the unit (5千米, 2.5百分点)
    while t[e - 1] in r.units and e - 1 > s:
        u = _unit_at(t, e - 1, False)
        if u is None or u[0] != e - 1 or parse_unit(t[u[0]:u[1]]).scale != 1:
            break
        e = e - 1
    has_arabic = any(c.isdigit() for c in t[s:e])
    # 4. dates and times: 2020年, 1-9月, 10月20日, 9时
    after = t[e:e + 4].lstrip(" ")
    if after.startswith(r.date_after):
        return [], resume
    if after.startswith("年"):
        year_like = re.fullmatch(r"(?:[12]\d{3}(?: ?[-~至到—–] ?[12]\d{3})?)", t[s:e])
        if year_like or not has_arabic:
            return [], resume
    # 5. list markers: "1." "2、" "(3)" at the start of a line or sentence
    if sign and m.start("sign") > 0 and t[m.start("sign") - 1] == "号":
        return [], resume  # 京公网安备…号-1
    if re.fullmatch(r"\d{1,4}", t[s:e]) and not pre and not sign:
        if nxt in r.stop["marker_close"] and _line_start(t, s):
            return [], resume
        if nxt == "." and e + 1 < len(t) and (_CJK.match(t[e + 1]) or t[e + 1] in "“\""):
            return [], resume  # "1.各街道…" glued to the text before it
        if prev in "(（" and nxt in ")）":
            return [], resume
    if t[s:e] == "二":  # counting uses 两; a lone 二 is ordinal-like (二次录入)
        return [], resume
    # 6. prefixes and sign
    start = s
    if pre:
        before = t[m.start() - 1] if m.start() else "\x00"
        lone = not any(c in r.digits or c.isdigit() for c in body)
        if before not in r.stop["approx_prefix_not_after"].get(pre, "") and (pre != "上" or lone):
            start = m.start("pre")
    if sign and start == s:  # a minus sign, unless it joins this number to the span before
        k = m.start("sign")
        before = t[k - 1] if k else "\x00"
        if k != last_end and not (before.isascii() and before.isalnum()) and before not in "%‰)）":
            start = k
    # 7. the unit, and what may follow a number without one
    unit = _unit_at(t, e, not has_arabic)
    tail = m.group("tail")
    end = e
    if unit is None:
        if tail and m.end("tail") == e + len(tail):
            end = e + len(tail)
        rest = t[end:end + 3]
        if not has_arabic and not re.search(r"[余多]|分之|近|约|超|逾|上", t[start:end]):
            return [], resume
        if rest[:1] and "分之" not in t[start:end] and (_CJK.match(rest) or (rest[0].isascii() and rest[0].isalpha())):
            if not rest.startswith(r.unitless_ok):
                return [], resume
        if re.fullmatch(r"\d{5,}|(?:19|20)\d\d", t[start:end]):
            return [], resume  # codes, hotlines and bare years
    if parse_number(t[start:end]) is None:
        return [], resume
    if (unit is not None and start == s and _line_start(t, s) and re.fullmatch(r"\d{1,2}\.\d{1,2}", t[s:e])
            and parse_unit(t[unit[0]:unit[1]]).dimension == "count"):
        return [], t.index(".", s) + 1  # "4.2个急救站": marker "4." then "2个"
    spans = [(start, end, "QTY")]
    if unit is not None:
        spans.append((unit[0], unit[1], "UNIT"))
        resume = unit[1]
    return spans, max(resume, end)


def extract_quantities(text: str) -> list[tuple[int, int, str]]:
    """QTY and UNIT candidate spans ``(start, end, label)`` in *text*, in order."""
    if not isinstance(text, str):
        raise InputError(f"extract_quantities: expected a str, got {type(text).__name__}")
    if not text:
        return []
    r = _rules()
    t = halfwidth(text)
    mask = _blocked(t)
    out: list[tuple[int, int, str]] = []
    pos = 0
    while True:
        m = r.cand.search(t, pos)
        if not m:
            break
        spans, nxt = _judge(t, m, mask, out[-1][1] if out else -1)
        out.extend(spans)
        pos = max(nxt, m.start() + 1)
    taken = bytearray(len(t) + 1)
    for s, e, _ in out:
        taken[s:e] = b"\x01" * (e - s)
    for h in r.header.finditer(t):
        s, e = h.span(1) if h.group(1) is not None else h.span(2)
        if not any(taken[h.start():h.end()]) and parse_unit(t[s:e]) is not None:
            before = t[h.start() - 1] if h.start() else ""
            if not (before.isdigit() or before in r.units or (before and parse_unit(before) is not None)):  # 7.2万套（间）
                out.append((s, e, "UNIT"))
    return sorted(out)
