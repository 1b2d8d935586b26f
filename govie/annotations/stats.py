"""Corpus statistics as a Markdown table: ``python -m govie.annotations.stats``."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from ..schema import LABELS
from .gold import load_gold


def stats(path: str | Path = "annotations/gold") -> str:
    docs = load_gold(path)
    head = "| doc | layout | chars | records | " + " | ".join(LABELS) + " | measurements | links |"
    rows = [head, "|" + "---|" * (len(LABELS) + 6)]
    total: Counter[str] = Counter()
    for d in docs:
        c = Counter(s["label"] for s in d["spans"])
        c.update({"chars": len(d["text"]), "records": len(d["records"]), "measurements": len(d["measurements"]),
                  "links": len(d["links"])})
        total.update(c)
        rows.append(f"| {d['id']} | {d.get('layout', '')} | {c['chars']} | {c['records']} | "
                    + " | ".join(str(c[k]) for k in LABELS) + f" | {c['measurements']} | {c['links']} |")
    rows.append(f"| all | | {total['chars']} | {total['records']} | "
                + " | ".join(str(total[k]) for k in LABELS) + f" | {total['measurements']} | {total['links']} |")
    att = Counter(lk["attainment"] for d in docs for lk in d["links"])
    rows.append("")
    rows.append("Link attainment: " + ", ".join(f"{k} {v}" for k, v in sorted(att.items())))
    return "\n".join(rows)


if __name__ == "__main__":  # pragma: no cover
    print(stats(sys.argv[1] if len(sys.argv) > 1 else "annotations/gold"))
