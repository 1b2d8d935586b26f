"""Private helpers shared by the number, unit and quantity normalizers."""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import InputError

DATA = Path(__file__).parent / "data"

# Message template for a non-str argument (kept here, not in errors.py, so the
# normalizers stay self-contained; the lead may move it there).
N001 = "{func}: expected a str (or None), got {kind}: {value}"

# One character in, one character out: offsets computed on the translated
# text are valid in the original. Full-width ASCII (U+FF01..U+FF5E) becomes
# ASCII, the ideographic space a space, and a few look-alike signs are unified.
# The full-width comma U+FF0C stays: in Chinese text it separates clauses,
# never thousands.
_FW = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if cp != 0xFF0C}
_FW.update({0x3000: 0x20, 0x2212: ord("-"), 0x2013: ord("-"), 0x00B5: 0x03BC,
            0x2215: ord("/"), 0x2044: ord("/"), 0xFE6A: ord("%"),
            0x2267: 0x2265, 0x2A7E: 0x2265, 0x2266: 0x2264, 0x2A7D: 0x2264,  # ≧ ⩾ -> ≥, ≦ ⩽ -> ≤
            0xFFE5: 0x00A5})  # ￥ -> ¥
HALFWIDTH = str.maketrans(_FW)


def halfwidth(text: str) -> str:
    """Full-width digits, letters and signs to ASCII; the length never changes."""
    return text.translate(HALFWIDTH)


_SPACES = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Drop whitespace, except a single space between two digits (which then
    keeps the string from parsing as one number)."""
    if not _SPACES.search(text):
        return text

    def repl(m: re.Match[str]) -> str:
        s, e = m.start(), m.end()
        before = text[s - 1] if s else ""
        after = text[e] if e < len(text) else ""
        return " " if before.isdigit() and after.isdigit() else ""

    return _SPACES.sub(repl, text.strip())


# Any character that halfwidth() or squeeze() would change: most span texts have
# none, and prep() then returns them untouched without translating them.
_ODD = re.compile("[\\s" + "".join(re.escape(chr(c)) for c in sorted(_FW)) + "]")


def prep(text: str) -> str:
    """``squeeze(halfwidth(text)).strip()``, with a fast exit for text that needs neither."""
    if _ODD.search(text) is None:
        return text
    return squeeze(halfwidth(text)).strip()


_NEW = object.__new__


def make_frozen(cls: type, fields: dict[str, Any]) -> Any:
    """An instance of the frozen dataclass *cls* with *fields* (every field, in order).

    Equivalent to ``cls(**fields)`` for a dataclass without ``__post_init__``,
    without the per-field ``object.__setattr__`` of a frozen ``__init__`` (the
    normalizers build one result per call, so that cost shows).
    """
    obj = _NEW(cls)
    obj.__dict__.update(fields)
    return obj


def check_text(value: Any, func: str) -> str | None:
    """Return *value* if it is a str, None for None; raise InputError otherwise."""
    if value is None or isinstance(value, str):
        return value
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    raise InputError(N001.format(func=func, kind=type(value).__name__, value=shown))


@cache
def load_json(name: str) -> Any:
    """Load a data file of govie/normalize/data once."""
    with open(DATA / name, encoding="utf-8") as fh:
        return json.load(fh)
