"""Layout 004: a pipe table, one row a line: ``绩效任务 | 年度目标 | 上半年进展情况 |``; a table
copied from a spreadsheet or a Word document with tabs between its cells, or aligned with runs of
spaces under a header row, reads the same way.

The header row gives each column a role by keyword (序号 → seq, 类别 → category,
绩效任务/指标 → indicator, 年度目标 → target, 牵头单位 → lead units, 进展/完成情况/1-9月完成
→ progress, 督办内容 → indicator and target, 计量单位/单位 → unit: the numbers of the row
without a unit of their own take it, SCHEMA case 2; 完成率/完成比例 → ratio: the share of the
target the row states, checked against the computed one by the linker). Without a header the columns are
indicator, target, …, progress.

Every data row is a record. A row continues the task above when its first cell
is empty (`` | target | progress |``) or when it has fewer filled cells than the
header and its last cells are empty (``target | progress | |``, as when a
rowspan was flattened): its cells are then aligned to the *last* columns, and
it takes the ``indicator`` Field (the same object) and the category of the row
that named the task. A row with one filled cell before the first data row
is a title; after it, a category row.
"""
from __future__ import annotations

import re

from ..read.textmap import TextMap
from ..schema import Field, Record
from ._helpers import Line, Parsed, field_of, find_title, has_keywords, lines_of
from .units import cell_units
from .period import infer_period

LAYOUT = "pipe_table"
_RULE = re.compile(r"^[\s|:\-=+]*$")
_ROLE_ORDER = ("ratio", "seq", "lead_units", "progress", "content", "target", "category", "indicator")


def is_pipe_row(s: str) -> bool:
    return s.count("|") >= 2 and not _RULE.match(s)


def is_tab_row(s: str) -> bool:
    """A row copied from a spreadsheet or a Word table: cells separated by tabs, no pipes."""
    return "\t" in s.strip() and "|" not in s


_GAP = re.compile(r"[ \u3000]{2,}")


def is_space_row(s: str) -> bool:
    """A row of a table aligned with spaces: three or more cells parted by two or more spaces."""
    return "|" not in s and "\t" not in s and len(_GAP.findall(s.strip())) >= 2


def _table_rows(tm: TextMap, lines: list[Line]) -> tuple[list[Line], str]:
    """The rows of the table and how their cells are parted (``"pipe"``, ``"tab"``, ``"space"``):
    three or more pipe rows (or two when one is a header row), else the same of tab-separated rows,
    else three or more space-aligned rows one of which is a header row (spaces also part words in
    running text, so a header is required)."""
    for rows, mode in (([ln for ln in lines if is_pipe_row(ln.s)], "pipe"), ([ln for ln in lines if is_tab_row(ln.s)], "tab"),
                       ([ln for ln in lines if is_space_row(ln.s)], "space")):
        header = any(_is_header(tm, ln, ln.s.lstrip().startswith("|"), mode) for ln in rows[:20])
        if (len(rows) >= 3 and (mode != "space" or header)) or (len(rows) == 2 and header and mode != "space"):
            return rows, mode
    return [], "pipe"


def looks_like(tm: TextMap, lines: list[Line]) -> bool:
    """Three or more pipe rows, or two when one is a header row; tab-separated rows likewise."""
    return bool(_table_rows(tm, lines)[0])


def _cells(ln: Line, leading_pipe: bool, mode: str = "pipe") -> list[tuple[int, int]]:
    """Cell spans of a pipe row, whitespace stripped; the part after the last ``|`` is dropped.
    A tab-separated row has a cell between every two tabs and after the last one; a space-aligned
    row between every two gaps of two or more spaces."""
    spans, k = [], ln.i
    if mode != "pipe":
        a, b = ln.strip_span()
        k = a
        for m in (re.finditer("\t", ln.s[a - ln.i:b - ln.i]) if mode == "tab" else _GAP.finditer(ln.s[a - ln.i:b - ln.i])):
            spans.append((k, a + m.start()))
            k = a + m.end()
        spans.append((k, b))
    else:
        for m in re.finditer(r"\|", ln.s):
            spans.append((k, ln.i + m.start()))
            k = ln.i + m.end()
    if leading_pipe and spans and not ln.s[: spans[0][1] - ln.i].strip():
        spans = spans[1:]
    out = []
    for a, b in spans:
        seg = ln.s[a - ln.i:b - ln.i]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        out.append((a + lead, max(a + lead, b - trail)))
    return out


