"""``govie annotations convert``: gold JSONL ⇄ Label Studio, doccano; gold → CoNLL/BIO, spaCy DocBin.

Every reader turns its input into gold documents (see :mod:`govie.annotations.gold`)
through :func:`assemble`, which checks offsets and labels, numbers the spans,
fills ``norm`` (kept from the export when the span is unchanged, else from govie's
normalizers), groups measurements and resolves ``measures`` relations into links.
Imported documents must pass :func:`govie.annotations.validate.validate_doc`;
only missing normalized values are let through, as warnings.

The mapping of each tool is written down in ``annotations/CONVERTERS.md``.
"""
from __future__ import annotations

import importlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import AnnotationError
from ..schema import ATTAINMENTS, LABELS, REL_KINDS

IN_FORMATS = ("gold", "labelstudio", "doccano", "conll", "spacy", "report")
OUT_FORMATS = ("gold", "labelstudio", "doccano", "conll", "spacy")
STASH = "govie"  # key of the gold metadata carried through an export (task data / doccano line)
_NORM_PROBLEM = re.compile(r": (QTY|UNIT|DATE|REL) norm ")
CORE_KEYS = ("text", "spans", "measurements", "links")


@dataclass
class Region:
    """One labelled stretch as a tool exports it, before it becomes a gold span."""

    key: str  # the tool's id for it (relations point at it)
    start: int
    end: int
    label: str
    text: str | None = None  # the text the tool saved, checked against the offsets
    kind: str | None = None  # REL kind chosen in the tool
    groups: list[tuple[str, str | None]] | None = None  # (measurement, role); None: take them from the stash
    annotator: str | None = None


@dataclass
class Relation:
    """A ``measures`` relation between two regions; ``attainment`` None means unknown."""

    source: str
    target: str
    attainment: str | None = None
    both_ways: bool = False


@dataclass
class Imported:
    docs: list[dict[str, Any]] = field(default_factory=list)
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)


def convert(src: Path, dst: Path, *, src_format: str, dst_format: str) -> dict[str, Any]:
    """Read ``src`` as ``src_format``, write ``dst`` as ``dst_format``; return what was written."""
    if src_format not in IN_FORMATS:
        raise AnnotationError(f"--from {src_format!r}: unknown input format; allowed: {', '.join(IN_FORMATS)}")
    if dst_format not in OUT_FORMATS:
        raise AnnotationError(f"--to {dst_format!r}: unknown output format; allowed: {', '.join(OUT_FORMATS)}")
    src, dst = Path(src), Path(dst)
    if dst.is_dir():
        raise AnnotationError(f"{dst}: is a directory; give the output file name")
    got = read_docs(src, src_format)
    write_docs(got.docs, dst, dst_format)
    out: dict[str, Any] = {
        "format": dst_format, "from": src_format, "path": str(dst), "documents": len(got.docs),
        "spans": sum(len(d["spans"]) for d in got.docs),
        "measurements": sum(len(d.get("measurements", [])) for d in got.docs),
        "links": sum(len(d.get("links", [])) for d in got.docs), "skipped": got.skipped,
    }
    if got.warnings:
        out["warnings"] = got.warnings[:20] + ([f"... and {len(got.warnings) - 20} more"] if len(got.warnings) > 20 else [])
    return out


_READERS = {"labelstudio": ("labelstudio", "read_labelstudio"), "doccano": ("doccano", "read_doccano"),
            "conll": ("conll", "read_conll"), "spacy": ("spacy_docbin", "read_docbin")}
_WRITERS = {"gold": ("gold", "write_gold"), "labelstudio": ("labelstudio", "write_labelstudio"),
            "doccano": ("doccano", "write_doccano"), "conll": ("conll", "write_conll"),
            "spacy": ("spacy_docbin", "write_docbin")}


def _load(module: str, name: str) -> Any:
    return getattr(importlib.import_module(f".{module}", __package__), name)


def read_docs(src: Path, fmt: str) -> Imported:
    """Gold documents from ``src`` in format ``fmt`` (one of ``IN_FORMATS``), validated."""
    src = Path(src)
    if fmt not in IN_FORMATS:
        raise AnnotationError(f"{src}: unknown input format {fmt!r}; allowed: {', '.join(IN_FORMATS)}")
    if not src.exists():
        raise AnnotationError(f"{src}: no such file")
    if fmt == "gold":
        got = Imported(_load("gold", "load_gold")(src))
    elif fmt == "report":
        got = Imported(read_reports(src))
    elif fmt in ("conll", "spacy"):  # spans only: measurements, links and REL kinds are not in these formats
        got = Imported([assemble(d["id"], d["text"], _regions(d), [], meta={}, where=f"{src} document {d['id']}")
                        for d in _load(*_READERS[fmt])(src)])
    else:
        got = _load(*_READERS[fmt])(src)
    got.warnings.extend(check_docs(got.docs, src))
    return got


