"""Named bodies the network does not know: a proper name followed by a body suffix.

The network learnt the district's own bureaus and misses most companies, hospitals, schools,
societies and news agencies (``中核集团``, ``复兴医院``, ``北京市中西医结合学会``, ``路透社``): on
the LODO folds they were most of the ORG spans it never touched. :func:`named_bodies` finds
them by their last word, one of ``org.json`` → ``name_suffixes``, and takes the name before it:

* the name is the run of jieba words right before the suffix, back to punctuation, a digit, a
  word of ``name_stops`` (推动, 与, 如, 等, 全市) or a word of two or more characters that
  jieba's dictionary tags as an adverb, preposition, conjunction, particle, pronoun, numeral,
  measure, position or time word (进一步, 以上, 期间), at most :data:`MAX_WORDS` words and
  :data:`MAX_NAME` characters; verbs may stand inside a name (中西医结合学会) but not open it
  (统筹集团), nor may a single function word (中 opens 中核集团, but 如 does not);
* it is no name when every one of its words is a category word of ``name_generic``
  (``保险公司``, ``燃气公司``, ``三级医院``, ``社区卫生…`` is not a proper name), or when it is
  shorter than two characters, or when a verb of setting up stands right before it (组建, 成立,
  共建: ``组建省级心血管专科联盟`` names what is being set up), or when 建设, 改造… follows it
  (``完善区公共法律服务中心建设``: the thing built); an ordinal (第一) may stand inside
  a name (``米脂县第一中学``);
* the suffix must end a jieba word (``学会`` in ``结合学会``, not the verb of ``学会了``); when
  it starts inside one, the word is the name and its suffix (``上海海关``, ``深圳证券交易所``).

:func:`govie.model.hybrid.combine` adds these spans (source ``"named"``) where no chosen span
overlaps, like the gazetteer names; :func:`govie.model.orgs.extend_orgs` then joins a level
before them (县, 北京市) as it does for the network's spans.
"""
from __future__ import annotations

import bisect
import re
from functools import cache

from govie.tag.rules_org_metric import _lexicon

from .words import _tokenizer, word_bounds

MAX_WORDS = 4
MAX_NAME = 12
_NUMERALS = "一二三四五六七八九十两"
_LEVELS = "县市区省州"
_DETERMINERS = "各全该本每"
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")


_BODY_END = "局厅委"  # a word ending so closes another body's name
_CATEGORY = ("单位", "部门", "企业", "机构")  # 施工单位北京蓟城山水集团: the category before a name
_CREATED = frozenset(["组建", "建立", "成立", "建设", "打造", "共建", "建成", "新建", "创建", "筹建", "筹备", "设立", "组织", "完善"])
_BUILT_AFTER = re.compile(r"(?:建设|规范化|标准化|改造|提升)")  # 完善区公共法律服务中心建设: the thing built
_STOP_TAGS = ("d", "p", "c", "u", "r", "m", "q", "f", "t", "ad")


@cache
def _tags() -> dict[str, str]:
    """jieba's dictionary part-of-speech tags (word -> tag), read once."""
    from jieba import posseg

    return posseg.POSTokenizer(_tokenizer()).word_tag_tab


def _stop(word: str, stops: frozenset[str]) -> bool:
    """A word the name cannot reach over: a stop word, a category noun, a non-name character, or
    a word of two or more characters that jieba tags as a function word (以上, 进一步, 期间)."""
    if len(word) > 1 and word[0] == "第" and word[1:].strip(_NUMERALS) == "":
        return False  # 米脂县第一中学, 兰州大学第二医院: an ordinal inside the name
    if word in stops or word.endswith(_CATEGORY) or not all(_NAME_CHAR.match(c) for c in word):
        return True
    return len(word) > 1 and _tags().get(word, "").startswith(_STOP_TAGS)


def _leading_verb(word: str) -> bool:
    """A verb or a single preposition, conjunction, particle, pronoun or word suffix opening the run
    (统筹 in 统筹集团, 获 in 获北京银行, 型 of 示范型 in 示范型退役军人服务中心) is not part of the name;
    中 of 中核集团 is."""
    tag = _tags().get(word, "")
    return tag in ("v", "vn") or (len(word) == 1 and tag.startswith(("p", "c", "u", "r", "k")))


@cache
def _lists() -> tuple[re.Pattern[str], frozenset[str], frozenset[str]]:
    lex = _lexicon("org.json")
    suffixes = sorted(lex["name_suffixes"], key=len, reverse=True)
    return (re.compile("(?:" + "|".join(map(re.escape, suffixes)) + ")+"), frozenset(lex["name_stops"]),
            frozenset(lex["name_generic"]))


