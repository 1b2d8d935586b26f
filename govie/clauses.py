"""Clauses: a field split on sentence ends and list items, offsets into the report text.

>>> text = "目标：1.开办企业全程网办，一日办结；2.简易低风险项目15个工作日内办结。"
>>> [c.text for c in split_clauses(text)]
['目标', '开办企业全程网办，一日办结', '简易低风险项目15个工作日内办结']

Split points: ``。`` ``；`` ``！`` ``？`` (full- or half-width), line breaks that
are not wraps (a blank line, or a break next to a space), ``:`` before a list
item, and list-item markers at the start of a clause: ``1.`` ``1、`` ``(1)``
``①`` ``(一)`` ``一、`` ``一是``; ``①``, ``(1)`` and ``(一)`` anywhere, the others after a
comma, colon, sentence end or line start. Markers and the punctuation around a clause are left out of it.

A number starting a clause is a marker only when it continues the list: ``13.5公里``
and ``3.0政策`` never split, and ``1.1-9月，…`` / ``2.2020年1月…`` (a marker
followed by a digit) count when the next marker of the list follows (``2.`` after
``1.``) or a previous marker precedes it.
"""
from __future__ import annotations

import re

from .errors import E010, InputError
from .read.textmap import TextMap
from .schema import Field

_CN = "一二三四五六七八九十"
_SEP = re.compile(r"[。;!?]+|\n\s*\n|\n(?=\s)|(?<=\s)\n")
#: where a marker may stand: text start, after a separator, comma, colon, space, or a closing bracket
_CONTEXT = set("。;!?,:、 \n\t)]”")
_MARKER = re.compile(
    rf"(?P<num>\d{{1,2}})(?P<dot>[.、．])"
    rf"|\((?P<pnum>\d{{1,2}})\)"
    rf"|(?P<circ>[①-⑳⑴-⒇])"
    rf"|\((?P<pcn>[{_CN}]{{1,3}})\)"
    rf"|(?P<cn>[{_CN}]{{1,3}})(?P<cnk>、|是)"
)
_TRIM = " \t\n\r\f\v\u3000,，、;；:：。!?|¦"


def split_clauses(text: str, field: Field | None = None) -> list[Field]:
    """Clauses of ``field`` (default: all of ``text``) as Fields indexing ``text``."""
    if not isinstance(text, str):
        raise InputError(E010.format(what="split_clauses(text)", expected="the report text (str)", got=type(text).__name__))
    if field is None:
        start, end = 0, len(text)
    else:
        if text[field.start:field.end] != field.text:
            raise InputError(E010.format(what="split_clauses(field)", expected="a Field of this text",
                                         got=f"{field.text[:20]}@{field.start}"))
        start, end = field.start, field.end
    tm = TextMap.build(text, start, end, unwrap=True)
    norm = tm.norm
    cuts: list[tuple[int, int]] = [(m.start(), m.end()) for m in _SEP.finditer(norm)]
    cuts += _markers(norm)
    cuts.sort()
    out: list[Field] = []
    pos = 0
    for a, b in cuts + [(len(norm), len(norm))]:
        if a < pos:
            pos = max(pos, b)
            continue
        f = tm.field(pos, a, strip=_TRIM)
        if f is not None:
            out.append(f)
        pos = b
    return out


def _markers(norm: str) -> list[tuple[int, int]]:
    """Spans of list-item markers that start clauses (see the module docstring)."""
    cands = []
    for m in _MARKER.finditer(norm):
        a = m.start()
        anywhere = m.group("circ") or m.group("pcn") or m.group("pnum")  # unambiguous markers
        if a > 0 and norm[a - 1] not in _CONTEXT and not anywhere:
            continue
        if m.group("cn") and m.group("cnk") == "是" and a > 0 and norm[a - 1] not in ",:;。 \n":
            continue
        num = m.group("num")
        followed_by_digit = m.end() < len(norm) and norm[m.end()].isdigit()
        if num is not None and m.group("dot") == "." and followed_by_digit and int(num) > 20:
            continue
        cands.append((a, m.end(), int(num) if num is not None else None, num is not None and m.group("dot") == "." and followed_by_digit))
    keep: list[tuple[int, int]] = []
    numbered = [c for c in cands if c[2] is not None]
    nums = [c[2] for c in numbered]
    for k, (a, b, n, weak) in enumerate(cands):
        if n is None:
            keep.append((a, b))
            continue
        idx = numbered.index((a, b, n, weak))
        prev_n = nums[idx - 1] if idx > 0 else None
        next_n = nums[idx + 1] if idx + 1 < len(nums) else None
        fits = prev_n == n - 1 or next_n == n + 1
        if weak and not fits:
            continue  # 13.5 / 3.0 / a lone 1.5 at a clause start
        if not weak and n > 30:
            continue
        keep.append((a, b))
    return keep
