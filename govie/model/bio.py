"""Character spans <-> character BIO <-> token labels, through ``offset_mapping``.

Everything here is plain Python (no torch), so any tokenizer that returns
offsets works: the char tokenizer of :mod:`govie.model.chartok` or a subword
one (XLM-R SentencePiece). Rules:

* a token's label is the label of its first (non-space) character;
* decoding makes each span cover whole tokens, mapped back through offsets;
* tokens that cover only whitespace, or that start where the next token starts
  (SentencePiece's lone ``▁``, the first half of an NFKC expansion like ``℃`` ->
  ``°`` ``C``), carry no label: :func:`token_ranges` gives them ``None``.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from govie.errors import AnnotationError
from govie.schema import LABELS

OUTSIDE = "O"
IGNORE = -100


def bio_tags(labels: Sequence[str] = LABELS) -> list[str]:
    """``["O", "B-L1", "I-L1", "B-L2", ...]`` for entity labels ``labels``."""
    return [OUTSIDE] + [f"{p}-{lab}" for lab in labels for p in ("B", "I")]


def as_triple(span: Any) -> tuple[int, int, str]:
    """``(start, end, label)`` from a Span, a dict with those keys, or a tuple."""
    if isinstance(span, dict):
        return int(span["start"]), int(span["end"]), str(span["label"])
    if isinstance(span, (tuple, list)):
        return int(span[0]), int(span[1]), str(span[2])
    return int(span.start), int(span.end), str(span.label)


def spans_to_char_bio(length: int, spans: Iterable[Any]) -> list[str]:
    """One IOB2 tag per character of a text of ``length`` characters."""
    tags = [OUTSIDE] * length
    for start, end, label in sorted(as_triple(s) for s in spans):
        if not 0 <= start < end <= length:
            raise AnnotationError(f"span ({start}, {end}, {label}) is outside the text (length {length})")
        if any(t != OUTSIDE for t in tags[start:end]):
            raise AnnotationError(f"span ({start}, {end}, {label}) overlaps another span")
        tags[start] = f"B-{label}"
        for i in range(start + 1, end):
            tags[i] = f"I-{label}"
    return tags


def char_bio_to_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Spans of an IOB2 sequence; an ``I-X`` that continues nothing opens a span."""
    ranges = [(i, i + 1) for i in range(len(tags))]
    return [(s, e, lab) for s, e, lab, _ in decode_tokens(list(tags), ranges)]


def token_ranges(text: str, offsets: Sequence[tuple[int, int]]) -> list[tuple[int, int] | None]:
    """The character range each token labels, or ``None`` for a token that labels nothing.

    ``offsets`` are the tokenizer's offsets (no special tokens). Whitespace at a
    token's edges is trimmed; a token that starts where the next labelled token
    starts is dropped; a token's end is cut back to the next token's start.
    """
    out: list[tuple[int, int] | None] = [None] * len(offsets)
    next_start = len(text) + 1
    for i in range(len(offsets) - 1, -1, -1):
        s, e = int(offsets[i][0]), int(offsets[i][1])
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e or s >= next_start:
            continue
        out[i] = (s, min(e, next_start))
        next_start = s
    return out


def token_tags(char_tags: Sequence[str], ranges: Sequence[tuple[int, int] | None]) -> list[str | None]:
    """Tag of each token: the tag of its first character (``None`` where unlabelled)."""
    return [None if r is None else char_tags[r[0]] for r in ranges]


def repair(tags: Sequence[str | None]) -> list[str | None]:
    """Turn an ``I-X`` that continues no ``X`` (e.g. at a window start) into ``B-X``."""
    out: list[str | None] = []
    prev = OUTSIDE
    for tag in tags:
        if tag is not None and tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        if tag is not None:
            prev = tag
    return out


def decode_tokens(tags: Sequence[str | None], ranges: Sequence[tuple[int, int] | None],
                  scores: Sequence[float] | None = None) -> list[tuple[int, int, str, float]]:
    """Spans ``(start, end, label, mean score)`` from token tags; spans cover whole tokens."""
    spans: list[tuple[int, int, str, float]] = []
    cur: list[Any] | None = None  # [start, end, label, [scores]]

    def close() -> None:
        nonlocal cur
        if cur is not None:
            spans.append((cur[0], cur[1], cur[2], sum(cur[3]) / len(cur[3])))
        cur = None

    for i, (tag, rng) in enumerate(zip(tags, ranges)):
        if rng is None or tag is None:
            continue
        score = 1.0 if scores is None else float(scores[i])
        if tag == OUTSIDE:
            close()
        elif tag.startswith("I-") and cur is not None and cur[2] == tag[2:]:
            cur[1] = rng[1]
            cur[3].append(score)
        else:
            close()
            cur = [rng[0], rng[1], tag[2:], [score]]
    close()
    return spans
