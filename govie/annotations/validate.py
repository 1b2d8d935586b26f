"""``govie annotations validate``: every gold span fits its text and the schema."""
from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from ..schema import ATTAINMENTS, LABELS, REL_KINDS
from .gold import iter_gold

_PUNCT = set(" \t\n，。；、：,.;:（）()“”\"《》|")


def validate_doc(doc: dict[str, Any]) -> list[str]:
    """Return the problems of one gold document (empty when it is valid)."""
    where = doc.get("_where", doc.get("id", "?"))
    text = doc["text"]
    problems: list[str] = []
    ids: set[str] = set()
    last_end, last_id = -1, None
    for s in sorted(doc["spans"], key=lambda s: (s.get("start", -1), s.get("end", -1))):
        sid = s.get("id")
        tag = f"{where}: span {sid}"
        if not sid or sid in ids:
            problems.append(f"{tag}: missing or duplicate id")
        ids.add(sid)
        start, end, label = s.get("start"), s.get("end"), s.get("label")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(f"{tag}: offsets {start}..{end} outside the text (length {len(text)})")
            continue
        if text[start:end] != s.get("text"):
            problems.append(f"{tag}: text {s.get('text')!r} != text[{start}:{end}] {text[start:end]!r}")
        if label not in LABELS:
            problems.append(f"{tag}: label {label!r} not one of {', '.join(LABELS)}")
        if text[start] in _PUNCT or (text[end - 1] in _PUNCT and not _closes_bracket(text[start:end])):
            problems.append(f"{tag}: {text[start:end]!r} starts or ends with whitespace or punctuation")
        if start < last_end:
            problems.append(f"{tag}: overlaps span {last_id}")
        last_end, last_id = max(last_end, end), sid
        problems.extend(f"{tag}: {p}" for p in _check_norm(label, s.get("norm") or {}))
    mids = set()
    for m in doc.get("measurements", []):
        mids.add(m["id"])
        if m.get("role") not in ("target", "progress"):
            problems.append(f"{where}: measurement {m['id']}: role {m.get('role')!r} not target|progress")
        for sid in m.get("spans", []):
            if sid not in ids:
                problems.append(f"{where}: measurement {m['id']}: span {sid} does not exist")
    roles = {m["id"]: m.get("role") for m in doc.get("measurements", [])}
    for lk in doc.get("links", []):
        tag = f"{where}: link {lk.get('progress')} -> {lk.get('target')}"
        if roles.get(lk.get("progress")) != "progress" or roles.get(lk.get("target")) != "target":
            problems.append(f"{tag}: must join an existing progress measurement to an existing target")
        if lk.get("attainment") not in ATTAINMENTS:
            problems.append(f"{tag}: attainment {lk.get('attainment')!r} not one of {', '.join(ATTAINMENTS)}")
    return problems


def _closes_bracket(s: str) -> bool:
    """``北京金融街服务局(区金融办)`` may end with ``)``: its bracket opens inside the span."""
    return (s.endswith(")") and "(" in s) or (s.endswith("）") and "（" in s)


def _check_norm(label: str, norm: dict[str, Any]) -> list[str]:
    out = []
    if label == "QTY" and not isinstance(norm.get("value"), (int, float)) and norm.get("low") is None:
        out.append(f"QTY norm needs a numeric 'value' (or low/high), got {norm}")
    if label == "REL" and norm.get("kind") not in REL_KINDS:
        out.append(f"REL norm kind {norm.get('kind')!r} not one of {', '.join(REL_KINDS)}")
    if label == "DATE" and norm:
        try:
            if date.fromisoformat(norm["start"]) > date.fromisoformat(norm["end"]):
                out.append(f"DATE norm start after end: {norm}")
        except (KeyError, TypeError, ValueError):
            out.append(f"DATE norm needs ISO 'start' and 'end', got {norm}")
    if label == "UNIT" and norm and not norm.get("unit"):
        out.append(f"UNIT norm needs 'unit', got {norm}")
    return out


def validate_path(path: str | Path) -> dict[str, Any]:
    problems: list[str] = []
    counts: Counter[str] = Counter()
    for doc in iter_gold(path):
        problems.extend(validate_doc(doc))
        counts["documents"] += 1
        counts.update(s["label"] for s in doc["spans"])
        counts["measurements"] += len(doc.get("measurements", []))
        counts["links"] += len(doc.get("links", []))
    return {"counts": dict(counts), "problems": problems}
