"""Fallback layout: one record per paragraph, ``progress`` = the paragraph, no target.

Paragraphs are separated by blank lines, and a line that ends a sentence
(。！？；) also ends its paragraph, so text with one paragraph per line splits
too. A leading title line (a year and a title word, no sentence punctuation)
is the title, not a record. Any text gives a result without raising; a text
with no line breaks is one paragraph however long it is.
"""
from __future__ import annotations

from ..read.textmap import TextMap
from ..schema import Record
from ._helpers import SENTENCE_END, Parsed, field_of, find_title, lines_of, narrow
from .period import infer_period

LAYOUT = "paragraphs"


def read(tm: TextMap) -> Parsed:
    lines = lines_of(tm)
    first = next((k for k, ln in enumerate(lines) if not ln.blank), None)
    if first is None:
        return Parsed(LAYOUT)
    title = None
    s = lines[first].stripped
    if narrow(s, 60) and not any(c in s for c in SENTENCE_END + ",，") and find_title(tm, lines[first:first + 1]):
        t = find_title(tm, lines[first:first + 1])
        if t is not None and infer_period(t.text) is not None:
            title = t
            first += 1
    spans: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    for ln in lines[first:]:
        if ln.blank:
            if start is not None:
                spans.append((start, end))
            start = None
            continue
        a, b = ln.strip_span()
        start = a if start is None else start
        end = b
        if tm.norm[b - 1] in SENTENCE_END:
            spans.append((start, end))
            start = None
    if start is not None:
        spans.append((start, end))
    records = []
    for i, j in spans:
        f = field_of(tm, i, j)
        if f is not None:
            records.append(Record(index=len(records), layout=LAYOUT, progress=f))
    return Parsed(LAYOUT, title, infer_period(title.text) if title else None, records)
