"""Train a govie token classifier: ``python -m govie.model.train --config train/x.toml``.

The config (TOML) has top-level ``output`` and ``seed`` and the tables
``[model]``, ``[data]``, ``[train]``, ``[augment]``, ``[distill]`` (see
``DEFAULTS``; unknown keys are an error). ``model.base`` is one of:

* ``"scratch"``: a small BERT over the char tokenizer built from the training text;
* ``"e5char:<dir>"``: a char-level BERT initialised from a pretrained BERT directory
  (multilingual-e5-small: ``e5char:../shared/pretrained/multilingual-e5-small-zh``),
  see :mod:`govie.model.e5char`. It takes the base's hidden size, heads and FFN
  (``hidden_size``, ``num_heads``, ``intermediate_size`` are ignored) and copies
  ``num_layers`` of its layers (1..12: the first N) or exactly the base layers
  listed in ``layers`` (e.g. ``[0, 3, 6, 9]``); ``max_position`` (0 = the base's)
  cuts the position table; ``base_vocab = true`` adds the base's single-character
  pieces (CJK, ASCII, punctuation, symbols) after the training characters, up to
  ``max_vocab``. The saved model is a plain BERT + char tokenizer (no base needed);
  ``num_layers = 12`` makes a char-level teacher for ``[distill]``;
* a local Hugging Face model directory (e.g. ``../shared/pretrained/multilingual-e5-small-zh``);
* ``"govie:<dir>"`` or a govie model directory: continue training it; labels it
  lacks are added to the classifier head, its old rows kept;
* anything else is passed to ``from_pretrained`` as a hub id (needs internet).

Relative paths in a config file are looked up from the current directory, then
from the config file's parent folder (the repository root for ``train/*.toml``).
Documents are split by document key (see :mod:`govie.model.data`); early
stopping watches the dev entity F1. With ``[distill] teacher``, the loss is
``alpha * T² * KL(teacher_T || student_T) + (1 - alpha) * CE``, teacher soft
labels taken per character so teacher and student may use different tokenizers.
"""
from __future__ import annotations

import argparse
import copy
import json
import logging
import math
import random
import sys
import tomllib
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import torch
from tqdm.auto import tqdm

from govie.errors import ConfigError, GovieError
from govie.schema import LABELS

from . import bio, data
from ._helpers import find_path
from .io import init_model, pick_device, save_model
from .metrics import evaluate_spans
from .tagger import Tagger

log = logging.getLogger("govie.model.train")

DEFAULTS: dict[str, Any] = {
    "output": "models/govie-zh-small", "seed": 13, "name": "",
    "model": {"base": "scratch", "labels": [], "hidden_size": 256, "num_layers": 4, "num_heads": 4,
              "intermediate_size": 512, "max_position": 0, "dropout": 0.1, "vocab_min_freq": 1,
              "max_vocab": 8000, "dtype": "float32", "base_license": "", "layers": [], "base_vocab": False},
    "data": {"gold": [], "split": "", "train": None, "dev": None, "test": None,
             "dev_fraction": 0.1, "test_fraction": 0.1, "max_length": 128, "stride": 32,
             "silver": [], "silver_labels": ["QTY", "UNIT", "DATE"]},
    "train": {"batch_size": 32, "lr": 5e-4, "weight_decay": 0.01, "warmup_ratio": 0.1, "epochs": 10,
              "max_steps": 0, "eval_every": 0, "patience": 3, "grad_clip": 1.0, "progress": True,
              "device": "auto"},
    "augment": {"copies": 0, "swap_prob": 0.3, "synthetic_prob": 0.3},
    "distill": {"teacher": "", "alpha": 0.5, "temperature": 2.0},
}


