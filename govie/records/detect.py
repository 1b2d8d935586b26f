"""Which layout a report text has, from content cues (header rows, pipes, section markers).

Checked in this order; the first that matches wins:

1. ``pipe_table`` — three rows with two or more ``|``, or two with a header row (HTML and DOCX tables become these);
2. ``flat_table`` — a run-together header line with 序号 and two more column names (类别序号重点督办内容牵头单位…);
3. ``dimension`` — a header line naming a dimension column (考评维度) and a result column (落实情况);
4. ``labelled`` — lines opening with field labels (年度目标：…, 进展情况：…), a target and a progress one at least;
5. ``pdf_columns`` — a header line naming indicator, target and progress columns (指标名称 年度目标值 1-10月进展情况);
6. ``narrative`` — two or more section headings (一、… or （一）…);
7. ``paragraphs`` — anything else, the empty text included.
"""
from __future__ import annotations

from ..read.textmap import TextMap
from . import dimension, flat_table, labelled, narrative, pdf_columns, pipe_table
from ._helpers import lines_of

LAYOUTS = ("pipe_table", "flat_table", "dimension", "pdf_columns", "labelled", "narrative", "paragraphs")
_SCAN_LINES = 400


def detect_layout(tm: TextMap) -> str:
    """The layout name of the normalized text ``tm``."""
    lines = lines_of(tm)
    head = lines[:_SCAN_LINES]
    if pipe_table.looks_like(tm, lines):
        return "pipe_table"
    if flat_table.find_header(head) is not None:
        return "flat_table"
    if dimension.find_header(head) is not None:
        return "dimension"
    if labelled.looks_like(head):  # before pdf_columns: 指标名称：…；年度目标值：… names its columns too
        return "labelled"
    if pdf_columns.find_header(head) is not None:
        return "pdf_columns"
    if sum(1 for ln in lines if narrative.heading_level(ln.s)) >= 2:
        return "narrative"
    return "paragraphs"