def write_docs(docs: list[dict[str, Any]], dst: Path, fmt: str) -> None:
    """Write gold documents to ``dst`` in format ``fmt`` (one of ``OUT_FORMATS``)."""
    if fmt not in _WRITERS:
        raise AnnotationError(f"{dst}: unknown output format {fmt!r}; allowed: {', '.join(OUT_FORMATS)}")
    Path(dst).parent.mkdir(parents=True, exist_ok=True)
    _load(*_WRITERS[fmt])(docs, Path(dst))


def check_docs(docs: list[dict[str, Any]], src: Path) -> list[str]:
    """Raise on any schema problem of the imported documents; return the missing-norm ones."""
    from .validate import validate_doc

    seen: set[str] = set()
    errors, warnings = [], []
    for d in docs:
        warnings.extend(d.pop("_warnings", []))
        if d["id"] in seen:
            errors.append(f"{src}: document id {d['id']!r} appears twice")
        seen.add(d["id"])
        for p in validate_doc(d):
            (warnings if _NORM_PROBLEM.search(p) else errors).append(p)
    if errors:
        more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
        raise AnnotationError(f"{src}: {len(errors)} problem(s) in the imported annotations{more}:\n" + "\n".join(errors[:10]))
    return warnings


# ---------------------------------------------------------------------------- import


def assemble(doc_id: str, text: str, regions: list[Region], relations: list[Relation], *,
             meta: dict[str, Any], where: str) -> dict[str, Any]:
    """Build one gold document from a tool's regions and relations.

    ``meta`` is the stash written by :func:`stash` on export (``{}`` for new work):
    document fields, and per span/measurement/link the values no tool edits.
    """
    doc_id = str(doc_id)
    regions = sorted(regions, key=lambda r: (r.start, r.end))
    extras = meta.get("spans", {})
    period = meta.get("doc", {}).get("period") or (_infer_period(text) if regions else None)
    spans, by_key = [], {}
    for n, r in enumerate(regions, 1):
        _check_region(r, text, where)
        sid = f"{doc_id}-s{n}"
        old = extras.get(f"{r.start}:{r.end}:{r.label}", {})
        span = {"id": sid, "start": r.start, "end": r.end, "label": r.label, "text": text[r.start:r.end],
                "norm": _norm(r, old, period, text), "measurements": []}
        for k, v in old.items():
            if k not in span and k != "groups":
                span[k] = v
        if r.annotator is not None and "annotator" not in span:
            span["annotator"] = r.annotator
        if r.key in by_key:
            raise AnnotationError(f"{where}: region id {r.key!r} is used twice")
        by_key[r.key] = (span, r.groups if r.groups is not None else old.get("groups", []))
        spans.append(span)
    members, roles = _memberships(doc_id, by_key, meta, where)
    links = _links(doc_id, relations, by_key, members, roles, where)
    span_at = {s["id"]: s for s in spans}
    out_meas, warn = [], []
    for mid, sids in members.items():
        role = roles.get(mid) or "progress"
        if not roles.get(mid):
            warn.append(f"{where}: measurement {mid} has no role (NAME:target or NAME:progress); taken as progress")
        m = {"id": mid, "role": role, "spans": sids, "record": _record(span_at[sids[0]]["start"], meta)}
        m.update({k: v for k, v in meta.get("measurements", {}).get(mid, {}).items() if k not in m or k == "record"})
        out_meas.append(m)
        for sid in sids:
            span_at[sid]["measurements"].append(mid)
    out_meas.sort(key=lambda m: span_at[m["spans"][0]]["start"])
    doc = {k: v for k, v in meta.get("doc", {}).items() if k not in CORE_KEYS}
    if period and not doc.get("period"):
        doc["period"] = period
    doc.update({"id": doc_id, "text": text, "spans": spans, "measurements": out_meas, "links": links, "_where": where,
                "_warnings": warn})
    apply_stashed_links(doc, meta)
    return doc


