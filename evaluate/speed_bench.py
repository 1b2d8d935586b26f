"""Tagging speed: govie's Tagger against ``transformers.pipeline("token-classification")``.

Both run the same weights on the same texts in the same process: every field text
of the five seed reports (the strings ``govie extract`` tags), cut into pieces of
at most ``max_length - 2`` characters so that the pipeline, which has no windowing
of its own here, sees what the Tagger's windows see. Timed after one warm-up pass;
best of ``--repeat`` runs; ``torch.set_num_threads(--threads)``.

Rows: the pipeline (batch_size 1, its default, and batch_size 32), the Tagger in
float32, the Tagger with int8 dynamic quantization (torch), the Tagger on ONNX
Runtime in float32 and int8 (when ``govie[onnx]`` is installed), and the shipped configuration
(the model's own quantize/combine settings, rules included: what ``govie.extract``
runs). The last column is the span-level F1 of each model-only row against the
float32 Tagger's spans (of the shipped int8 ONNX row against the shipped row):
what a faster row costs in fidelity. Run it on an
otherwise idle machine:

    python evaluate/speed_bench.py --model models/govie-zh-small

Writes ``evaluate/results/speed_bench.json`` and ``.md``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def corpus(piece: int) -> list[str]:
    from govie.records import read_records
    from govie.read import read_source
    from govie.tag.tagging import field_views

    texts = []
    for path in sorted((ROOT / "annotations" / "raw").glob("*.txt")):
        src = read_source(path)
        for _, tm in field_views(src.text, read_records(src.text).records):
            text = tm.norm
            texts.extend(text[k:k + piece] for k in range(0, len(text), piece))
    return [t for t in texts if t.strip()]


SHIPPED = "govie Tagger as shipped (govie.json settings, rules combined)"


def timed(fn, texts: list[str], repeat: int) -> tuple[float, list]:
    """Best wall time of ``fn(texts)`` over *repeat* runs, after a warm-up, and the last output."""
    fn(texts[:64])  # warm-up
    best, out = float("inf"), []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn(texts)
        best = min(best, time.perf_counter() - t)
    return best, out


def agreement(got: list, ref: list) -> float:
    """Span-level F1 of *got* against *ref* (same texts): (start, end, label) must match exactly."""
    a = {(i, s.start, s.end, s.label) for i, spans in enumerate(got) for s in spans}
    b = {(i, s.start, s.end, s.label) for i, spans in enumerate(ref) for s in spans}
    return round(2 * len(a & b) / (len(a) + len(b)), 4) if a or b else 1.0


def onnx_rows(model: str) -> dict:
    """The ONNX Runtime rows, or {} when onnxruntime is not installed (the table says so)."""
    from govie.errors import ModelError
    from govie.model import Tagger

    try:
        return {"govie Tagger float32, ONNX Runtime": Tagger.load(model, quantize=False, combine=False,
                                                                  backend="onnx").predict_batch,
                "govie Tagger int8, ONNX Runtime": Tagger.load(model, quantize=True, combine=False,
                                                               backend="onnx").predict_batch}
    except ModelError as exc:
        print(f"ONNX rows skipped: {exc}", file=sys.stderr)
        return {}


def main(argv: list[str] | None = None) -> dict:
    import torch
    import transformers
    from transformers import pipeline

    from govie.model import Tagger

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(ROOT / "models" / "govie-zh-small"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--tag", default="", help="results file suffix: speed_bench_<tag>.json")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    fp32 = Tagger.load(args.model, quantize=False, combine=False)
    texts = corpus(fp32.max_length - 2)
    chars = sum(map(len, texts))
    pipe1 = pipeline("token-classification", model=fp32.model, tokenizer=fp32.tokenizer, device=-1,
                     aggregation_strategy="simple")
    rows_onnx = onnx_rows(args.model)
    rows = {
        "transformers.pipeline (batch_size=1)": lambda ts: pipe1(ts),
        "transformers.pipeline (batch_size=32)": lambda ts: pipe1(ts, batch_size=32),
        "govie Tagger float32": fp32.predict_batch,
        "govie Tagger int8": Tagger.load(args.model, quantize=True, combine=False).predict_batch,
        **rows_onnx,
        SHIPPED: Tagger.load(args.model).predict_batch,
        **({"govie Tagger as shipped, int8 on ONNX Runtime": Tagger.load(args.model, quantize=True,
                                                                          backend="onnx").predict_batch}
           if any("ONNX" in k for k in rows_onnx) else {}),
    }
    results, ref = {}, {}
    for name, fn in rows.items():
        sec, spans = timed(fn, texts, args.repeat)
        results[name] = {"seconds": round(sec, 3), "chars_per_s": round(chars / sec)}
        kind = "shipped" if "shipped" in name else "float32"
        if name in ("govie Tagger float32", SHIPPED):
            ref[kind] = spans
        if kind in ref and name.startswith("govie"):
            results[name]["agreement_f1"] = agreement(spans, ref[kind])
        print(f"{name}: {chars / sec:,.0f} chars/s", flush=True)
    base = results["transformers.pipeline (batch_size=1)"]["chars_per_s"]
    for r in results.values():
        r["x_pipeline_bs1"] = round(r["chars_per_s"] / base, 2)
    out = {"command": "python evaluate/speed_bench.py " + " ".join(argv if argv is not None else sys.argv[1:]),
           "model": os.path.relpath(args.model, ROOT), "texts": len(texts), "chars": chars,
           "threads": args.threads, "cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
           "torch": torch.__version__, "transformers": transformers.__version__, "results": results}
    res = ROOT / "evaluate" / "results"
    stem = "speed_bench" + (f"_{args.tag}" if args.tag else "")
    (res / f"{stem}.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    lines = ["# Tagging speed", "", f"`{out['command']}` — {len(texts)} texts, {chars:,} characters, "
             f"{args.threads} threads, torch {torch.__version__}, transformers {transformers.__version__}", "",
             "| tagger | seconds | chars/s | × pipeline (bs 1) | spans agree with float32 / shipped (F1) |",
             "|---|---|---|---|---|"]
    lines += [f"| {k} | {v['seconds']} | {v['chars_per_s']:,} | {v['x_pipeline_bs1']} | {v.get('agreement_f1', '—')} |"
              for k, v in results.items()]
    if not any("ONNX" in k for k in results):
        lines += ["", "ONNX Runtime rows: not run (onnxruntime not installed; `pip install \"govie[onnx]\"`)."]
    (res / f"{stem}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":
    main()
