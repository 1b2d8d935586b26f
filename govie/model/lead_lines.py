"""ORG spans from lead-unit lines and ORG spans split at a joining verb.

* :func:`lead_line_units`: a line that names the bodies in charge (``牵头单位：省发展改革委；配合单位：
  省财政厅、省自然资源厅``) lists ORG spans. The five gold reports keep their lead units in a
  column of their own, so the network never saw such a line and tags nothing on it. Each item
  between the separators (、，；, a wide space) after a label of ``org.json`` → ``lead_labels`` is an ORG
  when it ends like a body (a last character of :data:`govie.model.words.ORG_END`, or a suffix
  of ``name_suffixes``) and is not generic (各区县政府, 相关部门: guideline case 4).
* :func:`frame_units`: running text that gives bodies their part in a task (由市财政局牵头,
  钦州海事局、钦州港边境检查站配合, 牵头单位为…管理局, 会同灵隐街道推进…) lists ORG spans the same way:
  the items between 、 inside such a frame that end like a body.
* :func:`split_joined`: a network ORG span that runs over a joining verb (``旗林草局会同旗财政局``,
  ``西安市发展改革委会`` + 同) is cut there: two bodies, or one body without the verb.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from govie.schema import Span
from govie.tag.rules_org_metric import _lexicon

from .words import ORG_END

_SEPARATORS = re.compile(r"[、，,；;|｜]|[ \u3000]{2,}|\u3000")  # not 和: 人力资源和社会保障局
_JOINERS = ("会同", "联合", "协同", "督促", "指导", "配合")


@cache
def _lists() -> tuple[re.Pattern[str], tuple[str, ...], frozenset[str]]:
    lex = _lexicon("org.json")
    labels = "|".join(map(re.escape, sorted(lex["lead_labels"], key=len, reverse=True)))
    generic = frozenset(lex["generic"]) | frozenset(lex["model_generic"])
    return (re.compile(rf"(?:{labels})[:：|｜][ \u3000]*([^。\n：:]*?)(?=(?:{labels})[:：|｜]|[。\n：:]|$)"),
            tuple(lex["name_suffixes"]), generic)


def _body(item: str) -> bool:
    _, suffixes, generic = _lists()
    if len(item) < 2 or item in generic or item[0] in "各全本该有相其" or not re.fullmatch(r"[\u4e00-\u9fff（）()]+", item):
        return False
    if item.endswith(("）", ")")) and re.search(r"[（(][^（(]+[）)]$", item):
        item = re.sub(r"[（(][^（(]+[）)]$", "", item)  # 丰台区政务服务和数据管理局（区政务服务中心）
        if len(item) < 2:
            return False
    return item[-1] in ORG_END or item.endswith(suffixes) or item.endswith(("街道", "公司", "集团", "银行", "政府"))


def lead_line_units(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the bodies listed after lead-unit labels (module doc)."""
    pattern = _lists()[0]
    out: list[tuple[int, int]] = []
    for m in pattern.finditer(text):
        a, body = m.start(1), m.group(1)
        pos = 0
        depth = [0] * (len(body) + 1)  # no cut inside brackets: 各县（市、区）人民政府 is one item
        for k, ch in enumerate(body):
            depth[k + 1] = depth[k] + (ch in "（(") - (ch in "）)")
        for sep in [*(m for m in _SEPARATORS.finditer(body) if depth[m.start()] == 0), None]:
            end = sep.start() if sep is not None else len(body)
            item = body[pos:end]
            lead = len(item) - len(item.lstrip(" \u3000"))
            item = item.strip(" \u3000")
            if _body(item):
                out.append((a + pos + lead, a + pos + lead + len(item)))
            if sep is None:
                break
            pos = sep.end()
    return out


_ITEMS = r"[^，。；：:;,\n、]{2,30}?(?:、[^，。；：:;,\n、]{2,30}?)*"
_FRAMES = (
    re.compile(rf"由({_ITEMS})(?:牵头|负责|主责|统筹)"),  # 由市财政局、市税务局牵头
    re.compile(rf"(?:^|(?<=[，。；;,\n]))({_ITEMS})(?:配合|协助|协办|参与)(?=[，。；;,\n]|$)"),  # …，钦州海事局、…站配合。
    re.compile(rf"(?:牵头|责任|配合|主责|协办|承办)(?:单位|部门)(?:为|是)({_ITEMS})(?=[，。；;,\n]|$)"),
    re.compile(r"(?:会同|联合|协同)((?:[\u4e00-\u9fff]{2,6}?(?:街道|镇|乡)、)*[\u4e00-\u9fff]{2,6}?(?:街道|镇|乡))"
               r"(?=[、推开实组完对共举制等])"),  # 会同劝业场街道、小白楼街道开展…
)

_FRAME_LEADING = ("积极", "主动", "与", "同", "和", "跟", "并", "由")


def frame_units(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the bodies named in a role frame of running text (module doc)."""
    out: set[tuple[int, int]] = set()
    for rx in _FRAMES:
        for m in rx.finditer(text):
            a = m.start(1)
            for item in m.group(1).split("、"):
                lead = next((w for w in _FRAME_LEADING if item.startswith(w)), "")  # 与区教委配合
                if _body(item[len(lead):]):
                    out.add((a + len(lead), a + len(item)))
                a += len(item) + 1
    return sorted(out)


def split_joined(spans: list[Span], text: str) -> list[Span]:
    """ORG spans cut at a joining verb inside them or cut from the 会 of 会同 (module doc)."""
    out: list[Span] = []
    for s in spans:
        if s.label != "ORG":
            out.append(s)
            continue
        if s.text.endswith("委会") and text.startswith("同", s.end):
            s = replace(s, end=s.end - 1, text=s.text[:-1])
        k = next((s.text.find(j) for j in _JOINERS if s.text.find(j) > 0), -1)
        if k > 0 and s.text[k - 1] in ORG_END:
            j = next(j for j in _JOINERS if s.text.find(j) == k)
            left, right = s.text[:k], s.text[k + len(j):]
            out.append(replace(s, end=s.start + k, text=left))
            if len(right) >= 2 and right[-1] in ORG_END:
                a = s.start + k + len(j)
                out.append(replace(s, id=s.id + "b", start=a, text=right))
            continue
        out.append(s)
    return out
