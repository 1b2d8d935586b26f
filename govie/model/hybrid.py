"""Combine a model's spans with the rule tagger's, label by label.

A model directory may say, in ``config.json`` → ``govie.combine``, where each
label's spans come from::

    {"QTY": "rules", "UNIT": "rules", "DATE": "rules+model",
     "ORG": "model", "METRIC": "model+rules", "REL": "model"}

* ``"model"`` / ``"rules"``: only that source's spans of the label;
* ``"model+rules"``: the model's spans, then rule spans where they overlap nothing;
* ``"rules+model"``: the rule spans, then model spans where they overlap nothing;
* ``"model+gazetteer"`` (ORG): the model's spans, then the names of ``org.json`` →
  ``gazetteer`` (国务院, 证监会, 区政府…) where nothing overlaps.

Spans are taken in tiers: first-choice rule spans, first-choice model spans,
then the fill-ins (``+``), each tier longest first; a span overlapping one
already taken is dropped. Labels the policy does not name come from the model.
The choice per label is measured by ``evaluate/hybrid_lodo.py``.

Model spans shorter than :data:`MIN_CHARS` of their label are dropped first: a one-character
ORG (区, 中, 务) is a fragment of a longer name, never a unit (the gold has none; on the 12-layer
folds' held-out predictions this removed 36 false ORG and no true one, ORG F1 .428 -> .457).
A network ORG span that starts with a verb or preposition (联合, 由, 会同, 报请…: ``org.json`` →
``model_leading``) loses it first (ORG F1 .457 -> .472 on the same predictions; cutting a span
back to its last body suffix was tried too and dropped: it cuts company names, 奇安信科技 -> 奇安信科).
"""
from __future__ import annotations

from dataclasses import replace
import bisect
import re
from functools import cache
from typing import Iterable, Mapping, Sequence

from govie.errors import ModelError
from govie.schema import LABELS, Span
from govie.model.lead_lines import frame_units, lead_line_units, split_joined
from govie.model.metric_edges import finish_edges, free_qualifiers
from govie.model.metric_spans import drop_bare_verbs, finish_metrics, metrics_with_quantity
from govie.model.named import _tags, abbreviated_bodies, named_bodies
from govie.model.orgs import acting_places, extend_orgs, is_branch, place_word_start
from govie.model.words import ORG_END, snap_words, word_bounds
from govie.tag.rules_org_metric import _lexicon  # org.json, loaded once for rules and model

SOURCES = ("model", "rules", "model+rules", "rules+model", "model+gazetteer")
MIN_CHARS = {"ORG": 2, "METRIC": 2}
_NO_JOIN = "、和及与的"
_TITLE = re.compile(r"《[^《》\n]{1,80}》")


def drop_fragments(spans: Iterable[Span]) -> list[Span]:
    """The spans, ORG ones trimmed (:func:`trim_org`) and split where they are two gazetteer names
    run together (区委区政府 -> 区委 + 区政府, as the gold has them), without those shorter than
    their label's :data:`MIN_CHARS` and without ORG spans that are a bare generic noun or place
    (街道, 中心, 西城区: guideline cases 4 and 5)."""
    out = (part for s in map(strip_edges, spans) for part in (split_orgs(trim_org(s)) if s.label == "ORG" else [s]))
    return [s for s in out if s.end - s.start >= MIN_CHARS.get(s.label, 1) and not (s.label == "ORG" and _generic_org(s.text))]


@cache
def _generic_names() -> tuple[frozenset[str], re.Pattern[str]]:
    lex = _lexicon("org.json")
    return frozenset(lex["model_generic"]), re.compile(lex["model_place"])


def _generic_org(text: str) -> bool:
    """A bare generic noun (街道, 中心) or a bare place (西城区): no ORG (``org.json`` → ``model_generic``)."""
    names, place = _generic_names()
    return text in names or bool(place.match(text)) and text not in _gazetteer_names()


@cache
def _bad_end() -> re.Pattern[str]:
    return re.compile(_lexicon("org.json")["model_bad_end"])


def drop_bad_ends(spans: list[Span], text: str | None = None) -> list[Span]:
    """The spans without network ORG spans that, once joined and extended, do not end like a body
    (副区长, 部署, 银行机构, 金融街核心区: ``org.json`` → ``model_bad_end``), nor any ORG span after or
    holding 各 (各区县人民政府, 顺义区各街道: a generic mention, guideline case 4)."""
    bad = _bad_end()
    spans = [_cut_verb_tail(s) if s.label == "ORG" and s.source == "model" else s for s in spans]
    return [s for s in spans if not (s.label == "ORG" and (
        (s.source == "model" and bad.search(s.text)) or "各" in s.text
        or (text is not None and text[s.start - 1:s.start] == "各")))]


