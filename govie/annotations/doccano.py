"""doccano: its JSONL export → gold documents, and gold → JSONL to import.

Two line shapes are read:

* sequence labelling: ``{"text": …, "label": [[start, end, "QTY"], …]}`` (``labels`` too);
* with relations: ``{"text": …, "entities": [{"id", "start_offset", "end_offset", "label"}],
  "relations": [{"id", "from_id", "to_id", "type"}]}`` — this is what is written.

A label ``REL:GE`` gives the REL kind. A relation of type ``measures`` (attainment
unknown), ``met``, ``not_met``, ``on_track`` or ``measures:met`` runs from a progress
entity to a target entity. doccano has no per-span attributes: measurements come
from the ``govie`` metadata of an export for unchanged spans, else each related
entity is a measurement of its own. Lines with no entity are skipped.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import AnnotationError
from .convert import STASH, Imported, Region, Relation, assemble, parse_attainment, read_json
from .labelstudio import link_ends, stash


def read_doccano(path: Path) -> Imported:
    """Read a doccano JSONL export (or a JSON list of the same objects) into gold documents."""
    path = Path(path)
    head = path.read_text(encoding="utf-8-sig")[:1].strip() if path.is_file() else ""
    rows = list(enumerate(read_json(path), 1)) if head == "[" else read_json(path, lines=True)
    got = Imported()
    for n, row in rows:
        where = f"{path}:{n}"
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise AnnotationError(f"{where}: a doccano line is an object with a 'text' string")
        meta = row.get(STASH) or {}
        if not isinstance(meta, dict):
            raise AnnotationError(f"{where}: '{STASH}' must be the object govie wrote on export")
        regions = _entities(row, where)
        if not regions:
            got.skipped += 1
            continue
        relations = []
        for k, rel in enumerate(row.get("relations") or []):
            if not isinstance(rel, dict) or "from_id" not in rel or "to_id" not in rel:
                raise AnnotationError(f"{where}: relation {k} needs 'from_id', 'to_id' and 'type'")
            att = parse_attainment([str(rel.get("type") or "measures")], f"{where}: relation {k}")
            relations.append(Relation(str(rel["from_id"]), str(rel["to_id"]), att))
        doc_id = meta.get("doc", {}).get("id") or row.get("id") or f"doccano-{n}"
        got.docs.append(assemble(str(doc_id), row["text"], regions, relations, meta=meta, where=where))
    return got


def _entities(row: dict[str, Any], where: str) -> list[Region]:
    out = []
    if "entities" in row:
        for k, e in enumerate(row["entities"] or []):
            if not isinstance(e, dict) or not {"start_offset", "end_offset", "label"} <= set(e):
                raise AnnotationError(f"{where}: entity {k} needs 'start_offset', 'end_offset' and 'label'")
            out.append(_region(str(e.get("id", k)), e["start_offset"], e["end_offset"], e["label"]))
        return out
    triples = row.get("label", row.get("labels")) or []
    for k, t in enumerate(triples):
        if not (isinstance(t, (list, tuple)) and len(t) == 3):
            raise AnnotationError(f"{where}: label {k} is {t!r}; a sequence label is [start, end, LABEL] "
                                  "(is this a text-classification project?)")
        out.append(_region(str(k), *t))
    return out


def _region(key: str, start: Any, end: Any, label: Any) -> Region:
    label, _, kind = str(label).partition(":")
    return Region(key, start, end, label, kind=kind or None)


def to_doccano(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Gold documents → doccano lines with entities and ``measures`` relations."""
    rows = []
    for doc in docs:
        num = {s["id"]: k for k, s in enumerate(doc["spans"], 1)}
        ents = [{"id": num[s["id"]], "start_offset": s["start"], "end_offset": s["end"], "label": s["label"]}
                for s in doc["spans"]]
        rels = [{"id": k, "from_id": num[a], "to_id": num[b], "type": att if att in ("met", "not_met", "on_track") else "measures"}
                for k, (a, b, att) in enumerate(link_ends(doc), 1)]
        rows.append({"text": doc["text"], "entities": ents, "relations": rels, STASH: stash(doc)})
    return rows


def write_doccano(docs: list[dict[str, Any]], path: Path) -> None:
    """Write :func:`to_doccano` lines as JSONL."""
    with open(path, "w", encoding="utf-8") as fh:
        for row in to_doccano(docs):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
