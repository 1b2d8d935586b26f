"""The blind normalizer round (evaluate/normalizer_blind.py): govie misses none of its cases
beyond the conventions it documents, and the scorer itself tells a miss from a match."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("normalizer_blind", ROOT / "evaluate" / "normalizer_blind.py")
blind = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(blind)


def test_round24_has_no_miss(tmp_path):
    out = blind.main([str(ROOT / "evaluate" / "data" / "normalizer_blind" / "round24.jsonl"), "--out", str(tmp_path / "r.json")])
    assert out["total"]["cases"] == 300
    assert out["misses"] == []
    assert out["total"]["right"] + out["total"]["convention"] == 300
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["total"] == out["total"]


def test_a_wrong_expectation_is_a_miss(tmp_path):
    path = tmp_path / "round.jsonl"
    rows = [{"fn": "parse_number", "text": "四千余", "expected": {"value": 4000, "approx": True}},
            {"fn": "parse_number", "text": "四千余", "expected": {"value": 5000, "approx": True}},
            {"fn": "parse_relation", "text": "不低于", "expected": "LE"},
            {"fn": "parse_date", "text": "1-9月", "kwargs": {"year": 2020},
             "expected": {"start": "2020-01-01", "end": "2020-09-30", "cumulative": False}},
            {"fn": "parse_quantity", "text": "PM2.5", "expected": None}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    out = blind.main([str(path)])
    assert out["total"] == {"cases": 5, "right": 3, "convention": 0}
    assert [m["line"] for m in out["misses"]] == [2, 3]


def test_round26_has_no_miss():
    out = blind.main([str(ROOT / "evaluate" / "data" / "normalizer_blind" / "round26.jsonl")])
    assert out["total"]["cases"] == 200
    assert out["misses"] == []


def test_surface_units_and_relation_dicts_are_read_as_written():
    assert blind.check("parse_relation", "GE", {"kind": "GE"}) == ""
    assert blind.check("parse_relation", "GE", {"kind": "LE"}) == "got GE"
    from govie.normalize import parse_quantity
    q = parse_quantity("44微克/立方米")
    assert blind.check("parse_quantity", q, {"value": 44, "unit": "μg/m³"}) == ""
    assert blind.check("parse_quantity", q, {"value": 44, "unit": "吨"}) != ""  # another unit
    assert blind.check("parse_quantity", parse_quantity("3万元"), {"value": 30000, "unit": "万元"}) != ""  # a scale
    assert blind.check("parse_quantity", parse_quantity("3-5个"), {"value": None, "low": 3, "high": 5}) == ""