def _cut_verb_tail(s: Span) -> Span:
    """A network ORG span that runs on into a two-character verb after the body's last character
    (区金融办监测的…: jieba tags 监测 ``vn``) ends with the body; a tail that itself ends like a body
    (支行) stays."""
    if len(s.text) >= 5 and s.text[-3] in ORG_END and s.text[-1] not in ORG_END and _tags().get(s.text[-2:]) in ("v", "vn"):
        return replace(s, end=s.end - 2, text=s.text[:-2])  # a two-character verb only: 常委会 keeps 会
    return s


_EDGE = " \u3000\t\r\n，。；、：:;,.!?！？“”‘’\"'《》()（）[]【】"
_PAIRS = {")": "(", "）": "（", "]": "[", "】": "【", "》": "《", "”": "“"}


def strip_edges(span: Span) -> Span:
    """A span without punctuation or spaces at its edges (guideline: spans never start or end with
    them); a closing bracket whose opening one is inside the span stays (业委会(物管会))."""
    text, a, b = span.text, 0, len(span.text)
    while a < b and text[a] in _EDGE:
        a += 1
    while b > a and text[b - 1] in _EDGE and not (text[b - 1] in _PAIRS and _PAIRS[text[b - 1]] in text[a:b - 1]):
        b -= 1
    if (a, b) == (0, len(text)):
        return span
    return Span(id=span.id, start=span.start + a, end=span.start + b, label=span.label, text=text[a:b], score=span.score,
                norm=span.norm, source=span.source)


def split_orgs(span: Span) -> list[Span]:
    """``区委区政府`` -> ``区委``, ``区政府`` when the span is made only of gazetteer names; else ``[span]``."""
    names, text = _gazetteer_names(), span.text
    parts: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        name = next((n for n in names if text.startswith(n, i)), None)
        if name is None:
            return [span]
        parts.append((i, i + len(name)))
        i += len(name)
    if len(parts) < 2:
        return [span]
    return [Span(id=span.id, start=span.start + a, end=span.start + b, label=span.label, text=text[a:b], score=span.score,
                 norm=span.norm, source=span.source) for a, b in parts]


