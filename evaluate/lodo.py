"""Leave-one-document-out cross-validation of a training config over the gold corpus.

For each seed report d: train on three reports, early-stop on the fourth (dev), test on d
(``annotations/splits/lodo/fold-d.json``). Scores are pooled over the five held-out reports
(strict entity-level P/R/F1 per label, seqeval-equivalent) and saved with the command
that produced them.

    python evaluate/lodo.py --config train/scratch-small.toml [--set train.epochs=30] [--folds 000,004]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def pooled(results: list[dict]) -> dict:
    from collections import Counter

    tp, pred, gold = Counter(), Counter(), Counter()
    for r in results:
        for lab, m in r["per_label"].items():
            tp[lab] += m["correct"]
            pred[lab] += m["predicted"]
            gold[lab] += m["support"]

    def prf(t, p, g):
        P = t / p if p else 0.0
        R = t / g if g else 0.0
        return {"precision": round(P, 4), "recall": round(R, 4), "f1": round(2 * P * R / (P + R), 4) if P + R else 0.0,
                "support": g}

    out = {lab: prf(tp[lab], pred[lab], gold[lab]) for lab in sorted(gold)}
    out["micro"] = prf(sum(tp.values()), sum(pred.values()), sum(gold.values()))
    return out


def main(argv: list[str] | None = None) -> dict:
    from govie.model.train import load_config, train

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--folds", default="000,001,002,003,004")
    ap.add_argument("--set", action="append", default=[], help="a.b=TOML_VALUE overrides")
    ap.add_argument("--work", default="/tmp/govie-lodo")
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)
    name = Path(args.config).stem
    results, folds = [], {}
    t0 = time.time()
    for doc in args.folds.split(","):
        cfg = load_config(args.config)
        cfg.setdefault("data", {})["split"] = str(ROOT / "annotations" / "splits" / "lodo" / f"fold-{doc}.json")
        cfg["output"] = f"{args.work}/{name}/{doc}"
        for kv in args.set:
            key, _, raw = kv.partition("=")
            import tomllib

            value = tomllib.loads(f"v = {raw}")["v"]
            node = cfg
            *path, last = key.split(".")
            for k in path:
                node = node.setdefault(k, {})
            node[last] = value
        t = time.time()
        summary = train(cfg)
        test = summary["metrics"]["test"]
        results.append(test)
        folds[doc] = {"f1": round(test["f1"], 4), "steps": summary["steps"], "seconds": round(time.time() - t),
                      "per_label": {k: round(v["f1"], 4) for k, v in test["per_label"].items()}}
        print(doc, json.dumps(folds[doc], ensure_ascii=False), flush=True)
    res = {"command": "python evaluate/lodo.py " + " ".join(argv if argv is not None else sys.argv[1:]),
           "config": args.config, "overrides": args.set, "seconds": round(time.time() - t0),
           "pooled": pooled(results), "folds": folds}
    out = Path(args.out or ROOT / "evaluate" / "results" / f"lodo_{name}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(res["pooled"], ensure_ascii=False))
    return res


if __name__ == "__main__":
    main()
