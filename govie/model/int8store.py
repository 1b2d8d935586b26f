"""Weights stored as int8 with one float32 scale per row (``model.dtype = "int8"``), safetensors only.

Every 2-D weight matrix of the encoder and the embeddings (not the classifier, not
the LayerNorms) is written as ``round(w / s)`` in int8 with ``s = max|w_row| / 127``
and the scales as ``<name>.__scale__``; everything else as float16. A 12-layer,
384-wide model takes ~25 MB instead of ~49 MB (float16). Loading multiplies back to
float32 (the error of a weight is at most half a step, ``s / 2``), so inference is
the float model's, with weights rounded; ``Tagger.load(quantize=True)`` can still
run the Linear layers in int8 on top.

The file's metadata says ``{"govie_weights": "int8-rowwise"}``; :func:`is_int8` reads it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from govie.errors import M005, ModelError

FORMAT = "int8-rowwise"
SCALE = ".__scale__"
MIN_SIZE = 256  # smaller matrices and single rows (the token-type table) stay float16


def _quantized(name: str, tensor: Any) -> bool:
    return (tensor.is_floating_point() and tensor.dim() == 2 and tensor.numel() >= MIN_SIZE and len(tensor) > 1
            and not name.startswith("classifier") and "LayerNorm" not in name)


def save_int8(model: Any, path: Path) -> None:
    """Write ``path/model.safetensors`` (int8 rows + scales) and ``path/config.json``."""
    import torch
    from safetensors.torch import save_file

    tensors = {}
    for name, w in model.state_dict().items():
        w = w.detach().to("cpu", torch.float32)
        if _quantized(name, w):
            scale = (w.abs().amax(dim=1) / 127.0).clamp_min(1e-12)
            tensors[name] = torch.round(w / scale[:, None]).clamp(-127, 127).to(torch.int8).contiguous()
            tensors[name + SCALE] = scale.contiguous()
        else:
            tensors[name] = w.to(torch.float16).contiguous() if w.is_floating_point() else w.contiguous()
    save_file(tensors, str(path / "model.safetensors"), metadata={"format": "pt", "govie_weights": FORMAT})
    model.config.save_pretrained(str(path))


def is_int8(path: Path) -> bool:
    """True when ``path/model.safetensors`` was written by :func:`save_int8`."""
    from safetensors import safe_open

    try:
        with safe_open(str(path / "model.safetensors"), framework="pt") as f:
            return (f.metadata() or {}).get("govie_weights") == FORMAT
    except Exception as exc:  # a truncated or foreign file: the loader's error names it
        raise ModelError(M005.format(path=path, detail=f"model.safetensors unreadable ({exc})")) from None


def load_int8(path: Path) -> Any:
    """The float32 model of a :func:`save_int8` directory (ModelError if a tensor is missing or extra)."""
    import torch
    from safetensors.torch import load_file
    from transformers import AutoConfig, AutoModelForTokenClassification

    config = AutoConfig.from_pretrained(str(path), local_files_only=True)
    model = AutoModelForTokenClassification.from_config(config)
    raw = load_file(str(path / "model.safetensors"))
    state = {}
    for name, t in raw.items():
        if name.endswith(SCALE):
            continue
        if t.dtype == torch.int8:
            scale = raw.get(name + SCALE)
            if scale is None:
                raise ModelError(M005.format(path=path, detail=f"int8 tensor {name} has no {name + SCALE}"))
            t = t.float() * scale.float()[:, None]
        state[name] = t.float() if t.is_floating_point() else t
    expected = set(model.state_dict())
    missing, extra = sorted(expected - set(state)), sorted(set(state) - expected)
    if missing or extra:
        raise ModelError(M005.format(path=path, detail=f"weights do not fit config.json (missing {missing[:3]}, "
                                                       f"unexpected {extra[:3]})"))
    model.load_state_dict(state, strict=True)
    return model.eval()