def tidy_metrics(spans: Iterable[Span], text: str) -> list[Span]:
    """Network METRIC spans made whole: two METRIC pieces with at most one CJK character between
    them that no other span covers (and that is not 、和及与的) become one span; a verb that
    defines what is counted (``metric.json`` → ``counted_verbs``: 新增, 拆除, 新建和提升…,
    guideline 21) right before a METRIC joins it; a light verb at its start (``light_verbs``:
    开展, 组织, 涉及…; also 已, 实际 and the copula 为, guideline 29, unless ``light_keep``: 实际利用外资)
    is cut off."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        if out and _joinable(out[-1], s, text):  # spans are sorted: nothing lies between the two
            out[-1] = replace(out[-1], end=s.end, text=text[out[-1].start:s.end], score=min(out[-1].score, s.score))
        else:
            out.append(s)
    verbs = _counted_verbs()
    taken = {i for s in out if s.label in ("METRIC", "ORG") for i in range(s.start, s.end)}  # REL/QTY… come from the rules
    for k, s in enumerate(out):
        if s.label != "METRIC":
            continue
        v = next((v for v in verbs if s.start >= len(v) and text[s.start - len(v):s.start] == v
                  and not taken & set(range(s.start - len(v), s.start))), "")
        if not v:  # the network cut the verb: 汰老旧柴油货运车 (淘汰) -> 淘汰老旧柴油货运车
            v = next((v[:j] for v in verbs for j in range(1, len(v)) if s.start >= j
                      and text[s.start - j:s.start - j + len(v)] == v and not taken & set(range(s.start - j, s.start))), "")
        if v:
            out[k] = replace(s, start=s.start - len(v), text=text[s.start - len(v):s.end])
            continue
        light = next((w for w in _light_verbs() if s.text.startswith(w) and len(s.text) - len(w) >= 2
                      and not s.text.startswith(_light_keep())), "")
        if light:  # 开展政务开放日 -> 政务开放日
            out[k] = replace(s, start=s.start + len(light), text=text[s.start + len(light):s.end])
    return out


def _joinable(prev: Span, s: Span, text: str) -> bool:
    if prev.label != "METRIC" or s.label != "METRIC" or s.start < prev.end:
        return False
    gap = text[prev.end:s.start]
    return gap == "" or (len(gap) == 1 and "\u4e00" <= gap <= "\u9fff" and gap not in _NO_JOIN)


@cache
def _light_verbs() -> tuple[str, ...]:
    lex = _lexicon("metric.json")
    return tuple(sorted(lex["light_verbs"] + lex["determiners"], key=len, reverse=True))


@cache
def _light_keep() -> tuple[str, ...]:
    return tuple(_lexicon("metric.json")["light_keep"])


@cache
def _counted_verbs() -> tuple[str, ...]:
    return tuple(sorted(_lexicon("metric.json")["counted_verbs"], key=len, reverse=True))


@cache
def _org_leading() -> tuple[str, ...]:
    return tuple(sorted(_lexicon("org.json")["model_leading"], key=len, reverse=True))


@cache
def _org_trailing() -> tuple[str, ...]:
    return tuple(sorted(_lexicon("org.json")["model_trailing"], key=len, reverse=True))


def trim_org(span: Span) -> Span:
    """A network ORG span without a leading verb or preposition (联合区应急局 -> 区应急局,
    由区财政局 -> 区财政局) when at least two characters remain, and without a trailing verb when
    what remains ends like a body (北京证券交易所主办 -> 北京证券交易所)."""
    lead = next((w for w in _org_leading() if span.text.startswith(w) and len(span.text) - len(w) >= 2), "")
    trail = next((w for w in _org_trailing() if span.text.endswith(w) and len(span.text) - len(lead) - len(w) >= 2
                  and span.text[-len(w) - 1] in ORG_END), "")
    if not lead and not trail:
        return span
    a, b = span.start + len(lead), span.end - len(trail)
    return Span(id=span.id, start=a, end=b, label=span.label, text=span.text[len(lead):len(span.text) - len(trail)],
                score=span.score, norm=span.norm, source=span.source)


def check_policy(policy: Mapping[str, str], where: str = "combine") -> dict[str, str]:
    """The policy as a plain dict; ModelError names a bad label or source."""
    if not isinstance(policy, Mapping):
        raise ModelError(f"{where}: expected a mapping label -> source, got {type(policy).__name__}")
    for label, source in policy.items():
        if label not in LABELS:
            raise ModelError(f"{where}: unknown label {label!r}; allowed: {', '.join(LABELS)}")
        if source not in SOURCES:
            raise ModelError(f"{where}: {label} source {source!r}; allowed: {', '.join(SOURCES)}")
    return dict(policy)


def _tier(span: Span, source: str, policy: Mapping[str, str]) -> int | None:
    """0 = rules first choice, 1 = model first choice, 2 = fill-in, None = not used."""
    want = policy.get(span.label, "model")
    if want == source:
        return 0 if source == "rules" else 1
    if want == f"{source}+{'model' if source == 'rules' else 'rules'}":
        return 0 if source == "rules" else 1
    if want.endswith("+" + source):
        return 2
    if want == "model+gazetteer" and source == "model":
        return 1
    return None


@cache
def _gazetteer_set() -> frozenset[str]:
    return frozenset(_lexicon("org.json")["gazetteer"])


@cache
def _gazetteer_names() -> tuple[str, ...]:
    return tuple(sorted(_lexicon("org.json")["gazetteer"], key=len, reverse=True))


@cache
def _gazetteer() -> re.Pattern[str]:
    return re.compile("|".join(sorted(map(re.escape, _lexicon("org.json")["gazetteer"]), key=len, reverse=True)))


def gazetteer_orgs(text: str) -> list[tuple[int, int]]:
    """Where the names of ``org.json`` → ``gazetteer`` (国务院, 证监会, 区政府 …) occur in *text*,
    outside document titles (《西城区政府投资管理规定》 names a document, not the body)."""
    titles = [m.span() for m in _TITLE.finditer(text)]
    return [m.span() for m in _gazetteer().finditer(text)
            if not any(a <= m.start() < b for a, b in titles) and not _inside_word(text, *m.span())]


_LEVEL_BEFORE = "县市省区乡镇各"


def _inside_word(text: str, a: int, b: int) -> bool:
    """A gazetteer name that is part of a longer word: 财政部门 (not 财政部), 各县区政府 (not 区政府)."""
    name = text[a:b]
    return (name.endswith("部") and text[b:b + 1] == "门") or (name[0] in "区市县" and a > 0 and text[a - 1] in _LEVEL_BEFORE)


def combine(model_spans: Iterable[Span], rule_spans: Iterable[Span], policy: Mapping[str, str],
            text: str | None = None) -> list[Span]:
    """Non-overlapping spans chosen by ``policy``, in text order, ids ``h0, h1, ...``.

    ``"ORG": "model+gazetteer"`` adds the bodies of lead-unit lines (source ``"lead_line"``,
    :mod:`govie.model.lead_lines`), the gazetteer names, acting streets and towns found in
    ``text`` (source ``"gazetteer"``) and the named bodies (source ``"named"``; nothing without
    ``text``) where no chosen span overlaps, or where the only overlapping spans are ORG or METRIC
    pieces inside the name (区管理局 in 博鳌乐城…先行区管理局 goes) or a METRIC that starts inside
    it and runs on (安亭镇新增工业用地 keeps 新增工业用地)."""
    cands: list[tuple[int, int, Span]] = []
    titles: list[tuple[int, int]] = []
    if text is not None:  # nothing inside a document title is annotated (《…管理办法》 names a document)
        titles = [m.span() for m in _TITLE.finditer(text)]
        model_spans = [s for s in snap_words(tidy_metrics(model_spans, text), text)
                       if not any(a <= s.start and s.end <= b for a, b in titles)]
    model_spans = drop_fragments(split_joined(join_org_pieces(list(model_spans), text), text)
                                 if text is not None else model_spans)
    if text is not None:
        rule_spans = free_qualifiers(model_spans, list(rule_spans), text)
    for source, spans in (("model", model_spans), ("rules", rule_spans)):
        for s in spans:
            tier = _tier(s, source, policy)
            if tier is not None and s.end > s.start:
                cands.append((tier, s.start - s.end, s))
    cands.sort(key=lambda c: (c[0], c[1], c[2].start))
    chosen: list[Span] = []  # kept sorted by start, never overlapping: an overlap is found by bisection
    starts: list[int] = []
    for _, _, s in cands:
        i = bisect.bisect_right(starts, s.start)
        if (i and chosen[i - 1].end > s.start) or (i < len(starts) and starts[i] < s.end):
            continue
        starts.insert(i, s.start)
        chosen.insert(i, s)
    if text is not None and policy.get("ORG") == "model+gazetteer":
        found = [(a, b, "lead_line", "ORG METRIC") for a, b in sorted(set(lead_line_units(text)) | set(frame_units(text)))]
        found += [(a, b, "gazetteer", "ORG METRIC") for a, b in gazetteer_orgs(text)]
        found += [(a, b, "gazetteer", "ORG METRIC+") for a, b in acting_places(text)]
        found += [(a, b, "named", "ORG METRIC+") for a, b in sorted(named_bodies(text) + abbreviated_bodies(text))
                  if not any(x <= a and b <= y for x, y in titles)]
        bounds: set[int] | None = None
        for a, b, source, over in found:
            lo, hi = bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)
            lo -= bool(lo and chosen[lo - 1].end > a)
            hit = chosen[lo:hi]
            if hit and hit[-1].label == "ORG" and a < hit[-1].start < b < hit[-1].end and is_branch(text, b, hit[-1].end):
                b = hit[-1].end  # 中国农业发展银行 + (银行)黑龙江省分行: the name and the network's branch are one
            if not all(s.label in over and a <= s.start and (s.end <= b or s.label + "+" in over) for s in hit):
                continue  # over: the labels a name may replace inside it; METRIC+: a METRIC running on is cut
            if any((s.start, s.end) == (a, b) and (s.label == "ORG" or over != "ORG METRIC+" or source != "gazetteer")
                   for s in hit):
                continue  # found already (an acting place is relabelled from a METRIC: 江宁路街道完成29台)
            if hit and bounds is None:
                bounds = set(word_bounds(text))
            if hit and a not in bounds:
                a = place_word_start(text, a, 0, word_bounds(text))  # 拉萨市 + 人力资源和社会保障局 (sorted, cached)
                if a not in bounds:
                    continue  # 区人民政府 inside 西城区人民政府 replaces no piece
                lo, hi = bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)
                lo -= bool(lo and chosen[lo - 1].end > a)
                hit = chosen[lo:hi]
                if not all(s.label in over and a <= s.start and (s.end <= b or s.label + "+" in over) for s in hit):
                    continue
            new = [Span(id="", start=a, end=b, label="ORG", text=text[a:b], score=1.0, source=source)]
            new += [replace(s, start=b, text=text[b:s.end]) for s in hit if s.end - b >= 2]  # 安亭镇新增用地 -> 新增用地
            chosen[lo:hi] = new
            starts[lo:hi] = [s.start for s in new]
    if text is not None:
        metrics = finish_edges(finish_metrics(metrics_with_quantity(chosen, text), text), text)
        chosen = drop_bad_ends(join_parents(extend_orgs(drop_bare_verbs(metrics, text), text), text), text)
    chosen.sort(key=lambda s: (s.start, s.end))
    return [Span(id=f"h{k}", start=s.start, end=s.end, label=s.label, text=s.text, score=s.score, source=s.source)
            for k, s in enumerate(chosen)]


_PLACE_GAP = "省市区县州盟旗"


def _place(name: str) -> bool:
    return bool(_generic_names()[1].match(name))


def join_org_pieces(spans: list[Span], text: str) -> list[Span]:
    """Network ORG pieces of one name made one span before bare places are dropped: 九江 + (市) +
    濂溪区 + 市场监督管理局 -> 九江市濂溪区市场监督管理局 (touching, or one level character between
    them that no span covers); not a piece that starts inside a word (浩特市 of 呼和浩特市: the level
    extension of :func:`govie.model.orgs.extend_orgs` takes the whole word)."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        prev = out[-1] if out else None
        if (prev is not None and prev.label == s.label == "ORG" and prev.source == s.source == "model"
                and min(len(prev.text), len(s.text)) >= 2
                and (s.start == prev.end and _place(prev.text) or (s.start == prev.end + 1 and text[prev.end] in _PLACE_GAP))
                and prev.start in word_bounds(text)):  # segmented once per text (cached)
            out[-1] = replace(prev, end=s.end, text=text[prev.start:s.end], score=min(prev.score, s.score))
            continue
        out.append(s)
    return out


