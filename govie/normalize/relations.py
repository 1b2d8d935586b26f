"""REL normalization: a relation phrase → one kind of ``govie.schema.REL_KINDS``.

``parse_relation("控制在…以内")`` → ``"LE"``; ``parse_relation("不低于")`` → ``"GE"``.

The lexicon is data (``data/relations.json``): phrase → kind, plus split phrases
(``控制在`` … ``以内``). The longest phrase found in the text wins (ties: the
leftmost); a split pair counts with the length of both halves. Choices:

* ``达到``/``达`` → GE: a target "达到90%" means at least 90%; in progress text
  the measure stage reads the stated value, the kind still says "reached";
* ``以上``/``以下``/``以内`` are inclusive (GE/LE), as in Chinese legal usage;
  ``超过``/``高于``/``大于`` → GT, ``低于``/``少于``/``小于``/``不足`` → LT;
  ``控制在`` alone → LE; ``控制在…左右``/``达到…左右`` → APPROX;
* a negated comparison flips it: ``不得超过``/``未超过`` → LE, ``不得低于``/``不得少于`` → GE;
  the schedule phrases: ``符合序时进度`` → ON_TRACK, ``快于序时进度`` → AHEAD,
  ``低于``/``落后于序时进度`` → DELAYED; ``可按期完成`` → EXPECTED;
* ``为``/``等于``/``持平`` → EQ; ``之间``/``介于`` → RANGE;
* ``无法完成``/``未完成``/``尚未启动``/``正在进行前期工作`` → NOT_DONE (the
  seed case 003-22 "此项任务今年无法完成" is stated NOT_DONE);
  ``推迟``/``延期``/``滞后``/``暂停``/``无法按期完成`` → DELAYED;
* single characters that are ordinary words elsewhere (``为 达 超 约 近 增 降 完成``)
  count inside a longer text only when a number follows them;
* an attainment kind (DONE EXCEEDED AHEAD ON_TRACK) preceded by target wording
  (``力争完成任务``, ``确保如期完成``) is a target, not a relation: None.
  ``力争``/``确保`` themselves are no kind: see :func:`is_target_wording`.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ..errors import D001, InputError
from ..schema import REL_KINDS

__all__ = ["parse_relation", "is_target_wording", "relation_lexicon"]

_DATA = Path(__file__).with_name("data") / "relations.json"
_ELLIPSIS = re.compile(r"…+|\.{3,}|⋯+|。{3,}")
_NUMBER_START = re.compile(r"了?[-+]?[\d〇一二两三四五六七八九十百千]")


@dataclass(frozen=True)
class RelationLexicon:
    """The loaded ``relations.json``: phrases, split pairs, extractor contexts, target cues."""

    phrases: dict[str, str]
    split: tuple[tuple[str, str, str], ...]
    patterns: tuple[tuple[re.Pattern[str], str], ...]
    parse_patterns: tuple[tuple[re.Pattern[str], str], ...]  # read by parse_relation, never extracted
    contexts: dict[str, frozenset[str]]
    before_chars: dict[str, str]
    not_before_chars: dict[str, str]
    not_after_chars: dict[str, str]
    baseline_words: tuple[str, ...]
    target_wording: tuple[str, ...]
    attainment_kinds: frozenset[str]
    max_len: int


@cache
def relation_lexicon() -> RelationLexicon:
    """Load and check the lexicon once; every kind must be one of REL_KINDS."""
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    phrases = {unicodedata.normalize("NFKC", k): v for k, v in raw["phrases"].items()}
    split = tuple((unicodedata.normalize("NFKC", a), unicodedata.normalize("NFKC", b), k) for a, b, k in raw["split"])
    kinds = set(phrases.values()) | {k for _, _, k in split} | {k for _, k in raw["patterns"] + raw.get("parse_patterns", [])}
    bad = sorted(kinds - set(REL_KINDS))
    if bad:
        raise ValueError(f"{_DATA}: unknown REL kinds {bad}; allowed: {', '.join(REL_KINDS)}")
    return RelationLexicon(
        phrases=phrases,
        split=split,
        patterns=tuple((re.compile(rx), k) for rx, k in raw["patterns"]),
        parse_patterns=tuple((re.compile(rx), k) for rx, k in raw.get("parse_patterns", [])),
        contexts={name: frozenset(unicodedata.normalize("NFKC", w) for w in ws) for name, ws in raw["contexts"].items()},
        before_chars=dict(raw["before_chars"]),
        not_before_chars=dict(raw["not_before_chars"]),
        not_after_chars=dict(raw["not_after_chars"]),
        baseline_words=tuple(raw["baseline_words"]),
        target_wording=tuple(raw["target_wording"]),
        attainment_kinds=frozenset(raw["attainment_kinds"]),
        max_len=max(map(len, phrases)),
    )


def _normalize(text: str, func: str) -> str:
    if not isinstance(text, str):
        raise InputError(D001.format(func=func, value=text, name="text", expected="a str or None", got=type(text).__name__))
    s = unicodedata.normalize("NFKC", text)
    s = "".join(s.split())
    return _ELLIPSIS.sub("…", s)


def parse_relation(text: str | None) -> str | None:
    """The REL kind of a phrase (``"GE"``, ``"DECREASE"``, ``"RATIO"`` …), or None."""
    if text is None:
        return None
    return _parse(_normalize(text, "parse_relation"))


def is_target_wording(text: str | None) -> bool:
    """True when the text carries target wording (力争, 确保, 争取 …): a goal, not a result."""
    if text is None:
        return False
    s = _normalize(text, "is_target_wording")
    return any(cue in s for cue in relation_lexicon().target_wording)


@lru_cache(maxsize=8192)
def _parse(s: str) -> str | None:
    if not s:
        return None
    lex = relation_lexicon()
    if s in lex.contexts["not_relations"]:
        return None  # 增加值, 以上工作: nouns that contain a relation word
    kind = lex.phrases.get(s)
    if kind is not None:
        return kind
    if s.count("…") == 1:
        head, _, tail = s.partition("…")
        for a, b, k in lex.split:
            if head == a and tail == b:
                return k
    best: tuple[int, int, str] | None = None  # (length, -position, kind)
    levels = lex.contexts["level_verbs"]
    for i, size, k in _tokens(s, lex):
        level = s[i:i + size] in levels or (k in ("INCREASE", "DECREASE") and re.search("[至到]", s[i + size:]))
        rank = 0 if level else size  # 提高到95%以上, 提高…至95%以上: a level verb yields to the bound (guideline 16)
        if best is None or rank > best[0]:
            best = (rank, -i, k)
    for rx, k in lex.patterns + lex.parse_patterns:
        m = rx.search(s)
        if m and (best is None or (m.end() - m.start(), -m.start()) > best[:2]):
            best = (m.end() - m.start(), -m.start(), k)
    for a, b, k in lex.split:
        i = s.find(a)
        j = s.find(b, i + len(a)) if i >= 0 else -1
        if j >= 0 and s[j - 1] != "负":  # 比上年负增长 is no 比…增长
            cand = (len(a) + len(b), -i, k)
            if best is None or cand[:2] > best[:2]:
                best = cand
    if best is None:
        return None
    size, neg_pos, kind = best
    if size == 0 and kind in ("INCREASE", "DECREASE"):
        kind = "EQ"  # 提高…至, 增至: a level verb states a level (guideline 16), like 提高到
    if kind in lex.attainment_kinds and any(cue in s[: -neg_pos] for cue in lex.target_wording):
        return None
    return kind


def _tokens(s: str, lex: RelationLexicon) -> list[tuple[int, int, str]]:
    """Leftmost-longest lexicon phrases of ``s`` as ``(position, length, kind)``, context-checked."""
    out: list[tuple[int, int, str]] = []
    ctx = lex.contexts
    i, n = 0, len(s)
    while i < n:
        for size in range(min(lex.max_len, n - i), 0, -1):
            w = s[i : i + size]
            k = lex.phrases.get(w)
            if k is None:
                continue
            if w in ctx["exact_only"] or w in ctx["not_relations"]:  # a metric word (下降率): consumed, no relation
                i += size
                break
            prev = s[i - 1] if i else ""
            if w in ctx["number_after"] and not _NUMBER_START.match(s, i + size):
                continue
            if prev and (w in lex.before_chars and prev not in lex.before_chars[w]):
                continue
            if prev and prev in lex.not_before_chars.get(w, ""):
                continue
            out.append((i, size, k))
            i += size
            break
        else:
            i += 1
    return out
