"""Annotation work tree: raw chunks to annotate and the annotators' markup files.

Layout (``annotations/work/``)::

    chunks/<doc>/manifest.json       [{"chunk": "07", "start": 1234, "end": 2345}, ...]
    chunks/<doc>/c07.txt             the raw text of that chunk (report.text[start:end])
    <annotator>/<doc>/c07.ann        the same text with inline markup (GUIDELINES.md §3)

``python -m govie.annotations.worktree split`` makes the chunks;
``python -m govie.annotations.worktree check annotations/work/<annotator>`` checks markup.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from ..errors import AnnotationError
from .markup import ParsedChunk, parse_markup

WORK = Path("annotations/work")
TARGET_CHARS = 1800


def split_text(text: str, target: int = TARGET_CHARS) -> list[tuple[int, int]]:
    """Cut ``text`` into chunks of about ``target`` characters at line ends, preferring blank lines."""
    bounds: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while start < n:
        if n - start <= target * 1.3:
            bounds.append((start, n))
            break
        blank = text.rfind("\n\n", start + target // 2, start + target)
        cut = blank + 2 if blank != -1 else text.find("\n", start + target)
        if blank == -1 and (cut == -1 or cut > start + 2 * target):
            cut = text.rfind("\n", start + 1, start + target)
            cut = cut + 1 if cut != -1 else start + target
        elif blank == -1:
            cut += 1
        bounds.append((start, cut))
        start = cut
    return bounds


def split_corpus(raw_dir: Path = Path("annotations/raw"), work: Path = WORK) -> None:
    for path in sorted(raw_dir.glob("*.txt")):
        doc = path.name.split("_")[0]
        text = path.read_text(encoding="utf-8")
        out = work / "chunks" / doc
        out.mkdir(parents=True, exist_ok=True)
        manifest = []
        for i, (s, e) in enumerate(split_text(text)):
            cid = f"{i:02d}"
            (out / f"c{cid}.txt").write_text(text[s:e], encoding="utf-8")
            manifest.append({"chunk": cid, "start": s, "end": e})
        (out / "manifest.json").write_text(json.dumps({"doc": doc, "file": path.name, "chunks": manifest}, indent=1), encoding="utf-8")


def load_chunks(doc: str, work: Path = WORK) -> list[dict]:
    return json.loads((work / "chunks" / doc / "manifest.json").read_text(encoding="utf-8"))["chunks"]


def parse_annotator(ann_dir: Path, work: Path = WORK) -> dict[str, dict[str, ParsedChunk]]:
    """Parse every ``.ann`` file of one annotator: {doc: {chunk: ParsedChunk}}."""
    result: dict[str, dict[str, ParsedChunk]] = {}
    for doc_dir in sorted(p for p in ann_dir.iterdir() if p.is_dir()):
        chunks = {c["chunk"]: c for c in load_chunks(doc_dir.name, work)}
        for f in sorted(doc_dir.glob("c*.ann")):
            cid = f.stem[1:]
            if cid not in chunks:
                raise AnnotationError(f"{f}: no chunk {cid} in document {doc_dir.name}")
            raw = (work / "chunks" / doc_dir.name / f"c{cid}.txt").read_text(encoding="utf-8")
            parsed = parse_markup(f.read_text(encoding="utf-8"), raw, chunks[cid]["start"], name=str(f))
            result.setdefault(doc_dir.name, {})[cid] = parsed
    return result


def check(ann_dir: Path, work: Path = WORK) -> int:
    """Print problems and counts for one annotator's directory; return the number of errors."""
    errors = 0
    counts: Counter[str] = Counter()
    for doc_dir in sorted(p for p in ann_dir.iterdir() if p.is_dir()):
        chunks = {c["chunk"]: c for c in load_chunks(doc_dir.name, work)}
        mids: set[str] = set()
        roles: dict[str, str] = {}
        links = []
        for f in sorted(doc_dir.glob("c*.ann")):
            cid = f.stem[1:]
            raw = (work / "chunks" / doc_dir.name / f"c{cid}.txt").read_text(encoding="utf-8")
            try:
                p = parse_markup(f.read_text(encoding="utf-8"), raw, chunks[cid]["start"], name=str(f))
            except (AnnotationError, KeyError) as exc:
                print(f"ERROR {exc}")
                errors += 1
                continue
            for s in p.spans:
                counts[s.label] += 1
                mids.update(s.measurements)
            roles.update(p.roles)
            links.extend(p.links)
        for m in sorted(mids - roles.keys()):
            print(f"ERROR {doc_dir.name}: measurement {m} has no role line (mX_Y target|progress)")
            errors += 1
        for a, b, _ in links:
            for x in (a, b):
                if x not in mids:
                    print(f"ERROR {doc_dir.name}: link {a} -> {b}: {x} has no spans")
                    errors += 1
            if roles.get(a) != "progress" or roles.get(b) != "target":
                print(f"ERROR {doc_dir.name}: link {a} -> {b} must go from a progress to a target measurement")
                errors += 1
        counts["measurements"] += len(mids)
        counts["links"] += len(links)
    print(" ".join(f"{k}={v}" for k, v in sorted(counts.items())), f"errors={errors}")
    return errors


if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1:2] == ["split"]:
        split_corpus()
    elif sys.argv[1:2] == ["check"] and len(sys.argv) == 3:
        sys.exit(1 if check(Path(sys.argv[2])) else 0)
    else:
        print("usage: python -m govie.annotations.worktree split | check annotations/work/<annotator>")
        sys.exit(2)
