"""Layout 003: a web table flattened to one line per row, cells run together.

``类别 序号 重点督办内容 牵头单位 全年完成情况`` with no separators::

    经济社会发展主要预期目标1地区生产总值增长6%左右。区发展改革委西城区地区生产总值…

A row starts with a category (no punctuation) and the *expected* next sequence
number, which keeps ``城市环境品质提升651.围绕…`` as row 65 with content
``1.围绕…``; in an extract of a longer table whose whole row numbers rise line by line (12, 13, …,
56…) each row's whole digit run is its number. The lead unit is found by the unit recognizer (:mod:`.units`);
content ends where it starts and progress begins after it. Rows with several
lead units put them on lines of their own after the row line, followed by the
progress line. The task text is both ``indicator`` and ``target`` (the same
Field). Page furniture before the header and after the table is skipped.
"""
from __future__ import annotations

import re

from ..read.textmap import TextMap
from ..schema import Record
from ._helpers import CLAUSE_PUNCT, SENTENCE_END, Line, Parsed, field_of, find_title, has_keywords, is_furniture, \
    lines_of, narrow
from .period import infer_period
from .units import cell_units, chain_units, match_unit

LAYOUT = "flat_table"
_ROW = re.compile(r"[ \t]*([^\d|\n]{0,40}?)(\d{1,4})")
_CAT_BAD = set(CLAUSE_PUNCT + "“”\"《》()、|")
_UNIT_LINE_MAX = 24.0


def find_header(lines: list[Line]) -> int | None:
    """Index of a run-together header line (类别序号重点督办内容牵头单位…)."""
    for k, ln in enumerate(lines[:200]):
        s = ln.stripped
        if not s or "|" in s or not narrow(s, 60):
            continue
        hits = sum(1 for kw in ("类别", "序号", "督办内容", "工作任务", "牵头单位", "责任单位", "完成情况", "进展情况") if kw in s)
        if hits >= 3 and has_keywords(s, "seq"):
            return k
    return None


def read(tm: TextMap) -> Parsed:
    lines = lines_of(tm)
    h = find_header(lines)
    start = 0 if h is None else h + 1
    title = find_title(tm, lines, h if h is not None else 0)
    rows = _rows(lines[start:])
    known: set[str] = set()
    for _ in range(2):  # the second pass knows the units the first pass found
        found: set[str] = set()
        records = [_record(tm, k, row, known, found) for k, row in enumerate(rows)]
        known = found
    return Parsed(LAYOUT, title, infer_period(title.text) if title else None, [r for r in records if r])


def _rows(body: list[Line]) -> list[tuple[Line, tuple[int, int], tuple[int, int], list[Line]]]:
    """``(row line, category span, seq span, following lines)`` per table row; a row
    without a category of its own (a merged cell) takes the one above. After lead-unit
    lines the next line is the row's progress, whatever it looks like."""
    rows: list = []
    expected = 1
    cat_span: tuple[int, int] | None = None
    whole = _whole_numbers(body)
    for ln in body:
        if ln.blank:
            continue
        if is_furniture(ln.s):
            if rows:
                break
            continue
        awaiting_progress = bool(rows) and bool(rows[-1][3]) and all(_is_unit_line(x) for x in rows[-1][3])
        hit = None if awaiting_progress else _row_start(ln, expected, cat_span is not None, first=not rows, whole=whole)
        if hit:
            cat, seq, number = hit
            if cat[1] > cat[0]:
                cat_span = cat
            rows.append((ln, cat_span, seq, []))
            expected = number + 1
        elif rows:
            rows[-1][3].append(ln)
    return rows


def _whole_numbers(body: list[Line]) -> bool:
    """True when the row numbers read whole rise line by line (an extract of a longer table:
    12, 13, …, 19, 56, 57…): then each row's whole digit run is its number, gaps allowed."""
    nums = []
    for ln in body:
        if ln.blank or is_furniture(ln.s):
            continue
        m = _ROW.match(ln.s)
        if m and not any(c in _CAT_BAD for c in m.group(1).strip()) and ln.s[m.end():m.end() + 1] not in ".、．":
            nums.append(int(m.group(2)))
    return len(nums) >= 3 and nums[0] > 3 and all(a < b for a, b in zip(nums, nums[1:]))


def _row_start(ln: Line, expected: int, have_category: bool, first: bool,
               whole: bool = False) -> tuple[tuple[int, int], tuple[int, int], int] | None:
    """Category span, seq span and number of a row line, or ``None``."""
    m = _ROW.match(ln.s)
    if not m:
        return None
    cat = m.group(1).strip()
    if any(c in _CAT_BAD for c in cat) or is_furniture(cat) or (cat and len(cat) < 2):
        return None
    digits = m.group(2)
    number = None
    if whole and int(digits) >= expected and (cat or have_category):
        c0 = ln.i + m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
        return (c0, c0 + len(cat)), (ln.i + m.start(2), ln.i + m.end(2)), int(digits)
    for cut in range(len(digits), 0, -1):  # prefer the expected number, then a short gap
        n = int(digits[:cut])
        if n == expected:
            number, size = n, cut
            break
    if number is None:
        for cut in range(1, len(digits) + 1):
            n = int(digits[:cut])
            if expected < n <= expected + 3 or (first and 0 < n <= 3):
                number, size = n, cut
                break
    if number is None or (not cat and not have_category):
        return None
    c0 = ln.i + m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
    return (c0, c0 + len(cat)), (ln.i + m.start(2), ln.i + m.start(2) + size), number


