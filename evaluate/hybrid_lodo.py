"""Model, rules, and their combination per label, scored leave-one-document-out.

Takes the fold models ``evaluate/lodo.py`` wrote (``<work>/<name>/<doc>``: trained
without document ``doc``; their ``heldout.jsonl`` predictions when present, so a
fold folder from a GPU run needs no weights) and scores on each held-out document:

* the network alone (float32, and int8 with ``--int8``);
* the rule tagger alone (caveat: the rules were written while reading these five
  reports, so their scores here are optimistic for unseen reports);
* combinations (:mod:`govie.model.hybrid`): the policy label -> source found by
  coordinate ascent on the macro-average of the pooled per-label F1 over the held-out
  documents (micro F1 would drop a weak label's every span: fewer, surer predictions
  raise micro precision; 6 labels x 4 sources; this choice is itself fitted on the
  folds, so the combined score is slightly optimistic too).

    python evaluate/hybrid_lodo.py --name e5char-small [--work /tmp/govie-lodo] [--int8] [--tag gpu]
    python evaluate/hybrid_lodo.py --work evaluate/results/gpu_lodo --name e5char-teacher --tag gpu

Writes ``evaluate/results/hybrid_lodo_<name>.json`` and ``.md``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govie.model.crossval import HELDOUT, pooled, read_heldout  # noqa: E402


def _read_heldout(path: Path, test: list) -> list:
    """Spans per gold text from a fold's ``heldout.jsonl``, in the order of ``test`` (ids must match)."""
    spans = read_heldout(path, {d["id"]: d["text"] for d in test})
    missing = [d["id"] for d in test if d["id"] not in spans]
    if missing:
        sys.exit(f"{path}: no predictions for {len(missing)} gold texts (e.g. {missing[0]}); rerun the fold")
    return [spans[d["id"]] for d in test]


def _score(golds: dict, preds: dict) -> dict:
    from govie.model.metrics import evaluate_spans

    return pooled([evaluate_spans(golds[d], preds[d]) for d in sorted(golds)])


def main(argv: list[str] | None = None) -> dict:
    from govie.model import Tagger
    from govie.model.data import load_gold
    from govie.model.hybrid import SOURCES, combine
    from govie.schema import LABELS
    from govie.tag.rules import RuleTagger

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--name", required=True, help="config name used by evaluate/lodo.py (its work subfolder)")
    ap.add_argument("--work", default="/tmp/govie-lodo")
    ap.add_argument("--gold", default=str(ROOT / "annotations" / "views" / "fields.jsonl"))
    ap.add_argument("--int8", action="store_true", help="score the int8-quantized networks")
    ap.add_argument("--tag", default="", help="suffix of the result files and the run's name (e.g. gpu)")
    args = ap.parse_args(argv)
    docs = load_gold(args.gold)
    golds, model_preds, rule_preds = {}, {}, {}
    rules = RuleTagger()
    for fold in sorted(p.name for p in (Path(args.work) / args.name).iterdir() if p.is_dir()):
        test = [d for d in docs if d["doc"] == fold]
        where = Path(args.work) / args.name / fold
        golds[fold] = test
        if (where / HELDOUT).is_file() and not args.int8:  # written by the LODO run (also for GPU runs)
            model_preds[fold] = _read_heldout(where / HELDOUT, test)
        else:
            tagger = Tagger.load(where, quantize=args.int8, combine=False)
            model_preds[fold] = tagger.predict_batch([d["text"] for d in test])
        rule_preds[fold] = [rules.predict(d["text"]) for d in test]

    def run(policy: dict) -> dict:
        return _score(golds, {f: [combine(m, r, policy, d["text"]) for m, r, d in zip(model_preds[f], rule_preds[f], golds[f])]
                              for f in golds})

    results = {"model": run({lab: "model" for lab in LABELS}), "rules": run({lab: "rules" for lab in LABELS})}
    policy = {lab: "model" for lab in LABELS}
    def macro(res: dict) -> float:
        return sum(res[lab]["f1"] for lab in LABELS if lab in res) / len(LABELS)

    best = macro(results["model"])
    for _ in range(2):
        for lab in LABELS:
            for src in SOURCES:
                trial = {**policy, lab: src}
                f1 = macro(run(trial))
                if f1 > best + 1e-9:
                    best, policy = f1, trial
    results["combined"] = run(policy)
    for res in results.values():
        res["macro"] = {"f1": round(macro(res), 4)}
    out = {"command": "python evaluate/hybrid_lodo.py " + " ".join(argv if argv is not None else sys.argv[1:]),
           "name": args.name + (f" ({args.tag})" if args.tag else ""), "int8": args.int8, "folds": sorted(golds), "policy": policy, "results": results}
    stem = ROOT / "evaluate" / "results" / f"hybrid_lodo_{args.name}{'_int8' if args.int8 else ''}{'_' + args.tag if args.tag else ''}"
    stem.with_suffix(".json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    labels = sorted(LABELS) + ["micro", "macro"]
    lines = [f"# LODO, {out['name']}{' (int8)' if args.int8 else ''}: network, rules, combined", "",
             f"`{out['command']}`", "", "policy: " + ", ".join(f"{k}={v}" for k, v in policy.items()), "",
             "| tagger | " + " | ".join(labels) + " |", "|---" * (len(labels) + 1) + "|"]
    for name, res in results.items():
        lines.append(f"| {name} | " + " | ".join(f"{res[lab]['f1']:.3f}" for lab in labels) + " |")
    stem.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return out


if __name__ == "__main__":
    main()
