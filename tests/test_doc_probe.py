"""evaluate/doc_probe.py: a report's expected targets against govie's ledger."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import govie

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("doc_probe", ROOT / "evaluate" / "doc_probe.py")
doc_probe = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(doc_probe)

TEXT = ("2023年某县重点任务1-9月完成情况\n一、农村公路\n年度目标：新改建农村公路不少于80公里。\n"
        "进展情况：已完成70公里。\n二、危桥改造\n年度目标：完成危桥改造5座。\n进展情况：尚未启动。\n")


def test_score_report_counts_matches_and_misses():
    report = govie.extract(TEXT, model="rules")
    expected = {"file": "x.txt", "period": ["2023-01-01", "2023-09-30"], "records": 2, "targets": [
        {"target_text": "新改建农村公路不少于80公里", "constraint": "GE", "target_value": 80, "unit": "公里",
         "reported_value": 70, "attainment": "on_track"},
        {"target_text": "完成危桥改造5座", "constraint": "GE", "target_value": 5, "unit": "座",
         "reported_value": None, "attainment": "met"},  # wrong on purpose: 尚未启动 is not met
        {"target_text": "不在文中", "constraint": "LE", "target_value": 12345, "unit": "个",
         "reported_value": None, "attainment": "unknown"}]}
    res = doc_probe.score_report(expected, report)
    assert res["records"] == [2, 2] and res["period_right"]
    assert (res["found"], res["constraint"], res["attainment"]) == (2, 2, 1)
    assert [m["target"] for m in res["misses"]] == ["完成危桥改造5座", "不在文中"]
