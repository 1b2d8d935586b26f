"""parse_quantity: the spec suite (tests/specs/quantities.json) plus properties."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govie.errors import GovieError
from govie.normalize.quantity import Quantity, parse_quantity
from govie.normalize.units import unit_registry

SPEC = json.loads((Path(__file__).parent / "specs" / "quantities.json").read_text(encoding="utf-8"))


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@pytest.mark.parametrize("case", SPEC, ids=[f"{i:03d}:{c['input']}" for i, c in enumerate(SPEC)])
def test_spec(case: dict) -> None:
    got = parse_quantity(case["input"])
    exp = case["expected"]
    if exp is None:
        assert got is None, f"{case['input']!r} ({case['note']}) should not parse, got {got}"
        return
    assert got is not None, f"{case['input']!r} ({case['note']}) did not parse"
    assert close(got.value, exp["value"]), (got, exp)
    assert (got.unit, got.dimension) == (exp["unit"], exp["dimension"]), (got, exp)
    assert got.approx is exp["approx"], (got, exp)
    assert close(got.low, exp.get("low")) and close(got.high, exp.get("high")), (got, exp)
    assert got.rel == exp.get("rel"), (got, exp)
    assert got.noun == exp.get("noun"), (got, exp)


def test_spec_is_large_and_mostly_from_the_seeds() -> None:
    assert len(SPEC) >= 150
    assert sum(c["note"].startswith("seed") for c in SPEC) >= 100


def test_api_example() -> None:
    q = parse_quantity("8531万立方米")
    assert (q.value, q.unit, q.dimension, q.approx, q.low, q.high) == (8.531e7, "m3", "volume", False, None, None)


def test_scale_goes_to_the_value_never_to_the_unit() -> None:
    q = parse_quantity("280.0万元/人")
    assert (q.value, q.unit, q.scale, q.raw_unit) == (2.8e6, "yuan/person", 1e4, "元/人")
    assert parse_quantity("1.1803亿立方米").unit == "m3"


def test_base_value_and_conversion() -> None:
    q = parse_quantity("13.5公里")
    assert (q.base_value, q.base_unit) == (13500.0, "m")
    assert q.to("m").value == 13500.0 and q.to("米").unit == "m"
    assert math.isclose(parse_quantity("1.62公顷").to("m2").value, 16200.0)
    assert math.isclose(parse_quantity("15亩").to("ha").value, 1.0)
    rng = parse_quantity("3-5公里").to("m")
    assert (rng.low, rng.high) == (3000.0, 5000.0)
    assert parse_quantity("0.5mg/m3").to("ug/m3").value == 500.0


def test_conversion_to_another_dimension_is_a_clear_error() -> None:
    with pytest.raises(GovieError, match="cannot convert 'km'"):
        parse_quantity("13.5公里").to("吨")


def test_percent_and_percentage_points_differ() -> None:
    a, b = parse_quantity("2.5%"), parse_quantity("2.5个百分点")
    assert (a.dimension, b.dimension) == ("percent", "percentage_point")


def test_deposition_orders_agree() -> None:
    a, b = parse_quantity("5.1吨/平方公里·月"), parse_quantity("5.1吨/月·平方公里")
    assert a == b.__class__(**{**b.__dict__, "raw_unit": a.raw_unit})


def test_none_gives_none() -> None:
    assert parse_quantity(None) is None


@pytest.mark.parametrize("bad", [8531, 2.5, b"8531", {"x": 1}])
def test_non_str_raises_a_clear_error(bad: object) -> None:
    with pytest.raises(ValueError, match="parse_quantity: expected a str"):
        parse_quantity(bad)  # type: ignore[arg-type]


ALIASES = sorted({a for u in unit_registry().values() for a in u.aliases})


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False), st.sampled_from(ALIASES))
def test_number_then_any_registry_unit(value, alias: str) -> None:
    text = f"{value}{alias}"
    q = parse_quantity(text)
    unit = unit_registry().aliases[__import__("unicodedata").normalize("NFKC", alias)]
    assert q is not None, text
    assert q.dimension == unit.dimension, (text, q)
    assert math.isclose(q.base_value, float(value) * unit.factor, rel_tol=1e-12, abs_tol=1e-12), (text, q)
    if alias not in ("‰", "成"):  # parse_number turns per mille and tenths into percent (5‰ -> 0.5 %, 3成 -> 30 %)
        assert q.unit == unit.id and math.isclose(q.value, float(value), abs_tol=1e-12), (text, q)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.sampled_from([("万", 1e4), ("亿", 1e8)]),
       st.sampled_from(["元", "立方米", "人次", "平方米", "吨"]))
def test_scale_word_before_unit(n: int, scale: tuple[str, float], unit: str) -> None:
    q = parse_quantity(f"{n}{scale[0]}{unit}")
    assert q is not None and q.value == n * scale[1] and q.scale == scale[1]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_never_raises_on_any_text(text: str) -> None:
    q = parse_quantity(text)
    assert q is None or (isinstance(q, Quantity) and math.isfinite(q.value))


@pytest.mark.parametrize("text", ["1" * 10_000 + "元", "元" * 10_000, "8531万立方米" * 2000,
                                  "५०० किलो", "５００ｋｍ／ｈ", "3-", "-", "%", "/人"])
def test_long_and_odd_strings(text: str) -> None:
    q = parse_quantity(text)
    assert q is None or math.isfinite(q.value)


# ---- the one-split fast path and the early rejection against the general search

def _reference(text: str) -> Quantity | None:
    """parse_quantity without its shortcuts: the whole text as a number, else the general search
    (after the grammar rule for 多/半/余 around a time unit or 倍, which is no shortcut: 1年多, 2倍余)."""
    from govie.normalize import quantity
    from govie.normalize._helpers import prep
    s = prep(text)
    if not s or len(s) > 160:
        return None
    m = quantity._TIME_MORE.fullmatch(s) or quantity._TIME_TAIL.fullmatch(s)
    if m and s[0] in quantity._lex().start and quantity._time_more(m) is not None:
        return quantity._permille(s, quantity._time_more(m))
    whole = quantity.parse_number(s)
    q = quantity._build(whole, None, None, None, False) if whole is not None else quantity._search(s)
    return quantity._permille(s, q)


_NUMBERS = ["5", "13.5", "1,100", "0", "8531万", "1.4亿", "约1900", "140余", "3-5", "3至5万", "十", "五六",
            "三千五百万", "两", "近千", "30%", "三分之一", "1/3", "2020", "-2", "四十"]
_WORDS = ["", "", "以上", "以下", "左右", "论坛", "项目", "GDP", "年", "/人", "/月·平方公里", "X"]


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(_NUMBERS),
       st.sampled_from(ALIASES + ["万元", "千米", "千瓦", "百分点", "KM", "Kg", "G", ""]), st.sampled_from(_WORDS))
def test_fast_split_reads_as_the_general_search(number: str, unit: str, word: str) -> None:
    text = number + unit + word
    assert parse_quantity(text) == _reference(text), text


_SOUP = "0123456789.-%万亿千百十一二三五两余约近元人个米吨平方公里立分之年以上论坛GDP/ "


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_SOUP, max_size=12))
def test_shortcuts_never_change_the_answer(text: str) -> None:
    assert parse_quantity(text) == _reference(text), text
