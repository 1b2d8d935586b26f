"""Layout 000: PDF text of a three-column table (指标名称 / 年度目标值 / 进展情况).

The PDF extractor wrote each cell's wrapped lines one after another and put
blank lines between most cells. The reader learns each column's width from the
wrapped lines (a wrapped line is about as wide as its column) and walks the
blocks of non-blank lines, expecting indicator → target → progress:

* a block continues the cell it starts in until a line is wider than that
  column holds; that line opens the next column (``用水总量和效率`` followed at
  once by the target's wide lines; ``9000人以上`` followed by progress lines);
* a line with spaces that is wider than the indicator column and whose first
  parts fit the first columns holds several cells (``慢行交通综合指数 慢行交通综合指数≥6分 18公里…``);
* after a progress cell, a block whose first line is wider than the target
  column or ends a sentence continues the progress (a page break); any other
  block starts the next indicator.

When the cells seldom wrap and no widths can be learned, blocks are read by content
(:func:`_assign_by_content`): long blocks are progress, short ones indicator then target.

Each cell is one Field from its first to its last line (line breaks included).
"""
from __future__ import annotations

import re

from ..read.textmap import TextMap
from ..schema import Record
from ._helpers import SENTENCE_END, Line, Parsed, field_of, find_title, has_keywords, lines_of, narrow, width
from .period import infer_period

LAYOUT = "pdf_columns"
_TOL = 0.5
_GAP = 2.0  # widths further apart than this belong to different columns
_PAGE_NO = re.compile(r"^\s*(?:[-—]\s*\d{1,3}\s*[-—]|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})\s*$")
_WRAP_END = set(SENTENCE_END + ",:、)”》")


def find_header(lines: list[Line]) -> int | None:
    """Index of a header line naming an indicator, a target and a progress column, or of the last of
    three short header cells the PDF extractor wrote one per block (指标名称 / 年度目标值 / 1-10月进展情况)."""
    for k, ln in enumerate(lines[:80]):
        s = ln.stripped
        if "|" in s or not narrow(s, 40):
            continue
        if has_keywords(s, "target") and has_keywords(s, "progress") and has_keywords(s, "indicator") \
                and not has_keywords(s, "dimension"):
            return k
    cells = [(k, ln.stripped) for k, ln in enumerate(lines[:80]) if not ln.blank]
    for i in range(len(cells) - 2):
        (k0, a), (k1, b), (k2, c) = cells[i:i + 3]
        if k2 - k0 <= 6 and all(narrow(x, 12) for x in (a, b, c)) and has_keywords(a, "indicator") \
                and has_keywords(b, "target") and has_keywords(c, "progress") and not has_keywords(a + b + c, "dimension"):
            return k2
    return None


def read(tm: TextMap) -> Parsed:
    lines = lines_of(tm)
    h = find_header(lines)
    title = find_title(tm, lines, h if h is not None else 0)
    period = infer_period(title.text) if title else None
    if period is not None and h is not None and (period[0].month, period[1].month) == (1, 12):
        # 东城区2020年…重点指标 / 指标名称 年度目标值 1-10月进展情况: the progress column names the months
        period = infer_period(f"{period[0].year}年{lines[h].stripped}") or period
    blocks = _blocks(lines[(h + 1) if h is not None else 0:])
    if h is not None:  # the header repeated after a page break (one line, or one cell a block) is no cell
        heads = {ln.stripped for ln in lines[max(0, h - 6):h + 1] if not ln.blank and narrow(ln.stripped, 40)
                 and any(has_keywords(ln.stripped, k) for k in ("indicator", "target", "progress"))}
        blocks = [b for b in blocks if not (len(b) == 1 and b[0].stripped in heads)]
    caps = column_caps(blocks)
    if caps is not None:
        cells_per_record = _assign(tm, blocks, caps)
    else:
        cells_per_record = _assign_by_content(blocks)
        if sum(1 for c in cells_per_record if all(c)) < 2:  # no short-cell table: leave the text to another reader
            cells_per_record = []
    records = []
    for cells in cells_per_record:
        f = [field_of(tm, c[0][0], c[-1][1]) if c else None for c in cells]
        if f[1] is None and f[2] is None:
            continue
        records.append(Record(index=len(records), layout=LAYOUT, indicator=f[0], target=f[1], progress=f[2]))
    return Parsed(LAYOUT, title, period, records)


def _blocks(lines: list[Line]) -> list[list[Line]]:
    blocks: list[list[Line]] = []
    cur: list[Line] = []
    for ln in lines:
        if ln.blank or _PAGE_NO.match(ln.s):
            if cur:
                blocks.append(cur)
            cur = []
        else:
            cur.append(ln)
    if cur:
        blocks.append(cur)
    return blocks


