from datetime import date

import pytest

from govie.attainment import assess, comparator, consistent, year_fraction
from govie.schema import Measurement

FULL = (date(2020, 1, 1), date(2020, 12, 31))
H1 = (date(2017, 1, 1), date(2017, 6, 30))


def m(role="target", value=None, unit="person", dim="count", rel=(), metric=None, when=None, factor=1.0, low=None, high=None):
    return Measurement(id=role, role=role, record=0, value=value, unit=unit, dimension=dim, relation=list(rel),
                       metric=metric, date=when, factor=factor, low=low, high=high)


@pytest.mark.parametrize("target, progress, period, expected", [
    (m(value=9000, rel=["GE"]), m("progress", 10355), FULL, "met"),
    (m(value=9000, rel=["GE"]), m("progress", 8000), FULL, "not_met"),
    # partial year: cumulative counts compare pro rata
    (m(value=11187, unit="piece", rel=[]), m("progress", 7737, unit="piece"), H1, "on_track"),
    (m(value=11187, unit="piece", rel=[]), m("progress", 3000, unit="piece"), H1, "not_met"),
    # levels (concentration) compare directly, whatever the period
    (m(value=44, unit="ug/m3", dim="concentration", rel=["LT"]), m("progress", 40, unit="ug/m3", dim="concentration"), H1, "met"),
    (m(value=60, unit="ug/m3", dim="concentration", rel=["APPROX"]), m("progress", 74, unit="ug/m3", dim="concentration"), H1, "not_met"),
    (m(value=60, unit="ug/m3", dim="concentration", rel=["APPROX"]), m("progress", 61, unit="ug/m3", dim="concentration"), H1, "met"),
    # a cap on a cumulative quantity in a partial year
    (m(value=11489e4, unit="m3", dim="volume", rel=["LE"]), m("progress", 6172.9e4, unit="m3", dim="volume",
                                                               when=(date(2020, 1, 1), date(2020, 9, 30))), FULL, "on_track"),
    (m(value=11489e4, unit="m3", dim="volume", rel=["LE"]), m("progress", 12000e4, unit="m3", dim="volume"), FULL, "not_met"),
    # a stated status wins over the numbers when it says on track / not done
    (m(value=6, unit="t", dim="mass", rel=["LE"]), m("progress", 5.9, unit="t", dim="mass", rel=["ON_TRACK"]), FULL, "on_track"),
    # change targets compare as changes
    (m(value=3, unit="%", dim="percent", rel=["DECREASE"]), m("progress", 9.2, unit="%", dim="percent", rel=["DECREASE"]), FULL, "met"),
    (m(value=3, unit="%", dim="percent", rel=["DECREASE"]), m("progress", 40, unit="%", dim="percent"), FULL, "unknown"),
    # units in different scales meet through their factors (km vs m)
    (m(value=18, unit="km", dim="length", factor=1000, rel=["GE"]), m("progress", 20000, unit="m", dim="length"), FULL, "met"),
    (m(low=10, high=15, unit="%", dim="percent", rel=["RANGE"]), m("progress", 12, unit="%", dim="percent"), FULL, "met"),
])
def test_assess(target, progress, period, expected):
    assert assess(progress, target, period)[0] == expected


def test_comparator_defaults_from_metric_wording():
    assert comparator(m(value=1, metric="能源消费总量")) == "LE"
    assert comparator(m(value=1, metric="新设立企业")) == "GE"
    assert comparator(m(value=1, rel=["APPROX"], metric="能源消费总量")) == "APPROX"


def test_consistent_within_rounding_of_last_digit():
    assert consistent(10355 / 9000, 115.06, "115.06") is True
    assert consistent(7737 / 11187, 69.1, "69.1") is True  # 69.16 truncated
    assert consistent(7737 / 11187, 65.0, "65.0") is False
    assert consistent(None, 65.0) is None


def test_year_fraction():
    assert year_fraction(H1, None) == pytest.approx(181 / 365)
    assert year_fraction(FULL, None) == 1.0
