"""Saving and loading govie model directories (safetensors only, never pickle).

A model directory holds ``config.json`` (HF config with ``label2id``/``id2label``),
``model.safetensors``, the tokenizer files (``tokenizer.json``,
``tokenizer_config.json``), ``govie.json`` (labels, max_length, base, data
hash, metrics, govie version) and a model card (``MODEL_CARD.md``, ``card.json``).
"""
from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any, Iterator

from govie import __version__
from govie.errors import M001, M002, M003, M004, M005, ConfigError, ModelError
from govie.schema import LABELS

from ._helpers import find_path
from .bio import OUTSIDE

PICKLE_SUFFIXES = (".bin", ".pt", ".pkl", ".pth", ".ckpt")
REQUIRED = ("config.json", "model.safetensors", "tokenizer.json")


@contextlib.contextmanager
def quiet_transformers() -> Iterator[None]:
    """No transformers progress bars or info logs while loading or saving a small model."""
    from transformers.utils import logging as hf_logging

    bars, level = hf_logging.is_progress_bar_enabled(), hf_logging.get_verbosity()
    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    try:
        yield
    finally:
        hf_logging.set_verbosity(level)
        if bars:
            hf_logging.enable_progress_bar()


def check_labels(path: Path, id2label: dict[Any, Any]) -> list[str]:
    """The BIO tags of a config's ``id2label`` in id order; ModelError unless BIO over LABELS."""
    allowed = ", ".join(LABELS)
    try:
        tags = [str(id2label[k]) for k in sorted(id2label, key=int)]
    except (TypeError, ValueError):
        raise ModelError(M004.format(path=path, allowed=allowed, detail=f"ids are not integers: {list(id2label)}")) from None
    if sorted(int(k) for k in id2label) != list(range(len(tags))):
        raise ModelError(M004.format(path=path, allowed=allowed, detail="ids are not 0..n-1"))
    if OUTSIDE not in tags:
        raise ModelError(M004.format(path=path, allowed=allowed, detail=f"no 'O' tag in {tags}"))
    ents = set()
    for t in tags:
        if t == OUTSIDE:
            continue
        prefix, _, lab = t.partition("-")
        if prefix not in ("B", "I") or lab not in LABELS:
            raise ModelError(M004.format(path=path, allowed=allowed, detail=f"tag {t!r}"))
        ents.add(lab)
    missing = [f"{p}-{e}" for e in sorted(ents) for p in "BI" if f"{p}-{e}" not in tags]
    if missing or len(set(tags)) != len(tags):
        raise ModelError(M004.format(path=path, allowed=allowed, detail=f"missing {missing} or repeated tags in {tags}"))
    return tags


def check_model_dir(path: str | os.PathLike) -> tuple[Path, list[str], dict[str, Any]]:
    """Check a model directory without loading weights: ``(path, tags, govie meta)``."""
    path = Path(path)
    if not path.is_dir():
        raise ModelError(M001.format(path=path))
    pickles = sorted(p.name for p in path.iterdir() if p.suffix in PICKLE_SUFFIXES)
    if pickles:
        raise ModelError(M003.format(path=path, files=", ".join(pickles)))
    missing = [name for name in REQUIRED if not (path / name).is_file()]
    if missing:
        raise ModelError(M002.format(path=path, missing=", ".join(missing)))
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        meta = json.loads((path / "govie.json").read_text(encoding="utf-8")) if (path / "govie.json").is_file() else {}
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(M005.format(path=path, detail=f"unreadable JSON ({exc})")) from None
    if not isinstance(config, dict) or not isinstance(config.get("id2label"), dict):
        raise ModelError(M004.format(path=path, allowed=", ".join(LABELS), detail="config.json has no id2label"))
    return path, check_labels(path, config["id2label"]), meta


def load_model(path: str | os.PathLike) -> tuple[Any, Any, dict[str, Any]]:
    """Load ``(model, tokenizer, meta)`` from a model directory, offline, in float32."""
    path, tags, meta = check_model_dir(path)
    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    from .int8store import is_int8, load_int8

    try:
        with quiet_transformers():
            if is_int8(path):
                model = load_int8(path)
            else:
                model = AutoModelForTokenClassification.from_pretrained(
                    str(path), local_files_only=True, use_safetensors=True, dtype=torch.float32)
            tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise ModelError(M005.format(path=path, detail=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)) from None
    if not getattr(tokenizer, "is_fast", False):
        raise ModelError(M005.format(path=path, detail="the tokenizer is not a fast tokenizer (offsets are needed)"))
    model.eval()
    meta = {"labels": sorted({t[2:] for t in tags if t != OUTSIDE}), "max_length": 128, "stride": 32, **meta}
    return model, tokenizer, meta


