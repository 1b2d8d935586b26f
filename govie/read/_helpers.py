"""HTML and DOCX → plain text, tables as pipe rows (``a | b | c |``, one row a line).

A cell spanned from the row above (``rowspan``, DOCX ``vMerge``) becomes an
empty cell, so the pipe reader sees ``| target | progress |`` and attaches the
row to the task above; the extra columns of a ``colspan``/``gridSpan`` cell
become empty cells. ``|`` inside a cell is written ``¦`` so it cannot split it.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

_BLOCK = frozenset(
    "address article aside blockquote body caption center dd details div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary ul".split()
)
_DROP = frozenset("script style noscript template head iframe object svg select button title meta link".split())
_WS = re.compile(r"[ \t\n\r\f\v\u00a0\u3000]+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


class _Lines:
    """Collects inline text into lines; blocks end lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.cur: list[str] = []

    def add(self, s: str | None) -> None:
        if s:
            self.cur.append(_WS.sub(" ", s))

    def newline(self) -> None:
        line = "".join(self.cur).strip()
        self.cur = []
        if line:
            self.lines.append(line)

    def text(self) -> str:
        self.newline()
        return "\n".join(self.lines)


def html_to_text(html: str) -> str:
    """Visible text of an HTML page: blocks on their own lines, tables as pipe rows."""
    from lxml import etree
    from lxml import html as lxml_html

    html = _XML_DECL.sub("", html)
    if not html.strip():
        return ""
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    out = _Lines()
    _walk(root, out)
    return out.text()


def _tag(el: Any) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _walk(el: Any, out: _Lines) -> None:
    tag = _tag(el)
    if tag in _DROP or not tag:  # comments and processing instructions have no str tag
        return
    if tag == "br":
        out.newline()
        return
    if tag == "table":
        out.newline()
        for row in _table_rows(el):
            out.lines.append(row)
        return
    block = tag in _BLOCK
    if block:
        out.newline()
    out.add(el.text)
    for child in el:
        _walk(child, out)
        out.add(child.tail)
    if block:
        out.newline()


def _inline_text(el: Any) -> str:
    """All visible text under ``el`` on one line."""
    parts: list[str] = []

    def rec(e: Any) -> None:
        if _tag(e) in _DROP or not _tag(e):
            return
        if _tag(e) in _BLOCK or _tag(e) in ("br", "tr", "td", "th", "table"):
            parts.append(" ")
        parts.append(e.text or "")
        for c in e:
            rec(c)
            parts.append(c.tail or "")

    rec(el)
    return _cell("".join(parts))


def _cell(s: str) -> str:
    return _WS.sub(" ", s).strip().replace("|", "¦").replace("｜", "¦")


def _table_rows(table: Any) -> list[str]:
    rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    grid: list[list[tuple[str, int]]] = []  # per row: (text, rowspan)
    for tr in rows:
        cells = []
        for td in tr.xpath("./td|./th"):
            cells.append((_inline_text(td), _span(td.get("colspan")), _span(td.get("rowspan"))))
        grid.append(cells)  # type: ignore[arg-type]
    return [_pipe(r) for r in _fill_spans(grid) if any(c for c in r)]


def _span(v: str | None) -> int:
    try:
        return max(1, min(int(v or 1), 100))
    except ValueError:
        return 1


def _fill_spans(grid: Iterable[list[Any]]) -> list[list[str]]:
    """Rows of ``(text, colspan, rowspan)`` → rows of cell texts, spanned positions empty."""
    pending: dict[int, int] = {}  # column → rows still covered by a rowspan from above
    out: list[list[str]] = []
    for cells in grid:
        row: list[str] = []
        col = 0
        queue = list(cells)
        while True:
            if pending.get(col, 0) > 0:
                pending[col] -= 1
                row.append("")
                col += 1
                continue
            if not queue:
                break
            text, colspan, rowspan = queue.pop(0)
            for k in range(colspan):
                row.append(text if k == 0 else "")
                if rowspan > 1:
                    pending[col] = rowspan - 1
                col += 1
        out.append(row)
    return out


def _pipe(cells: list[str]) -> str:
    return " | ".join(cells) + " |"


def docx_body_text(document: Any) -> str:
    """Paragraphs and tables of a python-docx ``Document`` in document order."""
    from docx.oxml.ns import qn

    lines: list[str] = []
    _docx_block(document.element.body, lines, qn)
    return "\n".join(lines)


def _docx_block(parent: Any, lines: list[str], qn: Any) -> None:
    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            text = _docx_para(child, qn).strip()
            if text:
                lines.append(text)
        elif child.tag == qn("w:tbl"):
            grid = []
            for tr in child.iterchildren(qn("w:tr")):
                cells = []
                for tc in tr.iterchildren(qn("w:tc")):
                    span, merged = _docx_tc_props(tc, qn)
                    text = "" if merged else _cell(" ".join(_docx_para(p, qn) for p in tc.iter(qn("w:p"))))
                    cells.extend([text] + [""] * (span - 1))
                grid.append(cells)
            lines.extend(_pipe(r) for r in grid if any(r))
        elif child.tag == qn("w:sdt"):
            for content in child.iterchildren(qn("w:sdtContent")):
                _docx_block(content, lines, qn)


def _docx_para(p: Any, qn: Any) -> str:
    parts: list[str] = []
    for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if el.tag == qn("w:t"):
            parts.append(el.text or "")
        else:
            parts.append(" ")
    return "".join(parts)


def _docx_tc_props(tc: Any, qn: Any) -> tuple[int, bool]:
    """``(gridSpan, continues a vertical merge)`` of a table cell."""
    span, merged = 1, False
    pr = tc.find(qn("w:tcPr"))
    if pr is not None:
        gs = pr.find(qn("w:gridSpan"))
        if gs is not None:
            span = _span(gs.get(qn("w:val")))
        vm = pr.find(qn("w:vMerge"))
        if vm is not None and vm.get(qn("w:val")) in (None, "continue"):
            merged = True
    return span, merged
