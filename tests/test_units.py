"""The unit registry (data/units.json) and parse_unit: spec suite, every entry, conversions."""
from __future__ import annotations

import itertools
import json
import math
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govie.normalize._helpers import load_json
from govie.normalize.quantity import Quantity, parse_quantity
from govie.normalize.units import base_unit, lookup_unit, parse_unit, unit_registry

SPEC = json.loads((Path(__file__).parent / "specs" / "units.json").read_text(encoding="utf-8"))
RAW = load_json("units.json")
ENTRIES = RAW["units"]
PAIRS = [(u["id"], a) for u in ENTRIES for a in u["aliases"]]


@pytest.mark.parametrize("case", SPEC, ids=[f"{i:03d}:{c['input']}" for i, c in enumerate(SPEC)])
def test_spec(case: dict) -> None:
    got = parse_unit(case["input"])
    exp = case["expected"]
    if exp is None:
        assert got is None, f"{case['input']!r} ({case['note']}) should not parse, got {got}"
        return
    assert got is not None, f"{case['input']!r} ({case['note']}) did not parse"
    assert (got.id, got.dimension) == (exp["unit"], exp["dimension"]), (got, exp)
    assert math.isclose(got.factor, exp["factor"], rel_tol=1e-12), (got, exp)
    assert got.scale == exp["scale"], (got, exp)


@pytest.mark.parametrize("uid, alias", PAIRS, ids=[f"{u}:{a}" for u, a in PAIRS])
def test_every_alias(uid: str, alias: str) -> None:
    u = parse_unit(alias)
    assert u is not None and u.id == uid and u.scale == 1.0
    q = parse_quantity("12.5" + alias)
    assert q is not None and q.dimension == u.dimension
    if alias != "‰":
        assert (q.unit, q.value) == (uid, 12.5)
    if not alias.isascii():  # a scale word before a unit stays apart from it
        scaled = parse_unit("万" + alias)
        assert scaled is not None and (scaled.id, scaled.scale) == (uid, 1e4)


@pytest.mark.parametrize("entry", ENTRIES, ids=[u["id"] for u in ENTRIES])
def test_every_entry_is_well_formed(entry: dict) -> None:
    assert entry["dimension"] in RAW["dimensions"]
    assert entry["factor"] > 0 and entry["aliases"]
    assert unit_registry()[entry["id"]].factor == float(entry["factor"])
    for a in entry.get("component_aliases", ()):
        assert parse_unit("元/" + a).id == f"yuan/{entry['id']}"


def test_aliases_are_unambiguous() -> None:
    seen: dict[str, str] = {}
    for uid, alias in PAIRS:
        key = unicodedata.normalize("NFKC", alias)
        assert seen.setdefault(key, uid) == uid, f"{alias!r} names both {seen[key]} and {uid}"


@pytest.mark.parametrize("dimension, base", sorted(RAW["dimensions"].items()))
def test_every_dimension_has_its_base_unit(dimension: str, base: str) -> None:
    assert unit_registry()[base].dimension == dimension
    assert unit_registry()[base].factor == 1.0
    assert base_unit(dimension) == base


def test_physical_factors() -> None:
    reg = unit_registry()
    assert math.isclose(reg["kWh"].factor * 29307.6 / 3.6, 1.0)  # 1 tce = 29307.6 MJ, 1 kWh = 3.6 MJ
    assert math.isclose(reg["mu"].factor * 15, 10000)            # 15 亩 = 1 公顷
    assert math.isclose(reg["month"].factor * 12, reg["year"].factor)
    assert reg["km2"].factor == 1e6 and reg["t"].factor == 1000.0


def test_lookup_unit_is_parse_unit() -> None:
    assert lookup_unit("万元") == parse_unit("万元")
    assert base_unit("mass/(area*time)") == "kg/(m2*day)"


def test_registry_is_a_mapping() -> None:
    reg = unit_registry()
    assert len(reg) == len(ENTRIES) and "m3" in reg and set(reg) == {u["id"] for u in ENTRIES}


@pytest.mark.parametrize("bad", [1, 2.0, ("元",)])
def test_non_str_raises(bad: object) -> None:
    with pytest.raises(ValueError, match="parse_unit: expected a str"):
        parse_unit(bad)  # type: ignore[arg-type]
    assert parse_unit(None) is None


BY_DIM: dict[str, list[str]] = {}
for _u in ENTRIES:
    BY_DIM.setdefault(_u["dimension"], []).append(_u["id"])
CONVERTIBLE = [(a, b) for ids in BY_DIM.values() for a, b in itertools.permutations(ids, 2)]


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=1e-6, max_value=1e9, allow_nan=False), st.sampled_from(CONVERTIBLE))
def test_conversions_are_invertible(value: float, pair: tuple[str, str]) -> None:
    a, b = pair
    ua = unit_registry()[a]
    q = Quantity(value, a, ua.dimension, factor=ua.factor)
    there = q.to(b)
    assert there.unit == b and math.isclose(there.value * unit_registry()[b].factor, value * ua.factor, rel_tol=1e-9)
    back = there.to(a)
    assert math.isclose(back.value, q.value, rel_tol=1e-9)
    assert math.isclose(there.base_value, q.base_value, rel_tol=1e-9)


DENOMS = ["平方公里", "月", "人", "天", "户"]


@settings(max_examples=100, deadline=None)
@given(st.permutations(DENOMS), st.integers(min_value=1, max_value=len(DENOMS)), st.sampled_from(["/", "·", "•"]))
def test_denominator_order_does_not_matter(order: list[str], k: int, sep: str) -> None:
    dens = order[:k]
    a = parse_unit("吨/" + sep.join(dens))
    b = parse_unit("吨/" + "/".join(sorted(dens)))
    assert a is not None and b is not None and (a.id, a.dimension, a.factor) == (b.id, b.dimension, b.factor)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_never_raises_on_any_text(text: str) -> None:
    u = parse_unit(text)
    assert u is None or u.factor > 0


# ---- shortcuts: the table of plain aliases and may_start (the cheap test the quantity parser runs first)

@pytest.mark.parametrize("uid, alias", PAIRS, ids=[f"{u}:{a}" for u, a in PAIRS])
def test_plain_alias_table_agrees_with_the_parser(uid: str, alias: str) -> None:
    # padded with spaces the alias misses the table and goes through normalisation and lookup
    assert parse_unit(alias) == parse_unit(f" {alias} ")


TOKENS = sorted({a for u in ENTRIES for a in u["aliases"] + u.get("component_aliases", [])}
                | set(RAW["scales"]) | {u["id"] for u in ENTRIES})


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(TOKENS + ["/", "每", "·", "(", ")", "单位:", "X", "论坛", "万", "k", "K"]),
                min_size=1, max_size=4),
       st.sampled_from([str, str.upper, str.lower]))
def test_may_start_passes_every_unit(parts: list[str], case) -> None:
    from govie.normalize._helpers import prep
    text = prep(case("".join(parts)))
    if parse_unit(text) is not None:
        assert text and unit_registry().may_start(text), text
        assert not unit_registry().first_chars.isdisjoint(text) or not unicodedata.is_normalized("NFKC", text), text


def test_may_start_rejects_plain_words() -> None:
    reg = unit_registry()
    assert not reg.may_start("论坛") and not reg.may_start("市民热线") and not reg.may_start("G")
    assert not reg.may_start("万庄")  # a scale word must be followed by a unit
    assert reg.may_start("万元") and reg.may_start("KM") and reg.may_start("人论坛") and reg.may_start("(万元)")