def resolve_config(config: dict[str, Any]) -> dict[str, Any]:
    """Defaults filled in and every key and type checked (ConfigError names the key)."""
    out = copy.deepcopy(DEFAULTS)
    out["_roots"] = [str(r) for r in config.get("_roots", ["."])]
    for key, value in config.items():
        if key == "_roots":
            continue
        if key not in DEFAULTS:
            raise ConfigError(f"config: unknown key {key!r}; allowed: {', '.join(DEFAULTS)}")
        if isinstance(DEFAULTS[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"config: [{key}] must be a table")
            for k, v in value.items():
                if k not in DEFAULTS[key]:
                    raise ConfigError(f"config: unknown key {key}.{k}; allowed: {', '.join(DEFAULTS[key])}")
                out[key][k] = _check_type(f"{key}.{k}", DEFAULTS[key][k], v)
        else:
            out[key] = _check_type(key, DEFAULTS[key], value)
    if not out["data"]["gold"]:
        raise ConfigError("config: data.gold is empty: give the gold JSONL path(s)")
    d, m = out["data"], out["model"]
    if d["max_length"] < 8 or not 0 <= d["stride"] <= (d["max_length"] - 2) // 2:
        raise ConfigError(f"config: data.max_length {d['max_length']} must be >= 8 and data.stride "
                          f"{d['stride']} (tokens shared by overlapping windows) in 0..(max_length - 2) // 2")
    if m["dtype"] not in ("float32", "float16", "int8"):
        raise ConfigError(f"config: model.dtype {m['dtype']!r}; allowed: float32, float16, int8 (rows + scales)")
    if m["layers"] and (not m["base"].startswith("e5char:")
                        or any(isinstance(x, bool) or not isinstance(x, int) for x in m["layers"])):
        raise ConfigError(f"config: model.layers {m['layers']} needs model.base = \"e5char:<dir>\" and integers")
    if m["layers"] and "num_layers" in config.get("model", {}) and config["model"]["num_layers"] != len(m["layers"]):
        raise ConfigError(f"config: model.num_layers {config['model']['num_layers']} != len(model.layers) "
                          f"{len(m['layers'])}; give one of them")
    bad = [lab for lab in m["labels"] + d["silver_labels"] if lab not in LABELS]
    if bad:
        raise ConfigError(f"config: model.labels / data.silver_labels {bad} are not govie labels ({', '.join(LABELS)})")
    return out


def _check_type(key: str, default: Any, value: Any) -> Any:
    if default is None or value is None:
        return value
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif isinstance(default, list):
        value = [value] if isinstance(value, str) else value
        ok = isinstance(value, list)
    else:
        ok = isinstance(value, type(default)) and not isinstance(value, bool)
    if not ok:
        raise ConfigError(f"config: {key} = {value!r} should be {type(default).__name__}")
    return value


def _soft_labels(teacher: Tagger, docs: list[dict[str, Any]], encs: list[Any], feats: list[dict[str, Any]],
                 tags: list[str]) -> None:
    """Attach ``soft`` (teacher probs per student token, via the token's first character) to features."""
    cols = np.zeros((len(teacher.tags), len(tags)), dtype=np.float32)
    for i, t in enumerate(teacher.tags):
        if t in tags:
            cols[i, tags.index(t)] = 1.0
    chunks = range(0, len(docs), 256)  # windows of many documents batched together: far faster than one by one
    per_doc = [p @ cols for k in tqdm(chunks, desc="teacher", disable=None)
               for p in teacher.char_probs_batch([d["text"] for d in docs[k:k + 256]])]
    for f in feats:
        cp, enc = per_doc[f["doc"]], encs[f["doc"]]
        a, b = f["window"]
        soft = np.zeros((b - a + 2, len(tags)), dtype=np.float32)
        for k, rng in enumerate(enc.ranges[a:b]):
            if rng is not None:
                soft[k + 1] = cp[rng[0]] / max(cp[rng[0]].sum(), 1e-8)
        f["soft"] = soft


def _collate(feats: list[dict[str, Any]], pad_id: int) -> dict[str, torch.Tensor]:
    width = max(len(f["input_ids"]) for f in feats)
    ids = torch.full((len(feats), width), pad_id, dtype=torch.long)
    labels = torch.full((len(feats), width), bio.IGNORE, dtype=torch.long)
    mask = torch.zeros((len(feats), width), dtype=torch.long)
    out = {"input_ids": ids, "attention_mask": mask, "labels": labels}
    if "soft" in feats[0]:
        out["soft"] = torch.zeros((len(feats), width, feats[0]["soft"].shape[1]))
    for r, f in enumerate(feats):
        n = len(f["input_ids"])
        ids[r, :n] = torch.tensor(f["input_ids"])
        labels[r, :n] = torch.tensor(f["labels"])
        mask[r, :n] = 1
        if "soft" in out:
            out["soft"][r, :n] = torch.from_numpy(f["soft"])
    return out


def _length_batches(feats: list[dict[str, Any]], size: int, gen: torch.Generator, pool: int = 50) -> list[list[int]]:
    """One epoch of batches: shuffled, then sorted by length inside pools of ``pool`` batches, batch order shuffled.

    Field texts run from 5 to 700+ characters (median ~60): padding every batch to its longest window would
    spend most of the compute on padding; batches of similar lengths cut a step's cost about in half.
    """
    order = torch.randperm(len(feats), generator=gen).tolist()
    batches: list[list[int]] = []
    for k in range(0, len(order), size * pool):
        chunk = sorted(order[k:k + size * pool], key=lambda i: len(feats[i]["input_ids"]))
        batches += [chunk[j:j + size] for j in range(0, len(chunk), size)]
    return [batches[i] for i in torch.randperm(len(batches), generator=gen).tolist()]


def _loss(logits: torch.Tensor, batch: dict[str, torch.Tensor], alpha: float, temp: float) -> torch.Tensor:
    ce = torch.nn.functional.cross_entropy(logits.flatten(0, 1), batch["labels"].flatten(), ignore_index=bio.IGNORE)
    if "soft" not in batch:
        return ce
    keep = batch["labels"] != bio.IGNORE
    target = batch["soft"][keep].clamp_min(1e-8).pow(1.0 / temp)
    target = target / target.sum(-1, keepdim=True)
    student = torch.log_softmax(logits[keep] / temp, dim=-1)
    kl = (target * (target.log() - student)).sum(-1).mean() * temp * temp
    return alpha * kl + (1.0 - alpha) * ce


def _evaluate(model: Any, tok: Any, meta: dict[str, Any], docs: list[dict[str, Any]]) -> dict[str, Any]:
    tagger = Tagger(model, tok, meta)
    try:
        return evaluate_spans(docs, tagger.predict_batch([d["text"] for d in docs]))
    finally:
        model.train()


def train(config: dict[str, Any]) -> dict[str, Any]:
    """Train, early-stop on dev entity F1, evaluate on test, save; returns a summary dict."""
    cfg = resolve_config(config)
    seed, d, roots = cfg["seed"], cfg["data"], cfg["_roots"]
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    was_deterministic = torch.are_deterministic_algorithms_enabled()
    torch.use_deterministic_algorithms(True, warn_only=True)
    try:
        docs = data.load_golds(d["gold"], [Path(r) for r in roots])
        split = dict(d)
        if d["split"]:
            split.update(data.read_split_file(find_path(d["split"], roots, "data.split")))
        splits = data.split_docs(docs, split, seed)
        tags = bio.bio_tags(cfg["model"]["labels"] or LABELS)
        a = cfg["augment"]
        extra = data.augment(splits["train"], copies=a["copies"], swap_prob=a["swap_prob"],
                             synthetic_prob=a["synthetic_prob"], seed=seed) if a["copies"] else []
        silver = data.silver_docs(d["silver"], [Path(r) for r in roots], d["silver_labels"]) if d["silver"] else []
        held_out = {x["text"] for part in ("dev", "test") for x in splits[part] if len(x["text"]) >= 8}
        leaked = sorted({x["doc"] for x in silver if x["text"] in held_out})
        if leaked:
            raise ConfigError(f"data.silver: {', '.join(leaked)} repeat text of the dev/test documents; "
                              "silver must not contain held-out reports")
        if silver:
            log.info("silver: %d field texts from %s (rule spans of %s)", len(silver), d["silver"], d["silver_labels"])
        train_docs = splits["train"] + extra + silver
        model, tok, base_info = init_model(cfg, tags, [x["text"] for x in train_docs])
        log.info("model base: %s", json.dumps(base_info, ensure_ascii=False))
        tags = [model.config.id2label[i] for i in range(model.config.num_labels)]
        max_pos = getattr(model.config, "max_position_embeddings", d["max_length"])
        if d["max_length"] > max_pos:
            raise ConfigError(f"config: data.max_length {d['max_length']} exceeds the model's "
                              f"max_position_embeddings {max_pos}")
        label2id = {tg: i for i, tg in enumerate(tags)}
        feats, encs = data.build_features(train_docs, tok, label2id, max_length=d["max_length"], overlap=d["stride"])
        if cfg["distill"]["teacher"]:
            teacher = Tagger.load(find_path(cfg["distill"]["teacher"], roots, "distill.teacher"),
                                  device=cfg["train"]["device"])
            _soft_labels(teacher, train_docs, encs, feats, tags)
            del teacher
        meta = {"max_length": d["max_length"], "stride": d["stride"], "dtype": cfg["model"]["dtype"]}
        return _fit(cfg, model, tok, feats, splits, meta, base_info)
    finally:
        torch.use_deterministic_algorithms(was_deterministic)


def _fit(cfg: dict[str, Any], model: Any, tok: Any, feats: list[dict[str, Any]],
         splits: dict[str, list[dict[str, Any]]], meta: dict[str, Any], base_info: dict[str, Any]) -> dict[str, Any]:
    t, seed = cfg["train"], cfg["seed"]
    device = pick_device(t["device"])
    model.to(device)
    per_epoch = math.ceil(len(feats) / t["batch_size"])
    total = per_epoch * t["epochs"]
    total = min(total, t["max_steps"]) if t["max_steps"] else total
    if total <= 0:
        raise ConfigError("config: train.epochs and train.max_steps leave no training step")
    no_decay = ("bias", "LayerNorm.weight", "LayerNorm.bias")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)], "weight_decay": t["weight_decay"]},
        {"params": [p for n, p in model.named_parameters() if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    # fused AdamW: one kernel per tensor; on the shared 2-core CPU the default (foreach) step took ~2 s for 10M
    # parameters under load (0.05 s fused)
    opt = torch.optim.AdamW(groups, lr=t["lr"], fused=device.type in ("cpu", "cuda"))
    warm = int(total * t["warmup_ratio"])
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / max(warm, 1) if s < warm else max(0.0, (total - s) / max(total - warm, 1)))
    gen = torch.Generator().manual_seed(seed)
    alpha, temp = cfg["distill"]["alpha"], cfg["distill"]["temperature"]
    eval_every = t["eval_every"] or per_epoch
    best_f1, best_state, bad_evals, step, history = -1.0, None, 0, 0, []
    model.train()
    bar = tqdm(total=total, desc="train", disable=None if t["progress"] else True)
    stop = False
    while step < total and not stop:
        for idx in _length_batches(feats, t["batch_size"], gen):
            batch = {k: v.to(device) for k, v in _collate([feats[i] for i in idx], tok.pad_token_id).items()}
            logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
            loss = _loss(logits, batch, alpha, temp)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), t["grad_clip"])
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            step += 1
            bar.update(1)
            bar.set_postfix(loss=f"{loss.item():.4f}")
            if splits["dev"] and (step % eval_every == 0 or step == total):
                f1 = _evaluate(model, tok, meta, splits["dev"])["f1"]
                history.append({"step": step, "loss": round(loss.item(), 6), "dev_f1": f1})
                log.info("step %d loss %.4f dev F1 %.4f", step, loss.item(), f1)
                if f1 > best_f1 + 1e-9:
                    best_f1, bad_evals = f1, 0
                    best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
                else:
                    bad_evals += 1
                    stop = t["patience"] > 0 and bad_evals >= t["patience"]
            if step >= total or stop:
                break
    bar.close()
    if best_state is not None:
        model.load_state_dict(best_state)
    model.eval()
    metrics = {s: _evaluate(model, tok, meta, splits[s]) for s in ("dev", "test") if splits[s]}
    model.eval().to("cpu")
    meta.update({
        "name": cfg["name"] or Path(cfg["output"]).name, **base_info,
        "base_license": cfg["model"]["base_license"], "data_hash": data.data_hash(splits),
        "documents": {s: sorted({x["doc"] for x in splits[s]}) for s in data.SPLITS},
        "metrics": metrics, "history": history, "steps": step,
        "training": {k: v for k, v in cfg.items() if k != "_roots"},
    })
    out = save_model(model, tok, cfg["output"], meta)
    return {"output": str(out), "steps": step, "best_dev_f1": best_f1 if best_state is not None else None,
            "metrics": metrics, "data_hash": meta["data_hash"], "documents": meta["documents"], "base": base_info}


