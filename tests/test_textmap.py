"""TextMap: the normalized view and its exact map back to the original text."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govie.read.textmap import TextMap


def _per_char(text: str, unwrap: bool = False) -> str:
    """Reference normalization, written the slow obvious way."""
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c in "\u200b\u200c\u200d\u2060\ufeff\u00ad":
            i += 1
            continue
        if c in "\r\n":
            n = 2 if text[i:i + 2] == "\r\n" else 1
            wrap = unwrap and 0 < i and i + n < len(text) and not text[i - 1].isspace() and not text[i + n].isspace()
            if not wrap:
                out.append("\n")
            i += n
            continue
        kept = "\u2460" <= c <= "\u24ff" or "\u3251" <= c <= "\u325f" or "\u32b1" <= c <= "\u32bf"
        out.append(c if kept else unicodedata.normalize("NFKC", c))
        i += 1
    return "".join(out)


@pytest.mark.parametrize(
    "text, norm",
    [
        ("１２３", "123"),
        ("完成１０３５５人，完成指标的１１５．０６％。", "完成10355人,完成指标的115.06%。"),
        ("（PM2.5）；：！？", "(PM2.5);:!?"),
        ("a\r\nb\rc\nd", "a\nb\nc\nd"),
        ("温度20℃", "温度20°C"),
        ("Ⅳ类水体", "IV类水体"),
        ("甲\u200b乙\ufeff丙", "甲乙丙"),
        ("①甲②乙", "①甲②乙"),
        ("全角\u3000空格", "全角 空格"),
        ("《条例》、“双随机”。", "《条例》、“双随机”。"),
    ],
)
def test_normalized_view(text: str, norm: str) -> None:
    assert TextMap.build(text).norm == norm


def test_expanding_character_maps_to_whole_original() -> None:
    text = "达到20℃以上"
    tm = TextMap.build(text)
    i = tm.norm.index("°")
    assert tm.span_to_orig(i, i + 1) == (4, 5)
    assert tm.span_to_orig(i + 1, i + 2) == (4, 5)  # the "C" of °C is the same ℃
    assert tm.span_to_orig(i, i + 2) == (4, 5)
    assert tm.span_to_orig(0, len(tm.norm)) == (0, len(text))


def test_crlf_maps_to_both_characters() -> None:
    text = "甲\r\n乙"
    tm = TextMap.build(text)
    assert tm.norm == "甲\n乙"
    assert tm.span_to_orig(1, 2) == (1, 3)
    assert tm.to_orig(2) == 3


def test_unwrap_drops_wraps_but_keeps_paragraph_breaks() -> None:
    text = "低\n于44微克\n\n下一段\n 缩进"
    tm = TextMap.build(text, unwrap=True)
    assert tm.norm == "低于44微克\n\n下一段\n 缩进"
    f = tm.field(0, tm.norm.index("克") + 1)
    assert f is not None and f.text == "低\n于44微克" and text[f.start:f.end] == f.text


def test_sub_span_offsets_are_in_original_coordinates() -> None:
    text = "标题\n目标：１２万平方米"
    start = text.index("目")
    tm = TextMap.build(text, start)
    assert tm.norm == "目标:12万平方米"
    i = tm.norm.index("12")
    assert tm.span_to_orig(i, i + 2) == (start + 3, start + 5)
    assert text[start + 3:start + 5] == "１２"
    assert tm.to_norm(start + 3) == i


def test_field_strips_whitespace_and_pipes() -> None:
    text = " | 年度目标 |  "
    tm = TextMap.build(text)
    f = tm.field(0, len(tm.norm))
    assert f is not None and (f.text, f.start, f.end) == ("年度目标", 3, 7)
    assert tm.field(0, 3) is None


def test_bad_spans_raise() -> None:
    with pytest.raises(ValueError):
        TextMap.build("abc", 2, 1)
    tm = TextMap.build("abc")
    with pytest.raises(IndexError):
        tm.span_to_orig(2, 5)
    with pytest.raises(IndexError):
        tm.to_orig(4)


_ALPHABET = st.sampled_from(
    list("ab 中文。，１２３℃Ⅳ①\r\n\t\u3000\u200b\ufeff（）%.")
    + ["\r\n", "\n\n", "ﬁ", "㎡", "e\u0301", "\U0002f800", "低\n于", "平\r\n均", "a\n\u200bb"]
)
_TEXTS = st.lists(_ALPHABET, max_size=60).map("".join) | st.text(max_size=40)


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS, data=st.data())
def test_property_every_norm_char_maps_inside_and_monotonically(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for unwrap in (False, True):
        _check_map(text, start, end, unwrap)


def _check_map(text: str, start: int, end: int, unwrap: bool) -> None:
    tm = TextMap.build(text, start, end, unwrap=unwrap)
    assert tm.norm == _per_char(text[start:end], unwrap)
    prev = (start, start)
    for i in range(len(tm.norm)):
        s, e = tm.span_to_orig(i, i + 1)
        assert start <= s < e <= end
        assert tm.norm[i] in _per_char(text[s:e])  # the character comes from that original stretch
        assert s >= prev[0] and e >= prev[1]  # monotonic
        prev = (s, e)
    for i in range(len(tm.norm) + 1):
        for j in range(i, min(len(tm.norm), i + 4) + 1):
            s, e = tm.span_to_orig(i, j)
            assert start <= s <= e <= end
    for p in range(start, end + 1):
        assert 0 <= tm.to_norm(p) <= len(tm.norm)


@settings(max_examples=200, deadline=None)
@given(text=_TEXTS)
def test_property_fields_always_slice_the_original(text: str) -> None:
    tm = TextMap.build(text, unwrap=True)
    for i in range(len(tm.norm)):
        f = tm.field(i, len(tm.norm))
        if f is not None:
            assert text[f.start:f.end] == f.text
