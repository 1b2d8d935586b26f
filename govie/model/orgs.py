"""ORG spans made whole: the level or place before a body and its department or branch after it.

The network was trained on one district's reports, so it knows 区… and 市… bodies and cuts
others short: ``成都市交通运输局`` comes out as ``交通运输局``, ``县人民检察院`` as
``人民检察院``, ``市委宣传部`` as ``市委``, ``农业银行六安分行`` as ``农业银行``, and
``市自然资源和规划局`` as two pieces. :func:`extend_orgs` repairs these four patterns with
the word lists of ``org.json`` (``level_words``, ``department_suffixes``, ``branch_suffixes``):

* a level before the span (县, 省, 自治区, or a place word ending in 市/县/省/州/镇/乡 as jieba
  segments it, 成都市) joins it, unless it is a determiner (全市, 各县, 本市);
* a department right after it (宣传部, 组织部, 办公室, 党组…) joins it;
* a branch after it, past at most four characters of place name (六安分行, 四川调查总队), joins it
  (not past 和/及/与/各: 区政务服务中心和各专业分中心 are two);
* two pieces with only 和 between them, the first not ending like a body (市自然资源 和 规划局),
  become one;
* a name cut before its body suffix is completed up to it, past at most three characters
  (``湖北省科学`` + ``技术厅``, ``村民委`` + ``员会``);
* a province or city name without its level before a company joins it (``湖北`` + ``正信会计师事务所``);
* a bracketed second name right after it joins it (``北京金融街服务局(区金融办)``, the guideline's
  own example), a role note (``（牵头）``) does not;
* a street that is the object inspected (``对解放街道开展检查``) or a body whose meeting is held
  (``召开州委常委会会议``) is no ORG.

Measured in ``evaluate/results`` (see the model card): the LODO folds (Beijing) and the
probe round 12a sentences of other provinces.
"""
from __future__ import annotations

from dataclasses import replace
import bisect
import re
from functools import cache
from typing import Iterable

from govie.schema import Span
from govie.tag.rules_org_metric import _lexicon

from .named import _tags
from .words import ORG_END, word_bounds


@cache
def _words() -> dict:
    lex = _lexicon("org.json")
    return {
        "levels": tuple(sorted(lex["level_words"], key=len, reverse=True)),
        "not_levels": frozenset(lex["not_level_words"]),
        "not_first": lex["not_level_first"],
        "departments": re.compile("(?:" + "|".join(sorted(map(re.escape, lex["department_suffixes"]), key=len, reverse=True)) + ")"),
        "branches": re.compile(r"(?:(?![和及与或各])[\u4e00-\u9fff]){0,4}?(?:" + "|".join(sorted(map(re.escape, lex["branch_suffixes"]), key=len, reverse=True)) + ")"),
    }


_DETERMINERS = "全各本我该两其每"


def extend_orgs(spans: Iterable[Span], text: str) -> list[Span]:
    """The spans with ORG spans extended over a level before and a department or branch after
    (module doc); an extension never runs into a span of another label, and absorbs ORG pieces."""
    spans = sorted(spans, key=lambda s: (s.start, s.end))
    if not any(s.label == "ORG" for s in spans):
        return spans
    w, bounds = _words(), word_bounds(text)
    out: list[Span] = []
    k, listed = 0, -1
    while k < len(spans):
        s = spans[k]
        k += 1
        if s.label != "ORG":
            out.append(s)
            continue
        a, b = s.start, s.end
        m = w["departments"].match(text, b) or w["branches"].match(text, b)
        if m:
            inner = [t for t in spans[k:] if t.start < m.end()]
            if all(t.label == "ORG" and t.end <= m.end() for t in inner):
                b, k = m.end(), k + len(inner)  # 市公安局 + 交警支队 -> one body
        c = _COMPLETE.match(text, b) if text[b - 1] not in ORG_END else _MEMBERS.match(text, b) if text[b - 1] in "委办" else None
        if c and all(t.start >= c.end() or (t.label == "ORG" and t.end <= c.end()) for t in spans[k:]):
            absorbed = [t for t in spans[k:] if t.start < c.end()]
            b, k = c.end(), k + len(absorbed)  # 湖北省科学 + 技术厅, 桃源村村民委 + 员会
        br = _BRACKET.match(text, b)
        if br and _second_name(br.group(1)):
            inner = [t for t in spans[k:] if t.start < br.end()]
            if all(t.label == "ORG" and t.end <= br.end() for t in inner):
                b, k = br.end(), k + len(inner)  # 北京金融街服务局(区金融办): one span (guideline, ORG)
        a = place_word_start(text, a, out[-1].end if out else 0, bounds)
        for _ in range(3):  # 铜仁市 + 碧江区 + …: up to three place words in a row
            a, before = _level_start(text, a, out[-1].end if out else 0, bounds, w), a
            if a == before:
                break
        a = _province_before(text, a, b, out[-1].end if out else 0, bounds)
        if _not_actor(text, a, b) or (a == listed and s.text.endswith(("街道", "镇", "乡"))):
            listed = _list_next(text, b)  # 到天桥街道、新街口街道督促…: the places listed after it too
            continue
        if out and out[-1].label == "ORG" and text[out[-1].end:a] == "和" and text[out[-1].end - 1] not in ORG_END \
                and text[a] not in _PLACE_END:  # 县残联和县红十字会: two bodies
            a = out.pop().start  # 市自然资源 + 和 + 规划局 -> 市自然资源和规划局
        out.append(replace(s, start=a, end=b, text=text[a:b]) if (a, b) != (s.start, s.end) else s)
    return out


