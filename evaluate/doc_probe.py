"""Whole reports of other regions, end to end: records, targets, reported values, attainment.

Helpers wrote ten short reports in the layouts common outside the seed corpus (labelled lines,
``；``-separated parts, pipe and tab tables, numbered paragraphs, narratives; 2021-2024, ten
provinces) and, for each quantitative target, the value reported against it and the attainment
the spec gives (``evaluate/data/doc_probes/{A,B}/NN.txt`` + ``NN.json``), reading only
SCHEMA.md and GUIDELINES.md. Each expected target is looked up in ``govie.extract``'s ledger by
its value (within 0.2 %); found, its constraint, reported value and attainment are compared.

Scores (attainment right of 61 targets): 28 (.46) at ffc0050, the seventh session's start; 36
(.59) at 6fcd118 after that session's labelled and tab-table readers, before these reports were
read; then rules from their misses (target and progress roles in running text, a status after a
target, 已完成全年建设任务 joins the year's plan, labels opened by a period, implied comparators, the
ledger's amount before the share stated of it, unit columns): 55 (.90, optimistic).
``evaluate/results/doc_probes.json`` holds the latest run.

Sets C and D (ten more reports, 66 targets, Jiangxi, Yunnan, Heilongjiang, Hainan, Shaanxi, Hebei,
Anhui, Guizhou, Xinjiang, Zhejiang; written after the rules above and scored before being read):
attainment right 21 (.32) at ffc0050 and 45 (.68) at c54db15
(``evaluate/results/doc_probes_CD_ffc0050.json``, ``doc_probes_CD_c54db15.json``): the held-out
figure for this session's reader, role and link changes. Then rules from their misses (配合单位,
备注, 得分 lines skipped; 年度指标值 a target label; numbered items with a bracketed target; a
numbered line opens a paragraph; a date past a comma does not date a value; 完成年度计划的N% is
no planned amount): 60/66 on C and D, 115/127 on all four sets (optimistic).

Sets E and F (ten more: five HTML pages of Guangdong, Fujian, Jiangsu, Shandong, Henan with
tables, rowspans and labelled paragraphs; five .txt of Liaoning, Jilin, Inner Mongolia, Qinghai,
Tibet with space-aligned tables, two-line tasks, one-line 民生实事 items; 60 targets), written after
all of the above and scored before being read: attainment right 23 (.38) at ffc0050 and 46 (.77)
at f366564 (``evaluate/results/doc_probes_EF_*.json``); then space-aligned tables under a header
row (F/01, 0 of 6 before), values stated 分别 after a list of names take those names, 提出 is
target wording: 170 of 187 on all six sets (optimistic).

Sets G and H (ten more, 66 targets, eighth session: Hunan, Hubei, Sichuan, Shaanxi, Gansu; Guangdong,
Jiangsu, Shandong, Hebei, Heilongjiang; tab and pipe tables with 完成率 columns, two Word documents, HTML
tables and paragraphs with page furniture, labelled lines with 完成率 labels, narratives with 由…牵头
frames and two targets in one comma-separated sentence) were scored before being read: attainment right
60 (.91) at 160cd3a, the session's start, and 61 (.92) at 06badcd after that session's ratio-column
and comma-target changes (``evaluate/results/doc_probes_GH_*.json``). Then rules from their misses (为
before the target's wording is no EQ, plain under-way words state nothing, 实际利用 is no progress cue,
targets in other units after a comma, 其中 marks a part, a web page's title after its furniture): 66/66
on G and H, 239 of 253 on all eight sets (optimistic).

Sets I and J (ten more, 62 targets: Zhejiang, Anhui, Jiangxi, Guangxi, Chongqing; Jilin, Liaoning,
Shanxi, Henan, Hainan; a year-end table with 指标值 / 实际完成值 / 责任科室 columns, a quarterly report,
an HTML table with a rowspan, a Word table, narratives listing several targets in one sentence),
written after all of the above and scored before being read: attainment right 50 (.81) at 160cd3a
and 49 (.79) at 3dd37bb (``evaluate/results/doc_probes_IJ_*.json``: this session's changes fixed the
为 constraints but two year-end values after a second target were lost). Then from their misses:
指标值 heads a target column and 责任科室 a lead-unit one, 年初…确定 is target wording, after a comma a
value is progress only of a target in its unit and of a like indicator (not after 其中), a status
joins the target that stands between it and an earlier value: 62/62 on I and J, 307 of 315 on all
fifty (optimistic).

Sets K and L (ninth session, 79 targets: five Beijing districts other than Xicheng; Fujian, Sichuan,
Shandong (GBK), Hubei, Xinjiang) were scored before being read: 60 (.76) at 62fb471, the session's
start, 64 (.81) after its first status and date changes (``doc_probes_KL_*.json``). Sets M and N (86
targets, written after the rules from K and L: five Xicheng reports in its own five layouts; Tianjin,
Hebei with CRLF line ends, Chongqing, Hunan, Ningxia): 64 (.74) at 62fb471, 82 (.95) at 7fba1ec
before being read (``doc_probes_MN_*.json``); then from their misses (values stated 分别 after a
sentence's targets, a value right after its plan, a consistent stated share on a rate, dates past the
period): 84/86, 470 of 480 on all seventy (optimistic).

Sets O and P (84 targets: Xicheng 2017 and 2020, Chaoyang, Haidian, Fengtai; Jiangxi HTML, Shanxi
prose, Yunnan labelled lines, Gansu GB18030 self-evaluation, Heilongjiang quarterly report): O 30 of 45
at 62fb471 and at 7a1bf90 alike, P 32 of 39 at 62fb471 and 35 at 7a1bf90, before being read
(``doc_probes_O_*.json``, ``doc_probes_P_*.json``); then from their misses (PDF header cells one per
block, a header repeated after a page break, extracts of a longer table numbered 12, 13…, a share
without a value joins the target before it): O 45/45, P 37/39, 552 of 564 on all eighty (optimistic).

By default every set under ``evaluate/data/doc_probes`` is scored; ``--data DIR`` scores any folder
of such ``*/NN.json`` expectations.

    python evaluate/doc_probe.py [--out evaluate/results/doc_probes.json] [-v]
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "evaluate" / "data" / "doc_probes"


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _close(a, b) -> bool:
    if _missing(a) or _missing(b):
        return _missing(a) and _missing(b)
    return math.isclose(float(a), float(b), rel_tol=2e-3, abs_tol=1e-6)


def score_report(expected: dict, report) -> dict:
    """Counts for one report and the misses, as dicts."""
    df = report.to_dataframe()
    period = [d.isoformat() for d in report.period] if report.period else None
    out = {"file": expected["file"], "records": [len(report.records), expected["records"]],
           "period_right": period == expected["period"], "targets": len(expected["targets"]),
           "found": 0, "constraint": 0, "reported": 0, "attainment": 0, "misses": []}
    used: set = set()
    for t in expected["targets"]:
        rows = [i for i, row in df.iterrows() if i not in used and _close(row["target_value"], t["target_value"])]
        if not rows:
            out["misses"].append({"target": t["target_text"], "why": "no ledger row with this target value"})
            continue
        used.add(rows[0])
        row = df.loc[rows[0]]
        out["found"] += 1
        words = str(row["constraint"]).split() if not _missing(row["constraint"]) else []
        got_c = words[0] if words and not words[0][0].isdigit() else ""
        att = row["attainment"] if isinstance(row["attainment"], str) else "unknown"
        checks = {"constraint": got_c == t["constraint"],
                  "reported": _close(row["progress_value"], t["reported_value"])
                  or (t["reported_value"] is None and att == t["attainment"] == "met"),
                  "attainment": att == t["attainment"]}
        for k, ok in checks.items():
            out[k] += ok
        if not all(checks.values()):
            out["misses"].append({"target": t["target_text"], "expected": {k: t[k] for k in ("constraint", "reported_value", "attainment")},
                                  "got": {"constraint": got_c, "reported_value": None if _missing(row["progress_value"]) else float(row["progress_value"]),
                                          "attainment": att}})
    return out


def main(argv: list[str] | None = None) -> dict:
    import govie

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--out", default=None, help="write the scores (JSON)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    args = ap.parse_args(argv)
    reports = []
    for exp_path in sorted(Path(args.data).glob("*/*.json")):
        expected = json.loads(exp_path.read_text(encoding="utf-8"))
        res = score_report(expected, govie.extract(str(exp_path.with_name(expected["file"]))))
        res["file"] = f"{exp_path.parent.name}/{expected['file']}"
        reports.append(res)
        if args.verbose:
            for m in res["misses"]:
                print(f"{res['file']}: {m}")
    keys = ("targets", "found", "constraint", "reported", "attainment")
    total = {k: sum(r[k] for r in reports) for k in keys}
    total["reports"] = len(reports)
    total["records_right"] = sum(r["records"][0] == r["records"][1] for r in reports)
    total["period_right"] = sum(r["period_right"] for r in reports)
    out = {"command": "python evaluate/doc_probe.py " + " ".join(argv if argv is not None else sys.argv[1:]),
           "total": total, "reports": reports}
    n = max(total["targets"], 1)
    print(f"{total['reports']} reports, {total['targets']} targets: found {total['found']}, constraint right "
          f"{total['constraint']}, reported value right {total['reported']}, attainment right {total['attainment']} "
          f"({total['attainment'] / n:.2f}); record count right in {total['records_right']}, period in {total['period_right']}")
    if args.out:
        Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":
    main()
