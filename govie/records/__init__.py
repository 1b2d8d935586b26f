"""Records: a report text → rows of category, seq, indicator, target, lead units, progress.

>>> parsed = read_records("2017年上半年绩效任务进展\\n绩效任务 | 年度目标 | 进展情况 |\\n就业 | 9000人以上 | 已完成10355人 |\\n")
>>> parsed.layout, len(parsed.records), parsed.records[0].target.text
('pipe_table', 1, '9000人以上')

Every Field indexes the text given: ``text[f.start:f.end] == f.text``. Fields
are raw slices of the text (a wrapped PDF cell keeps its line breaks), with
surrounding whitespace and ``|`` left out. Readers work on the normalized view
(:class:`govie.read.TextMap`), so full-width digits, CRLF and GBK input read the same.

Layouts (see :mod:`.detect`): ``pdf_columns`` (000), ``dimension`` (001),
``narrative`` (002), ``flat_table`` (003), ``pipe_table`` (004), ``labelled`` (年度目标：/
进展情况： lines under headings, common in other regions' reports) and the ``paragraphs`` fallback. Choices worth knowing:

* a pipe-table row that continues the task above gets the *same* ``indicator``
  Field object as the row naming the task, and is a record of its own;
* in ``flat_table`` the task text is both ``indicator`` and ``target`` (one Field);
* ``dimension``, ``narrative`` and ``paragraphs`` records have no target;
* title and header rows are never records;
* text without line breaks (a 5 MB single line) is one ``paragraphs`` record.
"""
from __future__ import annotations

from ..errors import E010, InputError
from ..read.textmap import TextMap
from . import dimension, flat_table, labelled, narrative, paragraphs, pdf_columns, pipe_table
from ._helpers import Parsed
from .detect import LAYOUTS, detect_layout
from .period import infer_period

__all__ = ["read_records", "Parsed", "detect_layout", "infer_period", "LAYOUTS"]

_READERS = {
    "pdf_columns": pdf_columns.read,
    "dimension": dimension.read,
    "labelled": labelled.read,
    "narrative": narrative.read,
    "flat_table": flat_table.read,
    "pipe_table": pipe_table.read,
    "paragraphs": paragraphs.read,
}


def read_records(text: str, *, layout: str | None = None) -> Parsed:
    """Split a report text into records; ``layout`` forces a reader (one of ``LAYOUTS``).

    The layout is detected from the text when not given. A reader that finds no
    record hands over to the ``paragraphs`` reader, so any non-blank text gives
    records; a blank text gives none.
    """
    if not isinstance(text, str):
        raise InputError(E010.format(what="read_records(text)", expected="the report text (str)", got=type(text).__name__))
    if layout is not None and layout not in _READERS:
        raise InputError(E010.format(what="read_records(layout=...)", expected=f"one of {', '.join(LAYOUTS)}", got=layout))
    tm = TextMap.build(text)
    name = layout or detect_layout(tm)
    parsed = _READERS[name](tm)
    if not parsed.records and name != "paragraphs" and layout is None:
        fallback = paragraphs.read(tm)
        fallback.title = parsed.title or fallback.title
        fallback.period = parsed.period or fallback.period
        return fallback
    return parsed
