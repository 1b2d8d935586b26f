"""govie.model.words: network METRIC/ORG edges moved off the middle of a word."""
from __future__ import annotations

import pytest

from govie.model.words import MAX_MOVE, snap_words, word_bounds
from govie.schema import Span


def span(text: str, piece: str, label: str = "METRIC", nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return Span(id="m", start=start, end=start + len(piece), label=label, text=piece, score=0.5)


def snapped(text: str, s: Span) -> str:
    (out,) = snap_words([s], text)
    assert out.text == text[out.start:out.end] and out.score == s.score and out.id == s.id
    return out.text


@pytest.mark.parametrize("text, piece, label, expected", [
    # more than half of the cut word inside: it joins (反应时间 is one dictionary word)
    ("辖区院前医疗急救服务平均反应时间小于17分钟", "应时", "METRIC", "反应时间"),
    ("辖区院前医疗急救服务平均反应时间小于17分钟", "服务平均反应时", "METRIC", "服务平均反应时间"),
    # a tie leaves: 现场 | 核查 are two words, the span keeps 核查
    ("开展挂账隐患回头看，现场核查286项", "场核查", "METRIC", "核查"),
    # half or less inside: it leaves (the 部 of 部署)
    ("按照北京市生态环境局部署组织培训", "北京市生态环境局部", "ORG", "北京市生态环境局"),
    # edges on word boundaries stay
    ("全区细颗粒物平均浓度为40微克", "细颗粒物平均浓度", "METRIC", "细颗粒物平均浓度"),
])
def test_snap(text, piece, label, expected):
    assert snapped(text, span(text, piece, label)) == expected


def test_other_labels_untouched():
    text = "辖区院前医疗急救服务平均反应时间小于17分钟"
    s = span(text, "应时", "REL")
    assert snap_words([s], text) == [s]


def test_never_moves_more_than_max_or_below_two_chars():
    text = "辖区院前医疗急救服务平均反应时间小于17分钟"
    for a in range(len(text)):
        for b in range(a + 2, min(len(text), a + 12) + 1):
            (out,) = snap_words([Span(id="", start=a, end=b, label="METRIC", text=text[a:b])], text)
            assert abs(out.start - a) <= MAX_MOVE and abs(out.end - b) <= MAX_MOVE
            assert out.end - out.start >= 2


def test_bounds_cover_text_and_are_deterministic():
    text = "2020年西城区拆除违法建设10万平方米以上，\n确保新生违法建设零增长"
    bounds = word_bounds(text)
    assert bounds[0] == 0 and bounds[-1] == len(text) and bounds == sorted(set(bounds))
    assert word_bounds(text) == bounds
    assert word_bounds("") == [0]