def _is_header(tm: TextMap, ln: Line, leading: bool, mode: str = "pipe") -> bool:
    """Two or more short cells naming columns, one of them the progress column."""
    cells = [tm.norm[a:b] for a, b in _cells(ln, leading, mode)]
    named = [c for c in cells if c and len(c) <= 16 and any(r is not None for r in _roles([c]))]
    return len(named) >= 2 and any(has_keywords(c, "progress") for c in named)


_UNIT_HEADERS = ("单位", "计量单位", "计算单位", "度量单位")


def _roles(header: list[str]) -> list[str | None]:
    roles: list[str | None] = []
    for cell in header:
        role = "unit" if cell.strip() in _UNIT_HEADERS else None
        for r in _ROLE_ORDER if role is None else ():
            if cell and has_keywords(cell, r):
                role = r
                break
        roles.append(role)
    return roles


def read(tm: TextMap) -> Parsed:
    lines = lines_of(tm)
    rows, mode = _table_rows(tm, lines)
    if not rows:
        rows = [ln for ln in lines if is_pipe_row(ln.s)]  # forced layout: whatever pipe rows there are
    if not rows:
        return Parsed(LAYOUT, find_title(tm, lines))
    leading = mode == "pipe" and rows[0].s.lstrip().startswith("|") and all(r.s.lstrip().startswith("|") for r in rows[:5])
    header_k = next((k for k, ln in enumerate(rows[:20]) if _is_header(tm, ln, leading, mode)), None)
    first_line = rows[header_k].i if header_k is not None else rows[0].i
    title = find_title(tm, [ln for ln in lines if ln.i < first_line])
    if header_k is not None:
        header = [tm.norm[a:b] for a, b in _cells(rows[header_k], leading, mode)]
        width_n = len(header) - sum(1 for c in reversed(header) if not c) if any(header) else 0
        roles = _roles(header[:width_n])
        data = rows[header_k + 1:]
    else:
        roles, width_n, data = [], 0, rows
    records: list[Record] = []
    category: Field | None = None
    task: Record | None = None
    for ln in data:
        spans = _cells(ln, leading, mode)
        filled = [k for k, (a, b) in enumerate(spans) if b > a]
        if not filled:
            continue
        if len(filled) == 1 and filled[0] == 0 and (width_n == 0 or width_n > 2):
            category = field_of(tm, *spans[0])
            continue
        n = width_n or max(len(spans), 3)
        row_roles = roles if roles else _default_roles(n)
        cont = filled[0] > 0
        if not cont and len(filled) < n and filled[-1] == len(filled) - 1 and task is not None:
            spans = [(0, 0)] * (n - len(filled)) + spans[: len(filled)]
            cont = True
        rec = _record(tm, len(records), spans, row_roles, category)
        if cont and task is not None:
            rec.indicator = rec.indicator or task.indicator
            rec.category = rec.category or task.category
        elif rec.indicator is not None:
            task = rec
        records.append(rec)
    return Parsed(LAYOUT, title, infer_period(title.text) if title else None, records)


def _default_roles(n: int) -> list[str | None]:
    if n <= 2:
        return ["indicator", "progress"][:n]
    return ["indicator", "target"] + [None] * (n - 3) + ["progress"]


def _record(tm: TextMap, index: int, spans: list[tuple[int, int]], roles: list[str | None],
            category: Field | None) -> Record:
    rec = Record(index=index, layout=LAYOUT, category=category)
    extra: list[tuple[int, int]] = []
    for k, (a, b) in enumerate(spans):
        role = roles[k] if k < len(roles) else None
        f = field_of(tm, a, b) if b > a else None
        if role is None:
            if f is not None:
                extra.append((a, b))
            continue
        if role == "lead_units":
            rec.lead_units = [f for f in (tm.field(a + x, a + y) for x, y in cell_units(tm.norm[a:b])) if f]
        elif role == "content":
            rec.indicator = rec.target = f
        elif f is not None:
            setattr(rec, role, f)
    if rec.progress is None and extra:  # cells past the header's columns
        rec.progress = field_of(tm, extra[0][0], extra[-1][1])
    return rec
