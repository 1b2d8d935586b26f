"""The result of ``govie.extract``: text, records, spans, measurements, links, and the ledger."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .schema import Field, Link, Measurement, Record, Span

SCHEMA_VERSION = "1"


@dataclass
class Report:
    text: str
    records: list[Record] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    period: tuple[date, date] | None = None
    title: Field | None = None
    layout: str = "paragraphs"
    source: str | None = None
    format: str = "text"
    tagger: str = "rules"

    def span(self, span_id: str) -> Span:
        return self._span_index()[span_id]

    def measurement(self, mid: str) -> Measurement:
        return {m.id: m for m in self.measurements}[mid]

    def _span_index(self) -> dict[str, Span]:
        return {s.id: s for s in self.spans}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable view; the keys are documented in the README (Output schema)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "source": self.source,
            "format": self.format,
            "layout": self.layout,
            "tagger": self.tagger,
            "title": self.title.to_dict() if self.title else None,
            "period": [self.period[0].isoformat(), self.period[1].isoformat()] if self.period else None,
            "text": self.text,
            "records": [r.to_dict() for r in self.records],
            "spans": [s.to_dict() for s in self.spans],
            "measurements": [m.to_dict() for m in self.measurements],
            "links": [lk.to_dict() for lk in self.links],
        }

    def to_dataframe(self):  # -> pandas.DataFrame
        """The ledger: one row per target measurement (and per link when it has several)."""
        from .ledger import ledger_frame

        return ledger_frame(self)

    def __repr__(self) -> str:
        p = f"{self.period[0]}..{self.period[1]}" if self.period else "?"
        return (
            f"<Report {self.source or 'text'} layout={self.layout} period={p} records={len(self.records)} "
            f"spans={len(self.spans)} measurements={len(self.measurements)} links={len(self.links)}>"
        )
