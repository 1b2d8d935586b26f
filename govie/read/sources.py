"""A report source (text, or a .txt/.html/.pdf/.docx path) → :class:`Source` with its text.

``Source.text`` is the text every govie offset indexes. For HTML, PDF and DOCX it
is the text govie derives from the file (tables become pipe rows
``cell | cell | cell |``, one row a line), not the file's bytes.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from ..errors import E001, E002, E003, E006, E007, E008, E009, E010, InputError
from .decode import decode_bytes

SUFFIXES: dict[str, str] = {
    ".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx",
}
_MAX_PATH = 4096

SourceLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class Source:
    """A read report: ``text`` (what offsets index), ``path`` (``None`` for text), ``format``."""

    text: str
    path: Path | None
    format: str  # "txt" | "html" | "pdf" | "docx" | "text"


def read_source(source: SourceLike) -> Source:
    """Read ``source``: a path (``str`` or ``os.PathLike``) or the report text itself.

    A ``str`` is a path when it names an existing file, or when it has no line
    break and ends in a supported suffix (then a missing file is an error rather
    than a one-line report); any other ``str`` is the text.
    """
    if isinstance(source, os.PathLike):
        return read_path(Path(source))
    if not isinstance(source, str):
        raise InputError(E010.format(what="read_source(source)", expected="report text or a path (str or os.PathLike)",
                                     got=type(source).__name__))
    if _looks_like_path(source):
        return read_path(Path(source))
    return Source(text=source, path=None, format="text")


def _looks_like_path(s: str) -> bool:
    if not s or len(s) > _MAX_PATH or "\n" in s or "\r" in s or "\0" in s:
        return False
    if s.strip() != s:
        return False
    if Path(s).suffix.lower() in SUFFIXES:
        return True
    try:
        return os.path.isfile(s) or os.path.isdir(s)
    except (OSError, ValueError):
        return False


def read_path(path: Path) -> Source:
    """Read a report file by its suffix."""
    name = str(path)
    if path.is_dir():
        raise InputError(E002.format(path=name))
    if not path.exists():
        raise InputError(E001.format(path=name))
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError(E006.format(path=name, suffix=path.suffix, allowed=", ".join(sorted(SUFFIXES))))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read the file ({exc.strerror or exc})") from None
    if not data:
        raise InputError(E003.format(path=name))
    if kind == "txt":
        text = decode_bytes(data, name)
    elif kind == "html":
        from ._helpers import html_to_text

        text = html_to_text(decode_bytes(data, name))
    elif kind == "pdf":
        text = _pdf_text(path, data)
    else:
        text = _docx_text(path, data)
    return Source(text=text, path=path, format=kind)


def _pdf_text(path: Path, data: bytes) -> str:
    name = str(path)
    try:
        import pdfplumber
    except ImportError:
        raise InputError(E007.format(path=name, kind="PDF", package="pdfplumber", extra="pdf")) from None
    try:
        with pdfplumber.open(path) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        raise InputError(E008.format(path=name, kind="PDF", detail=f"{type(exc).__name__}: {exc}"[:200])) from None
    text = "\n".join(pages)
    if not text.strip():
        raise InputError(E009.format(path=name, kind="PDF"))
    return text


def _docx_text(path: Path, data: bytes) -> str:
    name = str(path)
    try:
        import docx  # python-docx
    except ImportError:
        raise InputError(E007.format(path=name, kind="DOCX", package="python-docx", extra="docx")) from None
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # zipfile, lxml and python-docx errors alike
        raise InputError(E008.format(path=name, kind="DOCX", detail=f"{type(exc).__name__}: {exc}"[:200])) from None
    from ._helpers import docx_body_text

    return docx_body_text(document)
