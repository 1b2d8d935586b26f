"""Rule extractor for DATE and REL candidate spans (the parsers live in govie.normalize).

>>> extract_dates("截至10月20日，已完成10355人")
[(2, 8, 'DATE')]
>>> extract_relations("已完成10355人，完成指标的115.06%")
[(0, 3, 'REL'), (10, 15, 'REL')]

Offsets index the given text. Spans never include surrounding punctuation or
spaces; a phrase wrapped across a PDF line break (``完成\\n指标的``) is one span.
``截至``/``截止``/``到…为止`` and the ``比`` of ``比2015年`` stay outside the DATE span
(:func:`date_context` reads them back as ``parse_date`` keyword arguments); the
suffixes ``前``/``之前``/``以来`` are inside it (``6月底前``, ``今年以来``).
Nothing inside a title ``《…》`` is returned. An approximator attached to a number
(``约9亿``, ``3000左右``) is left to QTY; a plain verb (开展, 推进, 建设) is no REL.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cache

from ..errors import D001, D003, InputError
from ..normalize.dates import _rel_years, parse_date
from ..normalize.relations import relation_lexicon

__all__ = ["extract_dates", "extract_relations", "extract_dates_relations", "date_context"]

Triple = tuple[int, int, str]

_CJK = r"\u4e00-\u9fff"
_S = r"[ \u3000]?"
_Y4 = r"(?:(?:19|20)\d{2}|[一二][〇○零九][〇○零一二三四五六七八九]{2})"
_M = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_SEP = r"[-—–~～至到]"
_DAY = rf"{_D}{_S}[日号]"
_MONTH = (
    rf"{_M}{_S}(?:{_SEP}{_S}{_M}{_S})?月"
    rf"(?:{_S}{_D}{_S}{_SEP}{_S}{_DAY}"
    rf"|{_S}{_DAY}(?:{_S}{_SEP}{_S}(?:{_M}{_S}月{_S})?{_DAY})?"
    rf"|份|中下旬|上中旬|上旬|中旬|下旬|初|底|末)?"
)
_QUARTER = r"(?:第|前)?[1-4一二三四](?:[ \u3000]?[-—至][ \u3000]?[1-4一二三四]|(?:、[1-4一二三四])+)?个?季度(?:末|底)?"
_FIRST_N = r"前(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九两])个月"
_MID = rf"中(?=前|之前|以前|[^{_CJK}]|$)"
_HOLIDAY = (r"(?<!“)(?:春节|元旦|国庆节?|五一(?=假期|长假|期间|前|劳动节)(?:劳动节)?|劳动节|端午节?|中秋节?|元宵节"
            r"|清明(?:节|(?=假期|期间|前))|重阳节)(?:假期|长假)?")
# named seasons and campaign periods of date_words.json (汛期 1 Jun-15 Sep, 采暖季 …)
_SEASON_WORDS = r"主汛期|汛期|采暖季|供暖季|采暖期|供暖期|秋冬季|暑期|[春夏秋冬]季"
_SEASON = rf"(?:{_SEASON_WORDS})(?![节度报装服])"
_NOT_NUM_BEFORE = r"(?<![\d\-/A-Za-z_〇○零一二两三四五六七八九十百几多数每同当])"
_CN_MONTH_OK = rf"(?:(?<![{_CJK}])|(?<=[从自至到于在和及与、今]))"
_RELATIVE = r"(?:本|当|上个?)月份?(?![\d一二三四五六七八九十])|(?:本|上个?)季度|近(?:[1-9]|[一两二三四五六七八九十])年"
# 现 as a DATE (guideline 19): opening a clause, before 已/正/全区/市/我区/共 (现已开展, 现全区共有); 现有 is no DATE
_NOW = r"(?:(?<=^)|(?<=[，。；;,：:\n])|(?<=\d[.、．]))现(?=已|正|全区|全市|市|我区|区|共|暂)"
# a season standing alone: the named periods, or 春季/夏季/秋季/冬季 before a clause break or 全/期间/以来 (冬季取暖救助 is a noun)
_BARE_SEASON = rf"{_SEASON}(?:(?<=季)(?=[，,。；;全期以前起]|$)|(?<!季))"
# the reporting period itself (截至报告期末), the start of a season (入秋以来), this year and the next (今明两年)
_REPORT_PERIOD = (r"(?:本?报告期(?:内|末)?|本期(?![间限])"
                  r"|(?:(?<=^)|(?<=[，。；;,：:\n]))(?:近期|当前)|(?:近期|当前)(?=[，,将已正要仍])"
                  r"|(?<![\d〇一二两三四五六七八九十百千万])(?:[1-9]|十?[一二三四五六七八九]|十|两)年(?:来|以来)|(?<![收出投纳加进录输引深介切融])入[春夏秋冬汛](?![季天]?[^以来前后，,。；;]|$)|今明[两二]年内?|明后[两二]?年)")
_SUFFIX = (rf"(?:{_S}(?:之前|以前|以来|以后|之后|至今|前(?![往进来列沿景期提置台身夕后])|起(?![草步诉点始源])"
           rf"|后(?![续期来面台勤备者的果遗半将再又])))?")


@cache
def _date_regex() -> re.Pattern[str]:
    rel_years = "|".join(re.escape(w) for w, _ in _rel_years())
    head = rf"(?:(?<![\d\-/A-Za-z_]){_Y4}{_S}年度?|(?<![过基文每多首层相适应往])(?:{rel_years}))"
    after_head = (
        rf"(?:{_MONTH}|{_QUARTER}|[上下前后]半年|{_FIRST_N}|年?(?:底|末|初|终|内)|年?{_MID}"
        rf"|全年度?|{_SEASON}|{_HOLIDAY}|同期)"
    )
    bare_month = rf"(?:(?<![\d\-/A-Za-z_])(?=\d)|{_CN_MONTH_OK}(?=[一二三四五六七八九十])){_MONTH}"
    unit = (
        rf"(?:{head}(?:{_S}{after_head})?"
        rf"|{bare_month}"
        rf"|(?<![每各个单本]){_QUARTER}"
        rf"|[上下]半年|{_FIRST_N}"
        rf"|{_NOT_NUM_BEFORE}年(?:底|末|初|终|内|{_MID})"
        rf"|全年度?|{_HOLIDAY}|(?<!项)目前|{_RELATIVE}|{_NOW}|{_REPORT_PERIOD}|(?:(?<![{_CJK}])|(?<=[在于至到和及与、今])){_BARE_SEASON})"
    )
    iso = r"(?<![\d.\-/])(?:19|20)\d{2}([-./])(?:1[0-2]|0?[1-9])\1(?:3[01]|[12]\d|0?[1-9])(?![\d.])"
    year_range = rf"(?<![\d\-/A-Za-z_]){_Y4}{_S}(?:年{_S})?{_SEP}{_S}{_Y4}{_S}年度?"
    second = rf"(?:{head}{_S})?(?:{_MONTH}|{_QUARTER}|年?(?:底|末|初)|{_DAY})"
    bare_year = rf"(?:^|(?<=[\s（(“]))(?:19|20)\d{{2}}(?=[{_CJK}])(?![万亿千百元个人户家次项件名辆条处米吨台套所座平公里年])"
    return re.compile(
        rf"(?:{iso}|{year_range}|{unit}(?:{_S}{_SEP}{_S}{second})?|{bare_year}){_SUFFIX}",
        re.M,
    )


_TITLE = re.compile(r"《[^《》]*》")
_QUOTED = re.compile(r"“[^“”\n]{1,30}”")
_CLAUSE_END = re.compile(r"[，。；;,！？!?：:|｜]")  # a table cell border ends a clause too
_GAP = r"[ \u3000\r\n]*"
# A quantity, not a date: digits not followed by 年/月/日/号/季.
_QTY = r"[-+]?(?:\d+(?:\.\d+)?(?![\d.]|[ \u3000]?[年月日号季])|[〇一二两三四五六七八九十百千]+(?![年月日号季级是]))"
_NUM_AFTER = re.compile(rf"{_GAP}(?:了|到|至|为|达|约|近|超过)?{_GAP}{_QTY}")
_PCT_AFTER = re.compile(rf"{_GAP}(?:了|到|至|为|达|约|近)?{_GAP}(?:[-+]?\d+(?:\.\d+)?{_GAP}(?:%|％|‰|个百分点|百分点|倍|岁|分(?!钟))"
                        r"|[一二两三四五六七八九十]+倍)")  # 增加一倍以上
_RATE_AFTER = re.compile(rf"{_GAP}(?:仅|只|仅仅|已|已经|才)?(?:[为是:：]|有|不足|达到?|超过|约|近)?{_GAP}\d")
_QTY_IN = re.compile(r"\d(?![\d.]*[ \u3000]?[年月日号季])|(?<![\d.])\d{1,2}(?:\.\d+)?年(?![度底末初内中])"
                     r"|[一二两三四五六七八九十百千万]+[个项家户人元次条处座所批件名台辆倍]")  # 不低于10年: a duration
_NUM_BEFORE = re.compile(r"\d(?![年月日季\d.])[^\d，。；;,]{0,10}$|%[^\d，。；;,]{0,3}$|[一二两三四五六七八九十]倍$")
_ATTACHED = re.compile(r"[\d〇一二两三四五六七八九十百千万亿余多]$")


def _check_text(text: object, func: str) -> str:
    if not isinstance(text, str):
        raise InputError(D001.format(func=func, value=text, name="text", expected="a str", got=type(text).__name__))
    return text


def _titles(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TITLE.finditer(text)]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


_LATE = date(2099, 12, 31)


def extract_dates(text: str) -> list[Triple]:
    """DATE candidate spans ``(start, end, "DATE")`` that :func:`parse_date` can normalize."""
    _check_text(text, "extract_dates")
    titles = _titles(text)
    out: list[Triple] = []
    ref = date(2000, 12, 31)
    for m in _date_regex().finditer(text):
        start, end = m.span()
        if start == end or _inside(titles, start, end):
            continue
        if parse_date(m.group(), year=2000, period_start=date(2000, 1, 1), period_end=ref) is None and \
                parse_date(m.group(), year=2000, period_start=date(2000, 1, 1), period_end=_LATE) is None:
            continue  # the second try: 2020年以来 starts after the first reference's end
        if m.group().endswith("起") and text[max(0, start - 2):start].endswith(("自", "从")):
            end -= 1  # 自5月起: the frame 自…起 stays outside, as the gold has it
        out.append((start, end, "DATE"))
    return out


@cache
def _rel_regex() -> re.Pattern[str]:
    phrases = sorted(relation_lexicon().phrases, key=lambda p: (-len(p), p))
    wrap = r"(?:\r?\n)?"
    wide = {"<": "[<＜]", ">": "[>＞]", "=": "[=＝]"}  # the lexicon is NFKC: ＜40 is written full-width
    return re.compile("|".join(wrap.join(wide.get(c) or re.escape(c) for c in p) for p in phrases))


def _clause_before(text: str, start: int, width: int) -> str:
    window = text[max(0, start - width) : start]
    cut = list(_CLAUSE_END.finditer(window))
    return window[cut[-1].end() :] if cut else window


def _sentence_before(text: str, start: int, width: int) -> str:
    """The text before ``start`` back to the sentence start (。；! ? or a line break), at most ``width`` characters."""
    window = text[max(0, start - width) : start]
    cut = list(re.finditer(r"[。；;！？!?\n]", window))
    return window[cut[-1].end() :] if cut else window


def _clause_after(text: str, end: int, width: int) -> str:
    window = text[end : end + width]
    cut = _CLAUSE_END.search(window)
    return window[: cut.start()] if cut else window


_TARGET_LINE = re.compile(r"\s*(?:\d+[.、]\s*)?(?:年度|全年|本年)?(?:绩效)?目标(?:值|任务)?\s*[:：]")


_DIFFICULTY = re.compile(r"^[^，,；;。]{0,8}(?:压力|难度|困难|挑战)")


def _sentence_start(text: str, start: int) -> int:
    return max(text.rfind(c, 0, start) for c in "。；;！？!?\n") + 1


def _keep_rel(text: str, start: int, end: int, phrase: str, quoted: list[tuple[int, int]]) -> bool:
    lex = relation_lexicon()
    ctx = lex.contexts
    if phrase in ctx["never"] or phrase in ctx["exact_only"] or phrase in ctx["not_relations"]:
        return False
    prev = text[start - 1] if start else ""
    if phrase in lex.before_chars and prev not in lex.before_chars[phrase]:
        return False
    if end < len(text) and text[end] in lex.not_after_chars.get(phrase, ""):
        return False  # 增加值
    if prev and prev in lex.not_before_chars.get(phrase, ""):
        return False
    if lex.phrases[phrase] in lex.attainment_kinds:
        before = _clause_before(text, start, 10)
        if any(cue in before for cue in lex.target_wording):
            return False
    elif _inside(quoted, start, end):  # slogans: “最多跑一次”
        return False
    if phrase in ctx["target_only"]:  # 为 states a target (指数为91), not a reported level (浓度为40)
        if phrase in ctx["number_after"] and not _NUM_AFTER.match(text, end):
            return False  # 年度目标为完成重点项目投资45亿元: a copula before the target's wording, no comparator
        before = _sentence_before(text, start, 24)
        if any(cue in before for cue in (*lex.target_wording, "目标")) or _TARGET_LINE.match(text, _sentence_start(text, start)):
            return True  # 年度目标：…，较大以上生产安全事故起数为0: the whole sentence states targets  # a target cell has no clause break and no reporting period (1-10月…为38: progress)
        return not _CLAUSE_END.search(text) and not any(m.end() > m.start() for m in _date_regex().finditer(text, 0, start))
    if phrase in ctx["status_without_amount"] or lex.phrases[phrase] == "DONE":  # guideline 13: 已完成10355人 reports an amount, no REL
        before, after = _clause_before(text, start, 16).rstrip(" \u3000\r\n"), _clause_after(text, end, 30)
        perfective = "已" in phrase or before.endswith(("目前", "当前"))  # 9月30日已全部完成, 目前均已完成
        if (before.endswith(tuple(ctx["status_not_after"])) and not perfective) \
                or any(w in before for w in ctx["status_not_in_clause"]):
            return False  # 年底前完成, 拟于11月完成: a plan, not a status
        if before.endswith(("%", "％")):
            return False  # 全年任务的91.6%已完成: a share is done, not the task (case 13)
        if _DIFFICULTY.search(after):
            return False  # 完成全年目标压力较大: the task is hard to finish, not finished
        return not after.startswith(tuple(ctx["status_not_before"])) and not _QTY_IN.search(after)
    if phrase in ctx["number_after"] and not _NUM_AFTER.match(text, end):
        return False
    if phrase in ctx["percent_after"] and not _PCT_AFTER.match(text, end):
        return False
    if phrase in ctx["ratio_rate"] and not _RATE_AFTER.match(text, end):
        return False
    if phrase in ctx["number_soon_after"]:
        after = _clause_after(text, end, 12)
        if not (_QTY_IN.search(after) or any(after.lstrip().startswith(w) for w in lex.baseline_words)):
            return False
    if phrase in ctx["number_before"]:
        before = _clause_before(text, start, 14).rstrip()
        if not _NUM_BEFORE.search(before):
            return False
        if phrase in ("左右", "上下") and _ATTACHED.search(before):
            return False  # 3000左右: the approximator belongs to the QTY
    return True


def extract_relations(text: str) -> list[Triple]:
    """REL candidate spans ``(start, end, "REL")``: comparators, change words, status phrases."""
    _check_text(text, "extract_relations")
    titles = _titles(text)
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    out: list[Triple] = []
    for rx, kind in relation_lexicon().patterns:  # the patterns (完成全年指标任务的) are the more specific
        for m in rx.finditer(text):
            start, end = m.span()
            if kind == "DONE" and _QTY_IN.search(_clause_after(text, end, 30)):
                continue  # 已整改完成39项: an amount follows (case 13)
            if not _inside(titles, start, end) and all(end <= a or b <= start for a, b, _ in out):
                out.append((start, end, "REL"))
    pattern_spans = list(out)
    for m in _rel_regex().finditer(text):
        start, end = m.span()
        phrase = unicodedata.normalize("NFKC", re.sub(r"\r?\n", "", m.group()))
        if _inside(titles, start, end) or not _keep_rel(text, start, end, phrase, quoted):
            continue
        if any(start < b and a < end for a, b, _ in pattern_spans):
            continue
        out.append((start, end, "REL"))
    return sorted(out)


def extract_dates_relations(text: str) -> list[Triple]:
    """DATE and REL spans together, without overlaps: the longer span wins, REL on a tie."""
    spans = sorted(extract_relations(text) + extract_dates(text), key=lambda t: (-(t[1] - t[0]), t[2] != "REL", t[0]))
    kept: list[Triple] = []
    for s in spans:
        if all(s[1] <= k[0] or k[1] <= s[0] for k in kept):
            kept.append(s)
    return sorted(kept)


_CUMULATIVE_BEFORE = re.compile(r"(?:截至到?|截止(?:到|至)?)[ \u3000\r\n]*$")
_BASELINE_BEFORE = re.compile(r"(?:比|较|与|同)[ \u3000\r\n]*$")
_UNTIL_BEFORE = re.compile(r"到[ \u3000\r\n]*$")


def date_context(text: str, start: int, end: int) -> dict[str, bool]:
    """``parse_date`` keyword arguments implied by the words around a DATE span.

    ``截至``/``截止`` before, or ``到`` before and ``为止`` after → ``cumulative``; ``比``/``较``/``与`` before → ``baseline``.
    """
    _check_text(text, "date_context")
    if not (0 <= start <= end <= len(text)):
        raise InputError(D003.format(func="date_context", start=start, end=end, length=len(text)))
    before, after = text[max(0, start - 4) : start], text[end : end + 3].lstrip()
    cumulative = bool(_CUMULATIVE_BEFORE.search(before))
    cumulative |= bool(_UNTIL_BEFORE.search(before)) and after.startswith("为止")
    return {"cumulative": cumulative, "baseline": bool(_BASELINE_BEFORE.search(before))}
