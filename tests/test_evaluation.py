"""Evaluation against gold: tagger scores and link scores are computed, not assumed."""
from pathlib import Path

import pytest

from govie.annotations.gold import load_gold
from govie.evaluation import evaluate_tagger
from govie.linkeval import anchor, gold_links, gold_spans, predicted_links, run_on_spans, score

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "annotations" / "gold"


def test_rule_tagger_against_gold_on_one_report(tmp_path):
    res = evaluate_tagger(GOLD, model="rules", docs=["004"], out=tmp_path / "r.json")
    assert res["documents"] == ["004"] and res["fields"] > 40
    assert set(res["per_label"]) <= {"QTY", "UNIT", "DATE", "ORG", "METRIC", "REL"}
    assert res["per_label"]["QTY"]["f1"] > 0.9            # numbers are the rules' strength
    assert res["per_label"]["METRIC"]["f1"] < res["per_label"]["QTY"]["f1"]
    assert (tmp_path / "r.json").exists()


def test_unknown_document_is_an_error():
    from govie.errors import AnnotationError

    with pytest.raises(AnnotationError, match="no gold documents"):
        evaluate_tagger(GOLD, model="rules", docs=["999"])


def test_anchor_prefers_qty_then_rel():
    spans = [{"start": 5, "end": 7, "label": "METRIC"}, {"start": 9, "end": 11, "label": "REL"},
             {"start": 12, "end": 15, "label": "QTY"}]
    assert anchor(spans) == (12, 15)
    assert anchor(spans[:2]) == (9, 11)
    assert anchor([]) is None


def test_linker_on_gold_spans_recovers_gold_links_of_the_seed_cases():
    doc = next(d for d in load_gold(GOLD) if d["id"] == "004")
    gold = gold_links(doc)
    pred = predicted_links(run_on_spans(doc, gold_spans(doc)))
    s = score(gold, pred)
    assert s["matched"] > 0 and 0 < s["f1"] <= 1
    text = doc["text"]
    found = {(text[p[0]:p[1]], text[t[0]:t[1]]) for p, t in pred}
    assert ("7737", "11187") in found and ("3875", "3500") in found


def test_stored_heldout_predictions_replay_as_a_tagger():
    """evaluate/link_eval.py --lodo on a GPU fold folder: stored spans, combined with the rules by the policy."""
    import importlib.util
    import json

    spec = importlib.util.spec_from_file_location("link_eval", ROOT / "evaluate" / "link_eval.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    heldout = ROOT / "evaluate" / "results" / "gpu_lodo" / "e5char-teacher" / "004" / "heldout.jsonl"
    rows = {r["id"]: r for r in map(json.loads, heldout.read_text(encoding="utf-8").splitlines())}
    texts = {r["id"]: r["text"] for r in map(json.loads, (ROOT / "annotations" / "views" / "fields.jsonl")
                                              .read_text(encoding="utf-8").splitlines()) if r["id"] in rows}
    some = sorted(texts)[:5]
    from govie.model.hybrid import drop_fragments, tidy_metrics
    from govie.model.words import snap_words
    from govie.schema import Span

    alone = mod.Replay(heldout, None).predict_batch([texts[i] for i in some])
    stored = [[Span(id="", start=x["start"], end=x["end"], label=x["label"], text=texts[i][x["start"]:x["end"]])
               for x in rows[i]["spans"]] for i in some]
    assert [[(s.start, s.end, s.label) for s in got] for got in alone] == \
        [[(s.start, s.end, s.label) for s in drop_fragments(snap_words(tidy_metrics(st, texts[i]), texts[i]))] for st, i in zip(stored, some)]
    assert sum(map(len, alone)) < sum(map(len, stored))  # the network's METRIC pieces (67-68, 68-73) joined
    from govie.tag.rules import RuleTagger

    mixed = mod.Replay(heldout, {"QTY": "rules"}).predict_batch([texts[i] for i in some])
    for i, got in zip(some, mixed):
        rule_qty = {(s.start, s.end) for s in RuleTagger().predict(texts[i]) if s.label == "QTY"}
        assert {(s.start, s.end) for s in got if s.label == "QTY"} == rule_qty
    with pytest.raises(SystemExit, match="no stored held-out spans"):
        mod.Replay(heldout, None).predict_batch(["not a field of report 004"])
