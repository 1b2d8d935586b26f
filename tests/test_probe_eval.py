"""evaluate/probe_eval.py: the probe files are well formed and the pooled score is right."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("probe_eval", ROOT / "evaluate" / "probe_eval.py")
probe_eval = importlib.util.module_from_spec(spec)
spec.loader.exec_module(probe_eval)


@pytest.mark.parametrize("name", sorted(probe_eval.ROUNDS))
def test_probe_files(name):
    rows = [json.loads(line) for line in (probe_eval.PROBES / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    every = probe_eval.ROUNDS[name] == "ALL"
    assert len(rows) >= (100 if every else 200)
    for r in rows:
        assert isinstance(r["text"], str) and r["text"]
        lists = [r["expected"][k] for k in probe_eval.LABELS] if every else [r["expected"]]
        assert all(isinstance(e, str) and e in r["text"] for spans in lists for e in spans), r
        assert isinstance(r["ambiguous"], bool)


def test_score_pools_multisets():
    rows = [{"expected": ["区财政局", "区财政局"], "ambiguous": False}, {"expected": ["市委"], "ambiguous": True}]
    preds = [["区财政局", "区政府"], []]
    got = probe_eval.score(rows, preds, skip_ambiguous=False)
    assert (got["tp"], got["fp"], got["fn"]) == (1, 1, 2)
    assert got["precision"] == 0.5 and got["recall"] == round(1 / 3, 4) and got["f1"] == 0.4
    only = probe_eval.score(rows, preds, skip_ambiguous=True)
    assert (only["tp"], only["fp"], only["fn"]) == (1, 1, 1)


def test_score_all_pools_labels():
    class S:
        def __init__(self, label, text):
            self.label, self.text = label, text
    rows = [{"expected": {"QTY": ["5"], "UNIT": ["个"], "DATE": [], "ORG": ["区财政局"], "METRIC": [], "REL": []},
             "ambiguous": False}]
    got = probe_eval.score_all(rows, [[S("QTY", "5"), S("UNIT", "个"), S("METRIC", "项目")]])
    assert got["QTY"]["all"]["f1"] == 1.0 and got["ORG"]["all"]["fn"] == 1 and got["METRIC"]["all"]["fp"] == 1
    assert (got["micro"]["all"]["tp"], got["micro"]["all"]["fp"], got["micro"]["all"]["fn"]) == (2, 1, 1)
