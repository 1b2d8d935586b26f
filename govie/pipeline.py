"""``govie.extract``: read → records → tag → normalize → measure → link."""
from __future__ import annotations

import os
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from .errors import InputError, ModelError
from .report import Report

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
DEFAULT_MODEL = "govie-zh-small"


def default_model_dir() -> Path | None:
    """The shipped model: ``$GOVIE_MODEL``, else ``models/govie-zh-small`` (next to the package or installed with it)."""
    env = os.environ.get("GOVIE_MODEL")
    if env:
        return Path(env)
    for base in (MODELS_DIR, Path(__file__).resolve().parent / "models"):
        d = base / DEFAULT_MODEL
        if (d / "model.safetensors").exists():
            return d
    return None


@cache
def _cached_tagger(path: str) -> Any:
    try:
        from .model import Tagger
    except ImportError as exc:
        raise ModelError(f"{path}: loading a model needs torch and transformers: pip install 'govie[model]' ({exc})") from None
    return Tagger.load(path)


def load_tagger(model: Any = None) -> Any:
    """``None`` → the shipped model (rules when none is installed); ``"rules"`` → the rule tagger;
    a path → that model directory; an object with ``predict`` → itself."""
    from .tag.rules import RuleTagger

    if model == "rules":
        return RuleTagger()
    if model is None:
        d = default_model_dir()
        if d is None:
            return RuleTagger()
        try:
            return _cached_tagger(str(d))
        except ModelError:
            if os.environ.get("GOVIE_MODEL"):
                raise
            return RuleTagger()
    if isinstance(model, (str, os.PathLike)):
        return _cached_tagger(str(model))
    if hasattr(model, "predict"):
        return model
    raise ModelError(f"model={model!r}: expected None, 'rules', a model directory or a loaded tagger")


def extract(source: Any, *, period: Any = None, model: Any = None) -> Report:
    from .link import link_measurements
    from .measure import build_measurements
    from .normalize.spans import normalize_spans
    from .read import read_source
    from .records import read_records
    from .tag.tagging import tag_records

    src = read_source(source)
    parsed = read_records(src.text)
    per = _check_period(period) if period is not None else parsed.period
    tagger = load_tagger(model)
    spans = tag_records(src.text, parsed.records, tagger)
    normalize_spans(spans, period=per, text=src.text)
    measurements = build_measurements(src.text, parsed.records, spans, layout=parsed.layout)
    links = link_measurements(measurements, spans, period=per, text=src.text, records=parsed.records)
    return Report(
        text=src.text, records=parsed.records, spans=spans, measurements=measurements, links=links,
        period=per, title=parsed.title, layout=parsed.layout,
        source=str(src.path) if src.path else None, format=src.format,
        tagger=getattr(tagger, "name", type(tagger).__name__),
    )


def _check_period(period: Any) -> tuple[date, date]:
    try:
        start, end = period
        start = date.fromisoformat(start) if isinstance(start, str) else start
        end = date.fromisoformat(end) if isinstance(end, str) else end
        if not isinstance(start, date) or not isinstance(end, date) or end < start:
            raise ValueError
    except (TypeError, ValueError):
        raise InputError(f"period={period!r}: expected (start, end) dates with start <= end") from None
    return start, end
