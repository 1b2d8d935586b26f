"""Inline annotation markup: ``{{LABEL:text|attrs}}`` spans plus an ``@@`` section.

Annotators copy a chunk of report text and wrap spans in ``{{…}}``; this module
checks that the markup strips back to the chunk exactly and turns it into spans,
measurements and links with offsets into the report text. The format is described
in ``annotations/GUIDELINES.md`` §3.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import AnnotationError
from ..schema import ATTAINMENTS, LABELS, REL_KINDS

_SPAN = re.compile(r"\{\{(" + "|".join(LABELS) + r"):(.*?)\}\}", re.S)
_MID = re.compile(r"^m\d+_\d+$")
_ROLE = re.compile(r"^(m\d+_\d+)\s+(target|progress)\s*$")
_LINK = re.compile(r"^(m\d+_\d+)\s*->\s*(m\d+_\d+)\s+(\w+)\s*$")
SECTION = "@@"


@dataclass
class MarkupSpan:
    start: int
    end: int
    label: str
    text: str
    kind: str | None = None
    measurements: list[str] = field(default_factory=list)


@dataclass
class ParsedChunk:
    spans: list[MarkupSpan]
    roles: dict[str, str]
    links: list[tuple[str, str, str]]


def parse_markup(markup: str, original: str, offset: int = 0, *, name: str = "<chunk>") -> ParsedChunk:
    """Parse ``markup`` written over ``original`` (which starts at ``offset`` in the report)."""
    body, _, section = markup.partition("\n" + SECTION + "\n")
    if not section and markup.rstrip().endswith("\n" + SECTION):
        body = markup.rstrip()[: -len(SECTION) - 1]
    spans: list[MarkupSpan] = []
    plain: list[str] = []
    pos = 0
    out_len = 0
    for m in _SPAN.finditer(body):
        plain.append(body[pos : m.start()])
        out_len += m.start() - pos
        label, inner = m.group(1), m.group(2)
        text, *attrs = inner.split("|")
        if "{{" in text:
            raise AnnotationError(f"{name}: nested markup in {m.group(0)[:40]!r}")
        kind, mids = None, []
        for a in (x.strip() for x in attrs):
            if a in REL_KINDS:
                kind = a
            elif a and all(_MID.match(x) for x in a.split(",")):
                mids.extend(a.split(","))
            elif a:
                raise AnnotationError(f"{name}: unknown attribute {a!r} in {m.group(0)!r}; allowed: a REL kind ({', '.join(REL_KINDS)}) or measurement ids like m04_1")
        if label == "REL" and kind is None:
            raise AnnotationError(f"{name}: REL span {text!r} has no kind; add one of {', '.join(REL_KINDS)}")
        if label != "REL" and kind is not None:
            raise AnnotationError(f"{name}: {label} span {text!r} carries a REL kind {kind}")
        if not text or text != text.strip():
            raise AnnotationError(f"{name}: span {text!r} is empty or has surrounding whitespace")
        spans.append(MarkupSpan(offset + out_len, offset + out_len + len(text), label, text, kind, mids))
        plain.append(text)
        out_len += len(text)
        pos = m.end()
    plain.append(body[pos:])
    stripped = "".join(plain)
    if "{{" in stripped or "}}" in stripped:
        i = stripped.find("{{") if "{{" in stripped else stripped.find("}}")
        raise AnnotationError(f"{name}: malformed markup near {stripped[max(0, i - 15): i + 25]!r} (label must be one of {', '.join(LABELS)})")
    if stripped.rstrip("\n") != original.rstrip("\n"):
        i = next((k for k, (a, b) in enumerate(zip(stripped, original)) if a != b), min(len(stripped), len(original)))
        raise AnnotationError(
            f"{name}: text differs from the original at chunk offset {i}: "
            f"markup has {stripped[max(0, i - 10): i + 15]!r}, original has {original[max(0, i - 10): i + 15]!r}"
        )
    roles: dict[str, str] = {}
    links: list[tuple[str, str, str]] = []
    for line in section.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if (r := _ROLE.match(line)) is not None:
            roles[r.group(1)] = r.group(2)
        elif (k := _LINK.match(line)) is not None:
            if k.group(3) not in ATTAINMENTS:
                raise AnnotationError(f"{name}: link {line!r}: attainment must be one of {', '.join(ATTAINMENTS)}")
            links.append((k.group(1), k.group(2), k.group(3)))
        else:
            raise AnnotationError(f"{name}: cannot read {line!r} in the @@ section; expected 'mX_Y target|progress' or 'mX_Y -> mA_B met|not_met|on_track|unknown'")
    return ParsedChunk(spans, roles, links)
