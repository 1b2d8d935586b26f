"""Label Studio: its JSON export → gold documents, and gold → tasks to import.

A task is ``{"data": {"text": …, "govie": {stash}}, "annotations": [{"result": […]}]}``.
Results read (names as in :func:`labeling_config`):

* ``type: "labels"`` — a span: ``value.start/end`` (UTF-16 code units, as Label
  Studio counts them in the browser), ``value.labels`` (one govie label), ``value.text``
  (checked against the offsets when present);
* ``type: "choices"`` on a region (same ``id``) whose choice is a REL kind, or a
  ``textarea`` named ``kind`` — the REL kind;
* ``type: "textarea"`` named ``measurements`` on a region — the measurements the
  span belongs to, ``NAME:ROLE`` separated by spaces or commas (``m1:target m2:p``);
* ``type: "relation"`` — ``from_id`` (progress) → ``to_id`` (target); its labels
  ``measures`` and at most one attainment (``met`` ``not_met`` ``on_track``).

The annotation used is the first ground-truth one, else the first not cancelled;
tasks with none are skipped (predictions only on request: nobody reviewed them).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import AnnotationError
from ..schema import ATTAINMENTS, LABELS, REL_KINDS
from .convert import CORE_KEYS, STASH, Imported, Region, Relation, assemble, parse_attainment, read_json

_GROUP_NAMES = ("measurements", "measurement")
_COLORS = {"QTY": "#1f77b4", "UNIT": "#17becf", "DATE": "#2ca02c", "ORG": "#9467bd", "METRIC": "#ff7f0e", "REL": "#d62728"}
ROLES = {"target": "target", "t": "target", "progress": "progress", "p": "progress"}


def read_labelstudio(path: Path, *, predictions: bool = False) -> Imported:
    """Read a Label Studio JSON export (a list of tasks) into gold documents.

    Predictions are read only with ``predictions=True`` (for tasks with no annotation):
    they are model output nobody has reviewed.
    """
    data = read_json(path)
    if isinstance(data, dict) and "data" in data:
        data = [data]
    if not isinstance(data, list):
        raise AnnotationError(f"{path}: a Label Studio export is a JSON list of tasks, got {type(data).__name__}")
    got = Imported()
    for n, task in enumerate(data, 1):
        where = f"{path} task {task.get('id', n) if isinstance(task, dict) else n}"
        text, meta = _task_text(task, where)
        chosen = _choose(task, predictions)
        if chosen is None:
            got.skipped += 1
            continue
        result, annotator = chosen
        regions, relations = parse_result(result, text, where)
        for r in regions:
            r.annotator = annotator
        doc_id = meta.get("doc", {}).get("id") or task["data"].get("doc_id") or task.get("id") or n
        got.docs.append(assemble(str(doc_id), text, regions, relations, meta=meta, where=where))
    return got


def _task_text(task: Any, where: str) -> tuple[str, dict[str, Any]]:
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        if isinstance(task, dict) and isinstance(task.get("text"), str):
            raise AnnotationError(f"{where}: looks like a JSON-MIN export; export the project as 'JSON' instead")
        raise AnnotationError(f"{where}: not a Label Studio task (no 'data' object)")
    text = task["data"].get("text")
    if not isinstance(text, str):
        raise AnnotationError(f"{where}: task data has no 'text' string (keys: {', '.join(task['data'])}); "
                              "the labeling config must use <Text name=\"text\" value=\"$text\"/>")
    meta = task["data"].get(STASH) or {}
    if not isinstance(meta, dict):
        raise AnnotationError(f"{where}: data.{STASH} must be the object govie wrote on export")
    return text, meta


def _choose(task: dict[str, Any], predictions: bool) -> tuple[list[Any], str | None] | None:
    """The result to import and who made it: ground truth, else the first annotation not cancelled."""
    anns = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    anns.sort(key=lambda a: not a.get("ground_truth"))
    if anns:
        who = anns[0].get("completed_by")
        if isinstance(who, dict):
            who = who.get("email") or who.get("id")
        return anns[0].get("result") or [], None if who is None else f"labelstudio:{who}"
    preds = [p for p in task.get("predictions") or [] if isinstance(p, dict)] if predictions else []
    return (preds[0].get("result") or [], None) if preds else None


def parse_result(result: Any, text: str, where: str) -> tuple[list[Region], list[Relation]]:
    """One annotation's ``result`` list → regions and relations (offsets in code points)."""
    if not isinstance(result, list):
        raise AnnotationError(f"{where}: annotation 'result' must be a list")
    to_cp = _from_utf16(text)
    regions: dict[str, Region] = {}
    extra: list[dict[str, Any]] = []
    relations = []
    for k, item in enumerate(result):
        if not isinstance(item, dict):
            raise AnnotationError(f"{where}: result {k} is not an object")
        kind, value = item.get("type"), item.get("value") or {}
        if kind == "labels":
            labels = value.get("labels") or []
            rid = str(item.get("id", f"r{k}"))
            if len(labels) != 1:
                raise AnnotationError(f"{where}: region {rid!r} has labels {labels}; give it exactly one of {', '.join(LABELS)}")
            if "start" not in value or "end" not in value:
                raise AnnotationError(f"{where}: region {rid!r} has no start/end offsets; use the <Text> tag, not <HyperText>")
            start, end = to_cp(value["start"], where), to_cp(value["end"], where)
            if rid in regions:
                raise AnnotationError(f"{where}: region id {rid!r} is used by two spans")
            regions[rid] = Region(rid, start, end, labels[0], value.get("text"))
        elif kind == "relation":
            a, b = str(item.get("from_id")), str(item.get("to_id"))
            if item.get("direction") == "left":
                a, b = b, a
            att = parse_attainment(list(item.get("labels") or []), f"{where}: relation {a} -> {b}")
            relations.append(Relation(a, b, att, both_ways=item.get("direction") == "bi"))
        elif kind in ("choices", "textarea"):
            extra.append(item)
    by_group = any(i.get("type") == "textarea" and i.get("from_name") in _GROUP_NAMES for i in extra)
    for r in regions.values():
        r.groups = [] if by_group else None
    for item in extra:
        _per_region(item, regions, where)
    return list(regions.values()), relations