_COMPLETE = re.compile(r"(?:(?![和及与或各])[\u4e00-\u9fff]){0,3}?(?:委员会|联合会|管委会|办公室|办公厅|人民政府|事务所|交易所|研究所|厅|局|委|院|中心)(?![\u4e00-\u9fff]{0,1}[长员])")
_MEMBERS = re.compile(r"(?<=委)员会|(?<=办)(?:公室|公厅|事处)")  # 村民委 + 员会, 区金融服务办 + 公室
_BRACKET = re.compile(r"[(（]([\u4e00-\u9fffA-Za-z0-9]{1,15})[)）]")
_ROLE = ("牵头", "配合", "负责", "主责", "协办", "主办", "责任", "试点", "含")
_OBJECT_BEFORE = re.compile(r"(?:对|到|赴|前往|深入|走进|围绕)$")  # 到天桥街道督促…: the street is where one goes
_MEETING_AFTER = re.compile(r"(?:常务)?(?:会议|全会|常务会|会)")


def is_branch(text: str, b: int, e: int) -> bool:
    """``text[b:e]`` is a branch after a body: at most four characters of place, then a branch
    suffix (黑龙江省分行, 六安分行; ``org.json`` → ``branch_suffixes``)."""
    m = _words()["branches"].fullmatch(text, b, e)
    return m is not None


_PLACE_END = "市区县州省盟旗"
_JOINING_VERBS = ("会同", "联合", "配合", "协同")


def place_word_start(text: str, a: int, lo: int, bounds: list[int]) -> int:
    """A span starting inside a place word that ends with a level (尔 + 市 of 齐齐哈尔市, the 市 of
    拉萨市) starts with that word: the network and the gazetteer cut names jieba keeps whole."""
    i = bisect.bisect_right(bounds, a)
    if i == 0 or i >= len(bounds) or bounds[i - 1] == a:
        return a
    ws, we = bounds[i - 1], bounds[i]
    word = text[ws:we]
    if ws < lo or len(word) > 6 or word[-1] not in _PLACE_END or not all("\u4e00" <= c <= "\u9fff" for c in word) \
            or word[0] in _DETERMINERS or word[0] in "和及与或并" or word.startswith(_JOINING_VERBS):
        return a  # 和县 in 县残联和县红十字会, 会同县 in …会同县消防救援大队: a conjunction or a verb
    return ws


_FIRM = ("公司", "集团", "事务所")


def _province_before(text: str, a: int, b: int, lo: int, bounds: list[int]) -> int:
    """A company named after its province or city without 省/市 (湖北 + 正信会计师事务所, 北京 +
    世纪国源科技股份有限公司): the place word (jieba tag ns, two or three characters) joins it."""
    if not text[a:b].endswith(_FIRM):
        return a
    i = bisect.bisect_left(bounds, a)
    if i == 0 or i >= len(bounds) or bounds[i] != a or bounds[i - 1] < lo:
        return a
    word = text[bounds[i - 1]:a]
    return bounds[i - 1] if 2 <= len(word) <= 3 and _tags().get(word, "") == "ns" else a


def _list_next(text: str, b: int) -> int:
    """Where the next item of a list starts after a name ending at ``b`` (``-1``: no 、 or 和 there)."""
    return b + 1 if text[b:b + 1] in ("、", "和") else -1


def _second_name(inside: str) -> bool:
    """The bracket holds a body's other name (区金融办) or its place (北京), not a role note (牵头)."""
    return not any(r in inside for r in _ROLE) and (inside[-1] in ORG_END or len(inside) <= 3)