def _check_region(r: Region, text: str, where: str) -> None:
    tag = f"{where}: region {r.key!r}"
    if not (isinstance(r.start, int) and isinstance(r.end, int) and 0 <= r.start < r.end <= len(text)):
        raise AnnotationError(f"{tag}: offsets {r.start!r}..{r.end!r} are outside the text (length {len(text)})")
    if r.label not in LABELS:
        raise AnnotationError(f"{tag}: label {r.label!r} is not one of {', '.join(LABELS)}")
    if r.text is not None and r.text != text[r.start:r.end]:
        raise AnnotationError(f"{tag}: text {r.text!r} does not match the offsets {r.start}..{r.end}, "
                              f"which hold {text[r.start:r.end]!r}")
    if r.kind is not None and (r.label != "REL" or r.kind not in REL_KINDS):
        raise AnnotationError(f"{tag}: REL kind {r.kind!r} given to a {r.label} span; "
                              f"only REL spans take a kind, one of {', '.join(REL_KINDS)}")


def _norm(r: Region, old: dict[str, Any], period: Any, text: str) -> dict[str, Any]:
    """The exported norm for an unchanged span, the chosen REL kind, else the normalizer's value."""
    if "norm" in old and (r.kind is None or (old["norm"] or {}).get("kind") == r.kind):
        return old["norm"]
    if r.kind is not None:
        return {"kind": r.kind}
    try:
        from datetime import date

        from ..normalize.spans import normalize_span
    except ImportError:  # pragma: no cover - normalizers are part of the package
        return {}
    per = None
    if isinstance(period, (list, tuple)) and len(period) == 2 and all(period):
        try:
            per = (date.fromisoformat(period[0]), date.fromisoformat(period[1]))
        except (TypeError, ValueError):
            per = None
    cum = r.label == "DATE" and any(w in text[max(0, r.start - 3):r.start] for w in ("截至", "截止"))
    try:
        return normalize_span(r.label, text[r.start:r.end], period=per, cumulative=cum)
    except (ValueError, TypeError):
        return {}


def _memberships(doc_id: str, by_key: dict[str, Any], meta: dict[str, Any], where: str):
    """Measurement id → span ids (in encounter order), and measurement id → role (None: not said)."""
    members: dict[str, list[str]] = {}
    roles: dict[str, str | None] = {}
    for span, groups in by_key.values():
        for name, role in groups:
            mid = name if name.startswith(f"{doc_id}-") else f"{doc_id}-{name}"
            if span["id"] not in members.setdefault(mid, []):
                members[mid].append(span["id"])
            if role is not None and roles.get(mid) not in (None, role):
                raise AnnotationError(f"{where}: measurement {name!r} is given both roles target and progress "
                                      f"(span {span['text']!r} says {role})")
            roles[mid] = role or roles.get(mid)
    stashed = meta.get("measurements", {})
    for mid in members:
        roles[mid] = roles[mid] or stashed.get(mid, {}).get("role")
    return members, roles


def _links(doc_id: str, relations: list[Relation], by_key: dict[str, Any], members: dict[str, list[str]],
           roles: dict[str, str | None], where: str) -> list[dict[str, Any]]:
    """Resolve ``measures`` relations (region → region) into links (progress measurement → target)."""
    links: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    of_span: dict[str, list[str]] = {}
    for mid, sids in members.items():
        for sid in sids:
            of_span.setdefault(sid, []).append(mid)
    for rel in relations:
        for key in (rel.source, rel.target):
            if key not in by_key:
                raise AnnotationError(f"{where}: a relation points at region {key!r}, which is not a labelled span")
        a, b = by_key[rel.source][0], by_key[rel.target][0]
        picked = None
        for x, y in ([(a, b), (b, a)] if rel.both_ways else [(a, b)]):
            p = _pick(x, "progress", of_span, roles, doc_id)
            t = _pick(y, "target", of_span, roles, doc_id)
            if len(p) == 1 and len(t) == 1 and p != t:
                picked = (p[0], x, t[0], y)
                break
        if picked is None:
            p, t = _pick(a, "progress", of_span, roles, doc_id), _pick(b, "target", of_span, roles, doc_id)
            raise AnnotationError(
                f"{where}: relation {a['text']!r}@{a['start']} -> {b['text']!r}@{b['start']} must join exactly one "
                f"progress measurement to one target measurement (found progress {p or 'none'}, target {t or 'none'}); "
                "draw it from a span that belongs to a single measurement")
        for mid, span, role in ((picked[0], picked[1], "progress"), (picked[2], picked[3], "target")):
            if mid not in members:  # an implicit measurement of one span
                members[mid] = [span["id"]]
                of_span.setdefault(span["id"], []).append(mid)
            roles[mid] = role
        pair = (picked[0], picked[2])
        if pair not in seen:
            seen.add(pair)
            links.append({"progress": pair[0], "target": pair[1], "attainment": rel.attainment or "unknown",
                          "computed_ratio": None, "stated_ratio": None, "consistent": None})
    return links


