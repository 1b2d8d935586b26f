"""The data govie passes along its pipeline: fields, records, spans, measurements, links.

Every offset is a Python string index (code points) into ``Report.text``, the
decoded input text. ``text[start:end] == field.text`` always holds.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Iterator

LABELS: tuple[str, ...] = ("QTY", "UNIT", "DATE", "ORG", "METRIC", "REL")

REL_KINDS: tuple[str, ...] = (
    # comparators
    "GE", "GT", "LE", "LT", "EQ", "APPROX", "RANGE",
    # change against a baseline
    "INCREASE", "DECREASE",
    # attainment
    "DONE", "EXCEEDED", "AHEAD", "RATIO", "ON_TRACK", "EXPECTED", "NOT_DONE", "DELAYED",
)

ATTAINMENTS: tuple[str, ...] = ("met", "not_met", "on_track", "unknown")


@dataclass(frozen=True)
class Field:
    """A piece of the report text: ``report.text[start:end] == text``."""

    text: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.end - self.start != len(self.text):
            raise ValueError(
                f"Field {self.text[:20]!r}: end - start = {self.end - self.start} "
                f"but the text has {len(self.text)} characters"
            )

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Record:
    """One row of a report: a task with its target and its progress."""

    index: int
    layout: str
    category: Field | None = None
    seq: Field | None = None
    indicator: Field | None = None
    target: Field | None = None
    lead_units: list[Field] = field(default_factory=list)
    progress: Field | None = None
    unit: Field | None = None  # a unit column's cell (计量单位: 万元): the numbers of the row inherit it
    ratio: Field | None = None  # a completion-rate cell (完成率: 88.5%): the share of the target the row states

    FIELD_NAMES = ("category", "seq", "indicator", "target", "progress", "unit", "ratio")

    def fields(self) -> Iterator[tuple[str, Field]]:
        """Yield ``(name, Field)`` for every present field, lead units included."""
        for name in self.FIELD_NAMES:
            f = getattr(self, name)
            if f is not None:
                yield name, f
        for f in self.lead_units:
            yield "lead_units", f

    @property
    def start(self) -> int:
        return min(f.start for _, f in self.fields())

    @property
    def end(self) -> int:
        return max(f.end for _, f in self.fields())

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"index": self.index, "layout": self.layout}
        for name in self.FIELD_NAMES:
            f = getattr(self, name)
            d[name] = f.to_dict() if f is not None else None
        d["lead_units"] = [f.to_dict() for f in self.lead_units]
        return d


@dataclass
class Span:
    """A labelled stretch of text (QTY, UNIT, DATE, ORG, METRIC, REL)."""

    id: str
    start: int
    end: int
    label: str
    text: str
    score: float = 1.0
    norm: dict[str, Any] = field(default_factory=dict)
    source: str = "model"  # "model" | "rules" | "gold"

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass
class Measurement:
    """Spans of one clause grouped around a quantity (or a status phrase)."""

    id: str
    role: str  # "target" | "progress"
    record: int | None
    span_ids: list[str] = field(default_factory=list)
    metric: str | None = None
    relation: list[str] = field(default_factory=list)  # REL kinds, e.g. ["LE"]
    value: float | None = None
    low: float | None = None
    high: float | None = None
    approx: bool = False
    unit: str | None = None
    dimension: str | None = None
    factor: float = 1.0  # value × factor = value in the base unit of the dimension
    date: tuple[date, date] | None = None
    baseline: tuple[date, date] | None = None
    orgs: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass
class Link:
    """A progress measurement tied to the target it measures."""

    progress: str
    target: str
    attainment: str = "unknown"  # one of ATTAINMENTS
    score: float = 0.0
    computed_ratio: float | None = None
    stated_ratio: float | None = None
    consistent: bool | None = None
    stated: bool = False  # attainment read from wording (提前完成, 无法完成) not numbers

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, date):
        return obj.isoformat()
    return obj
