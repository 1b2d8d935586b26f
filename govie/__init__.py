"""govie: targets, progress and attainment from Chinese government performance reports.

>>> import govie
>>> report = govie.extract("annotations/raw/000_98db5ebbaa5bf3bf.txt")  # doctest: +SKIP
>>> report.records[0].indicator.text                                       # doctest: +SKIP
'慢行交通综合指数'
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import GovieError
from .schema import Field, Link, Measurement, Record, Span

__version__ = "0.1.0"
__all__ = ["extract", "Report", "Field", "Record", "Span", "Measurement", "Link", "GovieError", "normalize"]

if TYPE_CHECKING:  # pragma: no cover
    from .report import Report


def extract(source: Any, *, period: Any = None, model: Any = None) -> "Report":
    """Read a report (text, or a path to .txt/.html/.pdf/.docx) into records, spans, measurements and links."""
    from .pipeline import extract as _extract

    return _extract(source, period=period, model=model)


def __getattr__(name: str) -> Any:
    if name == "Report":
        from .report import Report

        return Report
    if name == "normalize":
        from . import normalize

        return normalize
    raise AttributeError(f"module 'govie' has no attribute {name!r}")
