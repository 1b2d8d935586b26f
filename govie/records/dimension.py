"""Layout 001: 考评维度 / 任务名称 / 落实情况 — dimension and task headings, then results.

Lines are headings (short, no clause punctuation, no list marker) or result
text. Consecutive heading lines of one block are one wrapped heading; a heading
block starting with a connective (和, 与, 及) continues the heading before it.
Of the headings met before a run of result text, the last is the task
(``indicator``) and the one before it, if any, the dimension (``category``,
kept for later tasks until another heading replaces it; page breaks repeat
the dimension, which changes nothing). A line ``heading result…`` or
``heading heading`` separated by a space is split. Result text runs over
blank lines until the next heading; it is the record's ``progress``. There is
no target column.
"""
from __future__ import annotations

import re

from ..read.textmap import TextMap
from ..schema import Record
from ._helpers import CLAUSE_PUNCT, SENTENCE_END, Line, Parsed, field_of, find_title, has_keywords, lines_of, narrow
from .period import infer_period

LAYOUT = "dimension"
_HEADING_MAX = 14.0
_MARKER = re.compile(r"^(?:\d{1,2}[.、]|[一二三四五六七八九十]{1,3}[、是]|\([一二三四五六七八九十\d]{1,3}\)|[①-⑳])")
_CONNECTIVE = tuple("和与及并、")
_PAIRS = (("《", "》"), ("(", ")"), ("“", "”"), ("[", "]"))


def find_header(lines: list[Line]) -> int | None:
    for k, ln in enumerate(lines[:80]):
        s = ln.stripped
        if "|" not in s and narrow(s, 40) and has_keywords(s, "dimension") and has_keywords(s, "progress"):
            return k
    return None


def is_heading(s: str) -> bool:
    s = s.strip()
    return bool(s) and narrow(s, _HEADING_MAX) and not any(c in CLAUSE_PUNCT for c in s) \
        and not _MARKER.match(s) and _balanced(s) and not s[0].isdigit()


def _balanced(s: str) -> bool:
    return all(s.count(a) == s.count(b) for a, b in _PAIRS)


def read(tm: TextMap) -> Parsed:
    lines = lines_of(tm)
    h = find_header(lines)
    title = find_title(tm, lines, h if h is not None else 0)
    cells = _cells(tm, lines[(h + 1) if h is not None else 0:])
    records: list[Record] = []
    category = None
    heads: list[tuple[int, int]] = []
    for kind, span in cells:
        if kind == "H":
            heads.append(span)
            continue
        if len(heads) >= 2:
            category = field_of(tm, *heads[-2])
        task = field_of(tm, *heads[-1]) if heads else None
        if heads or records:
            records.append(Record(index=len(records), layout=LAYOUT, category=category, indicator=task,
                                  progress=field_of(tm, *span)))
        heads = []
    return Parsed(LAYOUT, title, infer_period(title.text) if title else None, records)


def _cells(tm: TextMap, body: list[Line]) -> list[tuple[str, tuple[int, int]]]:
    """``("H" | "P", span)`` cells: headings and runs of result text."""
    pieces: list[tuple[str, int, int, bool]] = []  # kind, i, j, starts a block
    new_block = True
    for ln in body:
        if ln.blank:
            new_block = True
            continue
        a, b = ln.strip_span()
        s = tm.norm[a:b]
        prev = pieces[-1] if pieces else None
        after_sentence = prev is None or prev[0] == "H" or tm.norm[prev[2] - 1] in SENTENCE_END
        split = _split_heading(s) if (new_block or after_sentence) else None
        if split is not None:
            k = split
            pieces.append(("H", a, a + k, new_block))
            rest = s[k:].lstrip()
            r0 = b - len(rest)
            pieces.append(("H" if is_heading(rest) else "P", r0, b, True))  # its own cell
        elif is_heading(s) and (new_block or after_sentence):
            pieces.append(("H", a, b, new_block))
        else:
            pieces.append(("P", a, b, new_block))
        new_block = False
    cells: list[tuple[str, tuple[int, int]]] = []
    for kind, i, j, starts in pieces:
        if cells and cells[-1][0] == kind:
            same_heading = kind == "H" and (not starts or tm.norm[i:j].startswith(_CONNECTIVE))
            if kind == "P" or same_heading:
                cells[-1] = (kind, (cells[-1][1][0], j))
                continue
        cells.append((kind, (i, j)))
    return cells


def _split_heading(s: str) -> int | None:
    """End of a leading heading in ``heading result…`` / ``heading heading`` lines."""
    m = re.match(r"(\S+)\s+\S", s)
    if not m or not is_heading(m.group(1)) or any(c.isdigit() for c in m.group(1)):
        return None
    return m.end(1)
