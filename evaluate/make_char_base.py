"""Write a char-level copy of a pretrained BERT (all its layers) as a govie model directory.

The char model that ``model.base = "e5char:<dir>"`` builds, saved once with no
training text (vocabulary = the base's single-character pieces only, so no gold
document shapes it) and a random classifier head. Its directory is itself a valid
``e5char:`` base (BERT config, char ``tokenizer.json``, ``model.safetensors`` with
``bert.`` names): a config can take its first N layers exactly as from the original.

Why: the original multilingual-e5-small directory is 77 MB (a 250k-piece subword
table); this copy keeps 12 layers + ~8.5k character rows, ~50 MB as float16, small
enough to travel to a GPU machine with the repository (``evaluate/gpu_lodo.sh``).

    python evaluate/make_char_base.py --base ../shared/pretrained/multilingual-e5-small-zh --out .gpu/e5-12
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WHITESPACE = " \t\n\r\u3000\xa0"  # their rows: the base's "▁"
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> dict:
    from govie.model import bio
    from govie.model.e5char import init_e5char
    from govie.model.io import save_model
    from govie.model.train import resolve_config
    from govie.schema import LABELS

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default=str(ROOT.parent / "shared" / "pretrained" / "multilingual-e5-small-zh"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--layers", type=int, default=12)
    ap.add_argument("--max-position", type=int, default=256)
    args = ap.parse_args(argv)
    cfg = resolve_config({"model": {"base": f"e5char:{args.base}", "num_layers": args.layers,
                                    "max_position": args.max_position, "base_vocab": True, "max_vocab": 20000},
                          "data": {"gold": ["-"]}})
    import torch

    torch.manual_seed(13)
    model, tok, info = init_e5char(cfg, bio.bio_tags(LABELS), [WHITESPACE])
    out = save_model(model, tok, args.out, {"dtype": "float16", "name": Path(args.out).name, **info,
                                            "base_license": "MIT (intfloat/multilingual-e5-small)",
                                            "note": "untrained char-level copy of the base; not a tagger"})
    print(json.dumps({"out": str(out), **info}, ensure_ascii=False))
    return info


if __name__ == "__main__":
    main()
