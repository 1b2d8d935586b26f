"""Normalizer benchmark: govie's parsers against cn2an, JioNLP and Microsoft Recognizers-Text.

Reproduce (from /work/main; the peers live in their own venv, never in .venv)::

    python3 -m venv .bench-venv
    .bench-venv/bin/pip install cn2an==0.5.24 jionlp==1.5.31 recognizers-text-suite==1.0.2a2 "emoji<1.0"
    # resolved set (pip freeze): certifi 2026.10.18, charset-normalizer 3.5.2, datedelta 1.4, emoji 0.6.0,
    # grapheme 0.6.0, idna 3.20, jiojio 1.2.8, multipledispatch 1.0.0, numpy 2.4.6, proces 0.1.7, PyYAML 6.0.3,
    # recognizers-text{,-choice,-date-time,-number,-number-with-unit,-sequence} 1.0.2a2, regex 2026.11.15,
    # requests 2.34.2, urllib3 2.8.0, zipfile36 0.1.3 (Python 3.11.7)
    .bench-venv/bin/python evaluate/normalizers_bench.py            # --reps N (default 25)

govie is used from the source tree (this script puts the repo root on sys.path).
Cases: evaluate/data/normalizer_cases.json (one file for every library). Writes
evaluate/results/normalizers_bench.json and .md and prints the table.

Fairness rules. Each library gets one adapter per category that calls its most
appropriate public function and maps the output to the case file's neutral form;
a library with no function for a category is "n/a" there, not 0. An exception or
no output is wrong (except in ``non_numbers``, where refusing is the right answer).
Every mode listed in ``MODES`` is scored and the best mode per library and category
is reported (ties: the first listed). Speed is the median over ``--reps`` passes of
the whole category of the time per expression, library calls only (no mapping);
"cold" passes clear govie's result caches (lru_cache) first, "warm" passes do not;
the peers keep no result caches, so their cold and warm passes are alike. Every
library is called once before timing (model and lexicon loading is not timed), and the
libraries take turns pass by pass, so a change in the machine's load falls on all alike.
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import math
import platform
import re
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Any, Callable, Optional

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CASES = ROOT / "evaluate" / "data" / "normalizer_cases.json"
RESULTS = ROOT / "evaluate" / "results"
CATEGORIES = ("chinese_integers", "arabic_scale", "approx", "ranges", "percentages", "fractions",
              "money", "quantities_with_units", "dates", "non_numbers")
LIBS = ("govie", "cn2an", "JioNLP", "Recognizers-Text")
Answer = Optional[dict]  # keys: value low high approx percent unit start end (all optional)

# canonical unit id -> (dimension, factor to the dimension's base); the peers' unit names map onto these
UNITS = {
    "m": ("length", 1), "km": ("length", 1e3), "m2": ("area", 1), "km2": ("area", 1e6), "ha": ("area", 1e4),
    "mu": ("area", 10000 / 15), "m3": ("volume", 1), "t": ("mass", 1e3), "kg": ("mass", 1), "g": ("mass", 1e-3),
    "t_steam": ("boiler", 1), "ug/m3": ("concentration", 1), "t/(km2*month)": ("deposition", 1),
    "pp": ("pp", 1), "second": ("time", 1), "minute": ("time", 60), "hour": ("time", 3600), "day": ("time", 86400),
    "person": ("person", 1), "vehicle": ("vehicle", 1), "yuan": ("money", 1), "yuan/km2": ("money/area", 1),
    "yuan/person": ("money/person", 1), "%": ("percent", 1),
}
RT_UNITS = {"Cubic meter": "m3", "Kilometer": "km", "Meter": "m", "Square meter": "m2", "Square kilometer": "km2",
            "Hectare": "ha", "Mu": "mu", "Ton": "t", "Kilogram": "kg", "Gram": "g", "Chinese yuan": "yuan"}


# ---------------------------------------------------------------- scoring

def _close(a: Any, b: float) -> bool:
    return isinstance(a, (int, float)) and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _anchor(ans: dict, v: float) -> bool:
    return any(_close(ans.get(k), v) for k in ("value", "low", "high"))


def _same_qty(ans: dict, exp: dict, anchor: bool = False) -> bool:
    u, e = UNITS.get(ans.get("unit") or ""), UNITS[exp["unit"]]
    if u is None or u[0] != e[0]:
        return False
    want = exp["value"] * e[1] / u[1]
    return _anchor(ans, want) if anchor else _close(ans.get("value"), want) and not _ranged(ans)


def _ranged(ans: dict) -> bool:
    lo, hi = ans.get("low"), ans.get("high")
    return lo is not None and hi is not None and not _close(lo, hi)


def check(case: dict, ans: Answer, lenient: bool = False) -> bool:
    """Is *ans* (a library's output in neutral form) right for *case*? ``lenient``: approx without the flag."""
    cat, exp = case["category"], case["expected"]
    if cat == "non_numbers":
        return ans is None
    if ans is None:
        return False
    if cat == "fractions" and ans.get("percent") and isinstance(ans.get("value"), (int, float)):  # 一半 = 50 %
        return _close(ans["value"] / 100, exp) and not _ranged(ans)
    if cat in ("chinese_integers", "arabic_scale", "fractions"):
        return _close(ans.get("value"), exp) and not _ranged(ans) and not ans.get("percent")
    if cat == "approx":
        return _anchor(ans, exp["value"]) and (lenient or bool(ans.get("approx")))
    if cat == "ranges":
        return _close(ans.get("low"), exp[0]) and _close(ans.get("high"), exp[1])
    if cat == "percentages":
        return bool(ans.get("percent")) and _close(ans.get("value"), exp["percent"]) and not _ranged(ans)
    if cat in ("money", "quantities_with_units"):
        return _same_qty(ans, exp)
    if cat == "dates":
        same_end = ans.get("end") == exp["end"]
        return same_end if case.get("match") == "end" else same_end and ans.get("start") == exp["start"]
    raise ValueError(f"check: unknown category {cat!r} in case {case.get('id')!r}")


def load_cases(path: Path = CASES) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cases"]


# ---------------------------------------------------------------- govie

def govie_adapter(category: str) -> tuple[Callable, Callable]:
    """(call, convert) for govie in *category*."""
    from govie.normalize import parse_date, parse_number, parse_quantity

    def num(n: Any) -> Answer:
        if n is None:
            return None
        unit = getattr(n, "unit", None)
        return {"value": n.value, "low": n.low, "high": n.high, "approx": n.approx,
                "percent": getattr(n, "percent", False) or unit == "%", "unit": unit}

    if category == "dates":
        def call(c: dict) -> Any:
            return parse_date(c["input"], year=c["year"])
        return call, lambda r, c: None if r is None else {"start": r.start.isoformat(), "end": r.end.isoformat()}
    if category in ("money", "quantities_with_units"):
        return (lambda c: parse_quantity(c["input"])), (lambda r, c: num(r))
    if category == "percentages":
        return (lambda c: parse_number(c["input"])), (lambda r, c: num(r))
    if category == "non_numbers":  # a span of unknown kind: parse_quantity, govie's one call for any
        return (lambda c: parse_quantity(c["input"])), (lambda r, c: num(r))  # number-like span
    # number categories: the number parser, then the quantity parser for spans with a classifier (五六个)
    return (lambda c: parse_number(c["input"]) or parse_quantity(c["input"])), (lambda r, c: num(r))


def govie_clear_caches() -> None:
    """Clear govie.normalize's per-input result caches (lru_cache with a size), keep loaded lexicons."""
    import govie.normalize as gn
    for mod in [m for name, m in sys.modules.items() if name.startswith(gn.__name__)]:
        for obj in list(vars(mod).values()):
            info = getattr(obj, "cache_info", None)
            if info is not None and info().maxsize is not None:
                obj.cache_clear()


# ---------------------------------------------------------------- peers

_NUM = re.compile(r"-?\d+(?:\.\d+)?")


def _read_canonical(s: Any) -> Answer:
    """cn2an.transform output that is one canonical number: '30%', '1/3', '12.5'."""
    if isinstance(s, (int, float)):
        return {"value": float(s)}
    s = str(s).strip()
    if _NUM.fullmatch(s):
        return {"value": float(s)}
    if s.endswith("%") and _NUM.fullmatch(s[:-1]):
        return {"value": float(s[:-1]), "percent": True}
    m = re.fullmatch(r"(\d+)/(\d+)", s)
    return {"value": int(m[1]) / int(m[2])} if m and int(m[2]) else None


def cn2an_adapter(category: str, mode: str, transform: bool) -> Optional[tuple[Callable, Callable]]:
    if category in ("money", "quantities_with_units", "dates"):
        return None  # cn2an converts numerals only: no unit, currency or date resolution
    import cn2an

    def call(c: dict) -> Any:
        try:
            return cn2an.cn2an(c["input"], mode)
        except ValueError:
            if not transform:
                raise
            return cn2an.transform(c["input"], "cn2an")
    return call, lambda r, c: _read_canonical(r)


def _jio_money(r: dict, c: dict) -> Answer:
    num, approx = r["num"], r.get("definition", "accurate") != "accurate"
    unit = "yuan" if r.get("case") == "元" else r.get("case")
    if isinstance(num, list):
        lo, hi = float(num[0]), float(num[1])
        return {"value": (lo + hi) / 2, "low": lo, "high": hi, "approx": True, "unit": unit}
    return {"value": float(num), "approx": approx, "unit": unit}


def _jio_date(r: dict, c: dict) -> Answer:
    if r.get("type") not in ("time_point", "time_span"):
        return None
    a, b = r["time"]
    day = (lambda s: s[:10] if re.match(r"\d{4}-\d\d-\d\d", s) else None)
    return {"start": day(a), "end": day(b)}


def jionlp_adapter(category: str, base: str, future: bool) -> Optional[tuple[Callable, Callable]]:
    if category in ("percentages", "fractions", "quantities_with_units"):
        return None  # parse_money refuses them; JioNLP has no percentage, fraction or unit parser
    import jionlp
    if category == "dates":
        def call(c: dict) -> Any:
            y = c["year"]
            tb = {"dec31": dt.datetime(y, 12, 31), "jul1": dt.datetime(y, 7, 1), "year": {"year": y}}[base]
            return jionlp.parse_time(c["input"], time_base=tb, ret_future=future)
        return call, _jio_date
    # JioNLP has no public number parser: parse_money is its numeral/amount parser (bare numerals are accepted)
    return (lambda c: jionlp.parse_money(c["input"])), _jio_money


def _rt_pick(results: list, text: str, policy: str) -> list:
    if policy == "whole":
        want = re.sub(r"\s+", "", text).lower()
        return [r for r in results if re.sub(r"\s+", "", r.text).lower() == want]
    return sorted(results, key=lambda r: -len(r.text))


def _rt_value(r: Any) -> Optional[float]:
    v = (r.resolution or {}).get("value")
    if v is None:
        return None
    return float(str(v).rstrip("%"))


def _rt_date(res: dict, year: int) -> Answer:
    vals = (res or {}).get("values") or []

    def span(v: dict) -> tuple[Optional[str], Optional[str]]:
        if v.get("type") in ("date", "datetime") and v.get("value"):
            d = v["value"][:10]
            return d, d
        a, b = v.get("start"), v.get("end")
        a = a[:10] if a else None
        if b:
            e = dt.date.fromisoformat(b[:10])
            if v.get("type") == "daterange" or b[10:].strip() in ("", "00:00:00"):
                e -= dt.timedelta(days=1)  # Recognizers-Text range ends are exclusive
            b = e.isoformat()
        return a, b
    spans = [span(v) for v in vals]
    if not spans:
        return None
    same = [s for s in spans if (s[0] or s[1] or "")[:4] == str(year)]
    a, b = (same or spans)[0]
    return {"start": a, "end": b}


def _rt_qty(r: list, c: dict, policy: str) -> Answer:
    for x in _rt_pick(r, c["input"], policy):
        res = x.resolution or {}
        if x.type_name.endswith("duration"):  # 16740小时: a datetime duration, in seconds
            v = (res.get("values") or [{}])[0].get("value")
            if v is not None:
                return {"value": float(v), "unit": "second"}
        elif res.get("value") is not None:
            return {"value": _rt_value(x), "unit": RT_UNITS.get(res.get("unit"), res.get("unit"))}
    return None


@functools.cache
def _rt_models() -> dict[str, Any]:
    """Recognizers-Text models for Chinese, built once (the recognize_* helpers rebuild them on every call)."""
    from recognizers_date_time import DateTimeRecognizer
    from recognizers_number import NumberRecognizer
    from recognizers_number_with_unit import NumberWithUnitRecognizer
    from recognizers_suite import Culture
    zh = Culture.Chinese
    num, unit = NumberRecognizer(zh), NumberWithUnitRecognizer(zh)
    return {"number": num.get_number_model(zh), "percentage": num.get_percentage_model(zh),
            "currency": unit.get_currency_model(zh), "dimension": unit.get_dimension_model(zh),
            "datetime": DateTimeRecognizer(zh).get_datetime_model(zh)}


def rt_adapter(category: str, policy: str, ref: str = "dec31") -> tuple[Callable, Callable]:
    """Recognizers-Text models (same results as recognize_number & co. with Culture.Chinese)."""
    m = _rt_models()
    if category == "dates":
        def call(c: dict) -> Any:
            when = dt.datetime(c["year"], 12, 31) if ref == "dec31" else dt.datetime(c["year"], 7, 1)
            return m["datetime"].parse(c["input"], when)

        def conv(r: list, c: dict) -> Answer:
            picked = _rt_pick(r, c["input"], policy)
            return _rt_date(picked[0].resolution, c["year"]) if picked else None
        return call, conv
    if category == "percentages":
        return (lambda c: m["percentage"].parse(c["input"])), (
            lambda r, c: next(({"value": _rt_value(x), "percent": True} for x in _rt_pick(r, c["input"], policy)), None))
    if category == "money":
        return (lambda c: m["currency"].parse(c["input"])), (lambda r, c: _rt_qty(r, c, policy))
    if category == "quantities_with_units":
        def call(c: dict) -> Any:  # dimension, then currency (元/人), then a datetime duration (小时)
            for name in ("dimension", "currency", "datetime"):
                found = m[name].parse(c["input"])
                if _rt_qty(found, c, policy) is not None:
                    return found
            return []
        return call, (lambda r, c: _rt_qty(r, c, policy))

    def conv_num(r: list, c: dict) -> Answer:
        picked = _rt_pick(r, c["input"], policy)
        if category == "ranges" and policy == "any" and len(r) >= 2:  # no range model in Python: first..last
            lo, hi = _rt_value(r[0]), _rt_value(r[-1])
            return {"value": None, "low": lo, "high": hi}
        return {"value": _rt_value(picked[0])} if picked else None
    return (lambda c: m["number"].parse(c["input"])), conv_num


# library -> mode name -> factory(category) -> (call, convert) or None (n/a)
MODES: dict[str, dict[str, Callable]] = {
    "govie": {"default": govie_adapter},
    "cn2an": {f"{m}{'+transform' if t else ''}": (lambda cat, m=m, t=t: cn2an_adapter(cat, m, t))
              for t in (False, True) for m in ("smart", "normal", "strict")},
    "JioNLP": {f"base={b},future={f}": (lambda cat, b=b, f=f: jionlp_adapter(cat, b, f))
               for b in ("dec31", "jul1", "year") for f in (False, True)},
    "Recognizers-Text": {f"{p},ref={r}": (lambda cat, p=p, r=r: rt_adapter(cat, p, r))
                         for p in ("any", "whole") for r in ("dec31", "jul1")},
}


def _mode_relevant(lib: str, mode: str, category: str) -> bool:
    """Modes that only change date handling are scored once for the other categories."""
    if category == "dates":
        return True
    if lib == "JioNLP":
        return mode == "base=dec31,future=False"
    if lib == "Recognizers-Text":
        return mode.endswith("ref=dec31")
    return True


def _mode_label(lib: str, mode: str, category: str) -> str:
    if category == "dates" or lib in ("govie", "cn2an"):
        return mode
    return "parse_money" if lib == "JioNLP" else mode.split(",")[0]


FUNCTIONS = {
    "govie": "parse_number, then parse_quantity for a span with a classifier (五六个), in the number categories; "
             "parse_quantity alone (one call for any number-like span) for non_numbers, where parse_number then "
             "parse_quantity measured 1.05× cn2an's cold time; parse_quantity for money and units; "
             "parse_date(text, year=case year)",
    "cn2an": "cn2an.cn2an(text, mode) for modes smart/normal/strict; '+transform': on ValueError, "
             "cn2an.transform(text, 'cn2an') read only when it returns one canonical number ('30%', '1/3', '12.5')",
    "JioNLP": "jionlp.parse_money (its numeral/amount parser, also for bare numbers: JioNLP has no number "
              "parser and no extract_number; extract_money only finds spans) and jionlp.parse_time(text, "
              "time_base=Dec 31 / Jul 1 / {'year': Y} of the case year, ret_future=False/True)",
    "Recognizers-Text": "Culture.Chinese models built once (what recognize_number / recognize_percentage / "
                        "recognize_currency / recognize_dimension / recognize_datetime rebuild on every call): "
                        "number, percentage, currency, dimension (then currency, then a datetime duration for "
                        "小时/分钟), datetime with reference Dec 31 / Jul 1 of the case year. Span policy 'any': "
                        "the longest entity found anywhere in the input (ranges: first and last number, as the "
                        "Python port has no range model); 'whole': only an entity covering the whole input",
}


# ---------------------------------------------------------------- running

def _short(raw: Any) -> str:
    """A short repr of a library's output (Recognizers-Text results as text/type/resolution)."""
    if isinstance(raw, list) and raw and hasattr(raw[0], "resolution"):
        raw = [(r.text, r.type_name, r.resolution) for r in raw]
    return repr(raw)[:160]


def run_case(call: Callable, conv: Callable, case: dict) -> tuple[Answer, str]:
    """A library's answer to one case, in neutral form, and a short repr of what it returned."""
    try:
        raw = call(case)
    except Exception as e:  # noqa: BLE001 - a peer's exception is a wrong answer
        return None, f"{type(e).__name__}: {str(e)[:60]}"
    try:
        return conv(raw, case), _short(raw)
    except Exception as e:  # noqa: BLE001
        return None, f"unmappable {_short(raw)} ({type(e).__name__})"


def score(cases: list[dict], call: Callable, conv: Callable) -> dict:
    rows = []
    for c in cases:
        ans, raw = run_case(call, conv, c)
        rows.append({"id": c["id"], "input": c["input"], "expected": c["expected"], "answer": ans, "raw": raw,
                     "ok": check(c, ans), "ok_lenient": check(c, ans, lenient=True)})
    n = len(rows)
    return {"n": n, "correct": sum(r["ok"] for r in rows), "accuracy": sum(r["ok"] for r in rows) / n,
            "accuracy_lenient": sum(r["ok_lenient"] for r in rows) / n, "rows": rows}


def timeit(jobs: dict[str, tuple[list[dict], Callable, Optional[Callable]]], reps: int) -> dict[str, dict]:
    """Median µs per expression over *reps* passes, cold (caches cleared before each pass) and warm.

    *jobs* maps a library to (cases, call, clear). The libraries take turns pass by pass
    (round robin), so a change in the machine's load during the run falls on all of them alike.
    """
    def one_pass(cases: list[dict], call: Callable, clear: Optional[Callable], cold: bool) -> float:
        if cold and clear:
            clear()
        t0 = time.perf_counter()
        for c in cases:
            try:
                call(c)
            except Exception:  # noqa: BLE001
                pass
        return (time.perf_counter() - t0) / len(cases) * 1e6
    for cases, call, _ in jobs.values():
        try:
            call(cases[0])  # load models / lexicons outside the timed passes
        except Exception:  # noqa: BLE001
            pass
    times: dict[str, dict[str, list[float]]] = {lib: {"cold": [], "warm": []} for lib in jobs}
    for kind in ("cold", "warm"):
        for _ in range(reps + (kind == "warm")):
            for lib, (cases, call, clear) in jobs.items():
                times[lib][kind].append(one_pass(cases, call, clear, kind == "cold"))
    return {lib: {"cold_us": statistics.median(t["cold"]), "warm_us": statistics.median(t["warm"][1:])}
            for lib, t in times.items()}


def evaluate(reps: int) -> dict:
    cases = load_cases()
    by_cat = {k: [c for c in cases if c["category"] == k] for k in CATEGORIES}
    out: dict = {"libraries": {}, "n_cases": len(cases), "reps": reps,
                 "n_seed_cases": sum(c["source"].startswith("seed") for c in cases)}
    calls: dict[tuple[str, str], Callable] = {}
    for lib, modes in MODES.items():
        res = out["libraries"][lib] = {}
        for cat in CATEGORIES:
            scored = {}
            for mode, factory in modes.items():
                if not _mode_relevant(lib, mode, cat):
                    continue
                adapter = factory(cat)
                if adapter is None:
                    continue
                scored[mode] = (score(by_cat[cat], *adapter), adapter)
            if not scored:
                res[cat] = {"accuracy": None, "note": "n/a: no function for this category"}
                continue
            best = max(scored, key=lambda m: (scored[m][0]["accuracy"], scored[m][0]["accuracy_lenient"]))
            s, (call, _) = scored[best]
            res[cat] = {k: s[k] for k in ("n", "correct", "accuracy", "accuracy_lenient")}
            res[cat]["mode"] = _mode_label(lib, best, cat)
            res[cat]["all_modes"] = {_mode_label(lib, m, cat): round(v[0]["accuracy"], 4) for m, v in scored.items()}
            res[cat]["correct_by_mode"] = {m: v[0]["correct"] for m, v in scored.items()}
            calls[(lib, cat)] = call
            res[cat]["failures"] = [{k: r[k] for k in ("input", "expected", "answer", "raw")}
                                    for r in s["rows"] if not r["ok"]]
    for cat in CATEGORIES:
        jobs = {lib: (by_cat[cat], calls[(lib, cat)], govie_clear_caches if lib == "govie" else None)
                for lib in MODES if (lib, cat) in calls}
        for lib, speed in timeit(jobs, reps).items():
            out["libraries"][lib][cat]["speed"] = speed
    return out


# ---------------------------------------------------------------- reporting

def _same_mode(lib: str, mode: str, category: str) -> str:
    """The mode scored for *category* that behaves like *mode* (date-only options are scored once elsewhere)."""
    if _mode_relevant(lib, mode, category):
        return mode
    if lib == "JioNLP":
        return "base=dec31,future=False"
    return mode.split(",")[0] + ",ref=dec31"


def single_config(out: dict) -> dict:
    """Each peer held to one configuration for every category (the one with most correct answers overall),
    as a user would run it; the per-category table above lets each peer change mode per category."""
    libs, res = out["libraries"], {}
    for lib in LIBS[1:]:
        cats = [c for c in CATEGORIES if libs[lib][c].get("accuracy") is not None]
        total = {m: sum(libs[lib][c]["correct_by_mode"].get(_same_mode(lib, m, c), 0) for c in cats)
                 for m in MODES[lib]}
        best = max(total, key=lambda m: (total[m], m))
        per = {c: libs[lib][c]["correct_by_mode"][_same_mode(lib, best, c)] / libs[lib][c]["n"] for c in cats}
        res[lib] = {"mode": best, "correct": total[best], "n": sum(libs[lib][c]["n"] for c in cats),
                    "accuracy": per}
    verdicts = {}
    for cat in CATEGORIES:
        g = libs["govie"][cat]["accuracy"]
        peers = {lib: r["accuracy"][cat] for lib, r in res.items() if cat in r["accuracy"]}
        best = max(peers.values(), default=None)
        verdicts[cat] = {"govie_accuracy": g, "best_peer_accuracy": best, "accuracy": (
            "no peer" if best is None else "tied" if math.isclose(g, best) else "ahead" if g > best else "behind")}
    return {"peers": res, "verdict": verdicts}


def single_config_markdown(out: dict) -> list[str]:
    sc = out["single_config"]
    md = ["## One configuration per peer", "",
          "The table above lets each peer switch mode per category (cn2an `strict` for non_numbers, `smart` "
          "elsewhere), which no user of one call can do. Here each peer keeps the one configuration with the "
          "most correct answers over all its categories.", "",
          "| category | govie | " + " | ".join(f"{lib} `{sc['peers'][lib]['mode']}`" for lib in LIBS[1:])
          + " | govie vs best peer |", "|" + "---|" * (len(LIBS) + 2)]
    for cat in CATEGORIES:
        cells = [f"{sc['peers'][lib]['accuracy'][cat]:.2f}" if cat in sc["peers"][lib]["accuracy"] else "n/a"
                 for lib in LIBS[1:]]
        v = sc["verdict"][cat]
        md.append(f"| {cat} | {v['govie_accuracy']:.2f} | " + " | ".join(cells) + f" | {v['accuracy']} |")
    g = [out["libraries"]["govie"][c] for c in CATEGORIES]
    md.append(f"| all applicable (micro) | {sum(c['correct'] for c in g) / sum(c['n'] for c in g):.2f} | " + " | ".join(
        f"{sc['peers'][lib]['correct'] / sc['peers'][lib]['n']:.2f} of {sc['peers'][lib]['n']}" for lib in LIBS[1:])
        + " | |")
    return md + [""]

def verdict(out: dict, good: float = 0.9) -> dict:
    """Per category: govie's accuracy against the best peer's, and its µs against the fastest peer's
    (any peer, and any peer with accuracy >= *good*: a peer that raises at once is fast but useless)."""
    libs, res = out["libraries"], {}
    for cat in CATEGORIES:
        g = libs["govie"][cat]
        peers = {lib: libs[lib][cat] for lib in LIBS[1:] if libs[lib][cat].get("accuracy") is not None}
        best = max((c["accuracy"] for c in peers.values()), default=None)
        row: dict[str, Any] = {"govie_accuracy": g["accuracy"], "best_peer_accuracy": best, "accuracy": (
            "no peer" if best is None else "tied" if math.isclose(g["accuracy"], best)
            else "ahead" if g["accuracy"] > best else "behind")}
        for key in ("cold_us", "warm_us"):
            for tag, pool in (("", peers), ("_good_peer", {k: v for k, v in peers.items() if v["accuracy"] >= good})):
                if pool:
                    name = min(pool, key=lambda k: pool[k]["speed"][key])
                    ratio = g["speed"][key] / pool[name]["speed"][key]
                    row[key + tag] = {"fastest_peer": name, "govie_over_fastest": float(f"{ratio:.3g}"),
                                      "govie_not_slower": ratio <= 1.0}
        res[cat] = row
    return res


def _fmt_ratio(r: float) -> str:
    return "<0.001×" if r < 0.001 else f"{r:.2f}×" if r >= 0.1 else f"{r:.3f}×"


def _fmt_acc(cell: dict, lenient: bool = False) -> str:
    acc = cell.get("accuracy_lenient" if lenient else "accuracy")
    return "n/a" if acc is None else f"{acc:.2f}"


def _fmt_us(cell: dict, key: str) -> str:
    sp = cell.get("speed")
    return "n/a" if not sp else (f"{sp[key]:.0f}" if sp[key] >= 10 else f"{sp[key]:.1f}")


def table(out: dict) -> str:
    libs = out["libraries"]
    head = (["category", "n"] + [f"acc {lib}" for lib in LIBS] + [f"µs cold {lib}" for lib in LIBS]
            + [f"µs warm {lib}" for lib in LIBS])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for cat in CATEGORIES:
        row = [cat, str(libs["govie"][cat]["n"])] + [_fmt_acc(libs[lib][cat]) for lib in LIBS]
        row += [_fmt_us(libs[lib][cat], "cold_us") for lib in LIBS] + [_fmt_us(libs[lib][cat], "warm_us") for lib in LIBS]
        lines.append("| " + " | ".join(row) + " |")
    row = ["approx, anchor only†", str(libs["govie"]["approx"]["n"])]
    row += [_fmt_acc(libs[lib]["approx"], lenient=True) for lib in LIBS] + [""] * (2 * len(LIBS))
    lines.append("| " + " | ".join(row) + " |")
    tot = ["all applicable (micro)", str(out["n_cases"])]
    for lib in LIBS:
        cells = [c for c in libs[lib].values() if c.get("accuracy") is not None]
        n = sum(c["n"] for c in cells)
        tot.append(f"{sum(c['correct'] for c in cells) / n:.2f} of {n}" if n else "n/a")
    lines.append("| " + " | ".join(tot + [""] * (2 * len(LIBS))) + " |")
    return "\n".join(lines)


def markdown(out: dict) -> str:
    libs, ver = out["libraries"], out["verdict"]
    md = ["# Normalizer benchmark: govie vs cn2an, JioNLP, Recognizers-Text", "",
          f"{out['n_cases']} cases (evaluate/data/normalizer_cases.json, {out['n_seed_cases']} copied from the five "
          "seed reports); accuracy = match with the case's neutral expected value; speed = median µs per "
          f"expression over {out['reps']} passes of the whole category, library calls only; cold = govie's "
          "result caches cleared before each pass (the peers keep none). "
          + ", ".join(f"{k} {v}" for k, v in out["versions"].items()) + f"; {out['machine']}.", "",
          "Reproduce: `python3 -m venv .bench-venv && .bench-venv/bin/pip install cn2an==0.5.24 jionlp==1.5.31 "
          "recognizers-text-suite==1.0.2a2 \"emoji<1.0\" && .bench-venv/bin/python evaluate/normalizers_bench.py`", "",
          table(out), "",
          "n/a: no function for the category (cn2an: no money, unit or date resolution; JioNLP: no percentage, "
          "fraction or unit parser). An exception or empty output is wrong, except in non_numbers where refusing "
          "is the right answer (cn2an and JioNLP refuse everything that is not a clean numeral there). "
          "† approx scored on the anchor number alone, without the approximation flag that cn2an and "
          "Recognizers-Text do not have. Speeds of failing calls (an exception raised early) are included.", "",
          "## Verdict per category", "",
          "govie µs / fastest peer µs (below 1: govie faster); 'accurate peer': the fastest peer scoring ≥ 0.90.", "",
          "| category | accuracy (govie vs best peer) | cold vs any peer | cold vs accurate peer "
          "| warm vs any peer | warm vs accurate peer |", "|---|---|---|---|---|---|"]
    for cat, v in ver.items():
        sp = [f"{_fmt_ratio(v[k]['govie_over_fastest'])} ({v[k]['fastest_peer']})" if k in v else "–"
              for k in ("cold_us", "cold_us_good_peer", "warm_us", "warm_us_good_peer")]
        best = "–" if v["best_peer_accuracy"] is None else f"{v['best_peer_accuracy']:.2f}"
        md.append(f"| {cat} | {v['accuracy']} ({v['govie_accuracy']:.2f} vs {best}) | " + " | ".join(sp) + " |")
    md += [""] + single_config_markdown(out)
    md += ["## Functions and modes", ""]
    for lib in LIBS:
        md.append(f"- **{lib}**: {FUNCTIONS[lib]}.")
        modes = {cat: libs[lib][cat]["mode"] for cat in CATEGORIES if libs[lib][cat].get("mode")}
        if lib != "govie":
            md.append("  Best mode: " + "; ".join(f"{c} `{m}`" for c, m in modes.items()) + ".")
    md += ["", "## govie failures", "", "| category | input | expected | got |", "|---|---|---|---|"]
    for cat in CATEGORIES:
        for f in libs["govie"][cat].get("failures", []):
            md.append(f"| {cat} | {f['input']} | {json.dumps(f['expected'], ensure_ascii=False)} | "
                      f"{f['raw'].replace('|', '/')} |")
    return "\n".join(md) + "\n"


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version
    out = {"python": platform.python_version()}
    for name in ("cn2an", "jionlp", "recognizers-text-suite"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def main(argv: Optional[list[str]] = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=25, help="timed passes per category (median)")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")  # cn2an warns on every unparsable input; printing would skew its timings
    out = evaluate(args.reps)
    out["verdict"] = verdict(out)
    out["single_config"] = single_config(out)
    out["versions"] = _versions()
    out["machine"] = f"{platform.machine()}, {platform.system()}, Python {platform.python_version()}"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "normalizers_bench.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    (RESULTS / "normalizers_bench.md").write_text(markdown(out), encoding="utf-8")
    print(table(out))
    print(f"\nwrote {RESULTS / 'normalizers_bench.json'} and .md")
    return out


if __name__ == "__main__":
    main()
