"""govie.model.ortrun: the ONNX Runtime backend gives the torch model's spans, int8 runs, errors are clear."""
from __future__ import annotations

import sys

import pytest

from govie.errors import ModelError
from govie.model import Tagger

SAMPLE = "1-9月，全区细颗粒物（PM2.5）平均浓度为40微克/立方米，同比下降9.1%。\n区财政局牵头，年底前完成12个。"
TEXTS = ["", SAMPLE, "完成12个；" * 200, "年底前，区财政局牵头完成就业9000人以上。"]


def _key(spans):
    return [(s.start, s.end, s.label) for s in spans]


@pytest.fixture(scope="module")
def torch_tagger(tiny_model):
    return Tagger.load(tiny_model[0], combine=False)


def test_onnx_float32_gives_the_torch_spans(tiny_model, torch_tagger, tmp_path):
    onnx = Tagger.load(tiny_model[0], combine=False, backend="onnx", cache_dir=tmp_path)
    assert onnx.name.endswith("+onnx") and not torch_tagger.name.endswith("+onnx")
    assert onnx.runner.path.parent == tmp_path and onnx.runner.path.name.endswith("-fp32.onnx")
    want, got = torch_tagger.predict_batch(TEXTS), onnx.predict_batch(TEXTS)
    assert any(want) and [_key(x) for x in got] == [_key(x) for x in want]
    for a, b in zip(got, want):
        assert [s.score for s in a] == pytest.approx([s.score for s in b], abs=1e-4)
    # the export is cached: a second load reuses the file, and the model directory is untouched
    stamp = onnx.runner.path.stat().st_mtime_ns
    again = Tagger.load(tiny_model[0], combine=False, backend="onnx", cache_dir=tmp_path)
    assert again.runner.path == onnx.runner.path and again.runner.path.stat().st_mtime_ns == stamp
    assert not list(tiny_model[0].glob("*.onnx"))


def test_onnx_int8_runs_and_keeps_offsets(tiny_model, tmp_path):
    int8 = Tagger.load(tiny_model[0], combine=False, backend="onnx", quantize=True, cache_dir=tmp_path)
    assert int8.name.endswith("+int8+onnx") and int8.runner.path.name.endswith("-int8.onnx")
    for text, spans in zip(TEXTS, int8.predict_batch(TEXTS)):
        assert all(text[s.start:s.end] == s.text and 0 < s.score <= 1 for s in spans)
    assert int8.predict(SAMPLE) == int8.predict(SAMPLE)  # deterministic


def test_backend_from_environment_and_govie_json(tiny_model, tmp_path, monkeypatch):
    import json
    import shutil

    monkeypatch.setenv("GOVIE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GOVIE_BACKEND", "onnx")
    assert Tagger.load(tiny_model[0]).name.endswith("+onnx")
    assert (tmp_path / "cache" / "onnx").is_dir()
    monkeypatch.setenv("GOVIE_QUANTIZE", "int8")
    assert Tagger.load(tiny_model[0]).name.endswith("+int8+onnx")
    monkeypatch.setenv("GOVIE_QUANTIZE", "int4")
    with pytest.raises(ModelError, match="GOVIE_QUANTIZE='int4' is not one of: int8, none"):
        Tagger.load(tiny_model[0])
    monkeypatch.delenv("GOVIE_QUANTIZE")
    monkeypatch.delenv("GOVIE_BACKEND")
    d = tmp_path / "m"
    shutil.copytree(tiny_model[0], d)
    meta = json.loads((d / "govie.json").read_text(encoding="utf-8"))
    (d / "govie.json").write_text(json.dumps({**meta, "backend": "onnx"}), encoding="utf-8")
    assert Tagger.load(d).name.endswith("+onnx")
    assert not Tagger.load(d, backend="torch").name.endswith("+onnx")
    (d / "govie.json").write_text(json.dumps({**meta, "backend": "tensorrt"}), encoding="utf-8")
    with pytest.raises(ModelError, match="govie.json backend 'tensorrt' is not one of: torch, onnx"):
        Tagger.load(d)


def test_onnx_errors(tiny_model, tmp_path, monkeypatch):
    with pytest.raises(ModelError, match="backend 'tf' is not one of: torch, onnx"):
        Tagger.load(tiny_model[0], backend="tf")
    with pytest.raises(ModelError, match="runs on the CPU; got device 'cuda'"):
        Tagger.load(tiny_model[0], backend="onnx", device="cuda")
    # a damaged cached export names the file to delete
    good = Tagger.load(tiny_model[0], backend="onnx", cache_dir=tmp_path)
    good.runner.path.write_bytes(b"not an onnx file")
    with pytest.raises(ModelError, match="cannot load the cached ONNX export") as err:
        Tagger.load(tiny_model[0], backend="onnx", cache_dir=tmp_path)
    assert str(good.runner.path) in str(err.value)
    # a cache that cannot be written
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ModelError, match="cannot write the ONNX export"):
        Tagger.load(tiny_model[0], backend="onnx", cache_dir=blocker / "sub")
    # onnxruntime not installed
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(ModelError, match=r"onnxruntime not installed.*govie\[onnx\]"):
        Tagger.load(tiny_model[0], backend="onnx", cache_dir=tmp_path / "other")
