"""Leave-one-document-out cross-validation of a training config over the gold corpus.

For each held-out report d: train on the others except the fold's dev report,
early-stop on dev, test on d (``annotations/splits/lodo/fold-d.json``). Scores are
pooled over the held-out reports (strict entity-level P/R/F1 per label, the same as
seqeval's strict IOB2 mode) and returned with every fold's result.
"""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

from govie.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def pooled(results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Per-label and micro P/R/F1 from several :func:`evaluate_spans` results, counts summed."""
    tp: Counter[str] = Counter()
    pred: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    for r in results:
        for lab, m in r["per_label"].items():
            tp[lab] += m["correct"]
            pred[lab] += m["predicted"]
            gold[lab] += m["support"]

    def prf(t: int, p: int, g: int) -> dict[str, Any]:
        P = t / p if p else 0.0
        R = t / g if g else 0.0
        return {"precision": round(P, 4), "recall": round(R, 4),
                "f1": round(2 * P * R / (P + R), 4) if P + R else 0.0, "support": g}

    out = {lab: prf(tp[lab], pred[lab], gold[lab]) for lab in sorted(gold)}
    out["micro"] = prf(sum(tp.values()), sum(pred.values()), sum(gold.values()))
    return out


HELDOUT = "heldout.jsonl"


def write_heldout(model_dir: str | Path, cfg: dict[str, Any], doc: str) -> Path:
    """Predict the held-out document ``doc`` with the saved fold model; one JSON line per gold text."""
    import json

    from .data import load_golds
    from .tagger import Tagger

    texts = [x for x in load_golds(cfg["data"]["gold"], [Path(r) for r in cfg.get("_roots", ["."])])
             if x["doc"] == doc]
    tagger = Tagger.load(model_dir, combine=False, device=cfg.get("train", {}).get("device", "auto"))
    preds = tagger.predict_batch([x["text"] for x in texts])
    out = Path(model_dir) / HELDOUT
    with out.open("w", encoding="utf-8") as fh:
        for x, spans in zip(texts, preds):
            row = {"id": x["id"], "doc": doc, "spans": [{"start": s.start, "end": s.end, "label": s.label,
                                                        "score": round(s.score, 4)} for s in spans]}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return out


def read_heldout(path: str | Path, texts: dict[str, str]) -> dict[str, list[Any]]:
    """The spans of a ``heldout.jsonl`` per gold id, as :class:`~govie.schema.Span` over ``texts[id]``.

    ConfigError when a row's id is not in ``texts`` (predictions of another gold version).
    """
    import json

    from govie.schema import Span

    out: dict[str, list[Any]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text = texts.get(row["id"])
        if text is None:
            raise ConfigError(f"{path}: id {row['id']!r} is not a gold text here; rerun the fold")
        out[row["id"]] = [Span(id=f"m{k}", start=x["start"], end=x["end"], label=x["label"],
                               text=text[x["start"]:x["end"]], score=x.get("score", 1.0))
                          for k, x in enumerate(row["spans"])]
    return out


def lodo(config: str | Path, *, folds: Sequence[str] | None = None, overrides: Sequence[str] = (),
         work: str | Path = "/tmp/govie-lodo", splits_dir: str | Path | None = None,
         echo: Any = None) -> dict[str, Any]:
    """Train and test one model per fold; ``{"pooled", "folds", "seconds", ...}``.

    Fold models are written to ``<work>/<config stem>/<doc>``, with the held-out
    document's predicted spans in ``heldout.jsonl`` there (read by
    ``evaluate/hybrid_lodo.py``). ``folds`` default: every ``fold-*.json`` in ``splits_dir``.
    """
    from .train import load_config, parse_override, set_key, train

    splits_dir = Path(splits_dir or ROOT / "annotations" / "splits" / "lodo")
    available = sorted(p.stem[5:] for p in splits_dir.glob("fold-*.json"))
    folds = list(folds or available)
    missing = [f for f in folds if f not in available]
    if missing:
        raise ConfigError(f"lodo: no fold {', '.join(missing)} in {splits_dir} (have {', '.join(available) or 'none'})")
    name = Path(config).stem
    results, per_fold, t0 = [], {}, time.time()
    for doc in folds:
        cfg = load_config(config)
        cfg.setdefault("data", {})["split"] = str(splits_dir / f"fold-{doc}.json")
        cfg["output"] = str(Path(work) / name / doc)
        for kv in overrides:  # {fold} in a value becomes the held-out document (per-fold teachers)
            set_key(cfg, *parse_override(kv.replace("{fold}", doc)))
        t = time.time()
        summary = train(cfg)
        write_heldout(summary["output"], cfg, doc)
        test = summary["metrics"]["test"]
        results.append(test)
        per_fold[doc] = {"f1": round(test["f1"], 4), "steps": summary["steps"], "seconds": round(time.time() - t),
                         "per_label": {k: round(v["f1"], 4) for k, v in test["per_label"].items()}}
        if echo:
            echo(doc, per_fold[doc])
    return {"config": str(config), "overrides": list(overrides), "seconds": round(time.time() - t0),
            "pooled": pooled(results), "folds": per_fold}
