"""Score govie's parsers on a blind normalizer round: cases helpers wrote from the spec alone.

Each line of a round file (``evaluate/data/normalizer_blind/round24.jsonl``: 150 numbers and
quantities, 90 dates, 60 relations of other provinces' reports, 2026-12-06) is
``{"fn", "text", "kwargs"?, "expected", "note"}``; ``expected`` is null when the text is no
value, else the fields to compare (numbers within 0.1 %; for dates ``start``/``end`` and the
flags ``cumulative``/``deadline``/``baseline``/``yoy``). Every miss is printed with the reason;
:data:`CONVENTIONS` lists the cases where a helper's reading of the spec differs from a choice
govie documents (``govie/normalize/dates.py``, ``numbers.py``, ``units.json``): they are
reported apart, not fixed.

Round 25 (``round25.jsonl``, 2026-12-06: 100 numbers, 60 quantities, 50 relations of Hunan, Hubei,
Jiangxi, Fujian, Yunnan; 90 dates of Liaoning, Jilin, Inner Mongolia, Gansu, Ningxia, Qinghai), scored at
b0af93b before anything was changed: 278/300 right, the other 22 all documented conventions (one
helper read deadlines as the single last day, 年初 as Jan 1 and a bare earlier year as a baseline),
0 misses (``evaluate/results/normalizer_blind25.json``).

Round 26 (``round26.jsonl``, 2026-12-06: 80 numbers and quantities, 70 dates, 50 relations of Beijing
district reports and departments' self-evaluation tables; the helper was not given the unit ids, so units
are written as surface forms, and relations as ``{"kind": …}``, both read as such): scored at 2648dd7:
197/200 right, 3 on documented conventions (千分之三 in percent, a full-width comma is no thousands
separator, a bare 2015年 is no baseline), 0 misses (``evaluate/results/normalizer_blind26.json``).

    python evaluate/normalizer_blind.py [evaluate/data/normalizer_blind/round24.jsonl] [--out evaluate/results/normalizer_blind24.json]
    python evaluate/normalizer_blind.py evaluate/data/normalizer_blind/round25.jsonl --out evaluate/results/normalizer_blind25.json
    python evaluate/normalizer_blind.py evaluate/data/normalizer_blind/round26.jsonl --out evaluate/results/normalizer_blind26.json
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# govie's documented choices a blind reader may not share: (fn, text) -> why govie differs
CONVENTIONS = {
    ("parse_number", "三四百"): "two neighbouring numerals are a vague range: approx (numbers.py)",
    ("parse_number", "七八个"): "two neighbouring numerals are a vague range: approx (numbers.py)",
    ("parse_quantity", "三四家"): "two neighbouring numerals are a vague range: approx (numbers.py)",
    ("parse_quantity", "5‰"): "per mille and 成 are read in percent (5‰ -> 0.5 %, raw_unit ‰; units.json)",
    ("parse_quantity", "三成"): "per mille and 成 are read in percent (三成 -> 30 %; units.json)",
    ("parse_number", "千分之三"): "per mille is read in percent (千分之三 -> 0.3 %, as 5‰; numbers.py)",
    ("parse_number", "１，２３４"): "the full-width comma separates clauses, never thousands (normalize/_helpers.py)",
    ("parse_quantity", "5.5吨/平方公里·月"): "compound unit ids are written t/(km2*month) (units.py)",
    ("parse_quantity", "1500元/月/人"): "compound unit ids are written yuan/(month*person) (units.py)",
    ("parse_date", "上年同期"): "同比/上年同期 carry both baseline and yoy (dates.py)",
    ("parse_date", "去年同期"): "同比/上年同期 carry both baseline and yoy (dates.py)",
    ("parse_date", "同比"): "同比/上年同期 carry both baseline and yoy (dates.py)",
    ("parse_date", "较上年同期"): "同比/上年同期 carry both baseline and yoy (dates.py)",
    ("parse_number", "五六个"): "two neighbouring numerals are a vague range: approx (numbers.py)",
    ("parse_number", "七八千"): "two neighbouring numerals are a vague range: approx (numbers.py)",
    ("parse_quantity", "6吨/平方公里·月"): "compound unit ids are written t/(km2*month) (units.py)",
    ("parse_quantity", "1500元/人/月"): "compound unit ids are written yuan/(month*person) (units.py)",
    ("parse_relation", "增至"): "level verbs (增至, 降至, 提高到) read EQ alone and yield to any other phrase (relations.json)",
    ("parse_date", "年初"): "年初 is Jan 1..31, approx (dates.py), not the single day",
    ("parse_date", "2015年"): "a bare year is a baseline only after 比/较 or when the caller passes baseline=True (dates.py)",
    **{("parse_date", t): "X前/X之前 (deadline) runs from the period start to the end of X (dates.py), not the single day"
       for t in ("年底前", "6月底前", "11月底之前", "9月底前", "2023年底前", "10月31日前", "2024年6月30日前", "年底之前",
                 "3月底前")},
}


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-3, abs_tol=1e-4)


def check(fn: str, got, exp) -> str:
    """'' when ``got`` matches ``exp``, else what differs."""
    if exp is None:
        return "" if got is None else f"expected None, got {got!r}"
    if got is None:
        return "got None"
    if fn == "parse_relation":  # the kind, written bare ("GE") or as {"kind": "GE", ...} (extra fields: no output)
        kind = exp.get("kind") if isinstance(exp, dict) else exp
        return "" if got == kind else f"got {got}"
    bad = []
    if fn == "parse_date":
        if (str(got.start), str(got.end)) != (exp["start"], exp["end"]):
            bad.append(f"{got.start}..{got.end}")
        bad += [f"{f}={getattr(got, f)}" for f in ("cumulative", "deadline", "baseline", "yoy")
                if f in exp and bool(getattr(got, f)) != bool(exp[f])]
        return "; ".join(bad)
    if not _close(got.value, exp["value"]) and not (exp["value"] is None and exp.get("low") is not None):
        bad.append(f"value={got.value}")  # a range written only by its ends leaves value open
    bad += [f"{f}={getattr(got, f)}" for f in ("approx", "percent") if f in exp and hasattr(got, f)
            and bool(getattr(got, f)) != bool(exp[f])]
    bad += [f"{f}={getattr(got, f)}" for f in ("low", "high") if f in exp and not _close(getattr(got, f), exp[f])]
    bad += [f"{f}={getattr(got, f)}" for f in ("unit", "dimension") if f in exp and getattr(got, f) != exp[f]
            and not (f == "unit" and _same_unit(exp[f], got.unit))]
    return "; ".join(bad)


def _same_unit(written: str | None, unit_id: str | None) -> bool:
    """An expected unit written as a surface form (人, μg/m³, 个百分点) names govie's unit id without a scale."""
    from govie.normalize import parse_unit
    u = parse_unit(written) if written else None
    return u is not None and u.id == unit_id and u.scale == 1.0


