"""Link P/R/F1 and attainment accuracy against the gold links, on gold spans and end to end.

    python evaluate/link_eval.py [--model rules|DIR] [--out evaluate/results/links.json]
    python evaluate/link_eval.py --lodo /tmp/govie-lodo/e5char-small --out evaluate/results/links_lodo.json
    python evaluate/link_eval.py --lodo evaluate/results/gpu_lodo/e5char-teacher --out evaluate/results/links_lodo_12layer.json

``--lodo WORK``: end to end, each report is tagged by the fold model that never saw it
(``WORK/<doc>``, written by ``evaluate/lodo.py``) with the shipped model's rule/model
policy per label (``--policy-from``, default ``models/govie-zh-small``). When a fold
folder holds ``heldout.jsonl`` (the fold model's spans on its held-out report, written
by the LODO run), those spans are replayed instead of loading weights, so the GPU runs
score here: ``--lodo evaluate/results/gpu_lodo/e5char-teacher``.

"gold spans": the gold spans (with their normalized values) go through govie's
measurement builder and linker; "end to end": the tagger's spans from the raw text do.
Links are matched by the anchors of their measurements (first QTY, else first REL).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


class Replay:
    """A tagger that returns a fold's stored held-out spans (by field text, from the gold field view)."""

    def __init__(self, heldout: Path, policy: dict | bool | None) -> None:
        from govie.model.crossval import read_heldout
        from govie.model.data import load_gold

        texts = {d["id"]: d["text"] for d in load_gold(ROOT / "annotations" / "views" / "fields.jsonl")}
        self.by_text = {texts[i]: spans for i, spans in read_heldout(heldout, texts).items()}
        self.policy = policy or {}

    def predict_batch(self, texts: list) -> list:
        from govie.model.hybrid import combine_batch

        missing = [t for t in texts if t not in self.by_text]
        if missing:
            raise SystemExit(f"no stored held-out spans for {len(missing)} field texts, e.g. {missing[0][:40]!r}")
        return combine_batch([self.by_text[t] for t in texts], texts, self.policy)

    def predict(self, text: str) -> list:
        return self.predict_batch([text])[0]


def main(argv: list[str] | None = None) -> dict:
    import govie
    from govie.annotations.gold import load_gold
    from govie.linkeval import gold_links, gold_spans, predicted_links, run_on_spans, score

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None, help="tagger for end to end (default: the shipped model)")
    ap.add_argument("--gold", default=str(ROOT / "annotations" / "gold"))
    ap.add_argument("--out", default=str(ROOT / "evaluate" / "results" / "links.json"))
    ap.add_argument("--lodo", default=None, help="folder of fold models <doc>/ (held-out tagging)")
    ap.add_argument("--policy-from", default=str(ROOT / "models" / "govie-zh-small"))
    args = ap.parse_args(argv)
    policy = None
    if args.lodo:
        policy = json.loads((Path(args.policy_from) / "govie.json").read_text(encoding="utf-8")).get("combine") or False
    res: dict = {"command": "python evaluate/link_eval.py " + " ".join(argv if argv is not None else sys.argv[1:]),
                 "model": (f"LODO fold models {args.lodo} + policy of {args.policy_from}" if args.lodo
                           else args.model or "default"), "per_document": {}}
    totals = {"gold_spans": Counter(), "end_to_end": Counter()}
    att_hits = {"gold_spans": [0, 0], "end_to_end": [0, 0]}
    for doc in load_gold(args.gold):
        g = gold_links(doc)
        on_gold = predicted_links(run_on_spans(doc, gold_spans(doc)))
        model = args.model
        if args.lodo:
            from govie.model import Tagger

            fold = Path(args.lodo) / doc["id"]
            model = Replay(fold / "heldout.jsonl", policy) if (fold / "heldout.jsonl").is_file() \
                else Tagger.load(fold, combine=policy)
        rep = govie.extract(doc["text"], model=model,
                            period=tuple(doc["period"]) if doc.get("period") else None)
        e2e = predicted_links(rep)
        row = {"gold_spans": score(g, on_gold), "end_to_end": score(g, e2e)}
        res["per_document"][doc["id"]] = row
        for mode, sc in row.items():
            totals[mode].update({k: sc[k] for k in ("gold", "predicted", "matched")})
            if sc["attainment_accuracy"] is not None:
                att_hits[mode][0] += round(sc["attainment_accuracy"] * sc["matched"])
                att_hits[mode][1] += sc["matched"]
    for mode, c in totals.items():
        p = c["matched"] / c["predicted"] if c["predicted"] else 0.0
        r = c["matched"] / c["gold"] if c["gold"] else 0.0
        res[mode] = {"gold": c["gold"], "predicted": c["predicted"], "matched": c["matched"],
                     "precision": round(p, 4), "recall": round(r, 4),
                     "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                     "attainment_accuracy": round(att_hits[mode][0] / att_hits[mode][1], 4) if att_hits[mode][1] else None}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({k: res[k] for k in ("gold_spans", "end_to_end")}, ensure_ascii=False, indent=1))
    return res


if __name__ == "__main__":
    main()