def _per_region(item: dict[str, Any], regions: dict[str, Region], where: str) -> None:
    """Apply a per-region choice or text (REL kind, measurements) to its region."""
    r = regions.get(str(item.get("id")))
    if r is None:  # a choice about the whole task: not govie's
        return
    value, name = item.get("value") or {}, item.get("from_name")
    tag = f"{where}: region {r.key!r} ({r.text or r.label})"
    if item["type"] == "choices":
        choices = value.get("choices") or []
        if name == "kind" or (choices and all(c in REL_KINDS for c in choices)):
            if len(choices) != 1:
                raise AnnotationError(f"{tag}: choose exactly one REL kind, got {choices}")
            r.kind = choices[0]
        return
    raw = value.get("text") or []
    texts = [raw] if isinstance(raw, str) else [t for t in raw if isinstance(t, str)]
    if name in _GROUP_NAMES:
        r.groups = parse_groups(texts, tag)
    elif name == "kind" and "".join(texts).strip():
        r.kind = "".join(texts).strip().upper()


def parse_groups(texts: list[str], where: str) -> list[tuple[str, str | None]]:
    """``["m1:target m2:p"]`` → ``[("m1", "target"), ("m2", "progress")]``; a bare name has no role."""
    out = []
    for item in re.split(r"[\s,，;；]+", " ".join(texts).strip()):
        if not item:
            continue
        name, _, role = item.partition(":")
        if not name or (role and role.lower() not in ROLES):
            raise AnnotationError(f"{where}: measurement {item!r} is not NAME or NAME:ROLE with ROLE one of "
                                  f"{', '.join(ROLES)}")
        out.append((name, ROLES[role.lower()] if role else None))
    return out


def _from_utf16(text: str):
    """Label Studio offsets count UTF-16 code units; map them to code points (identity for BMP text)."""
    if all(ord(c) < 0x10000 for c in text):
        def same(i: Any, where: str) -> int:
            return _int(i, where)
        return same
    table, u = {}, 0
    for i, c in enumerate(text):
        table[u] = i
        u += 2 if ord(c) >= 0x10000 else 1
    table[u] = len(text)

    def conv(i: Any, where: str) -> int:
        i = _int(i, where)
        if i not in table:
            raise AnnotationError(f"{where}: offset {i} falls inside a character outside the BMP")
        return table[i]
    return conv


def _int(i: Any, where: str) -> int:
    if isinstance(i, bool) or not isinstance(i, int):
        raise AnnotationError(f"{where}: offset {i!r} is not an integer")
    return i


def _to_utf16(text: str) -> list[int]:
    out, u = [], 0
    for c in text:
        out.append(u)
        u += 2 if ord(c) >= 0x10000 else 1
    return out + [u]


# ---------------------------------------------------------------------------- export (doccano uses these too)


def stash(doc: dict[str, Any]) -> dict[str, Any]:
    """What an export carries besides the text and the spans, so that a re-import is lossless."""
    mroles = {m["id"]: m.get("role") for m in doc.get("measurements", [])}
    return {
        "doc": {k: v for k, v in doc.items() if k not in CORE_KEYS and not k.startswith("_")},
        "spans": {f"{s['start']}:{s['end']}:{s['label']}": {
            **{k: v for k, v in s.items() if k not in ("id", "start", "end", "label", "text", "measurements")},
            "groups": [[m, mroles.get(m)] for m in s.get("measurements", [])]} for s in doc["spans"]},
        "measurements": {m["id"]: {k: v for k, v in m.items() if k not in ("id", "spans")}
                         for m in doc.get("measurements", [])},
        "links": list(doc.get("links", [])),
    }


