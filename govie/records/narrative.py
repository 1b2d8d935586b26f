"""Layout 002: a narrative report with section headings (一、 （一）) and paragraphs.

Each paragraph is a record (blocks between blank lines; a heading line is a block of its own
even without blank lines around it): ``progress`` is the paragraph, ``category`` the
innermost section heading above it, ``target`` and ``indicator`` are empty. A
paragraph that stops without sentence-final punctuation (a page break cut it)
continues in the next block.
"""
from __future__ import annotations

import re
from functools import cache

from ..read.textmap import TextMap
from ..schema import Record
from ._helpers import SENTENCE_END, Line, Parsed, field_of, find_title, layout_data, lines_of, narrow
from .period import infer_period

LAYOUT = "narrative"
_HEADING_MAX = 40.0


@cache
def _markers() -> tuple[re.Pattern[str], re.Pattern[str]]:
    m = layout_data()["section_markers"]
    return re.compile(m["level1"]), re.compile(m["level2"])


def heading_level(s: str) -> int | None:
    """1 for ``一、…``, 2 for ``（一）…`` (short, no 。), else ``None``."""
    s = s.strip()
    if not s or not narrow(s, _HEADING_MAX) or "。" in s[:-1]:
        return None
    l1, l2 = _markers()
    if l1.match(s):
        return 1
    if l2.match(s):
        return 2
    return None


def _marker_len(s: str) -> int:
    """Length of the section marker (``一、``, ``(一)``) at the start of a heading."""
    for pat in _markers():
        m = pat.match(s)
        if m:
            return m.end()
    return 0


def blocks_of(lines: list[Line]) -> list[list[Line]]:
    out: list[list[Line]] = []
    cur: list[Line] = []
    for ln in lines:
        if ln.blank:
            if cur:
                out.append(cur)
            cur = []
        elif heading_level(ln.s):  # a heading is a block of its own, blank lines around it or not
            if cur:
                out.append(cur)
            out.append([ln])
            cur = []
        else:
            cur.append(ln)
    if cur:
        out.append(cur)
    return out


def read(tm: TextMap) -> Parsed:
    lines = lines_of(tm)
    first_heading = next((k for k, ln in enumerate(lines) if heading_level(ln.s)), 0)
    title = find_title(tm, lines, first_heading)
    sections: dict[int, tuple[int, int]] = {}
    paragraphs: list[tuple[tuple[int, int] | None, int, int]] = []  # (category span, i, j)
    open_paragraph = False
    for block in blocks_of(lines[first_heading:]):
        level = heading_level(block[0].s) if len(block) == 1 else None
        if level:
            a, b = block[0].strip_span()
            sections[level] = (a + _marker_len(tm.norm[a:b]), b)
            for deeper in [k for k in sections if k > level]:
                del sections[deeper]
            open_paragraph = False
            continue
        i, j = block[0].strip_span()[0], block[-1].strip_span()[1]
        if open_paragraph and paragraphs:
            cat, i0, _ = paragraphs[-1]
            paragraphs[-1] = (cat, i0, j)
        else:
            paragraphs.append((sections[max(sections)] if sections else None, i, j))
        open_paragraph = tm.norm[j - 1] not in SENTENCE_END + "”)"
    records = [
        Record(index=k, layout=LAYOUT, category=field_of(tm, *cat) if cat else None, progress=field_of(tm, i, j))
        for k, (cat, i, j) in enumerate(paragraphs)
    ]
    return Parsed(LAYOUT, title, infer_period(title.text) if title else None, records)
