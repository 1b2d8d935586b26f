"""Tokenizing whole documents and cutting them into model windows (no torch here).

A document is tokenized once, without special tokens; windows are token index
ranges ``[a, b)``. Windows follow sentence ends (。；！？ and newlines) where they
can: whole sentences are packed greedily up to the window size; a sentence
longer than that is cut into fixed windows that overlap by ``overlap`` tokens.
Where windows overlap, each token takes the prediction of the window in which
it sits farthest from an edge (the earlier window on a tie), so merging is
deterministic.
"""
from __future__ import annotations

import functools
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from govie.errors import ConfigError

from .bio import token_ranges

SENTENCE_END = frozenset("。；！？;!?\n")
_SENTENCE_END_CODES = np.array(sorted(ord(c) for c in SENTENCE_END), dtype=np.uint32)


@dataclass
class Encoded:
    """A tokenized document: ids and offsets without special tokens, labelled ranges."""

    text: str
    ids: list[int]
    offsets: list[tuple[int, int]]
    ranges: list[tuple[int, int] | None]


def encode_many(tokenizer: Any, texts: Sequence[str]) -> list[Encoded]:
    """Tokenize whole texts (no truncation, no special tokens) with offsets."""
    if not texts:
        return []
    enc = tokenizer(list(texts), add_special_tokens=False, return_offsets_mapping=True,
                    truncation=False, verbose=False)
    out = []
    for text, ids, offs in zip(texts, enc["input_ids"], enc["offset_mapping"]):
        offs = [tuple(o) for o in offs]
        out.append(Encoded(text, list(ids), offs, token_ranges(text, offs)))
    return out


def sentence_breaks(text: str, offsets: Sequence[tuple[int, int]]) -> list[int]:
    """Token indices ``i`` such that a sentence ends between token ``i - 1`` and ``i``.

    That is: a sentence-end character lies in the last character of token ``i - 1``
    or in the gap before token ``i``.
    """
    if len(offsets) < 2:
        return []
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    ends = np.isin(codes, _SENTENCE_END_CODES)
    csum = np.concatenate([[0], np.cumsum(ends)])
    offs = np.asarray(offsets, dtype=np.int64).reshape(-1, 2)
    lo = np.maximum(offs[:-1, 1] - 1, 0)
    hi = np.maximum(offs[1:, 0], offs[:-1, 1])
    hi = np.maximum(hi, lo)
    return (np.nonzero(csum[hi] - csum[lo] > 0)[0] + 1).tolist()


def fixed_windows(a: int, b: int, size: int, overlap: int) -> list[tuple[int, int]]:
    """Windows of ``size`` tokens over ``[a, b)``, ``overlap`` tokens shared, the last flush with ``b``."""
    if b - a <= size:
        return [(a, b)]
    step = size - overlap
    starts = list(range(a, b - size, step)) + [b - size]
    return [(s, s + size) for s in starts]


def make_windows(text: str, offsets: Sequence[tuple[int, int]], size: int, overlap: int) -> list[tuple[int, int]]:
    """Token windows of at most ``size`` tokens, cut at sentence ends when possible."""
    n = len(offsets)
    if n == 0:
        return []
    bounds = [0] + sentence_breaks(text, offsets) + [n]
    windows: list[tuple[int, int]] = []
    cur_a = cur_b = 0
    for a, b in zip(bounds, bounds[1:]):
        if b - cur_a <= size:
            cur_b = b
            continue
        if cur_b > cur_a:
            windows.append((cur_a, cur_b))
        if b - a <= size:
            cur_a, cur_b = a, b
        else:
            windows.extend(fixed_windows(a, b, size, overlap))
            cur_a = cur_b = b
    if cur_b > cur_a:
        windows.append((cur_a, cur_b))
    return windows


def owner_of_tokens(windows: Sequence[tuple[int, int]], n: int) -> tuple[np.ndarray, np.ndarray]:
    """For each token, the window that predicts it and its position in that window.

    Returns two int arrays of length ``n``: window index and position.
    """
    best = np.full(n, -1, dtype=np.int64)
    owner = np.zeros(n, dtype=np.int64)
    for w, (a, b) in enumerate(windows):
        idx = np.arange(a, b)
        central = np.minimum(idx - a, b - 1 - idx)
        better = central > best[a:b]
        best[a:b] = np.where(better, central, best[a:b])
        owner[a:b] = np.where(better, w, owner[a:b])
    starts = np.asarray([a for a, _ in windows] or [0], dtype=np.int64)
    return owner, np.arange(n, dtype=np.int64) - starts[owner]


@functools.cache
def _augment_data() -> dict[str, Any]:
    return json.loads((Path(__file__).parent / "augment.json").read_text(encoding="utf-8"))


def synthetic(label: str, rng: random.Random, pool: dict[str, list[str]]) -> str:
    """A made-up QTY, DATE or UNIT string in the styles of report text (for augmentation)."""
    data = _augment_data()
    if label == "UNIT":
        return rng.choice(sorted(set(data["units"]) | set(pool.get("UNIT", []))))
    if label == "DATE":
        tpl = rng.choice(data["date_templates"])
        return tpl.format(y=rng.randint(2015, 2030), m=rng.randint(1, 12), d=rng.randint(1, 28), q=rng.randint(1, 4))
    if rng.random() < 0.1:
        return rng.choice(data["chinese_numbers"])
    kind = rng.random()
    if kind < 0.5:
        number = str(rng.randint(1, 99999))
    elif kind < 0.85:
        number = f"{rng.uniform(0, 1000):.{rng.randint(1, 2)}f}"
    else:
        number = f"{rng.randint(1, 999):,}"
    return number + rng.choice(data["scales"]) + rng.choice(data["approx"])


def find_path(path: str, roots: Sequence[str], what: str) -> Path:
    """``path`` looked up under each of ``roots`` in turn (ConfigError naming ``what`` if nowhere)."""
    for root in roots:
        p = Path(root) / path
        if p.exists():
            return p
    raise ConfigError(f"config: {what} {path!r}: no such file or directory (looked in {', '.join(roots)})")
