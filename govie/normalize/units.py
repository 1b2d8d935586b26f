"""The unit registry (data/units.json) and the parser for a UNIT span.

A unit resolves to a canonical id (``"m3"``, ``"yuan"``, ``"t/(km2*month)"``),
a dimension, and ``factor``: one unit equals ``factor`` base units of its
dimension (``km`` -> 1000 ``m``). A scale word written inside a UNIT span
(``万元`` in a table header) is returned as ``scale``, never folded into the
unit. Compound units divide a numerator by one or more denominators
(``/ 每 · •``); denominators are sorted by id, so ``吨/平方公里·月`` and
``吨/月·平方公里`` are both ``t/(km2*month)``.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Optional

from ._helpers import check_text, load_json, prep

__all__ = ["UnitDef", "Unit", "UnitRegistry", "unit_registry", "parse_unit", "lookup_unit", "base_unit"]


@dataclass(frozen=True)
class UnitDef:
    """One registry entry."""

    id: str
    dimension: str
    factor: float
    aliases: tuple[str, ...]
    component_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unit:
    """A parsed UNIT span: ``value_in_base = value * scale * factor``."""

    id: str
    dimension: str
    factor: float = 1.0
    scale: float = 1.0
    text: str = ""

    @property
    def base(self) -> str:
        """Id of the base unit of this unit's dimension."""
        return base_unit(self.dimension)


class UnitRegistry(Mapping[str, UnitDef]):
    """Unit id -> UnitDef, plus alias, scale and dimension tables."""

    def __init__(self, raw: dict) -> None:
        self._units = {u["id"]: UnitDef(u["id"], u["dimension"], float(u["factor"]), tuple(u["aliases"]),
                                        tuple(u.get("component_aliases", ()))) for u in raw["units"]}
        self.bases: dict[str, str] = dict(raw["dimensions"])
        self.scales: dict[str, int] = {k: int(v) for k, v in raw["scales"].items()}
        self.aliases: dict[str, UnitDef] = {}
        self.components: dict[str, UnitDef] = {}
        for u in self._units.values():
            for a in u.aliases:
                self.aliases.setdefault(_key(a), u)
            for a in u.component_aliases:
                self.components.setdefault(_key(a), u)
        # case-insensitive fallback for ASCII aliases of two or more letters (KM, Kg);
        # one-letter symbols stay case-sensitive (5G is no unit, 5g is 5 grams)
        self.lower = {k.lower(): u for k, u in self.aliases.items() if k.isascii() and len(k) > 1}
        self.ids = {_key(i): u for i, u in self._units.items()}
        # an alias written exactly as registered parses without normalisation
        self.plain: dict[str, Unit] = {}
        for u in self._units.values():
            for a in u.aliases:
                d = self.aliases[_key(a)]
                if prep(a) == a and not _WRAP_OPEN.match(a):
                    self.plain.setdefault(a, Unit(d.id, d.dimension, d.factor, 1.0, a))
        # what a unit can start with (may_start): simple units, scale words, and their prefixes
        self._simple_starts = set(self.aliases) | set(self.ids)
        starts = self._simple_starts | set(self.lower) | set(self.scales)
        self._heads = {t[:n] for t in starts for n in range(1, len(t) + 1)}
        self._longest = max(map(len, starts))
        # may_start passes only where one of these is in the text (a scale word must be followed by
        # a unit, whose first character is then in the text too); NFKC-unstable texts aside
        self.first_chars = frozenset({t[0] for t in self._simple_starts} | {k[0] for k in self.lower}
                                     | {k[0].upper() for k in self.lower} | set(" 单([【"))

    def may_start(self, text: str, scaled: bool = False) -> bool:
        """False only when no unit (nor classifier) of the registry can begin *text*.

        A cheap necessary condition checked before parse_unit on a text after a
        number: some alias, id or scale word + alias must be a prefix of it
        (texts that normalisation could change, and wrappers, always pass)."""
        c = text[:1]
        for n in range(1, min(len(text), self._longest) + 1):
            p = text[:n]
            if p not in self._heads and not (c.isascii() and p.lower() in self._heads):
                break
            if p in self._simple_starts or (c.isascii() and len(p) > 1 and p.lower() in self.lower):
                return True
            if not scaled and p in self.scales and self.may_start(text[n:], True):
                return True
        return bool(c) and (c.isspace() or _WRAP_OPEN.match(text) is not None
                            or not (text.isascii() or unicodedata.is_normalized("NFKC", text)))

    def __getitem__(self, unit_id: str) -> UnitDef:
        return self._units[unit_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._units)

    def __len__(self) -> int:
        return len(self._units)


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@cache
def unit_registry() -> UnitRegistry:
    """The unit registry, loaded once from govie/normalize/data/units.json."""
    return UnitRegistry(load_json("units.json"))


