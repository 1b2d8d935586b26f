"""Annotation converters: gold ⇄ Label Studio / doccano, gold → CoNLL/BIO and spaCy DocBin."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from govie.annotations.conll import read_conll, write_conll
from govie.annotations.convert import IN_FORMATS, OUT_FORMATS, convert, read_docs
from govie.annotations.doccano import read_doccano, to_doccano
from govie.annotations.gold import load_gold, write_gold
from govie.annotations.labelstudio import labeling_config, read_labelstudio, to_labelstudio
from govie.annotations.validate import validate_doc
from govie.errors import AnnotationError

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
GOLD = ROOT / "annotations" / "gold" / "gold.jsonl"

TEXT = ("2020年区政府绩效任务1-10月进展情况\n"
        "促进城乡劳动者就业人数9000人以上。\n1-10月已完成10355人，完成指标的115.06%。\n"
        "完成18公里慢行系统\n改造 已完成13.5公里。")
# (text, label, norm, measurements) in reading order; offsets are found left to right
PIECES = [
    ("1-10月", "DATE", {"start": "2020-01-01", "end": "2020-10-31"}, []),
    ("城乡劳动者就业人数", "METRIC", {}, ["m1"]),
    ("9000", "QTY", {"value": 9000.0, "approx": False, "low": None, "high": None}, ["m1"]),
    ("人", "UNIT", {"unit": "person", "dimension": "count", "factor": 1.0}, ["m1"]),
    ("以上", "REL", {"kind": "GE"}, ["m1"]),
    ("1-10月", "DATE", {"start": "2020-01-01", "end": "2020-10-31"}, ["m2", "m3"]),
    ("已完成", "REL", {"kind": "DONE"}, ["m2"]),
    ("10355", "QTY", {"value": 10355.0, "approx": False, "low": None, "high": None}, ["m2"]),
    ("人", "UNIT", {"unit": "person", "dimension": "count", "factor": 1.0}, ["m2"]),
    ("完成指标的", "REL", {"kind": "RATIO"}, ["m3"]),
    ("115.06", "QTY", {"value": 115.06, "approx": False, "low": None, "high": None}, ["m3"]),
    ("%", "UNIT", {"unit": "%", "dimension": "percent", "factor": 1.0}, ["m3"]),
    ("18", "QTY", {"value": 18.0, "approx": False, "low": None, "high": None}, ["m4"]),
    ("公里", "UNIT", {"unit": "km", "dimension": "length", "factor": 1000.0}, ["m4"]),
    ("慢行系统\n改造", "METRIC", {}, ["m4", "m5"]),  # wraps a line, shared by target and progress
    ("已完成", "REL", {"kind": "DONE"}, ["m5"]),
    ("13.5", "QTY", {"value": 13.5, "approx": False, "low": None, "high": None}, ["m5"]),
    ("公里", "UNIT", {"unit": "km", "dimension": "length", "factor": 1000.0}, ["m5"]),
]
ROLES = {"m1": "target", "m2": "progress", "m3": "progress", "m4": "target", "m5": "progress"}


def hand_doc(doc_id: str = "t1", text: str = TEXT) -> dict[str, Any]:
    """A small gold document written by hand, in the shape ``build.py`` writes."""
    spans, pos = [], 0
    for n, (piece, label, norm, mids) in enumerate(PIECES, 1):
        start = text.index(piece, pos)
        pos = start + len(piece)
        spans.append({"id": f"{doc_id}-s{n}", "start": start, "end": pos, "label": label, "text": piece,
                      "norm": norm, "measurements": [f"{doc_id}-{m}" for m in mids], "annotator": "A1"})
    meas = [{"id": f"{doc_id}-{m}", "role": r, "record": 0 if m in ("m1", "m2", "m3") else 1,
             "spans": [s["id"] for s in spans if f"{doc_id}-{m}" in s["measurements"]]} for m, r in ROLES.items()]
    links = [{"progress": f"{doc_id}-m2", "target": f"{doc_id}-m1", "attainment": "met", "computed_ratio": 1.150556,
              "stated_ratio": 1.1506, "consistent": True},
             {"progress": f"{doc_id}-m3", "target": f"{doc_id}-m1", "attainment": "met", "computed_ratio": None,
              "stated_ratio": 1.1506, "consistent": None},
             {"progress": f"{doc_id}-m5", "target": f"{doc_id}-m4", "attainment": "on_track", "computed_ratio": 0.75,
              "stated_ratio": None, "consistent": None}]
    rec = text.index("促进")
    return {"id": doc_id, "file": "raw/t1.txt", "period": ["2020-01-01", "2020-10-31"], "text": text, "spans": spans,
            "measurements": meas, "links": links,
            "records": [{"index": 0, "start": rec, "end": text.index("完成18")}, {"index": 1, "start": text.index("完成18"), "end": len(text)}]}


def plain(doc: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps({k: v for k, v in doc.items() if not k.startswith("_")}))


def canon(doc: dict[str, Any]) -> dict[str, Any]:
    """What an annotation says, independent of span and measurement ids."""
    at = {s["id"]: (s["start"], s["end"], s["label"]) for s in doc["spans"]}
    ms = {m["id"]: (m["role"], tuple(sorted(at[s] for s in m["spans"]))) for m in doc["measurements"]}
    return {"text": doc["text"],
            "spans": [(s["start"], s["end"], s["label"], s["text"]) for s in doc["spans"]],
            "kinds": [(s["start"], s["norm"].get("kind")) for s in doc["spans"] if s["label"] == "REL"],
            "measurements": sorted(ms.values()),
            "links": sorted((ms[lk["progress"]], ms[lk["target"]], lk["attainment"]) for lk in doc["links"])}


@pytest.fixture()
def gold_file(tmp_path: Path) -> Path:
    p = tmp_path / "gold.jsonl"
    write_gold([hand_doc()], p)
    return p


def test_hand_doc_is_valid_gold() -> None:
    assert validate_doc(hand_doc()) == []


# ---------------------------------------------------------------- Label Studio


def test_labelstudio_round_trip_is_lossless(gold_file: Path, tmp_path: Path) -> None:
    ls, back = tmp_path / "ls.json", tmp_path / "back.jsonl"
    res = convert(gold_file, ls, src_format="gold", dst_format="labelstudio")
    assert res == {"format": "labelstudio", "from": "gold", "path": str(ls), "documents": 1, "spans": 18,
                   "measurements": 5, "links": 3, "skipped": 0}
    tasks = json.loads(ls.read_text(encoding="utf-8"))
    result = tasks[0]["annotations"][0]["result"]
    assert sum(r["type"] == "labels" for r in result) == 18
    assert sum(r["type"] == "relation" for r in result) == 3
    assert convert(ls, back, src_format="labelstudio", dst_format="gold")["spans"] == 18
    assert plain(load_gold(back)[0]) == plain(hand_doc())


def test_labelstudio_without_the_stash_reads_the_tool_fields(tmp_path: Path) -> None:
    """What an annotator edits (labels, kind choices, measurement text, relations) is enough."""
    tasks = to_labelstudio([hand_doc()])
    del tasks[0]["data"]["govie"]
    for r in tasks[0]["annotations"][0]["result"]:  # kinds must come from the choices, not the stash
        if r["type"] == "choices":
            assert r["from_name"] == "kind"
    path = tmp_path / "ls.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    got = read_docs(path, "labelstudio")
    doc = got.docs[0]
    assert doc["id"] == "t1"  # from data.doc_id
    assert canon(doc) == canon(hand_doc())
    assert validate_doc(doc) == []
    assert [lk["computed_ratio"] for lk in doc["links"]] == [None, None, None]  # no stash: nothing computed


def test_labelstudio_predictions_are_read_only_on_request(tmp_path: Path) -> None:
    path = tmp_path / "pred.json"
    path.write_text(json.dumps(to_labelstudio([hand_doc()], predictions=True), ensure_ascii=False), encoding="utf-8")
    assert read_labelstudio(path).docs == [] and read_labelstudio(path).skipped == 1
    assert plain(read_labelstudio(path, predictions=True).docs[0]) == plain(hand_doc())


def test_labelstudio_real_export_file() -> None:
    got = read_docs(DATA / "labelstudio_export.json", "labelstudio")
    assert got.skipped == 2  # a task with only a prediction, a task with a cancelled annotation
    jobs, pm = got.docs
    assert jobs["id"] == "xicheng-2020-jobs" and pm["id"] == "42"
    assert [(s["text"], s["label"]) for s in jobs["spans"]][:4] == [
        ("城乡劳动者就业人数", "METRIC"), ("9000", "QTY"), ("人", "UNIT"), ("以上", "REL")]
    assert [s["norm"]["kind"] for s in jobs["spans"] if s["label"] == "REL"] == ["GE", "DONE", "RATIO"]
    roles = {m["id"]: m["role"] for m in jobs["measurements"]}
    assert roles == {"xicheng-2020-jobs-m1": "target", "xicheng-2020-jobs-m2": "progress",
                     "xicheng-2020-jobs-m3": "progress"}
    date = next(s for s in jobs["spans"] if s["label"] == "DATE")
    assert date["measurements"] == ["xicheng-2020-jobs-m2", "xicheng-2020-jobs-m3"]
    # the second relation is drawn right to left (direction "left"): still progress -> target
    assert [(lk["progress"], lk["target"], lk["attainment"]) for lk in jobs["links"]] == [
        ("xicheng-2020-jobs-m2", "xicheng-2020-jobs-m1", "met"), ("xicheng-2020-jobs-m3", "xicheng-2020-jobs-m1", "unknown")]
    # task 42: the ground-truth annotation (7 spans), not the first one (1 span); REL kind from parse_relation
    assert len(pm["spans"]) == 7 and {s["annotator"] for s in pm["spans"]} == {"labelstudio:2"}
    assert next(s for s in pm["spans"] if s["label"] == "REL")["norm"] == {"kind": "DECREASE"}
    assert next(s for s in pm["spans"] if s["label"] == "QTY")["norm"]["value"] == 40.0
    assert all(validate_doc(d) == [] for d in got.docs)


def test_labelstudio_offsets_are_utf16_units(tmp_path: Path) -> None:
    text = "𠀀" + TEXT  # a character outside the BMP counts 2 in Label Studio
    doc = hand_doc(text=text)
    doc["records"] = []
    for m in doc["measurements"]:
        m["record"] = None
    task = to_labelstudio([doc])[0]
    first = task["annotations"][0]["result"][0]["value"]
    assert (first["start"], first["end"]) == (doc["spans"][0]["start"] + 1, doc["spans"][0]["end"] + 1)
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    assert plain(read_labelstudio(path).docs[0]) == plain(doc)


def _write_export(tmp_path: Path, edit) -> Path:
    tasks = json.loads((DATA / "labelstudio_export.json").read_text(encoding="utf-8"))
    edit(tasks)
    path = tmp_path / "bad_export.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("edit, message", [
    (lambda t: t[0]["annotations"][0]["result"][1]["value"].update(text="9001"), "does not match the offsets 11..15"),
    (lambda t: t[0]["annotations"][0]["result"][1]["value"].update(end=99), "outside the text"),
    (lambda t: t[0]["annotations"][0]["result"][1]["value"].update(labels=["AMOUNT"]), "label 'AMOUNT' is not one of"),
    (lambda t: t[0]["annotations"][0]["result"][1]["value"].update(labels=["QTY", "UNIT"]), "give it exactly one"),
    (lambda t: t[0]["annotations"][0]["result"][-1].update(labels=["causes"]), "relation label 'causes'"),
    (lambda t: t[0]["annotations"][0]["result"][-1].update(to_id="nope"), "region 'nope', which is not a labelled span"),
    (lambda t: t[0]["annotations"][0]["result"][6]["value"].update(text=["m1:progress"]), "both roles"),
    (lambda t: t[1]["annotations"][1]["result"][0]["value"].update(end=5, text="1-9月，"), "starts or ends with whitespace or punctuation"),
    (lambda t: t[0].pop("data"), "not a Label Studio task"),
])
def test_labelstudio_bad_export_names_file_and_problem(tmp_path: Path, edit, message: str) -> None:
    path = _write_export(tmp_path, edit)
    with pytest.raises(AnnotationError, match=re.escape(message)) as err:
        convert(path, tmp_path / "out.jsonl", src_format="labelstudio", dst_format="gold")
    assert str(path) in str(err.value)


def test_labelstudio_ambiguous_relation(tmp_path: Path) -> None:
    """A relation from the DATE shared by two progress measurements cannot say which one is linked."""
    def edit(tasks: list[dict[str, Any]]) -> None:
        tasks[0]["annotations"][0]["result"][-2]["from_id"] = "dT4nB8cQwA"

    with pytest.raises(AnnotationError, match="must join exactly one progress measurement"):
        read_docs(_write_export(tmp_path, edit), "labelstudio")


def test_labeling_config_is_the_one_documented() -> None:
    doc = (ROOT / "annotations" / "CONVERTERS.md").read_text(encoding="utf-8")
    block = re.search(r"```xml\n(.*?)```", doc, re.S)
    assert block is not None and block.group(1) == labeling_config()
    for label in ("QTY", "UNIT", "DATE", "ORG", "METRIC", "REL"):
        assert f'<Label value="{label}" ' in labeling_config()
    assert '<Relation value="measures"/>' in labeling_config()


# ---------------------------------------------------------------- doccano


def test_doccano_round_trip_is_lossless(gold_file: Path, tmp_path: Path) -> None:
    dc, back = tmp_path / "d.jsonl", tmp_path / "back.jsonl"
    convert(gold_file, dc, src_format="gold", dst_format="doccano")
    row = json.loads(dc.read_text(encoding="utf-8").splitlines()[0])
    assert len(row["entities"]) == 18 and [r["type"] for r in row["relations"]] == ["met", "met", "on_track"]
    convert(dc, back, src_format="doccano", dst_format="gold")
    assert plain(load_gold(back)[0]) == plain(hand_doc())


def test_doccano_without_metadata_keeps_spans_and_links(tmp_path: Path) -> None:
    rows = to_doccano([hand_doc()])
    del rows[0]["govie"]
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    doc = read_doccano(path).docs[0]
    assert canon(doc)["spans"] == canon(hand_doc())["spans"]
    assert canon(doc)["kinds"] == canon(hand_doc())["kinds"]  # all five RELs are read by parse_relation
    assert [lk["attainment"] for lk in doc["links"]] == ["met", "met", "on_track"]
    assert all(len(m["spans"]) == 1 for m in doc["measurements"])  # implicit one-span measurements


def test_doccano_both_export_shapes() -> None:
    got = read_docs(DATA / "doccano.jsonl", "doccano")
    assert got.skipped == 1
    water, demolish = got.docs
    assert [(s["text"], s["label"], s["norm"].get("kind")) for s in water["spans"] if s["label"] == "REL"] == [
        ("控制在", "REL", "LE"), ("以内", "REL", "LE")]
    assert next(s for s in water["spans"] if s["label"] == "QTY")["norm"]["value"] == 114890000.0
    assert len(demolish["spans"]) == 10
    (lk,) = demolish["links"]
    roles = {m["id"]: (m["role"], [s["text"] for s in demolish["spans"] if s["id"] in m["spans"]]) for m in demolish["measurements"]}
    assert roles[lk["progress"]] == ("progress", ["111876.67"]) and roles[lk["target"]] == ("target", ["10万"])
    assert lk["attainment"] == "met"


def test_doccano_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "共3项", "label": [[1, 2, "QTY"]]}\n{"text": "x", "label": ["positive"]}\n', encoding="utf-8")
    with pytest.raises(AnnotationError, match=re.escape(f"{path}:2: label 0 is 'positive'")):
        read_doccano(path)


# ---------------------------------------------------------------- CoNLL / BIO


def test_conll_round_trip_and_layout(tmp_path: Path) -> None:
    doc = hand_doc()
    path = tmp_path / "g.conll"
    write_conll([doc, hand_doc("t2")], path)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "# doc = t1"
    assert "1\tB-DATE" in lines and "月\tI-DATE" in lines and "9\tB-QTY" in lines
    # the line break inside 慢行系统\n改造 stays inside its span; other breaks end a sentence
    assert "␤\tI-METRIC" in lines and "␤\tO" in lines and "␠\tO" in lines
    k = lines.index("␤\tI-METRIC")
    assert lines[k - 1] == "统\tI-METRIC" and lines[k + 1] == "改\tI-METRIC"
    first_doc = lines[1:lines.index("# doc = t2")]
    assert sum(1 for x in first_doc if x == "") == 4  # title, target, progress, 慢行 target + progress
    back = read_conll(path)
    assert [d["id"] for d in back] == ["t1", "t2"]
    assert back[0]["text"] == doc["text"]
    assert [(s["start"], s["end"], s["label"], s["text"]) for s in back[0]["spans"]] == canon(doc)["spans"]


def test_conll_escapes_rare_whitespace(tmp_path: Path) -> None:
    text = "目标\u3000完成␤9\t项"
    doc = {"id": "w", "text": text, "spans": [{"start": 6, "end": 7, "label": "QTY", "text": "9"}]}
    path = tmp_path / "w.conll"
    write_conll([doc], path)
    body = path.read_text(encoding="utf-8")
    assert "U+3000\tO" in body and "U+2424\tO" in body and "␉\tO" in body
    assert read_conll(path) == [{"id": "w", "text": text, "spans": doc["spans"]}]


def test_conll_reader_rejects_a_dangling_inside_tag(tmp_path: Path) -> None:
    path = tmp_path / "bad.conll"
    path.write_text("# doc = d\n共\tO\n3\tI-QTY\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match="I-QTY does not continue a QTY span"):
        read_conll(path)


# ---------------------------------------------------------------- spaCy


def test_spacy_docbin_ents_are_the_gold_spans(gold_file: Path, tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    out = tmp_path / "g.spacy"
    convert(gold_file, out, src_format="gold", dst_format="spacy")
    (sd,) = list(DocBin().from_disk(out).get_docs(spacy.blank("xx").vocab))
    doc = hand_doc()
    assert sd.text == doc["text"] and len(sd) == len(doc["text"])
    assert [(e.start_char, e.end_char, e.label_) for e in sd.ents] == [(s["start"], s["end"], s["label"]) for s in doc["spans"]]
    assert sd.user_data["govie_id"] == "t1"
    back = read_docs(out, "spacy").docs[0]
    assert canon(back)["spans"] == canon(doc)["spans"]


# ---------------------------------------------------------------- errors, CLI, other sources


def test_unknown_format_names_allowed(gold_file: Path, tmp_path: Path) -> None:
    with pytest.raises(AnnotationError, match="allowed: " + ", ".join(OUT_FORMATS)):
        convert(gold_file, tmp_path / "x", src_format="gold", dst_format="brat")
    with pytest.raises(AnnotationError, match="allowed: " + ", ".join(IN_FORMATS)):
        convert(gold_file, tmp_path / "x", src_format="excel", dst_format="gold")


@pytest.mark.parametrize("content, message", [(None, "no such file"), ("text,label\n", "not valid JSON"),
                                              ('{"a": 1}', "a Label Studio export is a JSON list of tasks")])
def test_bad_labelstudio_files(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "export.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(AnnotationError, match=re.escape(f"{path}: {message}")):
        convert(path, tmp_path / "out.jsonl", src_format="labelstudio", dst_format="gold")


def test_cli_reports_one_line_without_traceback(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from govie.cli import app

    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    res = CliRunner().invoke(app, ["annotations", "convert", str(bad), str(tmp_path / "o.jsonl"), "--from", "labelstudio", "--to", "gold"])
    assert res.exit_code == 1
    assert f"govie: error: {bad}: not valid JSON" in res.output and "Traceback" not in res.output
    ok = CliRunner().invoke(app, ["annotations", "convert", str(DATA / "doccano.jsonl"), str(tmp_path / "o.jsonl"),
                                  "--from", "doccano", "--to", "gold"])
    assert ok.exit_code == 0 and json.loads(ok.output.strip().splitlines()[-1])["documents"] == 2


def test_report_source_makes_tasks_to_annotate(tmp_path: Path) -> None:
    raw = sorted((ROOT / "annotations" / "raw").glob("000_*.txt"))[0]
    out = tmp_path / "tasks.json"
    res = convert(raw, out, src_format="report", dst_format="labelstudio")
    assert res["documents"] == 1 and res["spans"] == 0
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    assert "annotations" not in task and task["data"]["text"] == raw.read_text(encoding="utf-8")
    assert task["data"]["govie"]["doc"]["period"] == ["2020-01-01", "2020-10-31"]


# ---------------------------------------------------------------- the project's gold corpus


def test_gold_corpus_first_document_round_trips(tmp_path: Path) -> None:
    if not GOLD.exists():
        pytest.skip(f"{GOLD} not built yet (python -m govie.annotations.build)")
    first = next(iter(load_gold(GOLD)))
    src = tmp_path / "first.jsonl"
    write_gold([first], src)
    for fmt in ("labelstudio", "doccano"):
        convert(src, tmp_path / f"x.{fmt}", src_format="gold", dst_format=fmt)
        convert(tmp_path / f"x.{fmt}", tmp_path / f"{fmt}.jsonl", src_format=fmt, dst_format="gold")
        assert plain(load_gold(tmp_path / f"{fmt}.jsonl")[0]) == plain(first), fmt
    tasks = json.loads((tmp_path / "x.labelstudio").read_text(encoding="utf-8"))
    del tasks[0]["data"]["govie"]
    (tmp_path / "bare.json").write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    assert canon(read_docs(tmp_path / "bare.json", "labelstudio").docs[0]) == canon(first)
    for fmt in ("conll", "spacy"):
        convert(src, tmp_path / f"x.{fmt}", src_format="gold", dst_format=fmt)
        back = read_docs(tmp_path / f"x.{fmt}", fmt).docs[0]
        assert canon(back)["spans"] == canon(first)["spans"], fmt
