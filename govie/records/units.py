"""Lead units (牵头单位): recognizing organization names by prefix, body and suffix.

A unit is ``PREFIX BODY SUFFIX EXTENSION*`` (``区`` ``住房城市建设`` ``委``
``(区重大办)``; ``市`` ``规划和自然资源`` ``委`` ``西城分局``): the body is the
*shortest* run of Chinese characters after which a suffix from the lexicon
follows, which keeps ``区体育局`` from swallowing ``通过北京市体育局`` that
follows it. The lexicon lives in ``data/lead_units.json``.
"""
from __future__ import annotations

import re
from functools import cache
from typing import Iterable

from ._helpers import load_json

_PAREN = re.compile(r"\s{0,4}\([^()\n]{1,16}\)")


@cache
def _lex() -> dict:
    d = load_json("lead_units.json")
    return {
        "prefixes": sorted(d["prefixes"], key=len, reverse=True),
        "suffixes": sorted(d["suffixes"], key=len, reverse=True),
        "strong": frozenset(d["strong_suffixes"]),
        "extensions": sorted(d["extensions"], key=len, reverse=True),
        "max_body": int(d["max_body"]),
        "not_in_body": frozenset(d["not_in_body"]),
        "not_starts": tuple(d["not_unit_starts"]),
        "separators": d["separators"],
    }


def _cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def match_unit(s: str, p: int, *, prefix: bool = True) -> tuple[int, str] | None:
    """End of the unit starting at ``s[p]`` and the suffix it ends with, or ``None``.

    ``prefix=False`` also accepts a unit without a prefix, but then only one that
    ends in a strong suffix (指挥部, 支队 …) and starts with no verb.
    """
    lx = _lex()
    q = p
    for pre in lx["prefixes"]:
        if s.startswith(pre, p):
            q = p + len(pre)
            break
    if q == p:
        if prefix or s.startswith(lx["not_starts"], p):
            return None
    for k in range(q, min(len(s), q + lx["max_body"]) + 1):
        if k > q and (not _cjk(s[k - 1]) or s[k - 1] in lx["not_in_body"]):
            return None
        for suf in lx["suffixes"]:
            if not s.startswith(suf, k):
                continue
            if len(suf) == 1 and k == q:
                continue  # 区委, 区所: a one-character suffix needs a body
            if q == p and suf not in lx["strong"]:
                continue
            return _extend(s, k + len(suf)), suf
    return None


def _extend(s: str, end: int) -> int:
    """Add parentheticals (``(区重大办)``) and sub-unit words (``西城分局``) after a unit."""
    lx = _lex()
    while True:
        m = _PAREN.match(s, end)
        if m and not any(c in m.group() for c in "。;,:"):
            end = m.end()
            continue
        for ext in lx["extensions"]:
            if s.startswith(ext, end):
                end += len(ext)
                break
        else:
            return end


def chain_units(s: str, start: int, end: int, known: Iterable[str] = ()) -> list[tuple[int, int]]:
    """The unit ``s[start:end]`` and the units that directly follow it (``区财政局、区税务局``)."""
    spans = [(start, end)]
    seps = _lex()["separators"]
    known = tuple(sorted(known, key=len, reverse=True))
    while True:
        q = end
        while q < len(s) and (s[q] in seps or s[q].isspace()):
            q += 1
        spaced = any(c.isspace() for c in s[end:q])
        nxt = _known_at(s, q, known) or _chained_grammar(s, q, spaced)
        if nxt is None:
            return spans
        spans.append((q, nxt))
        end = nxt


def _chained_grammar(s: str, q: int, spaced: bool) -> int | None:
    """A unit right after another: prefixed and at least 4 characters (not 区委), or,
    after a run of spaces (a flattened cell boundary), one with a strong suffix."""
    m = match_unit(s, q)
    if m is not None and m[0] - q >= 4:
        return m[0]
    if spaced:
        m = match_unit(s, q, prefix=False)
        if m is not None:
            return m[0]
    return None


def _known_at(s: str, p: int, known: tuple[str, ...]) -> int | None:
    for u in known:
        if s.startswith(u, p):
            return _extend(s, p + len(u))
    return None


def split_unit_cell(s: str) -> list[tuple[int, int]]:
    """Units in a cell or line that holds only units: split on separators, each piece kept
    whole even when the recognizer does not know its suffix (``区财政``)."""
    seps = _lex()["separators"].replace("和", "").replace("及", "")
    spans: list[tuple[int, int]] = []
    i, n = 0, len(s)
    while i < n:
        while i < n and (s[i] in seps or s[i].isspace()) and not _inside_paren(s, i):
            i += 1
        j = i
        while j < n and not ((s[j] in seps and s[j] != " ") and not _inside_paren(s, j)):
            j += 1
        piece_end = j
        while piece_end > i and s[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > i:
            spans.append((i, piece_end))
        i = j + 1
    return spans


def cell_units(s: str) -> list[tuple[int, int]]:
    """Units of a cell or line that holds only units: pieces between separators, each
    split further when the recognizer reads it as several units run together."""
    out: list[tuple[int, int]] = []
    for a, b in split_unit_cell(s):
        piece = s[a:b]
        m = match_unit(piece, 0) or match_unit(piece, 0, prefix=False)
        chain = chain_units(piece, 0, m[0]) if m else []
        if not chain or chain[-1][1] != len(piece):
            chain = [(0, len(piece))]
        out += [(a + x, a + y) for x, y in chain]
    return out


def _inside_paren(s: str, i: int) -> bool:
    return s.count("(", 0, i) > s.count(")", 0, i)
