"""Reading reports: bytes → text (:func:`decode_bytes`), files → :class:`Source`
(:func:`read_source`), and a normalized view with exact offsets (:class:`TextMap`)."""
from __future__ import annotations

from .decode import decode_bytes, decode_with_encoding, plausibility
from .sources import SUFFIXES, Source, read_path, read_source
from .textmap import FIELD_STRIP, TextMap

__all__ = [
    "decode_bytes", "decode_with_encoding", "plausibility",
    "Source", "read_source", "read_path", "SUFFIXES",
    "TextMap", "FIELD_STRIP",
]