def main(argv: list[str] | None = None) -> dict:
    from govie.normalize import parse_date, parse_number, parse_quantity, parse_relation

    funcs = {"parse_number": parse_number, "parse_quantity": parse_quantity, "parse_date": parse_date,
             "parse_relation": parse_relation}
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("round", nargs="?", default=str(ROOT / "evaluate" / "data" / "normalizer_blind" / "round24.jsonl"))
    ap.add_argument("--out", default=None, help="write the counts and misses here (JSON)")
    args = ap.parse_args(argv)
    per: dict[str, dict[str, int]] = {}
    misses, convention = [], []
    for n, line in enumerate(Path(args.round).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        case = json.loads(line)
        fn, kw = case["fn"], dict(case.get("kwargs") or {})
        if isinstance(kw.get("period_end"), str):
            kw["period_end"] = dt.date.fromisoformat(kw["period_end"])
        try:
            why = check(fn, funcs[fn](case["text"], **kw), case["expected"])
        except Exception as exc:  # a parser must never raise on a report expression
            why = f"raised {type(exc).__name__}: {exc}"
        row = per.setdefault(fn, {"cases": 0, "right": 0, "convention": 0})
        row["cases"] += 1
        if not why:
            row["right"] += 1
        elif (fn, case["text"]) in CONVENTIONS:
            row["convention"] += 1
            convention.append({"line": n, "fn": fn, "text": case["text"], "differs": why,
                               "govie": CONVENTIONS[(fn, case["text"])]})
        else:
            misses.append({"line": n, "fn": fn, "text": case["text"], "kwargs": case.get("kwargs"),
                           "expected": case["expected"], "differs": why})
    total = {k: sum(r[k] for r in per.values()) for k in ("cases", "right", "convention")}
    out = {"command": "python evaluate/normalizer_blind.py " + " ".join(argv if argv is not None else sys.argv[1:]),
           "round": Path(args.round).name, "per_function": per, "total": total, "misses": misses,
           "convention_differences": convention}
    for m in misses:
        print(f"MISS {m['fn']} {m['text']!r} kwargs={m['kwargs']} expected={m['expected']}: {m['differs']}")
    for fn, r in sorted(per.items()):
        print(f"{fn}: {r['right']}/{r['cases']} right, {r['convention']} differ on a documented convention")
    print(f"total: {total['right']}/{total['cases']} right, {total['convention']} convention differences, "
          f"{len(misses)} misses")
    if args.out:
        Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":
    main()
