"""Shared pieces of the layout readers: the result type, lines, widths, titles, data files."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from ..read.textmap import TextMap
from ..schema import Field, Record

DATA = Path(__file__).resolve().parent / "data"

#: sentence-final punctuation on the normalized view (full-width ;!? are folded to ASCII)
SENTENCE_END = "。;!?"
#: punctuation that never stands in a heading, a category or a unit name
CLAUSE_PUNCT = "。,;:!?，；："


@dataclass
class Parsed:
    """What a layout reader returns: the layout name, title, period and records."""

    layout: str
    title: Field | None = None
    period: tuple[date, date] | None = None
    records: list[Record] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "layout": self.layout,
            "title": self.title.to_dict() if self.title else None,
            "period": [d.isoformat() for d in self.period] if self.period else None,
            "records": [r.to_dict() for r in self.records],
        }


@dataclass(frozen=True)
class Line:
    """One line of the normalized view: ``norm[i:j] == s`` (no line break)."""

    i: int
    j: int
    s: str

    @property
    def blank(self) -> bool:
        return not self.s.strip()

    @property
    def stripped(self) -> str:
        return self.s.strip()

    def strip_span(self) -> tuple[int, int]:
        """``(i, j)`` of the line without surrounding whitespace."""
        lead = len(self.s) - len(self.s.lstrip())
        trail = len(self.s) - len(self.s.rstrip())
        return self.i + lead, self.j - trail


def lines_of(tm: TextMap) -> list[Line]:
    return [Line(i, j, tm.norm[i:j]) for i, j in tm.lines()]


@cache
def load_json(name: str) -> dict[str, Any]:
    """A data file of this package, read once."""
    with open(DATA / name, encoding="utf-8") as fh:
        return json.load(fh)


def layout_data() -> dict[str, Any]:
    return load_json("layouts.json")


def width(s: str) -> float:
    """Display width in full-width cells: wide and ambiguous characters 1, others ½."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in s)


def narrow(s: str, limit: float) -> bool:
    """``width(s) <= limit``, without measuring long strings (width is at least len/2)."""
    return len(s) <= 2 * limit and width(s) <= limit


def is_furniture(s: str) -> bool:
    """Web page furniture (发布时间, 回到顶部, footers …): a short line with a furniture word."""
    t = s.strip()
    return narrow(t, 48) and any(w in t for w in layout_data()["furniture"])


def has_keywords(s: str, group: str) -> str | None:
    """The first header keyword of ``group`` that ``s`` contains."""
    for kw in layout_data()["header"][group]:
        if kw in s:
            return kw
    return None


_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")


def find_title(tm: TextMap, lines: list[Line], before: int | None = None) -> Field | None:
    """The report title among ``lines[:before]``: the first line with a year and a title word,
    else the first non-blank line; page furniture is skipped."""
    words = layout_data()["title_words"]
    cands = [ln for ln in lines[:before] if not ln.blank and not is_furniture(ln.s) and "|" not in ln.s.strip(" |")]
    if not cands:
        return None
    good = [ln for ln in cands if _YEAR.search(ln.s) and any(w in ln.s for w in words) and narrow(ln.stripped, 60)]
    pick = good[0] if good else cands[0]
    return tm.field(pick.i, pick.j)


def field_of(tm: TextMap, i: int, j: int) -> Field | None:
    """``tm.field`` that also strips cell separators and stray leading punctuation."""
    while i < j and tm.norm[i] in " \t\n|¦,、;:":
        i += 1
    return tm.field(i, j)
