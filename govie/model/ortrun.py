"""ONNX Runtime backend of the :class:`~govie.model.tagger.Tagger`.

``Tagger.load(path, backend="onnx")`` exports the loaded float32 network to ONNX
once (``torch.onnx``, the TorchScript exporter), optionally quantizes it to int8
(``onnxruntime.quantization.quantize_dynamic``), keeps the file in a cache keyed
by the model's weights, and runs it with ``onnxruntime`` on the CPU. The model
directory is never written to; the cache is ``$GOVIE_CACHE/onnx`` (default
``~/.cache/govie/onnx``) or the ``cache_dir`` argument.

Needs ``pip install "govie[onnx]"`` (onnxruntime, onnx). Measured on the shipped
model (``evaluate/results/speed_bench.md``, 2 cores): int8 here runs ~7.0k chars/s,
about torch's int8 speed, but its spans agree with float32's at F1 .972 against
torch int8's .919 (per-channel weight scales); float32 is no faster than torch.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from govie.errors import ModelError

M_ORT = ("backend 'onnx' needs onnxruntime and onnx ({missing} not installed): "
         "pip install \"govie[onnx]\", or use backend='torch'")
_FORMAT = "1"  # bump when the export changes, so older cached files are not reused


def default_cache() -> Path:
    """``$GOVIE_CACHE/onnx``, else ``~/.cache/govie/onnx``."""
    root = os.environ.get("GOVIE_CACHE")
    return (Path(root) if root else Path.home() / ".cache" / "govie") / "onnx"


def _require() -> Any:
    missing = []
    for mod in ("onnxruntime", "onnx"):
        try:
            __import__(mod)
        except ImportError:
            missing.append(mod)
    if missing:
        raise ModelError(M_ORT.format(missing=", ".join(missing)))
    import onnxruntime

    return onnxruntime


def weights_key(model_dir: str | os.PathLike, int8: bool) -> str:
    """A name for the exported file: a hash of the directory's weights and config, and the precision."""
    h = hashlib.sha256(_FORMAT.encode())
    for name in ("model.safetensors", "config.json"):
        with open(Path(model_dir) / name, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return f"{h.hexdigest()[:24]}-{'int8' if int8 else 'fp32'}.onnx"


def export(model: Any, dest: Path, *, int8: bool) -> Path:
    """Write *model* (a float32 token classifier) to ``dest`` as ONNX, int8 weights if asked."""
    import torch

    class _Logits(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).logits

    dest.parent.mkdir(parents=True, exist_ok=True)
    ids = torch.ones((2, 8), dtype=torch.long)
    axes = {"input_ids": {0: "batch", 1: "length"}, "attention_mask": {0: "batch", 1: "length"},
            "logits": {0: "batch", 1: "length"}}
    with tempfile.TemporaryDirectory(dir=dest.parent) as tmp:
        plain = Path(tmp) / "fp32.onnx"
        with warnings.catch_warnings(), torch.inference_mode(False), torch.no_grad():
            warnings.simplefilter("ignore")  # tracer and deprecation warnings of the TorchScript exporter
            torch.onnx.export(_Logits(model.eval().to("cpu")), (ids, ids), str(plain),
                              input_names=["input_ids", "attention_mask"], output_names=["logits"],
                              dynamic_axes=axes, opset_version=17, dynamo=False)
        out = plain
        if int8:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            out = Path(tmp) / "int8.onnx"
            quiet = logging.getLogger()  # quantize_dynamic logs a pre-processing hint on the root logger
            level = quiet.level
            quiet.setLevel(logging.ERROR)
            try:
                quantize_dynamic(str(plain), str(out), weight_type=QuantType.QInt8, per_channel=True)
            finally:
                quiet.setLevel(level)
        os.replace(out, dest)  # atomic: a concurrent loader sees the old file or the whole new one
    return dest


class OrtRunner:
    """``runner(ids, mask)`` → logits as a float32 array, like the torch model's ``.logits``."""

    def __init__(self, model: Any, model_dir: str | os.PathLike, *, int8: bool = False,
                 cache_dir: str | os.PathLike | None = None, threads: int | None = None) -> None:
        ort = _require()
        cache = Path(cache_dir) if cache_dir is not None else default_cache()
        path = cache / weights_key(model_dir, int8)
        if not path.is_file():
            try:
                export(model, path, int8=int8)
            except OSError as exc:
                raise ModelError(f"{model_dir}: cannot write the ONNX export to {cache}: {exc}") from None
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads is None:
            import torch

            threads = torch.get_num_threads()
        opts.intra_op_num_threads = max(1, int(threads))
        opts.inter_op_num_threads = 1
        try:
            self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        except Exception as exc:  # a damaged cache file: say which, so it can be deleted
            raise ModelError(f"{path}: cannot load the cached ONNX export ({exc}); delete it to rebuild") from None
        self.path = path

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask})[0].astype(np.float32, copy=False)
