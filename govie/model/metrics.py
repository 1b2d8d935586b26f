"""Entity-level strict precision, recall and F1 over character spans (no torch).

A predicted span counts only when its start, end and label all equal a gold
span's: the same as seqeval's ``mode="strict", scheme=IOB2`` on the documents'
character BIO sequences (checked in the tests).
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Sequence

from .bio import as_triple


def _spans_of(doc: Any) -> set[tuple[int, int, str]]:
    spans = doc.get("spans", []) if isinstance(doc, dict) else doc
    return {as_triple(s) for s in spans}


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, Any]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "support": n_gold, "predicted": n_pred, "correct": tp}


def evaluate_spans(gold_docs: Sequence[Any], pred_docs: Sequence[Any]) -> dict[str, Any]:
    """Micro P/R/F1 over all spans plus ``per_label``; documents are paired by position.

    A document is a dict with ``"spans"`` or a list of spans; a span is a
    :class:`govie.schema.Span`, a dict with start/end/label, or a tuple.
    Returns ``{"precision", "recall", "f1", "support", "predicted", "correct",
    "per_label": {label: {same keys}}}``; a ratio with a zero denominator is 0.0.
    """
    if len(gold_docs) != len(pred_docs):
        raise ValueError(f"evaluate_spans: {len(gold_docs)} gold documents but {len(pred_docs)} predicted")
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    for g, p in zip(gold_docs, pred_docs):
        gs, ps = _spans_of(g), _spans_of(p)
        n_gold.update(lab for _, _, lab in gs)
        n_pred.update(lab for _, _, lab in ps)
        tp.update(lab for _, _, lab in gs & ps)
    out = _prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    out["per_label"] = {lab: _prf(tp[lab], n_pred[lab], n_gold[lab]) for lab in sorted(n_gold | n_pred)}
    return out