def _pick(span: dict[str, Any], role: str, of_span: dict[str, list[str]], roles: dict[str, str | None],
          doc_id: str) -> list[str]:
    """The measurements of ``span`` that can play ``role``; a span in none gets an implicit one."""
    mids = of_span.get(span["id"], [])
    if not mids:
        return [f"{doc_id}-x{span['id'].rsplit('-s', 1)[-1]}"]
    return [m for m in mids if roles.get(m) in (None, role)]


def _infer_period(text: str) -> list[str] | None:
    """The report period read from the title (as ``govie.records`` does), ISO strings."""
    try:
        from ..records import read_records

        per = read_records(text).period
    except Exception:  # noqa: BLE001 - a fragment no reader understands has no period
        return None
    return [per[0].isoformat(), per[1].isoformat()] if per else None


def _record(start: int, meta: dict[str, Any]) -> int | None:
    for r in meta.get("doc", {}).get("records") or []:
        if r.get("start", 0) <= start < r.get("end", -1):
            return r.get("index")
    return None


def apply_stashed_links(doc: dict[str, Any], meta: dict[str, Any]) -> None:
    """Give unchanged links back the values computed when the gold was built (ratios, consistency)."""
    old = {(lk.get("progress"), lk.get("target")): lk for lk in meta.get("links", [])}
    for lk in doc["links"]:
        prev = old.get((lk["progress"], lk["target"]))
        if prev is not None and prev.get("attainment") == lk["attainment"]:
            lk.update({k: v for k, v in prev.items() if k not in ("progress", "target", "attainment")})


def parse_attainment(labels: list[str], where: str) -> str | None:
    """Relation labels → the attainment they state (``measures`` alone: None, i.e. unknown)."""
    found = {lab.split(":", 1)[-1] for lab in labels if lab.split(":", 1)[-1] in ATTAINMENTS}
    other = [lab for lab in labels if lab != "measures" and lab.split(":", 1)[-1] not in ATTAINMENTS]
    if other:
        raise AnnotationError(f"{where}: relation label {other[0]!r} is not 'measures' or an attainment "
                              f"({', '.join(ATTAINMENTS)})")
    if len(found) > 1:
        raise AnnotationError(f"{where}: a relation states several attainments {sorted(found)}; keep one")
    return found.pop() if found else None


def read_json(path: Path, *, lines: bool = False) -> Any:
    """Parse a JSON file (or JSON lines: a list of ``(line number, value)``), errors naming the file."""
    path = Path(path)
    if not path.exists():
        raise AnnotationError(f"{path}: no such file")
    if path.is_dir():
        raise AnnotationError(f"{path}: is a directory, expected a file")
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnnotationError(f"{path}: not UTF-8 text ({exc.reason})") from None
    if not lines:
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise AnnotationError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    out = []
    for n, line in enumerate(raw.split("\n"), 1):
        if line.strip():
            try:
                out.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise AnnotationError(f"{path}:{n}: not valid JSON ({exc.msg})") from None
    return out


def read_reports(src: Path) -> list[dict[str, Any]]:
    """Report files (a file or a directory of them) → gold documents with no spans yet."""
    import hashlib

    from ..errors import GovieError
    from ..read import SUFFIXES, read_path
    from ..records import read_records

    files = sorted(p for p in src.iterdir() if p.suffix.lower() in SUFFIXES) if src.is_dir() else [src]
    if not files:
        raise AnnotationError(f"{src}: no report files ({', '.join(sorted(SUFFIXES))}) in this directory")
    docs = []
    for f in files:
        try:
            text = read_path(f).text
            parsed = read_records(text)
        except GovieError as exc:
            raise AnnotationError(str(exc)) from None
        per = parsed.period
        docs.append({"id": f.stem, "file": f.name, "sha1": hashlib.sha1(text.encode("utf-8")).hexdigest(),
                     "layout": parsed.layout, "period": [per[0].isoformat(), per[1].isoformat()] if per else None,
                     "text": text, "spans": [], "measurements": [], "links": [],
                     "records": [{"index": r.index, "start": r.start, "end": r.end} for r in parsed.records]})
    return docs


def _regions(d: dict[str, Any]) -> list[Region]:
    return [Region(f"s{n}", s["start"], s["end"], s["label"], s.get("text"), groups=[])
            for n, s in enumerate(d["spans"], 1)]
