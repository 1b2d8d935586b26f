"""The gold corpus format: one JSON document per line in ``annotations/gold/*.jsonl``.

Each line::

    {"id": "000", "file": "raw/000_98db5ebbaa5bf3bf.txt", "sha1": "…", "period": ["2020-01-01", "2020-10-31"],
     "text": "…the whole report text…",
     "spans": [{"id": "000-s1", "start": 54, "end": 62, "label": "METRIC", "text": "慢行交通综合指数",
                "norm": {}, "measurements": ["000-m00_1"], "annotator": "A1"}, …],
     "measurements": [{"id": "000-m00_1", "role": "target", "spans": ["000-s1", …], "record": 0}, …],
     "links": [{"progress": "000-m00_2", "target": "000-m00_1", "attainment": "met",
                "computed_ratio": 1.15, "stated_ratio": 1.1506, "consistent": true}, …],
     "records": [{"index": 0, "start": 54, "end": 130}, …],
     "double": [[start, end], …]}

Offsets index ``text`` (code points). ``norm`` holds the normalized value of the span:
QTY ``{"value", "approx", "low", "high"}``, UNIT ``{"unit", "dimension", "factor"}``, DATE
``{"start", "end"}`` (ISO), REL ``{"kind"}``; METRIC and ORG carry ``{}``.
``double`` lists the character ranges that were annotated twice (agreement sample).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from ..errors import AnnotationError

GOLD_DIR = Path("annotations/gold")


def iter_gold(path: str | Path = GOLD_DIR) -> Iterator[dict[str, Any]]:
    """Yield gold documents from a ``.jsonl`` file or every ``.jsonl`` file of a directory."""
    p = Path(path)
    if not p.exists():
        raise AnnotationError(f"{p}: no such gold file or directory")
    files = sorted(p.glob("*.jsonl")) if p.is_dir() else [p]
    if not files:
        raise AnnotationError(f"{p}: no .jsonl gold files in this directory")
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    doc = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise AnnotationError(f"{f}:{n}: not valid JSON ({exc.msg})") from None
                if not isinstance(doc, dict) or "text" not in doc or "spans" not in doc:
                    raise AnnotationError(f"{f}:{n}: a gold line needs at least 'id', 'text' and 'spans'")
                doc.setdefault("_where", f"{f}:{n}")
                yield doc


def load_gold(path: str | Path = GOLD_DIR) -> list[dict[str, Any]]:
    return list(iter_gold(path))


def write_gold(docs: list[dict[str, Any]], path: str | Path) -> None:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    with open(p, "w", encoding="utf-8") as fh:
        for d in docs:
            d = {k: v for k, v in d.items() if not k.startswith("_")}
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
