"""The gold corpus: valid, complete, with the seed cases as the schema lists them."""
import json
from pathlib import Path

import pytest

from govie.annotations.gold import load_gold
from govie.annotations.validate import validate_path
from govie.records import read_records

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "annotations" / "gold"
SEED_CASES = json.loads((ROOT / "tests" / "specs" / "seed_links.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gold():
    return {d["id"]: d for d in load_gold(GOLD)}


def test_gold_validates():
    result = validate_path(GOLD)
    assert result["problems"] == []
    assert result["counts"]["documents"] == 5


def test_every_record_of_every_seed_is_covered(gold):
    for doc_id, d in gold.items():
        ranges = sorted((a, b) for a, b, *_ in d["annotated"])
        assert ranges[0][0] == 0 and ranges[-1][1] == len(d["text"])
        assert all(ranges[i][1] == ranges[i + 1][0] for i in range(len(ranges) - 1)), doc_id
        assert len(read_records(d["text"]).records) == len(d["records"]) > 0


def test_volume(gold):
    from collections import Counter

    c = Counter(s["label"] for d in gold.values() for s in d["spans"])
    assert c["QTY"] >= 1000 and c["UNIT"] >= 900 and c["DATE"] >= 300 and c["ORG"] >= 300
    assert c["METRIC"] >= 500 and c["REL"] >= 250


def test_double_annotated_sample_is_at_least_15_percent_of_records(gold):
    total = sum(len(d["records"]) for d in gold.values())
    double = sum(1 for d in gold.values() for r in d["records"]
                 if any(a <= r["start"] < b for a, b in d["double"]))
    assert double / total >= 0.15
    agreement = json.loads((ROOT / "annotations" / "agreement.json").read_text(encoding="utf-8"))
    assert 0.0 < agreement["spans"]["micro"]["f1"] <= 1.0 and "links" in agreement


@pytest.mark.parametrize("case", SEED_CASES, ids=[c["case"] for c in SEED_CASES])
def test_seed_case_in_gold(gold, case):
    d = gold[case["doc"]]
    spans = {s["id"]: s for s in d["spans"]}
    meas = {m["id"]: m for m in d["measurements"]}

    def texts(mid, labels):
        return [spans[s]["text"] for s in meas[mid]["spans"] if spans[s]["label"] in labels]

    found = [lk for lk in d["links"]
             if any(case["progress"] in t for t in texts(lk["progress"], ("QTY", "REL")))
             and any(t.replace("\n", "") in case["target"] for t in texts(lk["target"], ("QTY",)))]
    assert found, case["case"]
    assert any(lk["attainment"] == case["attainment"] for lk in found), [lk["attainment"] for lk in found]
    if "stated_ratio" in case:
        assert any(lk["stated_ratio"] == pytest.approx(case["stated_ratio"], abs=5e-4) for lk in found)
    if "computed_ratio" in case:
        assert any(lk["computed_ratio"] == pytest.approx(case["computed_ratio"], abs=5e-4) for lk in found
                   if lk["computed_ratio"] is not None)
