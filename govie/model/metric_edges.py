"""The left edge of METRIC spans on other regions' reports: places out, qualifiers in.

The network learnt from one Beijing district, where the gold leaves the district out of the
indicator (``西城区`` + ``地区生产总值增速``, ``门头沟区`` + ``医师``) and the network does the same
for 西城区; the name of any other place it keeps (``深圳市进出口总额``). Its qualifiers are the
opposite: the gold keeps a number that is part of the indicator's name
(``公园绿地500米服务半径覆盖率``), while the rules read ``65岁`` in ``65岁及以上老年人健康管理率``
as an amount of years. Two steps, run on the chosen spans by :func:`govie.model.hybrid.combine`:

* :func:`cut_places`: a METRIC that opens with a place name, or with an area named by its place
  (``metric.json`` → ``area_prefix``: 霍尔果斯口岸, 岳阳经济技术开发区, 白洋淀景区), loses it, up to three place words in
  a row (``呼和浩特市`` + ``赛罕区``) and a determiner after them (``上海市全市生产总值`` ->
  ``生产总值``). A place word is a jieba word tagged ``ns`` that ends in an administrative suffix
  (``metric.json`` → ``place_suffixes``: 市 区 县 州 盟 旗 地区 …) and has at least three
  characters, or is a province's short name (``place_names``: 广西, 新疆); the second and third
  may carry any tag (jieba tags 赛罕区 ``nr``). Not when the rest is a title awarded by the place
  (``北京市知识产权示范单位``: ``title_heads``) or shorter than two characters.
* a METRIC never runs over a table cell border (``培训人次｜指标值`` -> ``培训人次``);
* :func:`absorb_qualifiers`: an age or grade qualifier (``65岁及以上``, ``0-6岁``, ``3岁以下``,
  ``二级及以上``; ``metric.json`` → ``qualifier``) that touches a METRIC on its right joins it,
  with a METRIC that touches it on the left (``每千人口拥有`` + ``3岁以下`` + ``婴幼儿托位数``, also
  across 拥有); the QTY, UNIT and REL spans inside go. ``规模以上`` / ``限额以上`` between two
  METRIC pieces join them the same way (``…占规模`` + ``以上`` + ``工业总产值比重``).
  :func:`free_qualifiers` runs before the spans are chosen: where a network METRIC already
  holds the qualifier with its name after it (``5岁以下儿童死亡率``), the rule QTY/UNIT/REL
  spans inside the qualifier go, so that the METRIC is not lost to them.
* :func:`hotlines`: a METRIC right after a service number (``12345``; ``metric.json`` →
  ``hotline``) that names the line (``市民服务热线接听率``) takes the number in
  (``12345市民服务热线接听率``); when the line is the subject of a count (``热线受理诉求326万件``:
  the name, ``hotline_name``, is followed by a verb and the span names no rate) the name goes
  (``受理诉求``).
* :func:`bare_rates`: a rate of one to six characters opening a clause right before its value
  (``，办结率99.8%``, ``满意率达到96%``) is a METRIC where the network found nothing (guideline:
  a rate that is itself what is measured is a METRIC); so is an indicator named in a table
  line (``指标名称：万元地区生产总值能耗降低率；年度目标值：3%``) where no span covers it.
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import replace
from functools import cache, lru_cache

from govie.schema import Span

_NAMED_INDICATOR = re.compile(r"(?:指标名称|三级指标|绩效指标|考核指标)[:：][ \u3000]*([\u4e00-\u9fff][^；;，,。\n|｜:：]{1,29})")
_BARE_RATE = re.compile(r"(?:^|(?<=[，,；;。：:、\s]))([\u4e00-\u9fff]{1,6}率)(?=(?:为|达到?|是)?[ \u3000]*[-\d])")
from govie.tag.rules_org_metric import _lexicon

from .named import _tags
from .words import _bounds, _tokenizer


@cache
def _counted() -> tuple[str, ...]:
    return tuple(sorted(_lexicon("metric.json")["counted_verbs"], key=len, reverse=True))


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


_SHORT_SUFFIXES = frozenset(["市", "州", "县", "旗", "盟", "区", "地区", "新区", "示范区"])
_PROPER = ("ns", "nr", "nz", "s")


class _Words:
    """The jieba words of ``text`` by index, cut on demand (no list of a long text's words)."""

    def __init__(self, text: str, bounds: tuple[int, ...]):
        self.text, self.bounds = text, bounds

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def __getitem__(self, k: int) -> str:
        return self.text[self.bounds[k]:self.bounds[k + 1]]


def _place_words(words, k: int, first: bool) -> int:
    """How many words from ``words[k]`` make a place name: 1 (呼和浩特市, 广西), 2 (巴彦淖尔 + 市,
    兰州 + 新区) or 0. The first place of a span must be a word jieba tags as a proper name."""
    suffixes, names, not_places, _, _ = _places()
    w = words[k]
    if w in names:
        return 1
    if w in not_places or not all("\u4e00" <= c <= "\u9fff" for c in w):
        return 0
    proper = _tags().get(w, "") in _PROPER
    if (proper or not first) and len(w) >= 3 and w.endswith(suffixes):
        return 1  # a second place may carry any tag (赛罕区 is nr)
    if proper and len(w) >= 2 and k + 1 < len(words) and words[k + 1] in _SHORT_SUFFIXES:
        return 2  # 巴彦淖尔 + 市; never 单位 + 地区 or 人均 + 地区
    return 0


def place_prefix(metric: str, text: str | None = None, start: int = 0) -> int:
    """How many leading characters of ``metric`` (at ``start`` in ``text``, when given) are a
    place name (module doc); 0 when none. With ``text``, a span that starts inside a place
    (``特市牛奶产量`` of 呼和浩特市) or on its suffix (``市盐碱地改良`` after 巴彦淖尔) loses the rest of it."""
    _, _, _, titles, _ = _places()
    if text is None:
        text, start = metric, 0
    end = start + len(metric)
    bounds = _bounds(text)  # cached per text, a tuple: no copy per span
    words = _Words(text, bounds)
    i = bisect.bisect_right(bounds, start) - 1
    cut = start
    if bounds[i] < start:  # inside a word: the whole word (or word + suffix) must be a place
        n = _place_words(words, i, True)
        if not n:
            return 0
        cut, i = bounds[i + n], i + n
    elif i > 0 and words[i] in _SHORT_SUFFIXES and _place_words(words, i - 1, True) == 2:
        cut, i = bounds[i + 1], i + 1
    for _ in range(3):
        n = _place_words(words, i, first=cut == start) if i < len(words) else 0
        if not n or bounds[i + n] > end:
            break
        cut, i = bounds[i + n], i + n
    if cut > start and i < len(words) and words[i] in _lexicon("metric.json")["determiners"]:
        cut = bounds[i + 1]
    rest = text[cut:end]
    if cut <= start or len(rest) < 2 or rest.endswith(titles):
        return 0
    return cut - start


def finish_edges(spans: list[Span], text: str) -> list[Span]:
    """:func:`absorb_qualifiers`, :func:`cut_places`, :func:`hotlines` and :func:`bare_rates`, in that order."""
    return bare_rates(hotlines(cut_places(absorb_qualifiers(_cut_cells(spans, text), text), text), text), text)


@cache
def _header_tails() -> tuple[str, ...]:
    return tuple(sorted((w for w in _lexicon("metric.json")["not_metrics"] if w.endswith("值")), key=len, reverse=True))


_TARGET_WORDS = ("目标", "任务", "计划", "指标")
_TARGET_WORDING = ("力争", "确保", "争取", "力求", "努力")


def _cut_cells(spans: list[Span], text: str) -> list[Span]:
    """A METRIC never runs over a table cell border (培训人次｜指标值 -> 培训人次) nor into a column
    header written in the sentence (“资金拨付及时率”年度指标值 -> 资金拨付及时率, ``metric.json`` →
    ``not_metrics`` ending in 值) nor over 进行 (电采暖设备进行消毒 -> 电采暖设备) nor into the bare
    年度 of 年度目标 (guideline 26: 集中收集率年度目标 -> 集中收集率; 年度 alone goes) nor over target
    wording (粮食总产量力争 -> 粮食总产量); a cause
    (因管网迁改问题) is no METRIC."""
    out = []
    for s in spans:
        if s.label != "METRIC":
            out.append(s)
            continue
        if s.text.startswith("因"):
            continue
        k = min((i for i in (s.text.find("|"), s.text.find("｜")) if i >= 0), default=-1)
        if k < 0 and s.text.find("进行", 2) >= 2:
            k = s.text.find("进行", 2)  # 电采暖设备进行消毒: 进行 opens the verb phrase after the counted noun
        if k < 0 and s.text.endswith("年度") and text[s.end:s.end + 2] in _TARGET_WORDS:
            k = len(s.text) - 2  # 收集率 + 年度目标: bare 年度 qualifies the target (guideline 26)
        if k < 0 and s.text.endswith(_TARGET_WORDING):
            k = len(s.text) - 2  # 粮食总产量力争达到…: the target wording is no part of the METRIC
        if k < 0:
            tail = next((w for w in _header_tails() if s.text.endswith(w)), "")
            k = len(s.text.removesuffix(tail).rstrip("”\"' ")) if tail else -1
        if k >= 0:
            if k < 2:
                continue
            s = replace(s, end=s.start + k, text=text[s.start:s.start + k])
        out.append(s)
    return out


def cut_places(spans: list[Span], text: str) -> list[Span]:
    """METRIC spans without a leading place name (module doc)."""
    area = _area()
    out = []
    for s in spans:
        cut = place_prefix(s.text, text, s.start) if s.label == "METRIC" else 0
        m = area.match(s.text, cut) if s.label == "METRIC" else None
        if m is not None and len(s.text) - m.end() >= 2 \
                and not _tags().get(_words(s.text[cut:m.end()])[0], "").startswith("v"):  # not 新增产业园区面积
            cut = m.end()  # 霍尔果斯口岸 + 进出口货运量, 岳阳经济技术开发区 + 规模以上工业总产值: an area is a place
        out.append(replace(s, start=s.start + cut, text=text[s.start + cut:s.end]) if cut else s)
    return out


@cache
def _area() -> re.Pattern:
    return re.compile(_lexicon("metric.json")["area_prefix"])


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
        verb = next((v for v in _counted() if text.startswith(v, lo - len(v))
                     and not any(s.start < lo and s.end > lo - len(v) for s in spans)), "")
        lo -= len(verb)  # 新培育 + 省级以上 + 农业产业化重点龙头企业: the counting verb before the qualifier joins too
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
    out = sorted(spans, key=lambda s: (s.start, s.end))
    ends = list(itertools.accumulate((s.end for s in out), max))  # the furthest end up to each span
    starts = [s.start for s in out]
    added = []
    for m in [*_BARE_RATE.finditer(text), *_NAMED_INDICATOR.finditer(text)]:
        a, b = m.span(1)
        while b > a and text[b - 1] in " \u3000":
            b -= 1
        i = bisect.bisect_left(starts, b)  # spans starting before b; one of them overlaps when one ends after a
        if not (i and ends[i - 1] > a) and not any(x < b and a < y for x, y in added):
            added.append((a, b))
    out += [Span(id="", start=a, end=b, label="METRIC", text=text[a:b], score=1.0, source="rules") for a, b in added]
    return sorted(out, key=lambda s: (s.start, s.end))


def free_qualifiers(model_spans: list[Span], rule_spans: list[Span], text: str) -> list[Span]:
    """The rule spans without those inside a qualifier that a network METRIC holds with its name
    after it (module doc)."""
    metrics = [s for s in model_spans if s.label == "METRIC"]
    if not metrics:
        return rule_spans
    inside = [m.span() for m in _places()[4].finditer(text)
              if any(s.start <= m.start() and m.end() < s.end for s in metrics)]
    if not inside:
        return rule_spans
    return [r for r in rule_spans if not any(a <= r.start and r.end <= b for a, b in inside)]