_DIM_RE = re.compile(r"[^/()*]+")


def base_unit(dimension: str) -> str:
    """Base unit id of a dimension, compound ones included (mass/area -> kg/m2)."""
    bases = unit_registry().bases
    return _DIM_RE.sub(lambda m: bases.get(m.group(), m.group()), dimension)


_SPLIT_NUM = re.compile(r"/|每")
_SPLIT_DEN = re.compile(r"[/·•・⋅*]|每")
_WRAP = re.compile(r"^[(\[【]?(?:(?:金额|计量|数量|价格)?单位:?)?\s*(?:[(\[【](.*)[)\]】]|(.*?))[)\]】]?$")
_WRAP_OPEN = re.compile(r"(?:金额|计量|数量|价格)?单位|[(\[【]")


def _simple(part: str, component: bool) -> tuple[UnitDef, int] | None:
    reg = unit_registry()
    for table in (reg.aliases, reg.components) if component else (reg.aliases,):
        u = table.get(part)
        if u is not None:
            return u, 1
    u = reg.lower.get(part.lower()) if part.isascii() and len(part) > 1 else None
    if u is None:
        u = reg.ids.get(part)  # canonical ids parse too: t/(km2*month)
    if u is not None:
        return u, 1
    for n in (2, 1):
        head, rest = part[:n], part[n:]
        if rest and head in reg.scales:
            found = _simple(rest, component)
            if found and found[1] == 1:
                return found[0], reg.scales[head]
    return None


def _compose(num: tuple[UnitDef, int], dens: list[tuple[UnitDef, int]], text: str) -> Unit | None:
    n, nscale = num
    if "/" in n.id or any("/" in d.id for d, _ in dens):
        return None
    ids = sorted(d.id for d, _ in dens)
    dims = sorted(d.dimension for d, _ in dens)
    wrap = (lambda xs: xs[0]) if len(dens) == 1 else (lambda xs: "(" + "*".join(xs) + ")")
    factor, scale = n.factor, float(nscale)
    for d, s in dens:
        factor /= d.factor
        scale /= s
    return Unit(f"{n.id}/{wrap(ids)}", f"{n.dimension}/{wrap(dims)}", factor, scale, text)


@lru_cache(maxsize=8192)
def _parse(text: str) -> Unit | None:
    reg = unit_registry()
    hit = reg.plain.get(text)
    if hit is not None:
        return hit
    s = prep(text)
    if not s.isascii():
        s = _key(s).strip()
    if _WRAP_OPEN.match(s):
        m = _WRAP.match(s)
        if m:
            s = (m.group(1) if m.group(1) is not None else m.group(2)).strip()
    if not s or len(s) > 40:
        return None
    found = _simple(s, False)
    if found:
        u, scale = found
        return Unit(u.id, u.dimension, u.factor, float(scale), text.strip())
    if "/" not in s and "每" not in s:
        return None
    parts = _SPLIT_NUM.split(s, maxsplit=1)
    if len(parts) != 2:
        return None
    num = _simple(parts[0], False)
    den = parts[1][1:-1] if parts[1][:1] == "(" and parts[1][-1:] == ")" else parts[1]
    dens = [_simple(p, True) for p in _SPLIT_DEN.split(den)]
    if num is None or not dens or any(d is None for d in dens):
        return None
    return _compose(num, dens, text.strip())  # type: ignore[arg-type]


def parse_unit(text: Optional[str]) -> Optional[Unit]:
    """Parse a UNIT span (``"万元"``, ``"微克/立方米"``, ``"吨/平方公里·月"``); None if unknown.

    >>> parse_unit("万元")
    Unit(id='yuan', dimension='money', factor=1.0, scale=10000.0, text='万元')
    """
    text = check_text(text, "parse_unit")
    return None if text is None else _parse(text)


lookup_unit = parse_unit
