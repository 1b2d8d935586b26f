"""Turn a trained model directory into the shipped ``models/govie-zh-small``.

Copies the directory, names the model, sets the rule/model policy per label found by
``evaluate/hybrid_lodo.py`` (``govie.json`` → ``combine``) and writes the
leave-one-document-out scores of that configuration (network alone and combined)
into the model card, next to the training metrics:

    python -m govie.model.train --config train/e5char-small.toml --output /tmp/ship/e5char-small-all5 \\
        --set 'data.split="annotations/splits/all.json"' --max-steps 400
    python evaluate/lodo.py --config train/e5char-small.toml
    python evaluate/hybrid_lodo.py --name e5char-small
    python evaluate/ship_model.py /tmp/ship/e5char-small-all5 --hybrid evaluate/results/hybrid_lodo_e5char-small.json

``--dtype int8`` re-saves the weights as int8 rows with scales (:mod:`govie.model.int8store`).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def as_metrics(pooled: dict) -> dict:
    """A pooled LODO table (labels + micro) in the shape of ``evaluate_spans`` (for the model card)."""
    micro = pooled["micro"]
    return {**{k: micro[k] for k in ("precision", "recall", "f1", "support")},
            "per_label": {lab: v for lab, v in pooled.items() if lab not in ("micro", "macro")}}


def _prune(model, tok):
    import unicodedata

    from govie.model.chartok import prune_vocab
    from govie.model.data import load_gold

    gold = set("".join(d["text"] for d in load_gold(ROOT / "annotations" / "views" / "fields.jsonl")))
    gold = {unicodedata.normalize("NFKC", c) for c in gold}

    def keep(ch: str) -> bool:
        if ch in gold or not unicodedata.name(ch, "").startswith("CJK UNIFIED IDEOGRAPH"):
            return True
        try:
            ch.encode("gb2312")
            return True
        except UnicodeEncodeError:
            return False

    before = len(tok)
    model, tok = prune_vocab(model, tok, keep)
    return model, tok, before - len(tok)


def main(argv: list[str] | None = None) -> Path:
    from govie.model.hybrid import check_policy
    from govie.model.io import write_card

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", help="trained model directory")
    ap.add_argument("--hybrid", required=True, help="evaluate/results/hybrid_lodo_<name>.json")
    ap.add_argument("--out", default=str(ROOT / "models" / "govie-zh-small"))
    ap.add_argument("--name", default="govie-zh-small")
    ap.add_argument("--dtype", choices=("float32", "float16", "int8"), default=None,
                    help="re-save the weights in this precision (default: as trained)")
    ap.add_argument("--base", default=None, help="what model.base was, in words, when the path used is a local copy")
    ap.add_argument("--prune-vocab", action="store_true",
                    help="drop CJK ideographs outside GB2312 that the gold never uses (traditional forms) from the "
                         "vocabulary: they read as [UNK] (to fit the size budget)")
    args = ap.parse_args(argv)
    src, out = Path(args.src), Path(args.out)
    hybrid = json.loads(Path(args.hybrid).read_text(encoding="utf-8"))
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(src, out)
    meta = json.loads((out / "govie.json").read_text(encoding="utf-8"))
    meta["name"] = args.name
    if args.base:
        meta["base"] = args.base
    meta["combine"] = check_policy(hybrid["policy"], args.hybrid)
    meta.setdefault("metrics", {})
    meta["metrics"]["lodo: network alone"] = as_metrics(hybrid["results"]["model"])
    meta["metrics"]["lodo: network + rules (as shipped)"] = as_metrics(hybrid["results"]["combined"])
    meta["metrics"]["lodo: rules alone"] = as_metrics(hybrid["results"]["rules"])
    meta["evaluation"] = {"lodo": hybrid["command"], "note": "leave-one-document-out over the five seed reports; "
                          "fold models trained on three reports, early-stopped on a fourth; the rules were "
                          "written while reading these reports and the per-label policy was chosen on the same "
                          "folds, so the rule and combined rows are optimistic for unseen reports"}
    if args.dtype or args.prune_vocab:
        from govie.model.io import load_model, save_model

        model, tok, _ = load_model(src)
        if args.prune_vocab:
            model, tok, dropped = _prune(model, tok)
            meta["pruned_vocab"] = {"dropped": dropped, "rule": "CJK ideographs not in GB2312 and not in the gold"}
        shutil.rmtree(out)
        meta["dtype"] = args.dtype or meta.get("dtype", "float32")
        save_model(model, tok, out, {k: v for k, v in meta.items()
                                     if k not in ("labels", "tags", "created_with", "parameters")})
    else:
        (out / "govie.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        write_card(out, meta)
    size = (out / "model.safetensors").stat().st_size
    print(f"{out}: {size / 1e6:.1f} MB weights; policy {meta['combine']}")
    return out


if __name__ == "__main__":
    main()
