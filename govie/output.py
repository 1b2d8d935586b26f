"""Write reports as a table on the terminal, JSON lines, CSV, Parquet or Excel."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Sequence

from .errors import InputError


def parse_period(value: str | None):
    """``"2020-01-01:2020-10-31"`` → ``(date, date)``; None → None."""
    if value is None:
        return None
    from datetime import date

    try:
        a, b = value.split(":")
        start, end = date.fromisoformat(a.strip()), date.fromisoformat(b.strip())
    except ValueError:
        raise InputError(f"--period {value!r}: expected START:END as ISO dates, e.g. 2020-01-01:2020-10-31") from None
    if end < start:
        raise InputError(f"--period {value!r}: the end is before the start")
    return start, end


def write_reports(files: Sequence[str], *, format: str = "table", out: Path | None = None,
                  period: str | None = None, model: Any = None) -> dict[str, int]:
    """Extract every file and write the chosen format; returns counts."""
    import govie

    per = parse_period(period)
    tagger = _load_model(model)
    reports = [govie.extract(f, period=per, model=tagger) for f in files]
    if format in ("jsonl", "json"):
        lines = [json.dumps(r.to_dict(), ensure_ascii=False) for r in reports]
        text = "\n".join(lines) + "\n" if format == "jsonl" else json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=1)
        _emit(text, out)
        return {"reports": len(reports), "rows": len(reports)}
    import pandas as pd

    frame = pd.concat([r.to_dataframe() for r in reports], ignore_index=True) if reports else pd.DataFrame()
    if format == "table":
        _emit(_table(reports), out)
    elif format == "csv":
        _emit(frame.to_csv(index=False), out)
    elif format == "parquet":
        if out is None:
            raise InputError("--format parquet needs --out PATH")
        frame.to_parquet(out, index=False)
    elif format == "xlsx":
        if out is None:
            raise InputError("--format xlsx needs --out PATH")
        frame.to_excel(out, index=False)
    return {"reports": len(reports), "rows": len(frame)}


def _load_model(model: Any) -> Any:
    if model is None or model == "rules" or not isinstance(model, str):
        return model
    from .pipeline import load_tagger

    return load_tagger(model)


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        Path(out).write_text(text, encoding="utf-8")


def _table(reports: list) -> str:
    from io import StringIO

    from rich.console import Console
    from rich.table import Table

    buf = StringIO()
    console = Console(file=buf, width=160, force_terminal=False)
    for r in reports:
        console.print(f"[bold]{r.source or 'text'}[/bold]  layout={r.layout}  period={_fmt_period(r.period)}  "
                      f"records={len(r.records)} spans={len(r.spans)} measurements={len(r.measurements)} links={len(r.links)}")
        frame = r.to_dataframe()
        table = Table(show_lines=False)
        cols = ["seq", "indicator", "lead_units", "target", "progress", "progress_date", "attainment", "computed_ratio", "stated_ratio"]
        for c in cols:
            table.add_column(c, overflow="fold", max_width=28)
        for _, row in frame.iterrows():
            table.add_row(*[_cell(row.get(c)) for c in cols])
        console.print(table)
    return buf.getvalue()


def _fmt_period(p) -> str:
    return f"{p[0]}..{p[1]}" if p else "unknown"


def _cell(v: Any) -> str:
    if v is None:
        return ""
    try:
        import math

        if isinstance(v, float) and math.isnan(v):
            return ""
    except TypeError:
        pass
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v).replace("\n", "")[:80]
