"""METRIC spans finished against the other chosen spans (after :func:`govie.model.hybrid.combine`).

Three patterns the network misses on other regions' reports (probe round 12b), each from
``metric.json``:

* ``inner_words``: ``地表水`` + ``达到或好于`` + ``III类水体比例`` is one name; the words between
  the two pieces (and any REL span on them) become part of it;
* ``share_tails``: ``占比`` / ``比重`` right after a METRIC joins it (guideline: 占比 is always
  METRIC): ``养老机构护理型床位占比``, ``…占地区生产总值比重``, also ``产值占`` + ``比``; a bare
  ``占比`` before a quantity (``，占比18.6%``) is a METRIC of its own;
* ``not_metrics``: network spans that are a unit base or a baseline (``每人``, ``平均水平``) go, and so
  do spans ending in ``not_metric_tails`` (``产出指标权重``, ``考核得分``: scores and weights); target
  wording at the end (``target_tails``: ``地区生产总值预期``) is cut off;
* the task before a stated completion rate (``造林绿化任务完成率为103.5%``: METRIC 造林绿化任务,
  REL 完成率) is a METRIC when nothing else is;
* a head noun cut off after the span (``每万人口高价值发明`` + ``专利拥有量``, ``基础养老金`` +
  ``最低标准``) joins it when a relation or quantity follows.

And two filters :func:`govie.model.hybrid.combine` runs on the network's METRIC spans:
:func:`metrics_with_quantity` (no METRIC in a clause without a quantity) and
:func:`drop_bare_verbs` (a METRIC that is one bare verb names nothing counted).
"""
from __future__ import annotations

from dataclasses import replace
import bisect
import re
from functools import cache

from govie.schema import Span
from govie.tag.rules_org_metric import _lexicon

from .named import _tags


@cache
def _lists() -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    lex = _lexicon("metric.json")
    return (tuple(sorted(lex["inner_words"], key=len, reverse=True)), tuple(sorted(lex["share_tails"], key=len, reverse=True)),
            frozenset(lex["not_metrics"]))


@cache
def _tails() -> tuple[tuple[str, ...], tuple[str, ...]]:
    lex = _lexicon("metric.json")
    return tuple(lex["not_metric_tails"]), tuple(lex["target_tails"])


def _cut_tail(s: Span, text: str, cut: tuple[str, ...]) -> Span:
    """地区生产总值预期 -> 地区生产总值: target wording at a METRIC's end is no part of it."""
    t = next((w for w in cut if s.text.endswith(w) and len(s.text) - len(w) >= 2), "")
    return replace(s, end=s.end - len(t), text=text[s.start:s.end - len(t)]) if t else s


_HEAD_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:拥有量|标准)")
_VERB_AFTER = re.compile(r"达到|为|提高|提升|增至|降至|保持|不低于|不少于|超过")
_BARE_SHARE = re.compile(r"(?:^|(?<=[，,；;。]))占比(?=(?:为|达到?|是)?[ \u3000]*[-\d])")
# the task whose completion rate is stated (case 10 of the schema: 安心托幼行动完成率35%)
_TASK_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,16}?(?:任务|计划|行动|工程|项目))$")
_TASK_CUT = re.compile(r"[，,；;。：:\n、（）()“”]")


