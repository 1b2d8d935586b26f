"""The ``govie`` command line: a thin typer layer over importable functions."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .errors import GovieError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Targets, progress and attainment from Chinese government performance reports.")
ann_app = typer.Typer(no_args_is_help=True, help="Check and convert gold annotations.")
app.add_typer(ann_app, name="annotations")

FORMATS = ("table", "jsonl", "json", "csv", "parquet", "xlsx")


def _fail(msg: str, code: int = 1) -> None:
    typer.echo(f"govie: error: {msg}", err=True)
    raise typer.Exit(code)


@app.command()
def extract(
    files: List[Path] = typer.Argument(..., help="Report files (.txt .html .pdf .docx)."),
    format: str = typer.Option("table", "--format", "-f", help="table | jsonl | json | csv | parquet | xlsx"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output file (default: standard output for table/jsonl/json/csv)."),
    period: Optional[str] = typer.Option(None, "--period", help="Reporting period START:END, e.g. 2020-01-01:2020-10-31."),
    model: Optional[str] = typer.Option(None, "--model", help="Model directory, or 'rules' for the rule tagger. Default: the shipped model."),
) -> None:
    """Extract records, spans, measurements and the target/progress ledger from reports."""
    from .output import write_reports

    if format not in FORMATS:
        _fail(f"--format {format!r} is not one of {', '.join(FORMATS)}", 2)
    try:
        result = write_reports([str(f) for f in files], format=format, out=out, period=period, model=model)
    except GovieError as exc:
        _fail(str(exc))
    if out is not None and result["reports"]:
        typer.echo(f"wrote {result['rows']} rows from {result['reports']} report(s) to {out}", err=True)
    for msg in result["errors"]:
        typer.echo(f"govie: error: {msg}", err=True)
    if result["errors"]:
        raise typer.Exit(1)


@app.command()
def batch(
    inputs: str = typer.Argument(..., help="A directory or a glob of reports."),
    out: Path = typer.Option(..., "--out", "-o", help="Output directory (resumable: finished documents are skipped)."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes."),
    format: str = typer.Option("parquet", "--format", "-f", help="parquet | jsonl | csv"),
    ray: bool = typer.Option(False, "--ray", help="Run on a Ray cluster (ray.init(address='auto') when one is running)."),
    model: Optional[str] = typer.Option(None, "--model", help="Model directory or 'rules'."),
) -> None:
    """Run extraction over an archive; bad documents are recorded, never fatal."""
    from .batch import run_batch

    try:
        summary = run_batch(inputs, out, workers=workers, format=format, use_ray=ray, model=model)
    except GovieError as exc:
        _fail(str(exc))
    typer.echo(json.dumps(summary, ensure_ascii=False))
    if summary["documents"] == 0:
        raise typer.Exit(1)


@app.command()
def train(
    config: Path = typer.Option(..., "--config", "-c", help="A TOML training config, e.g. train/e5char-small.toml."),
    output: Optional[Path] = typer.Option(None, "--output", help="Model directory to write (overrides output)."),
    gold: list[str] = typer.Option([], "--gold", help="Gold JSONL path or glob (overrides data.gold; repeatable)."),
    max_steps: Optional[int] = typer.Option(None, "--max-steps", help="Overrides train.max_steps."),
    set_: list[str] = typer.Option([], "--set", help="Override any key, e.g. --set train.lr=1e-4 (TOML value)."),
) -> None:
    """Train (or continue training) a token classifier."""
    try:
        from .model.train import main as train_main
    except ImportError as exc:
        _fail(f"training needs the model extra: pip install 'govie[model]' ({exc})")
    argv = ["--config", str(config)] + (["--output", str(output)] if output else [])
    argv += [a for g in gold for a in ("--gold", g)] + (["--max-steps", str(max_steps)] if max_steps else [])
    argv += [a for kv in set_ for a in ("--set", kv)]
    try:
        train_main(argv)
    except GovieError as exc:
        _fail(str(exc))


@app.command()
def evaluate(
    gold: Path = typer.Option(Path("annotations/gold"), "--gold", help="Gold directory."),
    model: Optional[str] = typer.Option(None, "--model", help="Model directory or 'rules'."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write the results JSON here."),
    lodo: Optional[Path] = typer.Option(None, "--lodo", help="Training config: leave-one-document-out "
                                        "cross-validation (trains one model per fold) instead of scoring --model."),
    folds: Optional[str] = typer.Option(None, "--folds", help="With --lodo: held-out documents, e.g. 000,004."),
    set_: list[str] = typer.Option([], "--set", help="With --lodo: override a config key, e.g. train.max_steps=200."),
) -> None:
    """Score a tagger against the gold corpus (entity-level strict P/R/F1 per label), or cross-validate a config."""
    try:
        if lodo is not None:
            from .model.crossval import lodo as run_lodo

            result = run_lodo(lodo, folds=folds.split(",") if folds else None, overrides=set_,
                              echo=lambda doc, r: typer.echo(f"{doc} {json.dumps(r, ensure_ascii=False)}", err=True))
            result = {"command": "govie evaluate --lodo " + str(lodo) + (f" --folds {folds}" if folds else "")
                      + "".join(f" --set {kv}" for kv in set_), **result}
            if out is not None:
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        else:
            from .evaluation import evaluate_tagger

            result = evaluate_tagger(gold, model=model, out=out)
    except GovieError as exc:
        _fail(str(exc))
    typer.echo(json.dumps(result, ensure_ascii=False, indent=1))


@ann_app.command("validate")
def annotations_validate(gold: Path = typer.Argument(Path("annotations/gold"), help="Gold file or directory.")) -> None:
    """Check gold: offsets match text, no overlaps, ids resolve, normalized fields well-formed."""
    from .annotations.validate import validate_path

    try:
        result = validate_path(gold)
    except GovieError as exc:
        _fail(str(exc))
    for problem in result["problems"]:
        typer.echo(problem, err=True)
    typer.echo(json.dumps(result["counts"], ensure_ascii=False))
    if result["problems"]:
        raise typer.Exit(1)


@ann_app.command("convert")
def annotations_convert(
    src: Path = typer.Argument(..., help="Input file."),
    dst: Path = typer.Argument(..., help="Output file."),
    src_format: str = typer.Option("gold", "--from", help="gold | labelstudio | doccano | conll | spacy | report"),
    dst_format: str = typer.Option(..., "--to", help="gold | labelstudio | doccano | conll | spacy"),
) -> None:
    """Convert annotations between the gold JSONL and Label Studio, doccano, CoNLL/BIO, spaCy DocBin."""
    from .annotations.convert import convert

    try:
        result = convert(src, dst, src_format=src_format, dst_format=dst_format)
    except GovieError as exc:
        _fail(str(exc))
    typer.echo(json.dumps(result, ensure_ascii=False))


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``govie`` console script."""
    try:
        app(args=argv, prog_name="govie")
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)
