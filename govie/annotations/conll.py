"""CoNLL/BIO, one character per line: ``char<TAB>B-QTY``.

Layout of a file::

    # doc = 000
    1	B-DATE
    -	I-DATE
    ...
    。	O
    <blank line: end of a sentence>

* Every document starts with a ``# doc = ID`` line; its sentences follow, each
  ended by a blank line. A sentence ends after ``。；！？`` or a line break (and the
  whitespace right after), never inside a span. The characters of a document's
  sentences, joined, are its text exactly.
* Whitespace is written as a visible placeholder: space ``␠``, line break ``␤``,
  tab ``␉``, carriage return ``␍``; any other whitespace, and a literal control
  picture (U+2400–U+243F), as ``U+XXXX``. Nothing is skipped, so offsets survive.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from ..errors import AnnotationError
from ..schema import LABELS

_SHOW = {" ": "␠", "\n": "␤", "\t": "␉", "\r": "␍"}
_READ = {v: k for k, v in _SHOW.items()}
_ENDS = set("。；！？\n")


def char_token(c: str) -> str:
    """How one character is written in the first column."""
    if c in _SHOW:
        return _SHOW[c]
    if c.isspace() or "\u2400" <= c <= "\u243f":
        return f"U+{ord(c):04X}"
    return c


def token_char(tok: str, where: str) -> str:
    """The character a first-column token stands for (inverse of :func:`char_token`)."""
    if tok in _READ:
        return _READ[tok]
    if len(tok) == 1:
        return tok
    if tok.startswith("U+"):
        try:
            return chr(int(tok[2:], 16))
        except ValueError:
            pass
    raise AnnotationError(f"{where}: {tok!r} is not one character, a placeholder (␠ ␤ ␉ ␍) or U+XXXX")


def bio_tags(text: str, spans: list[dict[str, Any]]) -> list[str]:
    """One BIO tag per character of ``text``."""
    tags = ["O"] * len(text)
    for s in sorted(spans, key=lambda s: s["start"]):
        if any(t != "O" for t in tags[s["start"]:s["end"]]):
            raise AnnotationError(f"span {s.get('id')} ({s['start']}, {s['end']}) overlaps another; BIO needs flat spans")
        tags[s["start"]:s["end"]] = [f"B-{s['label']}"] + [f"I-{s['label']}"] * (s["end"] - s["start"] - 1)
    return tags


def sentence_bounds(text: str, tags: list[str]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence: cut after an end mark and its whitespace, outside spans."""
    start, i, n = 0, 0, len(text)
    while i < n:
        if text[i] in _ENDS:
            j = i + 1
            while j < n and (text[j].isspace() or text[j] in _ENDS):
                j += 1
            if j == n or not tags[j].startswith("I-"):  # no span runs across the cut
                yield start, j
                start = j
            i = j
        else:
            i += 1
    if start < n:
        yield start, n


def write_conll(docs: list[dict[str, Any]], path: Path) -> None:
    """Write every document as sentences of ``char<TAB>tag`` lines."""
    with open(path, "w", encoding="utf-8") as fh:
        for doc in docs:
            text = doc["text"]
            tags = bio_tags(text, doc["spans"])
            fh.write(f"# doc = {doc['id']}\n")
            for a, b in sentence_bounds(text, tags):
                fh.writelines(f"{char_token(text[k])}\t{tags[k]}\n" for k in range(a, b))
                fh.write("\n")


def read_conll(path: Path) -> list[dict[str, Any]]:
    """Read a file written by :func:`write_conll`: ``[{"id", "text", "spans"}]`` (spans with text)."""
    path = Path(path)
    if not path.is_file():
        raise AnnotationError(f"{path}: {'is a directory, expected a file' if path.is_dir() else 'no such file'}")
    docs: list[dict[str, Any]] = []
    chars: list[str] = []
    tags: list[str] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        where = f"{path}:{n}"
        if line.startswith("# doc = "):
            if docs:
                docs[-1].update(_decode(chars, tags, f"{path} document {docs[-1]['id']}"))
            docs.append({"id": line[len("# doc = "):].strip()})
            chars, tags = [], []
            continue
        if not line.strip():
            continue
        tok, sep, tag = line.rpartition("\t")
        if not sep or not docs:
            raise AnnotationError(f"{where}: expected 'CHAR<TAB>TAG' after a '# doc = ID' line, got {line[:30]!r}")
        chars.append(token_char(tok, where))
        tags.append(tag.strip())
    if docs:
        docs[-1].update(_decode(chars, tags, f"{path} document {docs[-1]['id']}"))
    return docs


def _decode(chars: list[str], tags: list[str], where: str) -> dict[str, Any]:
    text = "".join(chars)
    spans: list[dict[str, Any]] = []
    for k, tag in enumerate(tags + ["O"]):
        head, _, label = tag.partition("-")
        if tag != "O" and (head not in ("B", "I") or label not in LABELS):
            raise AnnotationError(f"{where}: character {k}: tag {tag!r} is not O or B-/I- with one of {', '.join(LABELS)}")
        if head == "I" and not (spans and spans[-1]["end"] == k and spans[-1]["label"] == label):
            raise AnnotationError(f"{where}: character {k}: {tag} does not continue a {label} span (start it with B-{label})")
        if head == "I":
            spans[-1]["end"] = k + 1
        elif head == "B":
            spans.append({"start": k, "end": k + 1, "label": label})
    for s in spans:
        s["text"] = text[s["start"]:s["end"]]
    return {"text": text, "spans": spans}
