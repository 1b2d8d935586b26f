"""The training experiments of the token classifier on one GPU, in parallel processes.

On the 2-core CPU a 12-layer fold takes an estimated 40-65 minutes; on one GPU each
run is bound by Python and kernel launches, so many runs share the card at once
(one process each, ``OMP_NUM_THREADS=1``). Three stages, each a set of independent
processes with a time limit (a run cut by its limit is reported, the others kept):

1. LODO folds of the 12-layer char teacher (``train/e5char-teacher.toml``), of the
   4-layer ``train/e5char-small.toml`` and of ``train/scratch-tiny.toml``, with the
   longer step budgets a GPU allows (``STEPS``);
2. each fold's students distilled from that fold's teacher (``train/distill-student.toml``,
   ``train/distill-tiny.toml``); the teacher and the undistilled 4-layer model on all
   five reports, each for as many steps as the median best dev step of its folds;
3. the 4-layer student on all five reports, distilled from that teacher, for the
   median best step of its folds: the candidate to ship.

Every fold writes ``<work>/<name>/<doc>/heldout.jsonl`` (scored by
``evaluate/hybrid_lodo.py --work``); ``--out`` receives ``results.tar.gz`` (the LODO
JSONs, held-out predictions, model cards, logs) and the all-reports 4-layer models as
``student-all.tar.part-*`` and ``small-all.tar.part-*`` (``cat student-all.tar.part-* | tar x``).

The pretrained base comes from ``evaluate/make_char_base.py`` (``.gpu/e5-12``: the
12 e5 layers and character rows, identical to what ``e5char:`` builds from
``../shared``, which does not travel to the GPU machine).

    python evaluate/make_char_base.py --out .gpu/e5-12        # here, once
    python3 evaluate/gpu_lodo.py --out "$OUT"                 # on the GPU machine
    python evaluate/gpu_lodo.py --smoke --out /tmp/smoke      # the same flow, 2 steps a run, one fold, CPU
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDS = ("000", "001", "002", "003", "004")
BASE = 'model.base="e5char:.gpu/e5-12"'
# name -> (config, overrides): the GPU step budgets (the CPU runs were cut at 480-600 steps)
STEPS = {
    "e5char-teacher": ("train/e5char-teacher.toml", [BASE, "train.max_steps=2000", "train.eval_every=50",
                                                     "train.patience=8", "train.epochs=200"]),
    "e5char-small": ("train/e5char-small.toml", [BASE, "train.max_steps=2000", "train.eval_every=50",
                                                 "train.patience=8", "train.epochs=200"]),
    "scratch-tiny": ("train/scratch-tiny.toml", ["train.max_steps=4000", "train.eval_every=100",
                                                 "train.patience=8", "train.epochs=400"]),
    "distill-student": ("train/distill-student.toml", [BASE, "train.max_steps=2000", "train.eval_every=50",
                                                       "train.patience=8", "train.epochs=200"]),
    "distill-tiny": ("train/distill-tiny.toml", ["train.max_steps=4000", "train.eval_every=100",
                                                 "train.patience=8", "train.epochs=400"]),
}


def _env() -> dict[str, str]:
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", HF_HUB_OFFLINE="1",
               TRANSFORMERS_OFFLINE="1", CUBLAS_WORKSPACE_CONFIG=":4096:8", PYTHONUNBUFFERED="1",
               PYTHONPATH=str(ROOT), TQDM_DISABLE="1")
    return env


def _run_stage(jobs: dict[str, list[str]], logs: Path, limit: float) -> dict[str, str]:
    """Start every job, wait up to ``limit`` seconds, kill the rest; ``{job: "ok" | "failed (rc)" | "cut"}``."""
    procs = {}
    for name, cmd in jobs.items():
        fh = (logs / f"{name}.log").open("w")
        procs[name] = (subprocess.Popen(cmd, cwd=ROOT, env=_env(), stdout=fh, stderr=subprocess.STDOUT), fh)
    end, status = time.time() + limit, {}
    for name, (p, fh) in procs.items():
        try:
            rc = p.wait(timeout=max(1.0, end - time.time()))
            status[name] = "ok" if rc == 0 else f"failed ({rc})"
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            status[name] = "cut"
        fh.close()
    print(json.dumps(status), flush=True)
    return status


def _lodo_job(name: str, fold: str, work: Path, extra: list[str]) -> list[str]:
    config, sets = STEPS[name]
    cmd = [sys.executable, "evaluate/lodo.py", "--config", config, "--folds", fold, "--work", str(work),
           "--out", str(work / "results" / f"lodo_{name}_{fold}.json")]
    for s in sets + extra:
        cmd += ["--set", s]
    return cmd


def _train_job(name: str, out: Path, steps: int, extra: list[str]) -> list[str]:
    config, sets = STEPS[name]
    cmd = [sys.executable, "-m", "govie.model.train", "--config", config, "--output", str(out),
           "--set", 'data.split="annotations/splits/all.json"']
    for s in sets + extra + [f"train.max_steps={steps}", "train.eval_every=0"]:
        cmd += ["--set", s]
    return cmd


def best_step(work: Path, name: str, default: int) -> int:
    """Median over the finished folds of the step with the best dev F1 (``default`` if none finished)."""
    steps = []
    for fold in FOLDS:
        meta = work / name / fold / "govie.json"
        if meta.is_file():
            hist = json.loads(meta.read_text(encoding="utf-8")).get("history", [])
            if hist:
                steps.append(max(hist, key=lambda h: (h["dev_f1"], -h["step"]))["step"])
    return int(statistics.median(steps)) if steps else default


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="folder for results.tar.gz and the student parts")
    ap.add_argument("--work", default="/tmp/govie-gpu")
    ap.add_argument("--limits", default="230,200,90", help="seconds for stages 1,2,3")
    ap.add_argument("--smoke", action="store_true", help="2 steps a run, fold 000 only (checks the flow on CPU)")
    args = ap.parse_args(argv)
    work, out = Path(args.work), Path(args.out)
    for p in (work / "results", work / "logs", out):
        p.mkdir(parents=True, exist_ok=True)
    folds = FOLDS[:1] if args.smoke else FOLDS
    smoke = ["train.max_steps=2", "train.eval_every=1"] if args.smoke else []
    limits = [float(x) for x in args.limits.split(",")]
    t0, report = time.time(), {"stages": []}
    teacher = f'distill.teacher="{work}/e5char-teacher/{{fold}}"'

    s1 = {f"{n}-{f}": _lodo_job(n, f, work, smoke) for n in ("e5char-teacher", "e5char-small", "scratch-tiny")
          for f in folds}
    report["stages"].append(_run_stage(s1, work / "logs", limits[0]))
    t_steps = 2 if args.smoke else best_step(work, "e5char-teacher", 800)
    s2 = {f"{n}-{f}": _lodo_job(n, f, work, smoke + [teacher]) for n in ("distill-student", "distill-tiny")
          for f in folds if (work / "e5char-teacher" / f / "govie.json").is_file()}
    s2["teacher-all"] = _train_job("e5char-teacher", work / "teacher-all", t_steps, [])
    m_steps = 2 if args.smoke else best_step(work, "e5char-small", 800)
    s2["small-all"] = _train_job("e5char-small", work / "small-all", m_steps, [])
    report["stages"].append(_run_stage(s2, work / "logs", limits[1]))
    s_steps = 2 if args.smoke else best_step(work, "distill-student", 800)
    s3 = {}
    if (work / "teacher-all" / "govie.json").is_file():
        s3["student-all"] = _train_job("distill-student", work / "student-all", s_steps,
                                       [f'distill.teacher="{work}/teacher-all"'])
    report["stages"].append(_run_stage(s3, work / "logs", limits[2]))
    report.update(teacher_all_steps=t_steps, small_all_steps=m_steps, student_all_steps=s_steps,
                  seconds=round(time.time() - t0))
    (work / "results" / "gpu_report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")

    with tarfile.open(out / "results.tar.gz", "w:gz") as tar:
        for p in sorted(work.rglob("*")):  # no weights, no tokenizers
            if p.is_file() and p.suffix in (".json", ".jsonl", ".log", ".md") and p.name != "tokenizer.json":
                tar.add(p, arcname=str(p.relative_to(work)))
    for name in ("student-all", "small-all"):  # 4-layer models, ~21 MB: two parts each (15 MiB a file)
        if (work / name / "govie.json").is_file():
            with tarfile.open(work / f"{name}.tar", "w") as tar:
                tar.add(work / name, arcname=name)
            data = (work / f"{name}.tar").read_bytes()
            for k in range(0, len(data), 15 << 20):
                (out / f"{name}.tar.part-{k // (15 << 20)}").write_bytes(data[k:k + (15 << 20)])
    print(json.dumps(report), flush=True)
    return report


if __name__ == "__main__":
    main()