def quantize_linear(model: Any) -> Any:
    """int8 dynamic quantization (per-channel weights) of the encoder's ``nn.Linear`` layers, for CPU inference.

    The classifier stays float (tiny, and the most sensitive); weights on disk are unchanged.
    """
    import warnings

    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    spec = {name: per_channel_dynamic_qconfig for name, mod in model.named_modules()
            if isinstance(mod, torch.nn.Linear) and name != "classifier"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao.quantization is deprecated in favour of torchao
        return quantize_dynamic(model.to("cpu"), spec, dtype=torch.qint8)


def pick_device(spec: str = "auto") -> Any:
    """``torch.device`` for ``"auto"`` (CUDA when available, else CPU) or a name like ``"cpu"``, ``"cuda:0"``."""
    import torch

    if spec == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        return torch.device(spec)
    except RuntimeError:
        raise ModelError(f"device {spec!r}: not a torch device; allowed: auto, cpu, cuda, cuda:N") from None


def save_model(model: Any, tokenizer: Any, path: str | os.PathLike, meta: dict[str, Any]) -> Path:
    """Write a model directory: safetensors weights, config, tokenizer, govie.json and model card.

    ``meta["dtype"] == "float16"`` stores half-precision weights, ``"int8"`` int8 rows with a scale each
    (:mod:`govie.model.int8store`); both load back as float32.
    """
    import torch

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    pickles = sorted(p.name for p in path.iterdir() if p.suffix in PICKLE_SUFFIXES)
    if pickles:
        raise ModelError(M003.format(path=path, files=", ".join(pickles)))
    tags = check_labels(path, model.config.id2label)
    state = None
    if meta.get("dtype") == "float16":
        state = {k: v.to(torch.float16) if v.is_floating_point() else v for k, v in model.state_dict().items()}
    with quiet_transformers():
        if meta.get("dtype") == "int8":
            from .int8store import save_int8

            save_int8(model, path)
        else:
            model.save_pretrained(str(path), state_dict=state)
        tokenizer.save_pretrained(str(path))
    import transformers

    meta = {
        "labels": sorted({t[2:] for t in tags if t != OUTSIDE}), "tags": tags,
        "created_with": {"govie": __version__, "torch": torch.__version__.split("+")[0],
                         "transformers": transformers.__version__},
        "parameters": sum(p.numel() for p in model.parameters()),
        **meta,
    }
    (path / "govie.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    write_card(path, meta)
    return path


def write_card(path: Path, meta: dict[str, Any]) -> None:
    """Write the model card: ``card.json`` (machine-readable) and ``MODEL_CARD.md``."""
    card = {
        "name": meta.get("name", path.name), "task": "token classification: character-level BIO spans",
        "language": "zh", "labels": meta["labels"], "base": meta.get("base"),
        "base_license": meta.get("base_license"), "data_hash": meta.get("data_hash"),
        "documents": meta.get("documents"), "metrics": meta.get("metrics", {}),
        "training": meta.get("training", {}), "created_with": meta["created_with"],
        "parameters": meta["parameters"],
        "intended_use": "tagging QTY UNIT DATE ORG METRIC REL in Chinese government performance reports",
        "limitations": "trained on a small corpus of one genre; characters outside the vocabulary map to [UNK] "
                       "(char tokenizer); scores are mean token confidences, not calibrated probabilities",
    }
    (path / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    lines = [f"# {card['name']}", "", f"A govie tagger ({card['task']}), language zh.", "",
             f"- labels: {', '.join(card['labels'])}", f"- base: {card['base']}",
             f"- base license: {card['base_license'] or 'n/a (trained from scratch)'}",
             f"- parameters: {card['parameters']:,}", f"- training data sha256: {card['data_hash']}",
             f"- documents (train/dev/test): {card['documents']}",
             f"- created with: {card['created_with']}", "", "## Metrics (entity-level strict)", "",
             "| split | label | precision | recall | f1 | support |", "|---|---|---|---|---|---|"]
    for split, m in sorted(card["metrics"].items()):
        if not isinstance(m, dict) or "f1" not in m:
            continue
        rows = [("all", m)] + sorted(m.get("per_label", {}).items())
        for lab, r in rows:
            lines.append(f"| {split} | {lab} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['support']} |")
    lines += ["", "## Intended use", "", card["intended_use"] + ".", "", "## Limitations", "",
              card["limitations"] + ".", "", "## Training", "", "```json",
              json.dumps(card["training"], ensure_ascii=False, indent=1, sort_keys=True), "```", ""]
    (path / "MODEL_CARD.md").write_text("\n".join(lines), encoding="utf-8")


def init_model(cfg: dict[str, Any], tags: list[str], train_texts: list[str]) -> tuple[Any, Any, dict[str, Any]]:
    """Model and tokenizer for ``model.base`` (scratch, e5char:<dir>, local HF dir, govie dir, hub id).

    Returns ``(model, tokenizer, base info)``; a govie model keeps its tags and gains ``tags`` it lacks.
    """
    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer, BertConfig, BertForTokenClassification

    m, roots, max_length = cfg["model"], cfg["_roots"], cfg["data"]["max_length"]
    base = m["base"]
    if base.startswith("e5char:"):
        from .e5char import init_e5char

        return init_e5char(cfg, tags, train_texts)
    id2label = dict(enumerate(tags))
    label2id = {t: i for i, t in enumerate(tags)}
    if base == "scratch":
        from .chartok import build_char_tokenizer

        tok = build_char_tokenizer(train_texts, min_freq=m["vocab_min_freq"], max_vocab=m["max_vocab"],
                                   max_length=max_length)
        bert = BertConfig(vocab_size=len(tok), hidden_size=m["hidden_size"], num_hidden_layers=m["num_layers"],
                          num_attention_heads=m["num_heads"], intermediate_size=m["intermediate_size"],
                          max_position_embeddings=m["max_position"] or max_length, type_vocab_size=1,
                          hidden_dropout_prob=m["dropout"], attention_probs_dropout_prob=m["dropout"],
                          pad_token_id=tok.pad_token_id, id2label=id2label, label2id=label2id)
        return BertForTokenClassification(bert), tok, {"base": "scratch"}
    gdir = base[len("govie:"):] if base.startswith("govie:") else None
    local = None
    if gdir is None and (base.startswith((".", "/", "~")) or any((Path(r) / base).exists() for r in roots)):
        local = find_path(base, roots, "model.base")
        if (local / "govie.json").is_file():
            gdir, local = str(local), None
    if gdir is not None:
        model, tok, meta = load_model(find_path(gdir, roots, "model.base"))
        old = [model.config.id2label[i] for i in range(model.config.num_labels)]
        _extend_head(model, old + [t for t in tags if t not in old])
        return model, tok, {"base": f"govie:{gdir}", "continued_from": meta.get("data_hash")}
    where = str(local) if local is not None else base
    try:
        tok = AutoTokenizer.from_pretrained(where, local_files_only=local is not None)
        model = AutoModelForTokenClassification.from_pretrained(
            where, num_labels=len(tags), id2label=id2label, label2id=label2id,
            local_files_only=local is not None, dtype=torch.float32)
    except (OSError, ValueError) as exc:
        hint = "" if local is not None else " (a hub id needs internet; use a local directory offline)"
        raise ConfigError(f"config: model.base {base!r} cannot be loaded{hint}: {str(exc).splitlines()[0]}") from None
    if not getattr(tok, "is_fast", False):
        raise ConfigError(f"config: model.base {base!r} has no fast tokenizer (offsets are needed)")
    return model, tok, {"base": base}


def _extend_head(model: Any, tags: list[str]) -> None:
    """Grow the classifier to ``tags`` (old tags first), keeping the trained rows."""
    import torch

    old = model.classifier
    n_old = old.out_features
    if len(tags) > n_old:
        new = torch.nn.Linear(old.in_features, len(tags))
        with torch.no_grad():
            new.weight.normal_(0.0, getattr(model.config, "initializer_range", 0.02))
            new.bias.zero_()
            new.weight[:n_old] = old.weight
            new.bias[:n_old] = old.bias
        model.classifier = new
    model.config.id2label = dict(enumerate(tags))
    model.config.label2id = {t: i for i, t in enumerate(tags)}
    model.num_labels = len(tags)
