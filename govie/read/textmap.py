"""A normalized view of a stretch of text, with an exact map back to the original.

Readers and taggers work on ``TextMap.norm`` and turn what they find back into
original offsets with :meth:`TextMap.span_to_orig`, so every ``Field`` keeps
``text[f.start:f.end] == f.text``.

What the normalized view changes, character by character:

* NFKC of each character on its own: full-width digits, letters and the
  full-width punctuation of U+FF01..U+FF5E fold to ASCII (``１２３`` → ``123``,
  ``，；：（）！？｜`` → ``,;:()!?|``), the ideographic space and NBSP become
  ``" "``, and compatibility characters expand (``℃`` → ``°C``, ``Ⅳ`` → ``IV``).
  ``。、“”《》·`` have no compatibility form and stay as they are; downstream
  code matches ``。`` and ``、`` literally. Exception: circled and parenthesized
  numbers (``①`` ``⑴`` ``㉑``, U+2460..U+24FF, U+3251..U+325F, U+32B1..U+32BF) stay,
  as they are list markers, not quantities.
* ``\\r\\n`` and a lone ``\\r`` become ``\\n``.
* Zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen) are dropped.
* With ``unwrap=True`` a single line break between two non-space characters
  (a PDF wrap inside a cell) is dropped; blank lines (paragraph breaks) stay.

Each normalized character maps to the whole original character it came from,
so a span covering only ``°`` of ``℃`` maps to the full ``℃``.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import Iterator

from ..schema import Field

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")

#: characters stripped from both ends of a field (whitespace and cell separators)
FIELD_STRIP = " \t\n\r\f\v\u3000\u00a0|¦"


@dataclass(frozen=True)
class _Run:
    """Normalized characters ``[nstart, nstart + nlen)`` from original ``[ostart, ostart + olen)``.

    An identity run has ``nlen == olen`` and maps character by character (the
    characters may differ: ``，`` → ``,``); any other run is one original unit
    (``\\r\\n`` or a character that NFKC expands) and every normalized character
    in it maps to the whole unit.
    """

    nstart: int
    ostart: int
    nlen: int
    olen: int
    identity: bool


class TextMap:
    """Normalized view ``norm`` of ``text[start:end]`` with offsets back into ``text``."""

    __slots__ = ("text", "start", "end", "norm", "_runs", "_nstarts", "_ostarts")

    def __init__(self, text: str, start: int, end: int, norm: str, runs: list[_Run]) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.norm = norm
        self._runs = runs
        self._nstarts = [r.nstart for r in runs]
        self._ostarts = [r.ostart for r in runs]

    # -- building -----------------------------------------------------------------
    @classmethod
    def build(cls, text: str, start: int = 0, end: int | None = None, *, unwrap: bool = False) -> "TextMap":
        """Normalize ``text[start:end]``; ``unwrap`` drops line breaks inside wrapped lines."""
        end = len(text) if end is None else end
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"TextMap.build: span ({start}, {end}) outside a text of {len(text)} characters")
        b = _Builder()
        table = _folding()[0]
        pos = start
        for m in _special(unwrap).finditer(text, start, end):
            i = m.start()
            if i < pos:  # the \n of a \r\n already consumed
                continue
            b.identity(pos, i - pos, text[pos:i].translate(table))
            c = text[i]
            if c in _ZERO_WIDTH:
                pos = i + 1
                continue
            if c not in "\r\n":
                b.unit(i, 1, unicodedata.normalize("NFKC", c))
                pos = i + 1
                continue
            olen = 2 if c == "\r" and i + 1 < end and text[i + 1] == "\n" else 1
            if not (unwrap and _is_wrap(text, start, end, i, i + olen)):
                b.unit(i, olen, "\n")
            pos = i + olen
        b.identity(pos, end - pos, text[pos:end].translate(table))
        return cls(text, start, end, "".join(b.parts), b.runs)

    # -- mapping ------------------------------------------------------------------
    def to_orig(self, i: int) -> int:
        """Original offset where normalized character ``i`` starts (``len(norm)`` → end of the view)."""
        if not 0 <= i <= len(self.norm):
            raise IndexError(f"normalized offset {i} outside 0..{len(self.norm)}")
        if i == len(self.norm):
            return self.end
        r = self._runs[bisect_right(self._nstarts, i) - 1]
        return r.ostart + (i - r.nstart if r.identity else 0)

    def _orig_end(self, i: int) -> int:
        """Original offset where normalized character ``i`` ends."""
        r = self._runs[bisect_right(self._nstarts, i) - 1]
        return r.ostart + (i - r.nstart + 1 if r.identity else r.olen)

    def span_to_orig(self, i: int, j: int) -> tuple[int, int]:
        """Original ``(start, end)`` covering normalized ``norm[i:j]`` (``i == j`` → an empty span)."""
        if not 0 <= i <= j <= len(self.norm):
            raise IndexError(f"normalized span ({i}, {j}) outside 0..{len(self.norm)}")
        if i == j:
            p = self.to_orig(i)
            return p, p
        return self.to_orig(i), self._orig_end(j - 1)

    def to_norm(self, p: int) -> int:
        """First normalized offset at or after original offset ``p`` (``self.end`` → ``len(norm)``)."""
        if not self.start <= p <= self.end:
            raise IndexError(f"original offset {p} outside {self.start}..{self.end}")
        k = bisect_right(self._ostarts, p) - 1
        if k < 0:
            return 0
        r = self._runs[k]
        if p < r.ostart + r.olen:
            return r.nstart + (p - r.ostart if r.identity else 0)
        return r.nstart + r.nlen  # p in a dropped stretch or at the end: the next run starts here

    def field(self, i: int, j: int, strip: str = FIELD_STRIP) -> Field | None:
        """The original text under ``norm[i:j]`` as a ``Field``, ``strip`` characters removed from
        both ends (matched on the normalized view); ``None`` when nothing is left."""
        while i < j and self.norm[i] in strip:
            i += 1
        while j > i and self.norm[j - 1] in strip:
            j -= 1
        if i >= j:
            return None
        s, e = self.span_to_orig(i, j)
        return Field(self.text[s:e], s, e)

    def lines(self) -> Iterator[tuple[int, int]]:
        """``(i, j)`` normalized spans of every line, line breaks excluded."""
        i = 0
        n = len(self.norm)
        while i <= n:
            j = self.norm.find("\n", i)
            if j < 0:
                if i < n:
                    yield i, n
                return
            yield i, j
            i = j + 1

    def __len__(self) -> int:
        return len(self.norm)

    def __repr__(self) -> str:
        return f"TextMap({self.start}..{self.end}, norm={self.norm[:30]!r}{'…' if len(self.norm) > 30 else ''})"


@cache
def _folding() -> tuple[dict[int, str], str]:
    """What NFKC does to single characters (planes 0-2; nothing above them folds):
    a ``str.translate`` table of the one-to-one foldings, and a regex class of the
    characters that expand to several (or vanish: the zero-width ones)."""
    table: dict[int, str] = {}
    multi: list[list[int]] = []
    for cp in range(0x30000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        nf = unicodedata.normalize("NFKC", ch)
        if ch in _ZERO_WIDTH or (nf != ch and not _kept(ch) and len(nf) != 1):
            if multi and multi[-1][1] == cp - 1:
                multi[-1][1] = cp
            else:
                multi.append([cp, cp])
        elif nf != ch and not _kept(ch):
            table[cp] = nf
    cls = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in multi)
    return table, cls


@cache
def _special(unwrap: bool) -> re.Pattern[str]:
    """Characters that break the one-to-one mapping: line breaks, zero-width characters
    and characters NFKC expands."""
    breaks = "\r\n" if unwrap else "\r"
    return re.compile(f"[{breaks}{_folding()[1]}]")


def _kept(ch: str) -> bool:
    """Characters NFKC would fold that the view keeps: enclosed list numbers."""
    return "\u2460" <= ch <= "\u24ff" or "\u3251" <= ch <= "\u325f" or "\u32b1" <= ch <= "\u32bf"


def _is_wrap(text: str, start: int, end: int, i: int, j: int) -> bool:
    """True when the line break ``text[i:j]`` sits between two non-space characters."""
    return start < i and j < end and not text[i - 1].isspace() and not text[j].isspace()


class _Builder:
    """Accumulates normalized pieces and runs, merging neighbouring identity runs."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.runs: list[_Run] = []
        self.n = 0

    def identity(self, ostart: int, length: int, s: str) -> None:
        if not length:
            return
        last = self.runs[-1] if self.runs else None
        if last and last.identity and last.ostart + last.olen == ostart and last.nstart + last.nlen == self.n:
            self.runs[-1] = _Run(last.nstart, last.ostart, last.nlen + length, last.olen + length, True)
        else:
            self.runs.append(_Run(self.n, ostart, length, length, True))
        self.parts.append(s)
        self.n += length

    def unit(self, ostart: int, olen: int, s: str) -> None:
        if len(s) == olen == 1:
            self.identity(ostart, 1, s)
            return
        self.runs.append(_Run(self.n, ostart, len(s), olen, False))
        self.parts.append(s)
        self.n += len(s)
