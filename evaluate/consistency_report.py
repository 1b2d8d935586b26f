"""Every stated ratio in the five seed reports, recomputed, mismatches listed.

    python evaluate/consistency_report.py [--model rules|DIR]

Reads each seed report with ``govie.extract`` and, for every link whose progress
states a ratio (完成指标的115.06%, 全年任务的69.1%, 完成率103.35%), compares the stated
ratio with progress ÷ target computed from the numbers. The gold links are reported
the same way, so a difference between the two tables is govie's, and a mismatch in the
gold table is the report's own (a finding, not a bug). Writes
``evaluate/results/consistency.md`` and ``.json``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rows_from_report(rep) -> list[dict]:
    meas = {m.id: m for m in rep.measurements}
    out = []
    for lk in rep.links:
        if lk.stated_ratio is None or lk.computed_ratio is None:
            continue
        p, t = meas[lk.progress], meas[lk.target]
        out.append({"progress": rep.text[p.start:p.end].replace("\n", ""), "target": rep.text[t.start:t.end].replace("\n", ""),
                    "stated": lk.stated_ratio, "computed": lk.computed_ratio, "consistent": lk.consistent})
    return out


def rows_from_gold(doc) -> list[dict]:
    spans = {s["id"]: s for s in doc["spans"]}
    meas = {m["id"]: m for m in doc["measurements"]}

    def text(mid):
        ss = [spans[x] for x in meas[mid]["spans"]]
        return doc["text"][min(s["start"] for s in ss):max(s["end"] for s in ss)].replace("\n", "")

    return [{"progress": text(lk["progress"]), "target": text(lk["target"]), "stated": lk["stated_ratio"],
             "computed": lk["computed_ratio"], "consistent": lk["consistent"]}
            for lk in doc["links"] if lk["stated_ratio"] is not None and lk["computed_ratio"] is not None]


def main(argv: list[str] | None = None) -> dict:
    import govie
    from govie.annotations.gold import load_gold

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    args = ap.parse_args(argv)
    result = {"command": "python evaluate/consistency_report.py " + " ".join(argv if argv is not None else sys.argv[1:]),
              "extracted": {}, "gold": {}}
    lines = ["# Stated ratios in the seed reports, recomputed", "", f"Command: `{result['command']}`", ""]
    for doc in load_gold(ROOT / "annotations" / "gold"):
        rep = govie.extract(ROOT / "annotations" / doc["file"], model=args.model)
        result["extracted"][doc["id"]] = rows_from_report(rep)
        result["gold"][doc["id"]] = rows_from_gold(doc)
    for source in ("gold", "extracted"):
        lines += [f"## {'Gold links' if source == 'gold' else 'govie.extract'}", "",
                  "| doc | progress | target | stated | computed | consistent |", "|---|---|---|---|---|---|"]
        for doc_id, rows in result[source].items():
            for r in rows:
                lines.append(f"| {doc_id} | {r['progress'][:40]} | {r['target'][:40]} | {r['stated']:.4f} | "
                             f"{r['computed']:.4f} | {'yes' if r['consistent'] else '**no**'} |")
        bad = [r for rows in result[source].values() for r in rows if not r["consistent"]]
        lines += ["", f"Mismatches: {len(bad)}", ""]
    out = ROOT / "evaluate" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "consistency.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "consistency.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print("\n".join(lines))
    return result


if __name__ == "__main__":
    main()
