"""Gold documents: loading, splitting by document, augmenting, and cutting into features.

A gold document is ``{"id": str, "text": str, "spans": [{"start", "end", "label"}]}``
(extra keys are ignored). The unit of the train/dev/test split is the
document key: a line's ``"doc"`` when present (record chunks of one report),
else its ``"id"``.
"""
from __future__ import annotations

import glob
import hashlib
import json
import random
from pathlib import Path
from typing import Any, Iterable, Sequence

from govie.errors import AnnotationError, ConfigError
from govie.schema import LABELS

from . import bio
from ._helpers import Encoded, encode_many, make_windows, synthetic

SPLITS = ("train", "dev", "test")


def _check_spans(where: str, text: str, spans: Any) -> list[dict[str, Any]]:
    if not isinstance(spans, list):
        raise AnnotationError(f"{where}: 'spans' must be a list")
    out = []
    for k, sp in enumerate(spans):
        try:
            start, end, label = int(sp["start"]), int(sp["end"]), str(sp["label"])
        except (KeyError, TypeError, ValueError) as exc:
            raise AnnotationError(f"{where}: span {k} needs integer start, end and a label ({exc})") from None
        if label not in LABELS:
            raise AnnotationError(f"{where}: span {k} has label {label!r}; allowed: {', '.join(LABELS)}")
        if not 0 <= start < end <= len(text):
            raise AnnotationError(f"{where}: span {k} ({start}, {end}) is outside the text (length {len(text)})")
        if "text" in sp and sp["text"] != text[start:end]:
            raise AnnotationError(f"{where}: span {k} text {sp['text']!r} != text[{start}:{end}] "
                                  f"{text[start:end]!r}")
        out.append({"start": start, "end": end, "label": label})
    out.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in zip(out, out[1:]):
        if b["start"] < a["end"]:
            raise AnnotationError(f"{where}: spans ({a['start']}, {a['end']}) and ({b['start']}, {b['end']}) overlap")
    return out


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Read gold documents from a JSONL file (one document or record chunk per line).

    Lines that repeat an id with the same text have their spans merged; a
    repeated id with a different text becomes ``id#2``, ``id#3``... (same ``doc``).
    """
    path = Path(path)
    if not path.is_file():
        raise AnnotationError(f"{path}: no such gold file")
    docs: dict[str, dict[str, Any]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8-sig").split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AnnotationError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or "id" not in row:
            raise AnnotationError(f"{where}: a gold line needs 'id', 'text' and 'spans'")
        text, doc_id = row["text"], str(row["id"])
        spans = _check_spans(where, text, row.get("spans", []))
        key, k = doc_id, 1
        while key in docs and docs[key]["text"] != text:
            k += 1
            key = f"{doc_id}#{k}"
        if key in docs:
            merged = {(s["start"], s["end"], s["label"]): s for s in docs[key]["spans"] + spans}
            docs[key]["spans"] = _check_spans(where, text, list(merged.values()))
        else:
            docs[key] = {"id": key, "doc": str(row.get("doc", doc_id)), "text": text, "spans": spans}
    return list(docs.values())


def _matches(pattern: str, roots: Sequence[Path], what: str) -> list[str]:
    """Files matching a path or glob under the first of ``roots`` that has any (ConfigError naming ``what``)."""
    for root in roots:
        hits = sorted(glob.glob(str(Path(root) / pattern)))
        if hits:
            return hits
    raise ConfigError(f"{what} {pattern!r}: no such file (looked in {', '.join(str(r) for r in roots)})")


def load_golds(patterns: str | Sequence[str], roots: Sequence[Path] = (Path("."),)) -> list[dict[str, Any]]:
    """Load every gold file matching the paths or globs, each tried against ``roots`` in turn."""
    if isinstance(patterns, str):
        patterns = [patterns]
    return [doc for pat in patterns for hit in _matches(pat, roots, "gold") for doc in load_gold(hit)]


def silver_docs(patterns: Sequence[str], roots: Sequence[Path], labels: Sequence[str]) -> list[dict[str, Any]]:
    """Unannotated reports as training documents labelled by the rule tagger ("silver").

    Each matching file is read like ``govie extract`` reads it (any encoding/format),
    its record fields become documents ``silver:<file stem>:<k>`` (document key
    ``silver:<file stem>``) carrying the rule spans of ``labels`` only.
    """
    from govie.read import read_source
    from govie.records import read_records
    from govie.tag.rules import RuleTagger
    from govie.tag.tagging import field_views

    rules, out = RuleTagger(), []
    for pat in patterns:
        for hit in _matches(pat, roots, "data.silver"):
            src = read_source(hit)
            views = field_views(src.text, read_records(src.text).records)
            for k, (_, tm) in enumerate(views):
                spans = [{"start": x.start, "end": x.end, "label": x.label}
                         for x in rules.predict(tm.norm) if x.label in labels]
                out.append({"id": f"silver:{Path(hit).stem}:{k}", "doc": f"silver:{Path(hit).stem}",
                            "text": tm.norm, "spans": spans})
    return out


def split_docs(docs: list[dict[str, Any]], split: dict[str, Any], seed: int) -> dict[str, list[dict[str, Any]]]:
    """Split by document key: explicit id lists, or a seeded hash split by fractions."""
    keys = sorted({d["doc"] for d in docs})
    if any(split.get(s) is not None for s in SPLITS):
        wanted = {s: [str(x) for x in split.get(s) or []] for s in SPLITS}
        seen: dict[str, str] = {}
        for s, ids in wanted.items():
            for i in ids:
                if i in seen:
                    raise ConfigError(f"split: document {i!r} is in both {seen[i]!r} and {s!r}")
                if i not in keys:
                    raise ConfigError(f"split: document {i!r} ({s}) is not in the gold data")
                seen[i] = s
        assign = seen
    else:
        dev_f, test_f = float(split.get("dev_fraction", 0.1)), float(split.get("test_fraction", 0.1))
        if dev_f < 0 or test_f < 0 or dev_f + test_f >= 1:
            raise ConfigError(f"split: dev_fraction {dev_f} and test_fraction {test_f} must be >= 0 and sum < 1")
        order = sorted(keys, key=lambda k: hashlib.sha256(f"{seed}:{k}".encode()).hexdigest())
        n_dev = round(len(order) * dev_f) if dev_f else 0
        n_test = round(len(order) * test_f) if test_f else 0
        if len(order) >= 3:
            n_dev, n_test = max(n_dev, dev_f > 0), max(n_test, test_f > 0)
        assign = {k: "dev" for k in order[:n_dev]}
        assign.update({k: "test" for k in order[n_dev:n_dev + n_test]})
        assign.update({k: "train" for k in order[n_dev + n_test:]})
    out: dict[str, list[dict[str, Any]]] = {s: [] for s in SPLITS}
    for d in docs:
        if d["doc"] in assign:
            out[assign[d["doc"]]].append(d)
    if not out["train"]:
        raise ConfigError("split: no training documents")
    return out


def read_split_file(path: Path) -> dict[str, list[str]]:
    """A split file: JSON ``{"train": [doc ids], "dev": [...], "test": [...]}``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the split file ({exc})") from None
    if not isinstance(data, dict) or not set(data) <= set(SPLITS):
        raise ConfigError(f"{path}: a split file maps {', '.join(SPLITS)} to lists of document ids")
    return data