def set_key(cfg: dict[str, Any], key: str, value: Any) -> None:
    """``cfg["a"]["b"] = value`` for ``key = "a.b"`` (tables created as needed)."""
    *tables, last = key.split(".")
    node = cfg
    for tb in tables:
        node = node.setdefault(tb, {})
    node[last] = value


def parse_override(item: str) -> tuple[str, Any]:
    """``"a.b=TOML"`` → ``("a.b", value)``; a value that is not TOML stays a string."""
    key, sep, raw = item.partition("=")
    if not sep:
        raise ConfigError(f"--set {item!r}: expected KEY=VALUE")
    return key.strip(), _parse_value(raw.strip())


def _parse_value(raw: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def load_config(path: str | Path) -> dict[str, Any]:
    """Read a TOML config; relative paths in it resolve from the cwd, then the config's parent folder."""
    path = Path(path)
    try:
        cfg = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    cfg["_roots"] = [".", str(path.resolve().parent.parent)]
    return cfg


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Command line: ``--config FILE [--output DIR] [--gold PATH]... [--max-steps N] [--set a.b=VALUE]...``."""
    ap = argparse.ArgumentParser(prog="govie train", description="Train a govie token classifier.")
    ap.add_argument("--config", required=True, help="TOML config, e.g. train/scratch-small.toml")
    ap.add_argument("--output", help="model directory to write (overrides output)")
    ap.add_argument("--gold", action="append", help="gold JSONL path or glob (overrides data.gold; repeatable)")
    ap.add_argument("--max-steps", type=int, help="overrides train.max_steps")
    ap.add_argument("--seed", type=int, help="overrides seed")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="override any key, e.g. --set train.lr=1e-4 (value in TOML syntax)")
    args = ap.parse_args(argv)
    cfg = load_config(args.config)
    overrides = [("output", args.output), ("data.gold", args.gold), ("train.max_steps", args.max_steps),
                 ("seed", args.seed)]
    overrides += [parse_override(item) for item in args.set]
    for key, value in overrides:
        if value is not None:
            set_key(cfg, key, value)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(message)s")
    summary = train(cfg)
    print(json.dumps({k: summary[k] for k in ("output", "steps", "best_dev_f1", "data_hash")}, ensure_ascii=False))
    return summary


if __name__ == "__main__":  # pragma: no cover
    try:
        main()
    except GovieError as exc:
        sys.exit(f"error: {exc}")
