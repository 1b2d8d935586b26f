"""Leave-one-document-out cross-validation of a training config over the gold corpus.

For each seed report d: train on three reports, early-stop on the fourth (dev), test on d
(``annotations/splits/lodo/fold-d.json``). Scores are pooled over the five held-out reports
(strict entity-level P/R/F1 per label, seqeval-equivalent) and saved with the command
that produced them (see :mod:`govie.model.crossval`; ``govie evaluate --lodo CONFIG`` is the same).

    python evaluate/lodo.py --config train/scratch-small.toml [--set train.epochs=30] [--folds 000,004]
    python evaluate/lodo.py --config train/distill-student.toml \\
        --set 'distill.teacher="/tmp/govie-lodo/e5char-teacher/{fold}"'   # each fold's own teacher
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> dict:
    from govie.model.crossval import lodo

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--folds", default=None, help="comma-separated held-out documents (default: all)")
    ap.add_argument("--set", action="append", default=[], help="a.b=TOML_VALUE overrides; {fold} = held-out doc")
    ap.add_argument("--work", default="/tmp/govie-lodo")
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)
    res = lodo(args.config, folds=args.folds.split(",") if args.folds else None, overrides=args.set,
               work=args.work, echo=lambda doc, r: print(doc, json.dumps(r, ensure_ascii=False), flush=True))
    res = {"command": "python evaluate/lodo.py " + " ".join(argv if argv is not None else sys.argv[1:]), **res}
    out = Path(args.out or ROOT / "evaluate" / "results" / f"lodo_{Path(args.config).stem}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(res["pooled"], ensure_ascii=False))
    return res


if __name__ == "__main__":
    main()