def link_ends(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    """For each link, a span of its progress and a span of its target that name it unambiguously.

    Returns ``(progress span id, target span id, attainment)``; raises when a
    measurement has no span of its own role that belongs to it alone.
    """
    roles = {m["id"]: m.get("role") for m in doc.get("measurements", [])}
    spans_of = {m["id"]: m.get("spans", []) for m in doc.get("measurements", [])}
    of_span: dict[str, list[str]] = {}
    for mid, sids in spans_of.items():
        for sid in sids:
            of_span.setdefault(sid, []).append(mid)

    def end(mid: str, role: str) -> str:  # prefer a span of this measurement only, then the first
        for sid in sorted(spans_of.get(mid, []), key=lambda sid: len(of_span[sid]) > 1):
            if [m for m in of_span[sid] if roles.get(m) == role] == [mid]:
                return sid
        raise AnnotationError(f"{doc.get('id')}: measurement {mid} has no span that belongs to it alone among "
                              f"{role} measurements; its link cannot be drawn as a relation")

    return [(end(lk["progress"], "progress"), end(lk["target"], "target"), lk.get("attainment", "unknown"))
            for lk in doc.get("links", [])]


def to_labelstudio(docs: list[dict[str, Any]], *, predictions: bool = False,
                   model_version: str = "govie-gold") -> list[dict[str, Any]]:
    """Gold documents → Label Studio tasks; spans become ``annotations`` (or ``predictions``).

    A document without spans becomes a task with nothing pre-filled.
    """
    tasks = []
    for doc in docs:
        text, did = doc["text"], str(doc["id"])
        u16 = _to_utf16(text)
        roles = {m["id"]: m.get("role") for m in doc.get("measurements", [])}
        result: list[dict[str, Any]] = []
        for s in doc["spans"]:
            where = {"start": u16[s["start"]], "end": u16[s["end"]]}
            base = {"id": s["id"], "to_name": "text"}
            result.append({**base, "from_name": "label", "type": "labels",
                           "value": {**where, "text": text[s["start"]:s["end"]], "labels": [s["label"]]}})
            if s["label"] == "REL" and (s.get("norm") or {}).get("kind"):
                result.append({**base, "from_name": "kind", "type": "choices",
                               "value": {**where, "choices": [s["norm"]["kind"]]}})
            if s.get("measurements"):
                names = " ".join(f"{m.removeprefix(did + '-')}:{roles.get(m) or 'progress'}" for m in s["measurements"])
                result.append({**base, "from_name": "measurements", "type": "textarea", "value": {**where, "text": [names]}})
        for a, b, att in link_ends(doc):
            result.append({"from_id": a, "to_id": b, "type": "relation", "direction": "right",
                           "labels": ["measures"] + ([att] if att in ATTAINMENTS and att != "unknown" else [])})
        task: dict[str, Any] = {"data": {"text": text, "doc_id": did, STASH: stash(doc)}}
        if doc["spans"]:
            key = "predictions" if predictions else "annotations"
            task[key] = [{"result": result, **({"model_version": model_version} if predictions else {})}]
        tasks.append(task)
    return tasks


def write_labelstudio(docs: list[dict[str, Any]], path: Path) -> None:
    """Write the tasks of :func:`to_labelstudio` as one JSON file to import into Label Studio."""
    Path(path).write_text(json.dumps(to_labelstudio(docs), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def labeling_config() -> str:
    """The Label Studio labeling config these converters read and write."""
    labels = "\n".join(f'    <Label value="{lab}" background="{_COLORS.get(lab, "#999999")}"/>' for lab in LABELS)
    kinds = "\n".join(f'      <Choice value="{k}"/>' for k in REL_KINDS)
    atts = "\n".join(f'    <Relation value="{a}"/>' for a in ATTAINMENTS if a != "unknown")
    return f"""<View>
  <Style>.htx-text {{ white-space: pre-wrap; }}</Style>
  <Relations choice="multiple">
    <Relation value="measures"/>
{atts}
  </Relations>
  <Labels name="label" toName="text">
{labels}
  </Labels>
  <Text name="text" value="$text"/>
  <View visibleWhen="region-selected">
    <Header value="REL kind"/>
    <Choices name="kind" toName="text" perRegion="true" visibleWhen="region-selected" whenLabelValue="REL" choice="single">
{kinds}
    </Choices>
    <Header value="Measurements: NAME:ROLE, e.g. m1:target m2:progress"/>
    <TextArea name="measurements" toName="text" perRegion="true" editable="true" maxSubmissions="1" rows="1"/>
  </View>
</View>
"""