def data_hash(splits: dict[str, list[dict[str, Any]]]) -> str:
    """sha256 of the canonical JSON of every split's documents (ids, texts, spans)."""
    h = hashlib.sha256()
    for s in SPLITS:
        for d in sorted(splits.get(s, []), key=lambda d: d["id"]):
            h.update(json.dumps([s, d["id"], d["text"], d["spans"]], ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()


def build_features(docs: Iterable[dict[str, Any]], tokenizer: Any, label2id: dict[str, int], *,
                   max_length: int, overlap: int) -> tuple[list[dict[str, Any]], list[Encoded]]:
    """Windows of every document as ``{"doc", "window", "input_ids", "labels"}`` (specials added).

    ``labels`` are label ids, -100 for the special and unlabelled tokens; a gold
    label the model does not have (``model.labels`` narrowed) counts as ``O``. Returns
    the features and the encodings (one per document, in order).
    """
    docs = list(docs)
    encs = encode_many(tokenizer, [d["text"] for d in docs])
    feats = []
    size = max_length - 2
    for di, (doc, enc) in enumerate(zip(docs, encs)):
        tags = bio.token_tags(bio.spans_to_char_bio(len(doc["text"]), doc["spans"]), enc.ranges)
        for a, b in make_windows(enc.text, enc.offsets, size, overlap):
            labs = [bio.IGNORE if t is None else label2id.get(t, 0) for t in bio.repair(tags[a:b])]
            feats.append({
                "doc": di, "window": (a, b),
                "input_ids": [tokenizer.cls_token_id] + enc.ids[a:b] + [tokenizer.sep_token_id],
                "labels": [bio.IGNORE] + labs + [bio.IGNORE],
            })
    return feats, encs


def augment(docs: Sequence[dict[str, Any]], *, copies: int, swap_prob: float, synthetic_prob: float,
            seed: int) -> list[dict[str, Any]]:
    """Augmented copies of ``docs``: spans swapped for same-label spans of the corpus,
    and QTY/DATE/UNIT spans replaced by synthetic values. Deterministic in ``seed``."""
    rng = random.Random(seed)
    pool: dict[str, list[str]] = {}
    for d in docs:
        for s in d["spans"]:
            pool.setdefault(s["label"], []).append(d["text"][s["start"]:s["end"]])
    pool = {k: sorted(set(v)) for k, v in pool.items()}
    out = []
    for c in range(copies):
        for d in docs:
            text, spans, pos, parts, length = d["text"], [], 0, [], 0
            for s in d["spans"]:
                piece = text[s["start"]:s["end"]]
                r = rng.random()
                if r < synthetic_prob and s["label"] in ("QTY", "DATE", "UNIT"):
                    piece = synthetic(s["label"], rng, pool)
                elif r < synthetic_prob + swap_prob and pool.get(s["label"]):
                    piece = rng.choice(pool[s["label"]])
                parts.append(text[pos:s["start"]])
                start = length + s["start"] - pos
                parts.append(piece)
                length = start + len(piece)
                spans.append({"start": start, "end": start + len(piece), "label": s["label"]})
                pos = s["end"]
            parts.append(text[pos:])
            out.append({"id": f"{d['id']}#aug{c + 1}", "doc": d["doc"], "text": "".join(parts), "spans": spans})
    return out
