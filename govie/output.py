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

    from .errors import GovieError

    per = parse_period(period)
    tagger = _load_model(model)
    reports, errors = [], []
    for f in files:  # a bad file is reported; the good ones are still written
        try:
            reports.append(govie.extract(f, period=per, model=tagger))
        except GovieError as exc:
            errors.append(str(exc))
    if not reports:
        return {"reports": 0, "rows": 0, "errors": errors}
    if format in ("jsonl", "json"):
        lines = [json.dumps(r.to_dict(), ensure_ascii=False) for r in reports]
        text = "\n".join(lines) + "\n" if format == "jsonl" else json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=1)
        _emit(text, out)
        return {"reports": len(reports), "rows": len(reports), "errors": errors}
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
    return {"reports": len(reports), "rows": len(frame), "errors": errors}


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
    """One row per record: what was promised, by whom, what was reported, and attainment."""
    from io import StringIO

    from rich.console import Console
    from rich.table import Table

    buf = StringIO()
    console = Console(file=buf, width=170, force_terminal=False)
    for r in reports:
        console.print(f"{r.source or 'text'}  layout={r.layout}  period={_fmt_period(r.period)}  records={len(r.records)} "
                      f"spans={len(r.spans)} measurements={len(r.measurements)} links={len(r.links)}")
        table = Table(show_lines=True)
        for c, w in (("#", 4), ("indicator", 22), ("lead units", 14), ("target", 30), ("reported", 40), ("attainment", 20)):
            table.add_column(c, overflow="fold", max_width=w)
        for rec in r.records:
            table.add_row(*record_row(r, rec))
        console.print(table)
    return buf.getvalue()


def record_row(r, rec) -> list[str]:
    """The table cells of one record (see ``_table``)."""
    from .ledger import constraint

    meas = {m.id: m for m in r.measurements}
    targets = [m for m in r.measurements if m.record == rec.index and m.role == "target"]
    links = {}
    for lk in r.links:
        links.setdefault(lk.target, []).append(lk)
    tcells, pcells, acells = [], [], []
    for t in targets:
        tcells.append(constraint(t.to_dict()) or _short(r.text[t.start:t.end], 30))
        best = sorted(links.get(t.id, []), key=lambda lk: (lk.attainment != "unknown", "RATIO" not in meas[lk.progress].relation,
                                                          lk.score), reverse=True)
        if best:
            lk, p = best[0], meas[best[0].progress]
            val = f"{_num(p.value)} {p.unit or ''}".strip() if p.value is not None else _short(r.text[p.start:p.end], 22)
            when = f" ({p.date[1]})" if p.date else ""
            pcells.append(val + when)
            ratio = f" {lk.computed_ratio:.1%}" if lk.computed_ratio is not None else ""
            acells.append(f"{lk.attainment}{'*' if lk.stated else ''}{ratio}")
        else:
            pcells.append("-")
            acells.append("-")
    if not targets:
        tcells = [_short(rec.target.text, 30)] if rec.target else ["-"]
        pcells = [_short(rec.progress.text, 30)] if rec.progress else ["-"]
    seq = rec.seq.text if rec.seq else str(rec.index + 1)
    units = "; ".join(f.text.replace("\n", "") for f in rec.lead_units)
    ind = _short(rec.indicator.text, 40) if rec.indicator else ""
    return [seq, ind, units, "\n".join(tcells), "\n".join(pcells), "\n".join(acells)]


def _num(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 1e5 else f"{v:g}"


def _short(text: str, n: int) -> str:
    t = " ".join(text.replace("\n", "").split())
    return t if len(t) <= n else t[: n - 1] + "…"


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