def _name_start(text: str, s: int, lo: int, bounds: list[int], stops: frozenset[str]) -> int:
    """Where the name before a suffix starting at ``s`` begins (``s`` when there is none), not
    before ``lo`` (the end of the name found before)."""
    i = bisect.bisect_left(bounds, s)
    if i >= len(bounds):
        return s
    a, n = s, 0
    if bounds[i] != s:  # the suffix starts inside a word: a name only when the word is name + suffix
        head = text[bounds[i - 1]:s]
        if bounds[i - 1] < lo or len(head) < 2 or _stop(head, stops) or not all(_NAME_CHAR.match(c) for c in head):
            return s  # 上海海关, 深圳证券交易所 are one jieba word each
        a, i, n = bounds[i - 1], i - 1, 1
    while i > 0 and n < MAX_WORDS and bounds[i - 1] >= lo:
        word = text[bounds[i - 1]:bounds[i]]
        if _stop(word, stops) or s - bounds[i - 1] > MAX_NAME or (len(word) > 1 and word[-1] in _BODY_END):
            break  # 管理局 + 会同县消防救援大队: another body ends there
        glued = next((w for w in stops if len(w) > 1 and word.startswith(w) and len(word) > len(w)), "")
        if glued:  # jieba's 会同县 (a county) in 会同县消防救援大队: the verb stays out
            return bounds[i - 1] + len(glued)
        a, i, n = bounds[i - 1], i - 1, n + 1
    return a


def _words_of(text: str, a: int, b: int, bounds: list[int]) -> list[str]:
    lo, hi = bisect.bisect_left(bounds, a), bisect.bisect_left(bounds, b)
    return [text[bounds[k]:bounds[k + 1]] for k in range(lo, hi)]


def named_bodies(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of proper names ending in a body suffix in ``text`` (module doc)."""
    pattern, stops, generic = _lists()
    if not pattern.search(text):
        return []
    bounds = word_bounds(text)
    ends = set(bounds)
    out: list[tuple[int, int]] = []
    for m in pattern.finditer(text):
        s, e = m.span()
        if e not in ends:
            continue  # 学会了: the suffix does not end a word
        a = _name_start(text, s, out[-1][1] if out else 0, bounds, stops)
        if s - a == 1 and text[a] in _LEVELS and e - s >= 4 and (
                a == 0 or not _NAME_CHAR.match(text[a - 1]) or a in ends or text[:a].endswith(tuple(stops))):
            out.append((a, e))  # 县 + 消防救援大队: the county's own body
            continue
        if s - a < 2:
            continue
        words = _words_of(text, a, s, bounds)
        while words and _leading_verb(words[0]):
            a += len(words.pop(0))
        i = bisect.bisect_left(bounds, a)
        if i > 0 and bounds[i] == a and text[bounds[i - 1]:a] in _CREATED:
            continue  # 组建省级心血管专科联盟: a body being set up is the object, not an actor
        if _BUILT_AFTER.match(text, e):
            continue
        if s - a < 2 or text[a] in _DETERMINERS:
            continue  # 各乡镇人民政府: generic (guideline case 4)
        if all(w in generic or w.strip(_NUMERALS) == "" for w in words):
            continue
        out.append((a, e))
    return out


# a level and one to four characters before 委 or 办: the short names of commissions and offices
# (市规自委, 区卫健委, 市审改办, 区委改革办); 委员会, 办公室, 办事处 are the full forms (named_bodies)
_ABBREVIATED = re.compile(r"[市区县省州](?:(?![市区县省州对向与和及在])[\u4e00-\u9fff]){1,4}?[委办](?![会员室公事主任])")


def abbreviated_bodies(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of abbreviated commissions and offices (``市规自委``, ``区教委``, ``市审改办``)
    that are whole jieba-word runs: 社区居委 (区 inside 社区) and 区委员会 are not taken, nor a level
    that closes a place name before a verb (崇礼区举办)."""
    if not _ABBREVIATED.search(text):
        return []
    bounds = word_bounds(text)
    ends = set(bounds)
    out = []
    for m in _ABBREVIATED.finditer(text):
        a, b = m.span()
        inside = a not in ends and a + 1 in ends and _tags().get(_word_at(text, a, bounds), "") == "ns"
        # 三亚市 + 重大项目办: the level closes a place word (not 对市 in 西城区对市协调办)
        if (a not in ends and not inside) or b not in ends:
            continue
        if text[a:b].endswith(_doing_suffixes()):
            continue  # 崇礼区举办, 接诉即办: 举办 and 即办 are verbs of handling, not offices
        if not inside:
            i = bounds.index(a)
            before = text[bounds[i - 1]:a] if i else ""
            if _tags().get(before, "").startswith(("ns", "nr")):
                continue  # 崇礼 + 区 + …: 区 closes a place name
        out.append((a, b))
    return out


def _word_at(text: str, x: int, bounds: list[int]) -> str:
    i = bisect.bisect_right(bounds, x)
    return text[bounds[i - 1]:bounds[i]] if 0 < i < len(bounds) else ""


@cache
def _doing_suffixes() -> tuple[str, ...]:
    """Words ending in 办 that handle rather than name an office (``org.json`` → ``not_offices``)."""
    return tuple(_lexicon("org.json")["not_offices"])
