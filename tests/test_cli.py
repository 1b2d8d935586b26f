"""The command line as a user runs it: formats, bad input, batch resume."""
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from govie.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "annotations" / "raw").glob("000_*.txt"))
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_extract_jsonl_is_the_report_dict():
    res = run("extract", SEED, "--format", "jsonl", "--model", "rules")
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout.splitlines()[0])
    assert d["period"] == ["2020-01-01", "2020-10-31"]
    assert d["layout"] == "pdf_columns"
    for s in d["spans"]:
        assert d["text"][s["start"]:s["end"]] == s["text"]
    assert any(lk["attainment"] == "met" for lk in d["links"])


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_extract_ledger_files(tmp_path, fmt):
    out = tmp_path / f"ledger.{fmt}"
    res = run("extract", SEED, "--format", fmt, "--out", out, "--model", "rules")
    assert res.exit_code == 0, res.output
    frame = {"csv": pd.read_csv, "parquet": pd.read_parquet, "xlsx": pd.read_excel}[fmt](out)
    assert {"indicator", "constraint", "attainment", "computed_ratio", "stated_ratio", "target_start"} <= set(frame.columns)
    jobs = frame[frame["target_value"] == 9000]
    assert list(jobs["attainment"]) == ["met"]
    assert jobs["stated_ratio"].iloc[0] == pytest.approx(1.1506)


def test_extract_period_override():
    res = run("extract", SEED, "--format", "jsonl", "--period", "2020-01-01:2020-12-31", "--model", "rules")
    assert json.loads(res.stdout)["period"] == ["2020-01-01", "2020-12-31"]


def write(name, data):
    def make(p):
        (p / name).write_bytes(data)
        return p / name
    return make


@pytest.mark.parametrize("make, needle", [
    (lambda p: p / "missing.txt", "no such file"),
    (lambda p: p, "is a directory"),
    (write("empty.txt", b""), "empty"),
    (write("junk.txt", bytes(range(256)) * 40), "junk.txt"),
    (write("bad.pdf", b"%PDF-1.4 not really"), "bad.pdf"),
    (write("bad.docx", b"PK not a zip"), "bad.docx"),
])
def test_bad_input_is_one_line_and_nonzero(tmp_path, make, needle):
    path = make(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "govie", "extract", str(path), "--model", "rules"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode != 0
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in proc.stderr


def test_bad_format_and_period():
    assert run("extract", SEED, "--format", "docx").exit_code == 2
    res = run("extract", SEED, "--period", "2020-13-01:2020-12-31")
    assert res.exit_code != 0 and "--period" in res.output


def test_batch_resumes_and_records_bad_files(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted((ROOT / "annotations" / "raw").glob("00[04]_*.txt")):
        (src / p.name).write_bytes(p.read_bytes())
    (src / "broken.txt").write_bytes(b"\x00\x01\x02" * 500)
    out = tmp_path / "out"
    res = run("batch", src, "--out", out, "--format", "jsonl", "--model", "rules")
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert (summary["documents"], summary["processed"], summary["failed"]) == (3, 2, 1)
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert errors[0]["path"].endswith("broken.txt")
    rows = pd.read_json(out / "ledger.jsonl", lines=True)
    assert len(rows) == summary["ledger_rows"] > 0
    again = json.loads(run("batch", src, "--out", out, "--format", "jsonl", "--model", "rules").stdout.strip().splitlines()[-1])
    assert again["skipped"] == 2 and again["processed"] == 0


def test_batch_missing_input(tmp_path):
    res = run("batch", tmp_path / "nope", "--out", tmp_path / "o")
    assert res.exit_code != 0 and "no such file" in res.output


def test_one_bad_file_among_good_ones_keeps_the_good_output(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    out = tmp_path / "ledger.csv"
    proc = subprocess.run([sys.executable, "-m", "govie", "extract", str(SEED), str(bad), "--format", "csv",
                           "--out", str(out), "--model", "rules"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1
    assert "bad.txt" in proc.stderr and "Traceback" not in proc.stderr
    assert len(pd.read_csv(out)) > 10


def test_evaluate_lodo_names_a_missing_fold():
    res = runner.invoke(app, ["evaluate", "--lodo", str(ROOT / "train" / "tiny.toml"), "--folds", "999"])
    assert res.exit_code != 0
    assert "no fold 999" in res.output and "000, 001, 002, 003, 004" in res.output


def test_train_command_passes_overrides(tmp_path):
    out = tmp_path / "m"
    res = run("train", "--config", ROOT / "train" / "tiny.toml", "--output", out,
              "--gold", ROOT / "tests" / "data" / "tiny_gold.jsonl", "--max-steps", "2", "--set", 'name="cli-tiny"')
    assert res.exit_code == 0, res.output
    meta = json.loads((out / "govie.json").read_text(encoding="utf-8"))
    assert meta["steps"] == 2 and meta["name"] == "cli-tiny"
    bad = run("train", "--config", ROOT / "train" / "tiny.toml", "--set", "train.nope=1")
    assert bad.exit_code != 0 and "unknown key train.nope" in bad.output
