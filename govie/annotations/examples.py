"""Gold documents → training examples in the tagger's view.

``govie.extract`` tags each record field on its normalized text (full-width folded,
PDF wraps removed); the model is trained on exactly that view. Each example is one
field: ``{"id", "doc", "text" (normalized), "spans" (offsets into that text),
"orig_start"}``. Spans outside record fields (titles, page furniture, lead-unit cells,
which the layout itself marks as ORG) are not part of any example.

    python -m govie.annotations.examples annotations/gold annotations/gold/fields/fields.jsonl
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Iterator

from .gold import iter_gold


def field_examples(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    from ..records import read_records
    from ..tag.tagging import field_views

    text = doc["text"]
    parsed = read_records(text)
    spans = sorted(doc["spans"], key=lambda s: s["start"])
    for f, tm in field_views(text, parsed.records):
        out = []
        for s in spans:
            if s["start"] >= f.start and s["end"] <= f.end:
                a, b = tm.to_norm(s["start"]), tm.to_norm(s["end"])
                if a < b and tm.span_to_orig(a, b) == (s["start"], s["end"]):
                    out.append({"start": a, "end": b, "label": s["label"]})
        yield {"id": f"{doc['id']}:{f.start}", "doc": doc["id"], "text": tm.norm, "spans": out, "orig_start": f.start}


def write_examples(gold: str | Path, out: str | Path) -> dict[str, int]:
    n_ex = n_sp = 0
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        for doc in iter_gold(gold):
            for ex in field_examples(doc):
                fh.write(json.dumps(ex, ensure_ascii=False) + "\n")
                n_ex += 1
                n_sp += len(ex["spans"])
    return {"examples": n_ex, "spans": n_sp}


if __name__ == "__main__":  # pragma: no cover
    print(write_examples(sys.argv[1], sys.argv[2]))