def _record(tm: TextMap, index: int, row: tuple, known: set[str], found: set[str]) -> Record | None:
    ln, cat, seq, extra = row
    rest_i = seq[1]
    rest = tm.norm[rest_i:ln.j]
    unit_lines: list[Line] = []
    progress_lines: list[Line] = []
    for x in extra:
        if not progress_lines and _is_unit_line(x):
            unit_lines.append(x)
        else:
            progress_lines.append(x)
    units: list[tuple[int, int]] = []
    if unit_lines:
        content_end, tail_units, _ = _split(rest, known, tail_only=True)
        units += [(rest_i + a, rest_i + b) for a, b in tail_units]
        for u in unit_lines:
            a, b = u.strip_span()
            units += [(a + x, a + y) for x, y in cell_units(tm.norm[a:b])]
        prog = (progress_lines[0].i, progress_lines[-1].j) if progress_lines else None
    else:
        content_end, inline_units, prog_start = _split(rest, known, tail_only=False)
        units += [(rest_i + a, rest_i + b) for a, b in inline_units]
        p0 = rest_i + prog_start if prog_start < len(rest) and rest[prog_start:].strip() else None
        p1 = progress_lines[-1].j if progress_lines else ln.j
        if p0 is None and progress_lines:
            p0 = progress_lines[0].i
        prog = (p0, p1) if p0 is not None else None
    for a, b in units:
        u = tm.norm[a:b]
        m = match_unit(u, 0) or match_unit(u, 0, prefix=False)
        if m and m[0] == len(u):  # only complete names join the document's lexicon
            found.add(u)
    seen_units: set[str] = set()  # 区城市管理委区城市管理委全年…: the unit repeated to open its report is one unit
    units = [u for u in units if not (tm.norm[u[0]:u[1]] in seen_units or seen_units.add(tm.norm[u[0]:u[1]]))]
    content = field_of(tm, rest_i, rest_i + content_end)
    return Record(
        index=index, layout=LAYOUT,
        category=tm.field(*cat) if cat else None,
        seq=tm.field(*seq), indicator=content, target=content,
        lead_units=[f for f in (tm.field(a, b) for a, b in units) if f is not None],
        progress=field_of(tm, *prog) if prog else None,
    )


def _is_unit_line(ln: Line) -> bool:
    s = ln.stripped
    return bool(s) and narrow(s, _UNIT_LINE_MAX) and not any(c in s for c in CLAUSE_PUNCT) \
        and not is_furniture(s) and not s[0].isdigit()


def _boundaries(s: str) -> list[int]:
    """Positions right after a sentence end or whitespace: where a new cell may start."""
    out = []
    for k in range(1, len(s)):
        if s[k - 1] in SENTENCE_END or (s[k - 1].isspace() and not s[k].isspace()):
            out.append(k)
    return out


def _split(s: str, known: set[str], tail_only: bool) -> tuple[int, list[tuple[int, int]], int]:
    """``(content end, unit spans, progress start)`` within a row line's rest ``s``.

    Candidates, best first: a known unit or a prefixed unit after a sentence end, or a
    known unit anywhere (earliest of these wins); then a strong-suffix unit without
    prefix after a sentence end; then a prefixed unit anywhere. With ``tail_only``
    only a unit that ends the line counts (more units follow on their own lines).
    """
    bounds = set(_boundaries(s))
    known_sorted = sorted(known, key=len, reverse=True)
    best: tuple[int, int, int] | None = None  # (rank, start, end)
    for p in range(1, len(s)):
        e = _known(s, p, known_sorted)
        rank = 0
        if e is None:
            m = match_unit(s, p)
            if m:
                e, rank = m[0], (0 if p in bounds else 3)
            elif p in bounds:
                m = match_unit(s, p, prefix=False)
                if m:
                    e, rank = m[0], 2
        if e is None or (tail_only and s[e:].strip()):
            continue
        if best is None or (rank, p) < best[:2]:
            best = (rank, p, e)
            if rank == 0:
                break
    if best is None:
        if tail_only:
            return len(s), [], len(s)
        cut = next((k for k in sorted(bounds) if s[k - 1] in SENTENCE_END), len(s))
        return cut, [], cut
    _, p, e = best
    spans = chain_units(s, p, e, known_sorted)
    return p, spans, spans[-1][1]


def _known(s: str, p: int, known_sorted: list[str]) -> int | None:
    for u in known_sorted:
        if s.startswith(u, p):
            m = match_unit(s, p)
            return max(p + len(u), m[0] if m else 0)
    return None
