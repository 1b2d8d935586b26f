"""Bytes → text for Chinese reports: UTF-8, UTF-16/32, GB18030 (GBK, GB2312) and Big5.

The order is principled, strictest evidence first:

1. a byte-order mark (UTF-8, UTF-32, UTF-16): decode with it; the BOM is dropped,
   so offsets index the text after it;
2. the NUL pattern of BOM-less UTF-16 (every other byte NUL for ASCII-heavy text);
3. anything else with NULs or many control bytes is binary → :class:`DecodeError`;
4. strict UTF-8 (valid UTF-8 is practically never another encoding by chance);
5. strict GB18030 and strict Big5. Both are double-byte codes that often accept
   each other's bytes, so every candidate that decodes is scored by the share of
   its non-ASCII characters that are common Chinese characters or CJK punctuation
   (GB2312 level 1, Big5 frequent characters). The best is taken when it is clearly
   best and plausible; otherwise charset-normalizer arbitrates among the
   candidates, and when it sides with none of them the bytes are rejected rather
   than returned as mojibake.
"""
from __future__ import annotations

import codecs
from functools import cache

from ..errors import E003, E004, E005, DecodeError, InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CANDIDATES = ("gb18030", "big5", "utf-16-le", "utf-16-be")  # UTF-16 here: BOM-less, no ASCII
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1a\x1b")  # \x1a: DOS end of file, \x1b: ANSI escapes
_SAMPLE = 1 << 16  # characters scored / bytes given to charset-normalizer
_PLAUSIBLE = 0.6  # share of common characters a decoding needs to be taken without arbitration
_MARGIN = 0.15


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """Decode a report's bytes; ``name`` (usually the path) goes into error messages.

    Raises :class:`InputError` for empty input and :class:`DecodeError` for
    binary data or bytes that no supported encoding reads plausibly.
    """
    text, _ = decode_with_encoding(data, name)
    return text


def decode_with_encoding(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Like :func:`decode_bytes`, also returning the codec name used."""
    if not data:
        raise InputError(E003.format(path=name))
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom):], enc, name), enc
    enc16 = _utf16_without_bom(data)
    if enc16:
        text = _strict(data, enc16, name)
        _reject_control_text(text, name, enc16)
        return text, enc16
    _reject_binary(data, name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    decoded: list[tuple[float, str, str]] = []
    for enc in _CANDIDATES:
        if enc.startswith("utf-16") and len(data) % 2:
            continue
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        decoded.append((plausibility(text), enc, text))
    if not decoded:
        raise DecodeError(E004.format(path=name, detail="not valid in any of them"))
    decoded.sort(key=lambda t: -t[0])  # stable: ties keep the candidate order
    best = decoded[0]
    second = decoded[1][0] if len(decoded) > 1 else 0.0
    if best[0] >= _PLAUSIBLE and best[0] - second >= _MARGIN:
        return best[2], best[1]
    chosen = _arbitrate(data, [enc for _, enc, _ in decoded])
    for score, enc, text in decoded:
        if enc == chosen and score >= max(_PLAUSIBLE, best[0] - _MARGIN):
            return text, enc
    if best[0] >= _PLAUSIBLE and best[0] - second > _MARGIN / 3:
        return best[2], best[1]
    scores = ", ".join(f"{enc} {score:.0%} common characters" for score, enc, _ in decoded)
    raise DecodeError(E004.format(path=name, detail=f"no decoding is clearly right: {scores}"))


def plausibility(text: str) -> float:
    """Share of the non-ASCII and control characters of ``text`` (first 64K) that are common
    Chinese characters or CJK punctuation; 1.0 for plain ASCII text."""
    common = _common_chars()
    total = hits = 0
    for ch in text[:_SAMPLE]:
        if " " <= ch < "\x7f" or ch in "\t\n\r\f":
            continue
        total += 1
        if ch in common:
            hits += 1
    return 1.0 if total == 0 else hits / total


@cache
def _common_chars() -> frozenset[str]:
    """GB2312 level-1 hanzi, Big5 frequent hanzi, CJK and full-width punctuation."""
    chars: set[str] = set()
    for hi in range(0xB0, 0xD8):  # GB2312 level 1 (3755 characters)
        for lo in range(0xA1, 0xFF):
            _add(chars, bytes((hi, lo)), "gb2312")
    for hi in range(0xA4, 0xC7):  # Big5 frequent characters A440..C67E
        for lo in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            _add(chars, bytes((hi, lo)), "big5")
    for lo, hi in ((0x3000, 0x303F), (0xFF01, 0xFF5E), (0x2010, 0x2027), (0x2160, 0x216B), (0x2460, 0x2473)):
        chars.update(chr(c) for c in range(lo, hi + 1))
    chars.update("·×÷°℃±≤≥≈∶—…※■□●○◆◇★☆→←↑↓√")
    return frozenset(chars)


def _add(chars: set[str], b: bytes, enc: str) -> None:
    try:
        chars.add(b.decode(enc))
    except UnicodeDecodeError:
        pass


def _arbitrate(data: bytes, encodings: list[str]) -> str | None:
    """charset-normalizer's choice among ``encodings`` (``None`` when it prefers none)."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    best = from_bytes(data[:_SAMPLE], cp_isolation=encodings).best()
    if best is None:
        return None
    enc = codecs.lookup(best.encoding).name
    for cand in encodings:
        if codecs.lookup(cand).name == enc:
            return cand
    return None


def _strict(data: bytes, enc: str, name: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        raise DecodeError(E004.format(path=name, detail=f"invalid {enc} at byte {exc.start}")) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NULs sit mostly on one parity (ASCII and digits in UTF-16), else ``None``.

    Chinese UTF-16 has a few NULs on the other parity too (U+4E00 一 is ``00 4E``).
    """
    sample = data[: _SAMPLE * 2]
    if len(sample) < 2 or len(data) % 2:
        return None
    pairs = len(sample) // 2
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= 0.03 * pairs and even <= 0.25 * odd:
        return "utf-16-le"
    if even >= 0.03 * pairs and odd <= 0.25 * even:
        return "utf-16-be"
    return None


def _reject_binary(data: bytes, name: str) -> None:
    sample = data[:_SAMPLE]
    nul = sample.count(0)
    if nul:
        raise DecodeError(E005.format(path=name, detail=f"{nul} NUL bytes in the first {len(sample)}"))
    controls = sum(1 for b in sample if b < 0x20 and b not in _TEXT_CONTROLS) + sample.count(0x7F)
    if controls > max(2, 0.01 * len(sample)):
        raise DecodeError(E005.format(path=name, detail=f"{controls} control bytes in the first {len(sample)}"))


def _reject_control_text(text: str, name: str, enc: str) -> None:
    sample = text[:_SAMPLE]
    controls = sum(1 for c in sample if c < " " and c not in "\t\n\r\f\v")
    if controls > max(2, 0.01 * len(sample)):
        raise DecodeError(E005.format(path=name, detail=f"{controls} control characters after decoding as {enc}"))
