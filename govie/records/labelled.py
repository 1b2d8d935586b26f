"""Layout ``labelled``: records written as labelled lines under section headings.

    一、食品安全监督抽检
    年度目标：食品抽检合格率不低于97.5%，完成食品抽检2万批次以上。
    牵头单位：市市场监督管理局
    进展情况：1-8月完成食品抽检1.56万批次，完成年度任务的78%……

A line opening with a field label and a colon (``layouts.json`` → ``labels``: 年度目标, 绩效目标 →
``target``; 牵头单位, 责任单位 → ``lead_units``; 进展情况, 完成情况 → ``progress``; 指标名称 →
``indicator``; a period may open the label: 1-9月完成值, 上半年进展情况; ``other`` labels such as 配合单位,
备注, 得分 name no field and are skipped) fills that field with the
text after the colon; a line without a label continues
the field above it (a wrapped paragraph); several labelled parts may share a line, separated by
``；`` (指标名称：…；年度目标值：…；实际完成值：…). A section heading (一、 （一） 1. — short, no 。, no
label) opens a record and names its ``indicator``; the level-1 heading above a level-2 or 3
one is its ``category``. A target label after the record's progress opens a new record under
the same heading (several targets listed one after another). Lead units are split like a
lead-unit cell (:func:`govie.records.units.cell_units`).
"""
from __future__ import annotations

import re
from functools import cache

from ..read.textmap import TextMap
from ..schema import Field, Record
from ._helpers import Line, Parsed, field_of, find_title, layout_data, lines_of, narrow
from .narrative import heading_level
from .period import infer_period
from .units import cell_units

LAYOUT = "labelled"
_LEVEL3 = re.compile(r"^\d{1,2}[.、](?!\d)")
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、](?!\d))\s*")


@cache
def _labels() -> tuple[re.Pattern[str], dict[str, str]]:
    """A regex for a label (after an optional list marker), used with ``match``, and label -> field."""
    by_label = {w: name for name, words in layout_data()["labels"].items() if name != "_doc" for w in words}
    words = "|".join(sorted(map(re.escape, by_label), key=len, reverse=True))
    period = r"(?:\d{1,2}\s*[-—至~]\s*\d{1,2}\s*月份?|上半年|下半年|前三季度|[一二三四]季度|全年)?"
    return re.compile(rf"\s*(?:\d{{1,2}}[.、]\s*)?{period}({words})\s*:\s*"), by_label


def label_of(s: str) -> tuple[str, int] | None:
    """``(field name, where the value starts)`` when the line opens with a field label."""
    rx, by_label = _labels()
    m = rx.match(s)
    return (by_label[m.group(1)], m.end()) if m else None


def segments(s: str) -> list[tuple[str, int, int]]:
    """``(field name, start, end)`` of each labelled part of a line: the line opens with a label,
    and a ``;`` followed by another label starts the next part (指标名称：…；年度目标值：…；实际完成值：…)."""
    first = label_of(s)
    if first is None:
        return []
    rx, by_label = _labels()
    out, name, start = [], first[0], first[1]
    for m in re.finditer(";", s):
        nxt = rx.match(s, m.end())
        if nxt is not None:
            out.append((name, start, m.start()))
            name, start = by_label[nxt.group(1)], nxt.end()
    out.append((name, start, len(s.rstrip())))
    return out


def looks_like(lines: list[Line]) -> bool:
    """At least one target and one progress label, and labelled lines make up a fifth of the text."""
    found = [segments(ln.s) for ln in lines if not ln.blank]
    names = [name for seg in found for name, _, _ in seg]
    return "target" in names and "progress" in names and 5 * sum(1 for seg in found if seg) >= len(found)


def _heading(ln: Line) -> int | None:
    s = ln.stripped
    level = heading_level(s)
    if level is None and _LEVEL3.match(s) and narrow(s, 40) and "。" not in s[:-1] and not label_of(s):
        level = 3
    return level if level is not None and not label_of(s) else None


class _Builder:
    def __init__(self, tm: TextMap):
        self.tm, self.records, self.cur, self.field = tm, [], None, None
        self.category: Field | None = None
        self.skipping = False  # inside a part with an 'other' label: its wrapped lines are skipped too

    def open(self, indicator: Field | None) -> None:
        self.cur = Record(index=len(self.records), layout=LAYOUT, category=self.category, indicator=indicator)
        self.records.append(self.cur)
        self.field, self.skipping = None, False

    def set(self, name: str, a: int, b: int) -> None:
        if name == "other":  # 配合单位, 备注, 得分: no field of the record
            self.field = None
            self.skipping = True
            return
        self.skipping = False
        if self.cur is None or (name == "target" and (self.cur.target or self.cur.progress)) \
                or (name == "indicator" and (self.cur.indicator or self.cur.target or self.cur.progress)):
            self.open(self.cur.indicator if self.cur is not None and name == "target" else None)
        if name == "lead_units":
            s = self.tm.norm[a:b]
            self.cur.lead_units += [f for f in (self.tm.field(a + x, a + y) for x, y in cell_units(s)) if f]
            self.field = None
            return
        setattr(self.cur, name, field_of(self.tm, a, b))
        self.field = name if getattr(self.cur, name) is not None else None

    def extend(self, b: int) -> bool:
        """A line without a label continues the open field; False when none is open."""
        if self.cur is None or self.field is None:
            return False
        f = getattr(self.cur, self.field)
        setattr(self.cur, self.field, self.tm.field(f.start, b))
        return True


def read(tm: TextMap) -> Parsed:
    lines = lines_of(tm)
    first = next((k for k, ln in enumerate(lines) if label_of(ln.s) or _heading(ln)), len(lines))
    title = find_title(tm, lines, first)
    out = _Builder(tm)
    for ln in lines[first:]:
        if ln.blank:
            continue
        a, b = ln.strip_span()
        level = _heading(ln)
        if level is not None:
            m = _MARKER.match(tm.norm[a:b])
            heading = field_of(tm, a + (m.end() if m else 0), b)
            if level == 1:
                out.category = heading
            out.open(heading)
            if level > 1 and out.category is None:
                out.cur.category = None
            continue
        parts = segments(tm.norm[a:b])
        for name, x, y in parts:
            out.set(name, a + x, a + y)
        if not parts and out.skipping:
            continue
        if not parts and not out.extend(b):
            if out.cur is not None and (out.cur.progress or out.cur.target):
                out.open(None)  # a note or a paragraph after a complete record: a record of its own
            out.set("progress", a, b)
    records = [r for r in out.records if r.target or r.progress or r.lead_units]
    for k, r in enumerate(records):
        r.index = k
        if r.category is not None and r.indicator is not None and r.category.start == r.indicator.start:
            r.category = None  # a level-1 heading that names the record itself
    return Parsed(LAYOUT, title, infer_period(title.text) if title else None, records)
