"""Batch extraction over an archive: resumable, parallel, never stopped by one bad file.

Output directory layout::

    OUT/reports/<key>.json   one report (Report.to_dict) per finished document
    OUT/errors.jsonl         one line per document that failed: path, error
    OUT/ledger.<fmt>         the ledger of all finished documents (rebuilt at the end)

``key`` is the SHA-1 of the file's bytes, so a rerun skips what is done even when
files were moved, and an edited file is processed again.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any, Iterable

from .errors import InputError

SUFFIXES = (".txt", ".text", ".html", ".htm", ".pdf", ".docx")
LEDGER_FORMATS = ("parquet", "jsonl", "csv")

_TAGGER: Any = None


def find_inputs(spec: str) -> list[Path]:
    """A directory (searched recursively) or a glob pattern → sorted report paths."""
    p = Path(spec)
    if p.is_dir():
        files = [f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES]
    else:
        files = [Path(f) for f in glob.glob(spec, recursive=True) if Path(f).is_file()]
        if not files and not any(ch in spec for ch in "*?["):
            raise InputError(f"{spec}: no such file or directory")
    return sorted(files)


def file_key(path: Path) -> str:
    h = hashlib.sha1()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _init_worker(model: Any) -> None:
    global _TAGGER
    from .pipeline import load_tagger

    _TAGGER = load_tagger(model)


def process_one(path: str, out_dir: str, model: Any = None) -> dict[str, Any]:
    """Extract one document and write ``reports/<key>.json``; errors are returned, not raised."""
    import govie

    tagger = _TAGGER if _TAGGER is not None else model
    try:
        key = file_key(Path(path))
        report = govie.extract(path, model=tagger)
        target = Path(out_dir) / "reports" / f"{key}.json"
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(report.to_dict(), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)
        return {"path": path, "key": key, "ok": True, "records": len(report.records), "links": len(report.links)}
    except Exception as exc:  # one bad document must not stop the archive
        return {"path": path, "ok": False, "error": f"{type(exc).__name__}: {exc}"}


def run_batch(inputs: str, out: Path, *, workers: int = 1, format: str = "parquet",
              use_ray: bool = False, model: Any = None, progress: bool = True) -> dict[str, Any]:
    """Process every report under ``inputs`` into ``out``; return a summary dict."""
    if format not in LEDGER_FORMATS:
        raise InputError(f"--format {format!r}: allowed for batch: {', '.join(LEDGER_FORMATS)}")
    files = find_inputs(inputs)
    out = Path(out)
    (out / "reports").mkdir(parents=True, exist_ok=True)
    done = {p.stem for p in (out / "reports").glob("*.json")}
    todo = [f for f in files if file_key(f) not in done]
    results = list(_run(todo, out, workers, use_ray, model, progress))
    failed = [r for r in results if not r["ok"]]
    if failed:
        with open(out / "errors.jsonl", "a", encoding="utf-8") as fh:
            for r in failed:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    rows = write_ledger(out, format)
    return {"documents": len(files), "skipped": len(files) - len(todo), "processed": len(results) - len(failed),
            "failed": len(failed), "ledger_rows": rows, "ledger": str(out / f"ledger.{format}")}


def _run(todo: list[Path], out: Path, workers: int, use_ray: bool, model: Any, progress: bool) -> Iterable[dict]:
    from tqdm import tqdm

    bar = tqdm(total=len(todo), desc="govie batch", unit="doc", disable=not progress)
    model_arg = model if (model is None or isinstance(model, str)) else None
    if use_ray:
        yield from _run_ray(todo, out, model_arg, bar)
    elif workers <= 1 or len(todo) <= 1:
        _init_worker(model)
        for f in todo:
            yield process_one(str(f), str(out))
            bar.update()
    else:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(model_arg,)) as pool:
            futures = [pool.submit(process_one, str(f), str(out)) for f in todo]
            for fut in as_completed(futures):
                yield fut.result()
                bar.update()
    bar.close()


def _run_ray(todo: list[Path], out: Path, model: Any, bar) -> Iterable[dict]:
    try:
        import ray
    except ImportError:
        raise InputError("--ray needs the optional package 'ray': pip install 'govie[ray]'") from None
    if not ray.is_initialized():
        ray.init(address=os.environ.get("RAY_ADDRESS"), ignore_reinit_error=True, log_to_driver=False)

    @ray.remote
    def _task(path: str) -> dict:
        global _TAGGER
        if _TAGGER is None:
            _init_worker(model)
        return process_one(path, str(out))

    pending = [_task.remote(str(f)) for f in todo]
    while pending:
        ready, pending = ray.wait(pending)
        for ref in ready:
            yield ray.get(ref)
            bar.update()


def write_ledger(out: Path, format: str) -> int:
    """Rebuild ``OUT/ledger.<format>`` from every finished report; returns the row count."""
    import pandas as pd

    from .ledger import ledger_frame_from_dict

    frames = []
    for p in sorted((out / "reports").glob("*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        frames.append(ledger_frame_from_dict(d))
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    target = out / f"ledger.{format}"
    if format == "parquet":
        frame.to_parquet(target, index=False)
    elif format == "csv":
        frame.to_csv(target, index=False)
    else:
        frame.to_json(target, orient="records", lines=True, force_ascii=False)
    return len(frame)
