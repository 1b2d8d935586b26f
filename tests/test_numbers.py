"""parse_number: the spec suite (tests/specs/numbers.json) plus property tests."""
from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govie.errors import GovieError
from govie.normalize.numbers import Number, parse_number, to_chinese

SPEC = json.loads((Path(__file__).parent / "specs" / "numbers.json").read_text(encoding="utf-8"))


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@pytest.mark.parametrize("case", SPEC, ids=[f"{i:03d}:{c['input']}" for i, c in enumerate(SPEC)])
def test_spec(case: dict) -> None:
    got = parse_number(case["input"])
    exp = case["expected"]
    if exp is None:
        assert got is None, f"{case['input']!r} ({case['note']}) should not parse, got {got}"
        return
    assert got is not None, f"{case['input']!r} ({case['note']}) did not parse"
    assert close(got.value, exp["value"]), (got, exp)
    assert got.approx is exp["approx"], (got, exp)
    assert close(got.low, exp.get("low")) and close(got.high, exp.get("high")), (got, exp)
    assert got.percent is exp.get("percent", False), (got, exp)
    assert got.rel == exp.get("rel"), (got, exp)


def test_spec_is_large_and_mostly_from_the_seeds() -> None:
    assert len(SPEC) >= 150
    assert sum(c["note"].startswith("seed") for c in SPEC) >= 70


def test_api_example() -> None:
    n = parse_number("四千余")
    assert (n.value, n.approx, n.low, n.high) == (4000.0, True, None, None)


def test_scale_field() -> None:
    assert parse_number("8531万").scale == 1e4
    assert parse_number("413.84亿").scale == 1e8
    assert parse_number("四千余万").scale == 1e4
    assert parse_number("13.5").scale == 1.0


def test_number_is_frozen() -> None:
    n = parse_number("1.4万")
    with pytest.raises(dataclasses.FrozenInstanceError):
        n.value = 1.0  # type: ignore[misc]


def test_none_gives_none() -> None:
    assert parse_number(None) is None


@pytest.mark.parametrize("bad", [12, 1.5, b"12", ["12"], object()])
def test_non_str_raises_a_clear_error(bad: object) -> None:
    with pytest.raises(ValueError) as info:
        parse_number(bad)  # type: ignore[arg-type]
    assert isinstance(info.value, GovieError)
    assert "parse_number" in str(info.value) and type(bad).__name__ in str(info.value)


@pytest.mark.parametrize("n, text", [
    (0, "零"), (10, "十"), (15, "十五"), (105, "一百零五"), (1005, "一千零五"), (10500, "一万零五百"),
    (100015, "十万零一十五"), (105000000, "一亿零五百万"), (10**12, "一万亿"), (-42, "负四十二"),
])
def test_to_chinese_known(n: int, text: str) -> None:
    assert to_chinese(n) == text


def test_to_chinese_rejects_non_int() -> None:
    with pytest.raises(ValueError, match="to_chinese"):
        to_chinese(1.5)  # type: ignore[arg-type]


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_chinese_round_trip(n: int) -> None:
    got = parse_number(to_chinese(n))
    assert got is not None and got.value == n, (n, to_chinese(n), got)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-10**12, max_value=10**12))
def test_arabic_round_trip(n: int) -> None:
    for text in (str(n), f"{n:,}", str(n).translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)})):
        got = parse_number(text)
        assert got is not None and got.value == n, (text, got)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=99999), st.sampled_from([("万", 10**4), ("亿", 10**8), ("万亿", 10**12)]))
def test_scale_words(n: int, scale: tuple[str, int]) -> None:
    word, k = scale
    got = parse_number(f"{n / 100}{word}")
    assert got is not None and math.isclose(got.value, n / 100 * k, rel_tol=1e-12)
    m = n % 10000 or 1  # 一万万 is not written: the numeral before 万 stays below 10^4
    chinese = parse_number(to_chinese(m) + word)
    assert chinese is not None and chinese.value == m * k


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_never_raises_on_any_text(text: str) -> None:
    got = parse_number(text)
    assert got is None or (isinstance(got, Number) and math.isfinite(got.value))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789.,-%万亿千百十一二三四五六七八九零两点余多约近分之至 ", max_size=40))
def test_never_raises_on_numeral_soup(text: str) -> None:
    got = parse_number(text)
    assert got is None or math.isfinite(got.value)


@pytest.mark.parametrize("text", [
    "1" * 10_000, "一" * 10_000, "万" * 5000, "9" * 400 + "亿" * 20, "٣٤٥", "𝟓𝟔", "12\u200b34",
    "PM2.5年均浓度" * 1000, "\x00\x01", "🙂5", "5\n万",
])
def test_long_and_odd_strings(text: str) -> None:
    got = parse_number(text)
    assert got is None or math.isfinite(got.value)


# ---- fast paths (numbers._affixed, numbers._ranged) against the general grammar

_PREFIXES = ["", "约", "近", "超", "逾", "上", "大约", "将近", "≥", "<"]
_SUFFIXES = ["", "余", "多", "来", "许"]
_SCALES = ["", "万", "亿", "万亿"]


@st.composite
def _mantissa(draw: st.DrawFn) -> str:
    """An Arabic mantissa (up to 15 significant digits) or a Chinese numeral."""
    if draw(st.booleans()):
        whole = draw(st.integers(min_value=0, max_value=10**9))
        text = f"{whole:,}" if draw(st.booleans()) else str(whole)
        if draw(st.booleans()):
            text += "." + draw(st.from_regex(r"[0-9]{1,5}", fullmatch=True))
        return text
    return to_chinese(draw(st.integers(min_value=0, max_value=99999))) if draw(st.booleans()) else \
        draw(st.sampled_from(["十", "百", "千", "万", "五六", "两", "十五"]))


@st.composite
def _affixed_text(draw: st.DrawFn) -> str:
    app = draw(st.sampled_from(_SUFFIXES))
    head = draw(st.sampled_from(_PREFIXES)) + draw(st.sampled_from(["", "", "-"])) + draw(_mantissa())
    middle = draw(st.sampled_from(_SCALES)) + app + (draw(st.sampled_from(_SCALES)) if app else "")
    return head + middle + draw(st.sampled_from(["", "", "%", "‰"])) + draw(st.sampled_from(["", "", "左右", "上下"]))


@settings(max_examples=600, deadline=None)
@given(_affixed_text())
def test_fast_path_reads_as_the_general_grammar(text: str) -> None:
    from govie.normalize import numbers
    assert parse_number(text) == numbers._general(text), text


@settings(max_examples=300, deadline=None)
@given(_mantissa(), st.sampled_from(_SCALES + ["%"]), st.sampled_from(["-", "~", "—", "至", "到"]),
       _mantissa(), st.sampled_from(_SCALES + ["%"]))
def test_fast_ranges_read_as_the_general_ranges(a: str, sa: str, sep: str, b: str, sb: str) -> None:
    from govie.normalize import numbers
    text = a + sa + sep + b + sb
    assert parse_number(text) == numbers._range(text), text
