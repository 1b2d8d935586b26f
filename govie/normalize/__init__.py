"""Normalizers: span text → values. Extractors find spans (``govie.tag.rules_*``);
these parsers resolve them.

>>> from govie.normalize import parse_number, parse_quantity, parse_date, parse_relation
>>> parse_number("四千余").value, parse_number("四千余").approx
(4000.0, True)
>>> parse_quantity("8531万立方米").value, parse_quantity("8531万立方米").unit
(85310000.0, 'm3')
>>> parse_relation("控制在…以内")
'LE'
"""
from .dates import DateRange, parse_date, same_period_last_year
from .numbers import Number, parse_number, to_chinese
from .quantity import Quantity, parse_quantity
from .relations import is_target_wording, parse_relation
from .spans import normalize_span, normalize_spans
from .units import Unit, UnitDef, base_unit, lookup_unit, parse_unit, unit_registry

__all__ = [
    "parse_number", "Number", "to_chinese",
    "parse_quantity", "Quantity",
    "parse_unit", "lookup_unit", "Unit", "UnitDef", "unit_registry", "base_unit",
    "parse_date", "DateRange", "same_period_last_year",
    "parse_relation", "is_target_wording",
    "normalize_span", "normalize_spans",
]
