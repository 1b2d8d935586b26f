"""Fallback layout: one record per paragraph, ``progress`` = the paragraph, no target.

A numbered paragraph that names its task before a colon (``1. 新建改造城市道路：…``) has that name as
``indicator`` and the rest as ``progress``; a target in brackets after the name (民生实事 lists:
``3.新建城市书房（8处）：已建成7处…``) is its ``target``. A paragraph that labels its result inline
(``…地区生产总值增长6%以上。完成情况：…``) has the text before the label as ``target``.

Paragraphs are separated by blank lines, and a line that ends a sentence
(。！？；) also ends its paragraph, so text with one paragraph per line splits
too. A title line (a year, a title word and a period, no sentence punctuation) among the first
eight short lines that are no page furniture is the title, not a record, and the short lines
before it (a site's name and menu) are dropped; furniture lines (首页 > 政务公开,
发布时间…, 主办：…) are no records. Any text gives a result without raising; a text
with no line breaks is one paragraph however long it is.
"""
from __future__ import annotations

import re

from ..read.textmap import TextMap
from ..schema import Record
from ._helpers import SENTENCE_END, Parsed, field_of, find_title, is_furniture, lines_of, narrow
from .period import infer_period

LAYOUT = "paragraphs"


def read(tm: TextMap) -> Parsed:
    lines = lines_of(tm)
    body = [k for k, ln in enumerate(lines) if not ln.blank and not is_furniture(ln.s)]
    if not body:
        return Parsed(LAYOUT)
    first, title = body[0], None
    for k in body[:8]:  # a web page: 首页 > 政务公开, site names and menus (short lines), the title, 发布时间…
        s = lines[k].stripped
        if any(c in s for c in SENTENCE_END + ",，") or not narrow(s, 60):
            break
        t = find_title(tm, lines[k:k + 1])
        if t is not None and infer_period(t.text) is not None:
            title, first = t, k + 1
            break
    spans: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    for ln in lines[first:]:
        if ln.blank or is_furniture(ln.s):
            if start is not None:
                spans.append((start, end))
            start = None
            continue
        a, b = ln.strip_span()
        if start is not None and _MARKER.match(tm.norm, a, b):
            spans.append((start, end))  # a numbered line opens a paragraph of its own
            start = None
        start = a if start is None else start
        end = b
        if tm.norm[b - 1] in SENTENCE_END:
            spans.append((start, end))
            start = None
    if start is not None:
        spans.append((start, end))
    records = []
    for i, j in spans:
        m = _ITEM.match(tm.norm, i, j)
        if m is not None:  # 3.新建城市书房(8处):已建成7处… / 1. 新建改造城市道路:年度目标…
            rec = Record(index=len(records), layout=LAYOUT, indicator=field_of(tm, *m.span("name")),
                         target=field_of(tm, *m.span("target")) if m.group("target") else None,
                         progress=field_of(tm, m.end(), j))
            if rec.progress is not None:
                records.append(rec)
                continue
        split = _split_inline(tm, i, j, len(records))
        if split is not None:
            records.append(split)
            continue
        f = field_of(tm, i, j)
        if f is not None:
            records.append(Record(index=len(records), layout=LAYOUT, progress=f))
    return Parsed(LAYOUT, title, infer_period(title.text) if title else None, records)


def _split_inline(tm: TextMap, i: int, j: int, index: int) -> Record | None:
    """A paragraph that states its task, then labels its result inline (``2.推动经济高质量发展。地区生产总值
    增长6%以上。完成情况：全年…增长8.2%``): the text before the label is the target, after it the
    progress, a numbered short title ending in 。 the indicator."""
    m = _INLINE_PROGRESS.search(tm.norm, i, j)
    if m is None:
        return None
    t0 = i
    title = _TITLE.match(tm.norm, i, m.start())
    indicator = None
    if title is not None:
        indicator, t0 = field_of(tm, *title.span("name")), title.end()
    target, progress = field_of(tm, t0, m.start()), field_of(tm, m.end(), j)
    if target is None or progress is None:
        return None
    return Record(index=index, layout=LAYOUT, indicator=indicator, target=target, progress=progress)


# 完成情况：/ 进展情况： inside a paragraph, after its task (not at its start: that is a labelled line)
_INLINE_PROGRESS = re.compile(r"(?<=[。；;])\s*(?:进展情况|完成情况|落实情况|工作进展|完成进度)\s*:\s*")
_TITLE = re.compile(r"\s*(?:\d{1,2}[.、](?!\d)|[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十\d]{1,3}\))\s*"
                    r"(?P<name>[^。,;:、\d]{2,24})。")
_MARKER = re.compile(r"\s*(?:\d{1,2}[.、](?!\d)|[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十\d]{1,3}\))")
# a numbered item that names its task before a colon, its target in brackets when given (民生实事 lists)
_ITEM = re.compile(r"\s*(?:\d{1,2}[.、]|[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十\d]{1,3}\))\s*"
                   r"(?P<name>[^()\s,;:。、]{2,30}?)\s*(?:\((?P<target>[^()\n]{1,40})\))?\s*:\s*(?=\S)")