def finish_metrics(spans: list[Span], text: str) -> list[Span]:
    """The chosen spans with METRIC spans finished (module doc), in text order."""
    inner, tails, drop = _lists()
    bad_tails, cut_tails = _tails()
    spans = [_cut_tail(s, text, cut_tails) if s.label == "METRIC" else s for s in spans]
    spans = sorted((s for s in spans if not (s.label == "METRIC" and (s.text in drop or s.text.endswith(bad_tails)))),
                   key=lambda s: (s.start, s.end))
    out: list[Span] = []
    for s in spans:
        if s.label == "METRIC":
            prev = next((k for k in range(len(out) - 1, -1, -1) if out[k].label == "METRIC"), None)
            if prev is not None:
                between = out[prev + 1:]
                gap = text[out[prev].end:s.start]
                if gap in inner and all(t.label == "REL" for t in between):
                    first = out[prev]
                    del out[prev:]
                    s = replace(first, end=s.end, text=text[first.start:s.end])
        out.append(s)
    taken = sorted((s.start, s.end) for s in out)
    for k, s in enumerate(out):
        if s.label != "METRIC":
            continue
        nxt = next((a for a, _ in taken if a >= s.end), len(text))
        tail = next((t for t in tails if text.startswith(t, s.end) and s.end + len(t) <= nxt), "")
        if not tail and s.text.endswith("占") and text.startswith("比", s.end) and s.end + 1 <= nxt:
            tail = "比"
        if not tail:
            m = _HEAD_AFTER.match(text, s.end)
            if m and m.end() <= nxt and (m.end() == nxt or _VERB_AFTER.match(text, m.end())):
                tail = m.group()  # 每万人口高价值发明 + 专利拥有量, 基础养老金 + 最低标准
        if tail:
            out[k] = replace(s, end=s.end + len(tail), text=text[s.start:s.end + len(tail)])
    for rel in [s for s in out if s.label == "REL" and s.text == "完成率"]:
        lo = max((s.end for s in out if s.end <= rel.start), default=0)
        cut = max((m.end() for m in _TASK_CUT.finditer(text, lo, rel.start)), default=lo)
        m = _TASK_BEFORE.search(text[cut:rel.start])
        if m and not any(s.label == "METRIC" and s.end == rel.start for s in out):
            a = cut + m.start(1)
            out.append(Span(id="", start=a, end=rel.start, label="METRIC", text=text[a:rel.start], score=1.0, source="rules"))
    for m in _BARE_SHARE.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in ((s.start, s.end) for s in out)):
            out.append(Span(id="", start=m.start(), end=m.end(), label="METRIC", text=m.group(), score=1.0, source="rules"))
    return sorted(out, key=lambda s: (s.start, s.end))


def drop_bare_verbs(spans: list[Span], text: str) -> list[Span]:
    """The spans without network METRIC spans that are one verb and nothing else (审议通过, 协调处置,
    拨付: jieba's dictionary tags the word ``v``; 调整, 培训: ``vn``) with no number right after it: a
    METRIC names what is counted (guideline); a verb that is counted keeps it (死亡4人, 放款4.2亿元),
    and so does a noun-verb whose change or level follows (出口增长5%)."""
    tags, heads = _tags(), _metric_heads()
    return [s for s in spans if not (s.label == "METRIC" and s.source == "model" and tags.get(s.text) in ("v", "vn")
                                     and s.text not in heads and not _NUMBER_NEXT.match(text, s.end)
                                     and not (tags[s.text] == "vn" and _CHANGE_NEXT.match(text, s.end)))]


# a noun-verb (出口, 投资) whose level or change is stated: 出口增长5%, 投资同比下降
_CHANGE_NEXT = re.compile(r"(?:同比|比上年|较上年|分别)?(?:增长|下降|增加|减少|提高|降低|占)")


_NUMBER_NEXT = re.compile(r"[ \u3000]*(?:[0-9０-９]|[一二三四五六七八九十两百千万]+[余多]?[个项次人件家户起条])")


@cache
def _metric_heads() -> frozenset[str]:
    return frozenset(_lexicon("metric.json")["heads"])


_CLAUSE_CUT = re.compile(r"[，。；;！？!?,\n]")


def metrics_with_quantity(spans: list[Span], text: str) -> list[Span]:
    """The spans without model METRIC spans whose clause (between ，。；！？ or a line break) holds no
    QTY span: a METRIC names what a quantity measures (guideline: a qualitative task has no METRIC).
    On the 12-layer LODO fold predictions METRIC F1 .674 -> .683 (29 false spans fewer, 3 true)."""
    cuts = [m.start() for m in _CLAUSE_CUT.finditer(text)]
    def clause(i: int) -> int:
        return bisect.bisect_right(cuts, i)
    with_qty = {clause(s.start) for s in spans if s.label == "QTY"}
    return [s for s in spans if s.label != "METRIC" or s.source != "model" or clause(s.start) in with_qty]
