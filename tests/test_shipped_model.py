"""The shipped model: present, small, safetensors only, loads offline from a copy outside the repo, is the default."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from govie.schema import LABELS

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "models" / "govie-zh-small"
TEXT = "截至10月20日，已完成10355人，完成指标的115.06%。区人力资源社会保障局牵头。"


def test_shipped_model_files():
    names = {p.name for p in SHIPPED.iterdir()}
    assert {"model.safetensors", "config.json", "tokenizer.json", "govie.json", "MODEL_CARD.md"} <= names
    assert not [n for n in names if n.endswith((".bin", ".pt", ".pth", ".pkl", ".ckpt"))]
    assert sum(p.stat().st_size for p in SHIPPED.iterdir()) <= 25e6
    config = json.loads((SHIPPED / "config.json").read_text(encoding="utf-8"))
    assert {k[2:] for k in config["label2id"] if k != "O"} == set(LABELS)
    meta = json.loads((SHIPPED / "govie.json").read_text(encoding="utf-8"))
    assert meta["name"] == "govie-zh-small" and set(meta["combine"]) <= set(LABELS)
    assert "lodo: network + rules (as shipped)" in meta["metrics"]


def test_loads_offline_from_a_copy_without_shared(tmp_path):
    # a copy in a folder with no ../shared beside it, in a subprocess with the hub switched off
    copy = tmp_path / "isolated" / "govie-zh-small"
    shutil.copytree(SHIPPED, copy)
    code = ("import json, sys; from govie.model import Tagger; t = Tagger.load(sys.argv[1]); "
            f"print(json.dumps([[s.start, s.end, s.label] for s in t.predict({TEXT!r})]))")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    proc = subprocess.run([sys.executable, "-c", code, str(copy)], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    spans = json.loads(proc.stdout.splitlines()[-1])
    assert [TEXT[a:b] for a, b, lab in spans if lab == "QTY"] == ["10355", "115.06"]
    assert ["10月20日"] == [TEXT[a:b] for a, b, lab in spans if lab == "DATE"]


def test_extract_uses_the_shipped_model_by_default(monkeypatch):
    import govie
    from govie.pipeline import default_model_dir

    monkeypatch.delenv("GOVIE_MODEL", raising=False)
    assert default_model_dir() == SHIPPED
    meta = json.loads((SHIPPED / "govie.json").read_text(encoding="utf-8"))
    uses_rules = any("rules" in v for v in meta["combine"].values())
    report = govie.extract(TEXT)
    assert report.tagger == "govie-zh-small" + ("+rules" if uses_rules else "")
    assert {"QTY", "DATE"} <= {s.label for s in report.spans}
