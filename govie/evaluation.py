"""``govie evaluate``: score a tagger on the gold corpus, in the tagger's own view (record
fields, normalized), entity-level strict P/R/F1 per label (seqeval-equivalent)."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, Sequence

from .errors import AnnotationError


def evaluate_tagger(gold: str | Path = "annotations/gold", *, model: Any = None, out: str | Path | None = None,
                    docs: Sequence[str] | None = None) -> dict[str, Any]:
    """Tag every gold field (optionally only documents ``docs``) and score against gold."""
    from .annotations.examples import field_examples
    from .annotations.gold import load_gold
    from .model.metrics import evaluate_spans
    from .pipeline import load_tagger

    gold_docs = [d for d in load_gold(gold) if docs is None or d["id"] in docs]
    if not gold_docs:
        raise AnnotationError(f"{gold}: no gold documents{' among ' + ', '.join(docs) if docs else ''}")
    examples = [ex for d in gold_docs for ex in field_examples(d)]
    tagger = load_tagger(model)
    t0 = time.perf_counter()
    preds = tagger.predict_batch([ex["text"] for ex in examples])
    seconds = time.perf_counter() - t0
    chars = sum(len(ex["text"]) for ex in examples)
    scores = evaluate_spans(examples, preds)
    per_doc = {}
    for d in gold_docs:
        idx = [i for i, ex in enumerate(examples) if ex["doc"] == d["id"]]
        per_doc[d["id"]] = round(evaluate_spans([examples[i] for i in idx], [preds[i] for i in idx])["f1"], 4)
    result = {
        "command": "govie evaluate " + " ".join(sys.argv[2:]) if sys.argv[1:2] == ["evaluate"] else None,
        "gold": str(gold), "model": str(model) if model is not None else "default",
        "tagger": getattr(tagger, "name", type(tagger).__name__),
        "documents": [d["id"] for d in gold_docs], "fields": len(examples), "chars": chars,
        "chars_per_second": round(chars / seconds) if seconds else None,
        "micro": _round(scores), "per_label": {k: _round(v) for k, v in scores["per_label"].items()},
        "per_document_f1": per_doc,
    }
    if out is not None:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return result


def _round(d: dict[str, Any]) -> dict[str, Any]:
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in d.items() if k != "per_label"}