def column_caps(blocks: list[list[Line]]) -> tuple[float, float] | None:
    """Widths of the first two columns: the widest wrapped line of the two narrowest of
    the three most common width clusters (the third column is not bounded); with too
    few wrapped lines, the widest lines of blocks taken in turn."""
    ws = sorted(width(ln.stripped) for b in blocks for ln in b[:-1]
                if ln.stripped[-1] not in _WRAP_END and " " not in ln.stripped)
    clusters: list[list[float]] = []
    for w in ws:
        if clusters and w - clusters[-1][-1] <= _GAP:
            clusters[-1].append(w)
        else:
            clusters.append([w])
    clusters = [c for c in clusters if len(c) >= 2]
    if len(clusters) < 3:
        return _rotation_caps(blocks)
    top = sorted(sorted(clusters, key=len, reverse=True)[:3], key=lambda c: c[0])
    return top[0][-1], top[1][-1]


def _rotation_caps(blocks: list[list[Line]]) -> tuple[float, float] | None:
    """Fallback for short texts with few wrapped lines: blocks taken strictly in turn
    (indicator, target, progress); ``None`` when the widths do not grow column by column."""
    if len(blocks) < 3 or len(blocks) % 3:
        return None
    widest = [max((width(ln.stripped) for b in blocks[k::3] for ln in b), default=0.0) for k in range(3)]
    if not widest[0] < widest[1] < widest[2]:
        return None
    return widest[0], widest[1]


def _assign(tm: TextMap, blocks: list[list[Line]], caps: tuple[float, float]) -> list[list[list[tuple[int, int]]]]:
    records: list[list[list[tuple[int, int]]]] = []
    cur: list[list[tuple[int, int]]] | None = None
    col = 0  # the column the next block starts in
    for block in blocks:
        first = block[0]
        if col == 0 and cur is not None and cur[2] and _continues(first, caps):
            cur[2].extend(ln.strip_span() for ln in block)
            continue
        if col == 0 or cur is None:
            cur = [[], [], []]
            records.append(cur)
        c = col
        for k, ln in enumerate(block):
            if k == 0 and c == 0:
                parts = _row_parts(tm, ln, caps)
                if parts:
                    for ci, span in parts:
                        cur[ci].append(span)
                    c = parts[-1][0]
                    continue
            w = width(ln.stripped)
            while c < 2 and w > caps[c] + _TOL:
                c += 1
            cur[c].append(ln.strip_span())
        col = 0 if c == 2 else c + 1
    return records


_PROGRESS_WIDTH = 20.0  # a cell line wider than this is no indicator or target of a short-cell table


def _assign_by_content(blocks: list[list[Line]]) -> list[list[list[tuple[int, int]]]]:
    """Tables whose indicator and target cells are short and seldom wrap, so that no column widths
    can be learned (cells one per block: 城镇新增就业人数 / ≥8000人 / 1-10月，…): a long block or
    one ending a sentence is the progress cell (or continues it past a page break); short blocks
    before it are the indicator, then the target (a second short block after the target extends it)."""
    records: list[list[list[tuple[int, int]]]] = []
    cur: list[list[tuple[int, int]]] | None = None
    for block in blocks:
        long = any(width(ln.stripped) > _PROGRESS_WIDTH for ln in block) or block[-1].stripped[-1] in SENTENCE_END
        spans = [ln.strip_span() for ln in block]
        if long:
            if cur is None:
                cur = [[], [], []]
                records.append(cur)
            cur[2].extend(spans)
            continue
        if cur is None or cur[2]:
            cur = [[], [], []]
            records.append(cur)
        cur[0 if not cur[0] else 1].extend(spans)
    return records


def _continues(first: Line, caps: tuple[float, float]) -> bool:
    s = first.stripped
    return (width(s) > caps[1] + _TOL and not _has_cell_gap(s, caps)) or s[-1] in SENTENCE_END


def _has_cell_gap(s: str, caps: tuple[float, float]) -> bool:
    head = re.split(r"\s+", s, maxsplit=1)[0]
    return " " in s and width(head) <= caps[0] + _TOL


def _row_parts(tm: TextMap, ln: Line, caps: tuple[float, float]) -> list[tuple[int, tuple[int, int]]] | None:
    """Cells of a line that holds several cells separated by spaces, as ``(column, span)``."""
    a, b = ln.strip_span()
    s = tm.norm[a:b]
    if " " not in s or width(s) <= caps[0] + _TOL:
        return None
    pieces = [(m.start() + a, m.end() + a) for m in re.finditer(r"\S+", s)]
    out: list[tuple[int, tuple[int, int]]] = []
    col = 0
    for k, (x, y) in enumerate(pieces):
        w = width(tm.norm[x:y])
        while col < 2 and w > caps[col] + _TOL:
            col += 1
        if col == 2 or k == len(pieces) - 1:
            out.append((col, (x, pieces[-1][1])))
            break
        out.append((col, (x, y)))
        col += 1
    if len(out) < 2 or out[0][0] != 0:
        return None
    return out
