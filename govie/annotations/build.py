"""Build the gold corpus (``annotations/gold/gold.jsonl``) from the annotators' markup.

Each chunk of each seed report is taken from its primary annotator (``PRIMARY``);
the agreement annotator's chunks (``SECOND``) only feed ``agreement.py``. Spans get
their normalized values from govie's normalizers (checked by reading, corrections in
``annotations/norm_overrides.json``), measurements their record index, links their
computed and stated ratios.

    python -m govie.annotations.build
"""
from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import AnnotationError
from .gold import write_gold
from .worktree import WORK, load_chunks, parse_annotator

PRIMARY = ("A1", "A2", "A3", "A4")
SECOND = ("A5",)
RAW = Path("annotations/raw")
OVERRIDES = Path("annotations/norm_overrides.json")


def _raw_file(doc: str) -> Path:
    found = sorted(RAW.glob(f"{doc}_*.txt"))
    if not found:
        raise AnnotationError(f"{RAW}: no raw report for document {doc}")
    return found[0]


def collect(annotators: tuple[str, ...], work: Path = WORK) -> dict[str, dict[str, tuple[str, Any]]]:
    """{doc: {chunk: (annotator, ParsedChunk)}}; a chunk claimed twice is an error."""
    out: dict[str, dict[str, tuple[str, Any]]] = {}
    for a in annotators:
        d = work / a
        if not d.is_dir():
            continue
        for doc, chunks in parse_annotator(d, work).items():
            for cid, parsed in chunks.items():
                if cid in out.setdefault(doc, {}):
                    raise AnnotationError(f"{doc} chunk {cid}: annotated by both {out[doc][cid][0]} and {a}")
                out[doc][cid] = (a, parsed)
    return out


def build_doc(doc: str, chunks: dict[str, tuple[str, Any]], overrides: dict[str, Any]) -> dict[str, Any]:
    from ..normalize.spans import normalize_span
    from ..records import read_records

    path = _raw_file(doc)
    text = path.read_text(encoding="utf-8")
    parsed = read_records(text)
    period = parsed.period
    spans: list[dict[str, Any]] = []
    roles: dict[str, str] = {}
    links: list[tuple[str, str, str]] = []
    members: dict[str, list[str]] = {}
    for cid in sorted(chunks):
        annotator, pc = chunks[cid]
        for s in pc.spans:
            sid = f"{doc}-s{len(spans) + 1}"
            key = f"{doc}:{s.start}:{s.end}"
            if key in overrides:
                norm = overrides[key]
            elif s.label == "REL":
                norm = {"kind": s.kind}
            else:
                cum = s.label == "DATE" and any(w in text[max(0, s.start - 3):s.start] for w in ("截至", "截止"))
                norm = normalize_span(s.label, s.text, period=period, cumulative=cum)
            mids = [f"{doc}-{m}" for m in s.measurements]
            spans.append({"id": sid, "start": s.start, "end": s.end, "label": s.label, "text": s.text,
                          "norm": norm, "measurements": mids, "annotator": annotator})
            for m in mids:
                members.setdefault(m, []).append(sid)
        roles.update({f"{doc}-{k}": v for k, v in pc.roles.items()})
        links.extend((f"{doc}-{a}", f"{doc}-{b}", att) for a, b, att in pc.links)
    starts = [(r.start, r.end, r.index) for r in parsed.records]
    span_at = {s["id"]: s for s in spans}
    measurements = []
    for mid, sids in members.items():
        first = span_at[sids[0]]["start"]
        rec = next((i for a, b, i in starts if a <= first < b), None)
        measurements.append({"id": mid, "role": roles.get(mid, "progress"), "spans": sids, "record": rec})
    measurements.sort(key=lambda m: span_at[m["spans"][0]]["start"])
    gold_links = [_link(p, t, att, measurements, span_at, period) for p, t, att in links]
    _share_stated(gold_links)
    return {
        "id": doc, "file": f"raw/{path.name}", "sha1": hashlib.sha1(text.encode("utf-8")).hexdigest(),
        "layout": parsed.layout, "period": [period[0].isoformat(), period[1].isoformat()] if period else None,
        "text": text, "spans": spans, "measurements": measurements, "links": gold_links,
        "records": [{"index": r.index, "start": r.start, "end": r.end} for r in parsed.records],
    }


def _link(p: str, t: str, att: str, measurements, span_at, period) -> dict[str, Any]:
    from ..attainment import consistent
    from ..measure import _measurement
    from ..schema import Span

    by_id = {m["id"]: m for m in measurements}

    def as_meas(mid: str):
        group = [Span(id=s, start=span_at[s]["start"], end=span_at[s]["end"], label=span_at[s]["label"],
                      text=span_at[s]["text"], norm=span_at[s]["norm"], source="gold") for s in by_id[mid]["spans"]]
        return _measurement(mid, by_id[mid]["role"], by_id[mid]["record"], group)

    pm, tm = as_meas(p), as_meas(t)
    computed = stated = None
    stated_text = None
    if "RATIO" in pm.relation and pm.value is not None:
        stated = round(pm.value / 100.0, 6)
        stated_text = next((span_at[s]["text"] for s in by_id[p]["spans"] if span_at[s]["label"] == "QTY"), None)
    elif pm.value is not None and tm.value and pm.dimension == tm.dimension:
        computed = round(pm.value * pm.factor / (tm.value * tm.factor), 6)
    return {"progress": p, "target": t, "attainment": att, "computed_ratio": computed, "stated_ratio": stated,
            "consistent": consistent(computed, None if stated is None else stated * 100), "_stated_text": stated_text}


def _share_stated(links: list[dict[str, Any]]) -> None:
    """A stated ratio linked to a target also qualifies the value links to that target."""
    from ..attainment import consistent

    stated = {lk["target"]: (lk["stated_ratio"], lk["_stated_text"]) for lk in links if lk["stated_ratio"] is not None}
    for lk in links:
        if lk["computed_ratio"] is not None and lk["target"] in stated:
            value, txt = stated[lk["target"]]
            lk["stated_ratio"] = value
            lk["consistent"] = consistent(lk["computed_ratio"], value * 100, txt)
    for lk in links:
        del lk["_stated_text"]


def build(work: Path = WORK, out: Path = Path("annotations/gold/gold.jsonl")) -> dict[str, int]:
    overrides = json.loads(OVERRIDES.read_text(encoding="utf-8")) if OVERRIDES.exists() else {}
    primary = collect(PRIMARY, work)
    second = collect(SECOND, work)
    docs = []
    for doc in sorted(primary):
        d = build_doc(doc, primary[doc], overrides)
        bounds = {c["chunk"]: (c["start"], c["end"]) for c in load_chunks(doc, work)}
        d["annotated"] = [list(bounds[c]) + [primary[doc][c][0]] for c in sorted(primary[doc])]
        d["double"] = [list(bounds[c]) for c in sorted(second.get(doc, {}))]
        docs.append(d)
    write_gold(docs, out)
    return {"documents": len(docs), "spans": sum(len(d["spans"]) for d in docs), "links": sum(len(d["links"]) for d in docs)}


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(build()))
