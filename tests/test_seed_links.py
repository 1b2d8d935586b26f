"""The seed cases of SCHEMA.md §4, end to end from the raw report (one test each)."""
import json
from functools import cache
from pathlib import Path

import pytest

import govie
from govie.attainment import comparator

SPEC = json.loads((Path(__file__).parent / "specs" / "seed_links.json").read_text(encoding="utf-8"))
RAW = Path(__file__).resolve().parents[1] / "annotations" / "raw"


@cache
def report(doc: str, model: str):
    return govie.extract(next(RAW.glob(f"{doc}_*.txt")), model=model)


def find_link(r, case):
    spans = {s.id: s for s in r.spans}
    meas = {m.id: m for m in r.measurements}

    def has(m, needle):
        return any(needle in spans[s].text or spans[s].text in needle and len(spans[s].text) >= 2 for s in m.span_ids) \
            or needle in r.text[m.start:m.end]

    for lk in r.links:
        p, t = meas[lk.progress], meas[lk.target]
        if "record_contains" in case:
            rec = r.records[t.record]
            if case["record_contains"] not in "".join(f.text for _, f in rec.fields()):
                continue
        qty_p = [spans[s].text for s in p.span_ids if spans[s].label in ("QTY", "REL")]
        qty_t = [spans[s].text for s in t.span_ids if spans[s].label == "QTY"]
        if any(case["progress"] in q for q in qty_p) and any(q in case["target"] for q in qty_t):
            return lk, p, t
    return None


@pytest.mark.parametrize("model", ["rules", None], ids=["rules", "shipped"])
@pytest.mark.parametrize("case", SPEC, ids=[c["case"] for c in SPEC])
def test_seed_case(case, model):
    r = report(case["doc"], model)
    found = find_link(r, case)
    assert found is not None, f"no link for {case['case']}"
    lk, p, t = found
    assert lk.attainment == case["attainment"]
    if "comparator" in case:
        assert comparator(t) == case["comparator"]
    if "computed_ratio" in case:
        assert lk.computed_ratio == pytest.approx(case["computed_ratio"], abs=5e-4)
    if "stated_ratio" in case:
        assert lk.stated_ratio == pytest.approx(case["stated_ratio"], abs=5e-4)
    if "consistent" in case:
        assert lk.consistent is case["consistent"]
    if "stated" in case:
        assert lk.stated is case["stated"]
