"""parse_date against tests/specs/dates.json, plus properties and bad input."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govie.errors import GovieError
from govie.normalize.dates import DateRange, parse_date, same_period_last_year

SPEC = json.loads((Path(__file__).parent / "specs" / "dates.json").read_text(encoding="utf-8"))


def _kwargs(raw: dict) -> dict:
    return {k: date.fromisoformat(v) if k.startswith("period_") else v for k, v in raw.items()}


@pytest.mark.parametrize("case", SPEC, ids=[f"{i}:{c['input'][:16]}" for i, c in enumerate(SPEC)])
def test_spec(case: dict) -> None:
    got = parse_date(case["input"], **_kwargs(case["kwargs"]))
    if case["expected"] is None:
        assert got is None, case["note"]
    else:
        assert got is not None, case["note"]
        assert got.to_dict() == case["expected"], case["note"]


def test_spec_is_large_and_mostly_from_seeds() -> None:
    assert len(SPEC) >= 100
    assert sum(c["note"][:3] in {"000", "001", "002", "003", "004"} for c in SPEC) >= 80


def test_schema_examples() -> None:
    assert parse_date("1-9月", year=2020) == DateRange(date(2020, 1, 1), date(2020, 9, 30))
    assert parse_date("年底", year=2020) == DateRange(date(2020, 12, 31), date(2020, 12, 31))
    cum = parse_date("截至10月20日", year=2020)
    assert cum is not None and cum.as_tuple() == (date(2020, 1, 1), date(2020, 10, 20)) and cum.cumulative
    assert parse_date("2015年").as_tuple() == (date(2015, 1, 1), date(2015, 12, 31))


def test_explicit_year_beats_argument() -> None:
    assert parse_date("2015年12月", year=2020).start == date(2015, 12, 1)


def test_same_period_last_year_keeps_month_ends() -> None:
    dr = DateRange(date(2020, 1, 1), date(2020, 2, 29), cumulative=True)
    back = same_period_last_year(dr)
    assert back.as_tuple() == (date(2019, 1, 1), date(2019, 2, 28))
    assert back.yoy and back.baseline and back.cumulative
    assert same_period_last_year(DateRange(date(2021, 2, 28), date(2021, 2, 28))).end == date(2020, 2, 29)


def test_date_range_rejects_reversed_interval() -> None:
    with pytest.raises(GovieError, match="after end"):
        DateRange(date(2020, 2, 1), date(2020, 1, 1))


def test_date_range_helpers() -> None:
    dr = parse_date("1-9月", year=2020)
    assert dr.days == 274 and not dr.is_point
    assert parse_date("年底", year=2020).is_point


@pytest.mark.parametrize(
    "bad, kwargs, match",
    [
        (123, {}, "expected a str"),
        (b"2020", {}, "expected a str"),
        ("1-9月", {"year": "2020"}, "year expected an int"),
        ("1-9月", {"year": True}, "year expected an int"),
        ("1-9月", {"period_end": "2020-10-31"}, "period_end"),
        ("1-9月", {"period_start": 2020}, "period_start"),
    ],
)
def test_bad_input_raises_clear_error(bad: object, kwargs: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        parse_date(bad, **kwargs)  # type: ignore[arg-type]


def test_none_and_huge_text() -> None:
    assert parse_date(None) is None
    assert parse_date("1-9月" * 2500, year=2020) is None
    assert parse_date("年" * 10_000, year=2020) is None


def test_datetime_period_is_accepted() -> None:
    from datetime import datetime

    got = parse_date("目前", period_end=datetime(2020, 10, 31, 12, 0))
    assert got is not None and got.end == date(2020, 10, 31)


def test_deterministic_and_cached() -> None:
    a = parse_date("前三季度", year=2020)
    b = parse_date("前三季度", year=2020)
    assert a == b and a.end == date(2020, 9, 30)


_DATE_CHARS = "0123456789年月日号季度前后上下半初中底末截至止到为以来同比较去今明本当全内份期旬春节一二三四五六七八九十〇-—~至、个第.年/ "


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(st.text(max_size=30), st.text(alphabet=_DATE_CHARS, max_size=20)),
    year=st.one_of(st.none(), st.integers(min_value=1, max_value=9998)),
    end=st.one_of(st.none(), st.dates()),
)
def test_never_raises_and_start_le_end(text: str, year: int | None, end: date | None) -> None:
    got = parse_date(text, year=year, period_end=end)
    if got is not None:
        assert got.start <= got.end
