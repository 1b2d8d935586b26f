"""The left edge of METRIC spans on other regions' reports: places out, qualifiers in.

The network learnt from one Beijing district, where the gold leaves the district out of the
indicator (``西城区`` + ``地区生产总值增速``, ``门头沟区`` + ``医师``) and the network does the same
for 西城区; the name of any other place it keeps (``深圳市进出口总额``). Its qualifiers are the
opposite: the gold keeps a number that is part of the indicator's name
(``公园绿地500米服务半径覆盖率``), while the rules read ``65岁`` in ``65岁及以上老年人健康管理率``
as an amount of years. Two steps, run on the chosen spans by :func:`govie.model.hybrid.combine`:

* :func:`cut_places`: a METRIC that opens with a place name loses it, up to three place words in
  a row (``呼和浩特市`` + ``赛罕区``) and a determiner after them (``上海市全市生产总值`` ->
  ``生产总值``). A place word is a jieba word tagged ``ns`` that ends in an administrative suffix
  (``metric.json`` → ``place_suffixes``: 市 区 县 州 盟 旗 地区 …) and has at least three
  characters, or is a province's short name (``place_names``: 广西, 新疆); the second and third
  may carry any tag (jieba tags 赛罕区 ``nr``). Not when the rest is a title awarded by the place
  (``北京市知识产权示范单位``: ``title_heads``) or shorter than two characters.
* :func:`absorb_qualifiers`: an age or grade qualifier (``65岁及以上``, ``0-6岁``, ``3岁以下``,
  ``二级及以上``; ``metric.json`` → ``qualifier``) that touches a METRIC on its right joins it,
  with a METRIC that touches it on the left (``每千人口拥有`` + ``3岁以下`` + ``婴幼儿托位数``, also
  across 拥有); the QTY, UNIT and REL spans inside go. ``规模以上`` / ``限额以上`` between two
  METRIC pieces join them the same way (``…占规模`` + ``以上`` + ``工业总产值比重``).
* :func:`hotlines`: a METRIC right after a service number (``12345``; ``metric.json`` →
  ``hotline``) that names the line (``市民服务热线接听率``) takes the number in
  (``12345市民服务热线接听率``); when the line is the subject of a count (``热线受理诉求326万件``:
  the name, ``hotline_name``, is followed by a verb and the span names no rate) the name goes
  (``受理诉求``).
* :func:`bare_rates`: a rate of one to six characters opening a clause right before its value
  (``，办结率99.8%``, ``满意率达到96%``) is a METRIC where the network found nothing (guideline:
  a rate that is itself what is measured is a METRIC).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache

from govie.schema import Span

_BARE_RATE = re.compile(r"(?:^|(?<=[，,；;。：:、\s]))([\u4e00-\u9fff]{1,6}率)(?=(?:为|达到?|是)?[ \u3000]*[-\d])")
from govie.tag.rules_org_metric import _lexicon

from .named import _tags
from .words import _tokenizer


@cache
def _places() -> tuple[tuple[str, ...], frozenset[str], frozenset[str], tuple[str, ...], re.Pattern]:
    lex, org = _lexicon("metric.json"), _lexicon("org.json")
    return (tuple(lex["place_suffixes"]), frozenset(lex["place_names"]),
            frozenset(lex["determiners"]) | frozenset(org["not_level_words"]), tuple(lex["title_heads"]),
            re.compile(lex["qualifier"]))


@cache
def _hotline() -> tuple[re.Pattern, re.Pattern]:
    lex = _lexicon("metric.json")
    return re.compile(lex["hotline"]), re.compile(lex["hotline_name"])


@lru_cache(maxsize=1024)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_tokenizer().cut(text, HMM=False))


def _is_place(word: str, first: bool) -> bool:
    suffixes, names, not_places, _, _ = _places()
    if word in not_places or not all("\u4e00" <= c <= "\u9fff" for c in word):
        return False
    if first and _tags().get(word, "") != "ns":
        return False
    return word in names or (len(word) >= 3 and word.endswith(suffixes))


def place_prefix(metric: str) -> int:
    """How many leading characters of ``metric`` are a place name (module doc); 0 when none."""
    _, _, not_places, titles, _ = _places()
    words, cut, k = _words(metric), 0, 0
    while k < min(3, len(words)) and _is_place(words[k], first=k == 0):
        cut += len(words[k])
        k += 1
    if cut and k < len(words) and words[k] in _lexicon("metric.json")["determiners"]:
        cut += len(words[k])
    rest = metric[cut:]
    if not cut or len(rest) < 2 or rest.endswith(titles):
        return 0
    return cut


def finish_edges(spans: list[Span], text: str) -> list[Span]:
    """:func:`absorb_qualifiers`, :func:`cut_places`, :func:`hotlines` and :func:`bare_rates`, in that order."""
    return bare_rates(hotlines(cut_places(absorb_qualifiers(spans, text), text), text), text)


def cut_places(spans: list[Span], text: str) -> list[Span]:
    """METRIC spans without a leading place name (module doc)."""
    out = []
    for s in spans:
        cut = place_prefix(s.text) if s.label == "METRIC" else 0
        out.append(replace(s, start=s.start + cut, text=text[s.start + cut:s.end]) if cut else s)
    return out


def absorb_qualifiers(spans: list[Span], text: str) -> list[Span]:
    """METRIC spans with the age or grade qualifier of their name inside (module doc)."""
    qualifier = _places()[4]
    spans = sorted(spans, key=lambda s: (s.start, s.end))
    for m in qualifier.finditer(text):
        a, b = m.span()
        right = next((s for s in spans if s.label == "METRIC" and a < s.start <= b and s.end > b), None)
        if right is None:
            continue
        lo = a
        left = next((s for s in spans if s.label == "METRIC" and s.start < a and s.end >= a - 2 and s.end <= a
                     and text[s.end:a] in ("", "拥有")), None)
        if left is not None:
            lo = left.start
        if any(s.label == "METRIC" and s.start < a and s.end > a for s in spans):
            lo = min(s.start for s in spans if s.label == "METRIC" and s.start < a and s.end > a)
        if any(s.label not in ("QTY", "UNIT", "REL", "METRIC") and lo < s.end and s.start < right.end for s in spans):
            continue  # an ORG or DATE inside: not one name
        merged = replace(right, start=lo, text=text[lo:right.end])
        spans = [s for s in spans if not (lo <= s.start and s.end <= right.end) and not (s.start < lo < s.end)]
        spans.append(merged)
        spans.sort(key=lambda s: (s.start, s.end))
    return spans


def hotlines(spans: list[Span], text: str) -> list[Span]:
    """METRIC spans after a service number made whole or cut to what the line counts (module doc)."""
    number, name = _hotline()
    out = []
    for s in spans:
        m = number.search(text, max(0, s.start - 6), s.start) if s.label == "METRIC" else None
        if m is not None:
            n = name.match(s.text)
            rest = s.text[n.end():] if n else ""
            verb = _tags().get(_words(rest)[0], "").startswith("v") if rest else False
            if n and verb and len(rest) >= 2 and not s.text.endswith(("率", "度")):
                s = replace(s, start=s.start + n.end(), text=rest)
            else:
                s = replace(s, start=m.start(), text=text[m.start():s.end])
        out.append(s)
    return out


def bare_rates(spans: list[Span], text: str) -> list[Span]:
    """The spans with a METRIC for each uncovered rate opening a clause before its value (module doc)."""
    out = list(spans)
    for m in _BARE_RATE.finditer(text):
        a, b = m.span(1)
        if not any(s.start < b and a < s.end for s in out):
            out.append(Span(id="", start=a, end=b, label="METRIC", text=text[a:b], score=1.0, source="rules"))
    return sorted(out, key=lambda s: (s.start, s.end))