def join_parents(spans: list[Span], text: str) -> list[Span]:
    """Two ORG spans that touch (or have only 附属 between them) are one body, a parent and its unit:
    国家税务总局 + 深圳市税务局, 广西电网有限责任公司 + 柳州供电局, 江平镇 + 红坎村村民委员会;
    not when both are gazetteer names (区委 + 区政府 are two bodies, as the gold has them), nor a street
    and a body named after a wider place (陶然亭街道 + 北京健宫医院)."""
    spans = sorted(spans, key=lambda s: (s.start, s.end))
    names = _gazetteer_set()
    out: list[Span] = []
    for s in spans:
        prev = out[-1] if out else None
        if (prev is not None and prev.label == s.label == "ORG" and text[prev.end:s.start] in ("", "附属")
                and not (prev.text in names and s.text in names) and not _wider_place_first(prev, s, text)):
            out[-1] = replace(prev, end=s.end, text=text[prev.start:s.end])
            continue
        out.append(s)
    return out


def _wider_place_first(prev: Span, s: Span, text: str) -> bool:
    """A street or town, then a body whose name opens with a province or city name (陶然亭街道 +
    北京健宫医院): the body is where the street is, not its unit."""
    if not prev.text.endswith(("街道", "镇", "乡")):
        return False
    bounds = word_bounds(text)
    i = bisect.bisect_left(bounds, s.start)
    if i >= len(bounds) - 1 or bounds[i] != s.start:
        return False
    first = text[s.start:bounds[i + 1]]
    return _tags().get(first, "") == "ns" and not first.endswith(("村", "社区", "镇", "乡"))


def combine_batch(model_spans: Sequence[list[Span]], texts: Sequence[str], policy: Mapping[str, str]) -> list[list[Span]]:
    """:func:`combine` for each text, the rule spans computed here (only when the policy uses rules)."""
    if not any("rules" in v for v in policy.values()):
        if "gazetteer" in policy.get("ORG", ""):
            return [combine(m, [], policy, t) for m, t in zip(model_spans, texts)]
        return [drop_fragments(snap_words(tidy_metrics(m, t), t)) for m, t in zip(model_spans, texts)]
    from govie.tag.rules import RuleTagger

    rules = RuleTagger()
    return [combine(m, rules.predict(t), policy, t) for m, t in zip(model_spans, texts)]