def _not_actor(text: str, a: int, b: int) -> bool:
    """A street or township that is the object inspected or visited (对解放街道开展检查, 到天桥街道督促,
    case 20), a company that is inspected (对浙江龙盛集团股份有限公司等12家重点企业开展专项检查), or a
    body whose meeting is held (召开州委常委会会议): no ORG."""
    name = text[a:b]
    if name.endswith(("街道", "镇", "乡")) and (_OBJECT_BEFORE.search(text, max(0, a - 2), a) or name.startswith("对")):
        return True
    if name.endswith(_FIRM) and text[max(0, a - 1):a] == "对":
        return True
    return text[max(0, a - 2):a] == "召开" and bool(_MEETING_AFTER.match(text, b) or name.endswith("常委会"))


def _level_start(text: str, a: int, lo: int, bounds: list[int], w: dict) -> int:
    """Where an ORG span starting at ``a`` should start when a level (县, 自治区) or a place word
    ending in one (成都市, 龙港镇) stands right before it; ``lo``: where the previous span ends."""
    level = next((v for v in w["levels"] if a - len(v) >= lo and text.startswith(v, a - len(v))), "")
    if not level:
        return a
    start = a - len(level)
    i = bisect.bisect_left(bounds, a)
    if i < len(bounds) and bounds[i] == a and i > 0:  # the jieba word that ends where the span starts
        word_start = bounds[i - 1]
        word = text[word_start:a]
        if word_start >= lo and len(word) > len(level) and len(word) <= 5 and word not in w["not_levels"] \
                and word[0] not in w["not_first"] and all("\u4e00" <= c <= "\u9fff" for c in word) \
                and not word.startswith(_JOINING_VERBS):  # 会同县 (a county) in …会同县消防救援大队
            return word_start
        if word in w["not_levels"]:
            return a
    if start > lo and text[start - 1] in _DETERMINERS:
        return a  # 全市, 各县: a determiner
    return start


# a named street, town or township opening a clause and acting (guideline case 20): 柯桥街道完成…,
# 城东街道、城西街道等…; as a place (在德胜街道召开) or an object (对陶然亭街道检查) it opens no clause
_ACTING = re.compile(
    r"(?:^|(?<=[，。；;：:\n])|(?<=其中)|(?<=由))((?:[\u4e00-\u9fff]{2,9}?(?:[省市州盟]|地区))?(?:[\u4e00-\u9fff]{2,10}?[区县旗])?"
    r"[\u4e00-\u9fff]{2,4}?(?:街道办事处|街道|镇人民政府|镇政府|镇|乡))"
    r"(?=(?:[、和](?:[\u4e00-\u9fff]{2,4}?(?:街道|镇|乡)))*(?:[、，,：:]|已|积极|牵头|负责|完成|全面|累计|新|开展|推进|实施|组织|建成|创建|荣获|获|通过|共|率先|先后|联合|会同|带领|引进|投入|争取|举办|打造|落实|在辖区|督促|因|正在|预计))")
_ACTING_NEXT = re.compile(r"[、和]([\u4e00-\u9fff]{2,4}?(?:街道|镇|乡))(?=[、和，,等]|已|积极|牵头|负责|完成|全面|累计|新|开展|推进|实施|组织|建成|创建|荣获|获|通过|共|督促|因|正在|预计)")


def acting_places(text: str) -> list[tuple[int, int]]:
    """Named streets, towns and townships that open a clause (or follow 其中 or 由) and act, with
    those listed after them (城东街道、城西街道等…; 其中南京西路街道完成38台; 由玉桥街道、北苑街道督促…):
    ``(start, end)`` offsets (guideline case 20)."""
    out: list[tuple[int, int]] = []
    for m in _ACTING.finditer(text):
        name, a = m.group(1), m.start(1)
        lead = next((w for w in ("其中", "由") if name.startswith(w) and len(name) - len(w) >= 3), "")
        name, a = name[len(lead):], a + len(lead)  # 其中周巷镇完成…: the clause opens with 其中, the name after it
        if name in _lexicon_generic() or name[:1] in _DETERMINERS or name.endswith(("乡镇", "城镇", "村镇", "集镇")) \
                or name.startswith(_opening_verbs()) or name[0] in "在到对向于从至":
            continue  # 到天桥街道、新街口街道督促…, 围绕月坛街道…: a verb opens the clause, the places are its objects
        out.append((a, m.end(1)))
        end = m.end(1)
        while (n := _ACTING_NEXT.match(text, end)) is not None:
            out.append(n.span(1))
            end = n.end(1)
    return out


@cache
def _opening_verbs() -> tuple[str, ...]:
    return tuple(_lexicon("org.json")["model_leading"])


@cache
def _lexicon_generic() -> frozenset[str]:
    lex = _lexicon("org.json")
    return frozenset(lex["generic"]) | frozenset(lex["model_generic"]) | frozenset(["乡镇", "各乡镇", "城镇", "村镇", "集镇"])
