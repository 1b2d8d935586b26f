"""Group the tagged, normalized spans of each clause into measurements.

A measurement is one stated value (or one status phrase) of one clause: a QTY with
its UNIT, the REL(s), METRIC, DATE and ORG that go with it. Its role comes from the
record field it sits in (target / progress); in reports without a target column
(narratives, results lists) from the wording, read left to right (:func:`_auto_roles`: 目标 力争
确保 计划 预期 or a bound → target, 已 累计 上半年 1-9月 → progress).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Iterable

from .link import similarity
from .schema import Field, Measurement, Record, Span

STATUS_KINDS = frozenset({"DONE", "EXCEEDED", "AHEAD", "ON_TRACK", "EXPECTED", "NOT_DONE", "DELAYED"})
POSTFIX_RELS = frozenset({"以上", "以内", "之内", "以下", "左右", "上下", "及以上", "以上水平"})
_TARGET_WORDING = re.compile(r"目标|力争|确保|计划|预期|预计达到|要求|提出|年初[^，。；]{0,12}确定|工作报告确定")
_TARGETLESS_LAYOUTS = frozenset({"narrative", "dimension", "paragraphs"})


def build_measurements(text: str, records: list[Record], spans: list[Span], *, layout: str = "") -> list[Measurement]:
    """Measurements of every record, in text order, ids ``m1, m2, …``."""
    from .clauses import split_clauses

    ordered = sorted(spans, key=lambda s: s.start)
    out: list[Measurement] = []
    seen: set[tuple[int, int]] = set()
    for rec in records:
        column_unit = next((s for s in ordered if rec.unit is not None and s.label == "UNIT"
                            and (s.start, s.end) == (rec.unit.start, rec.unit.end) and s.norm.get("unit")), None)
        for role, f in _role_fields(rec, layout):
            if (f.start, f.end) in seen:
                continue
            seen.add((f.start, f.end))
            for clause in split_clauses(text, f):
                inside = [s for s in ordered if s.start >= clause.start and s.end <= clause.end]
                r = role
                if role == "auto":
                    r = "target" if _TARGET_WORDING.search(_unmasked(text, clause.start, clause.end, inside)) else "progress"
                groups = group_clause(inside, text) if inside else []
                roles = _auto_roles(text, clause, groups, inside) if role == "auto" else [r] * len(groups)
                if role == "auto":
                    groups, roles = _split_statuses(text, groups, roles)
                first = len(out)
                for group, g_role in zip(groups, roles):
                    g_role = "target" if g_role == "progress" and planned(text, clause, group) else g_role
                    out.append(_measurement(f"m{len(out) + 1}", g_role, rec.index, group, column_unit, text))
                _respective(text, clause, out[first:], groups)
                if not any(s.label == "QTY" for s in inside):
                    out.extend(_worded_values(text, clause, r if r != "auto" else "progress", rec.index, inside, len(out)))
    return out


# what the period so far has brought: a clause part with one of these reports progress
_PROGRESS_CUE = re.compile(r"已|累计|实际(?!利用)|截至|截止|目前|上半年|下半年|前三季度|[一二三四]季度|\d{1,2}\s*[-—至~]\s*\d{1,2}\s*月|\d{1,2}月(?:底|末|份)")


def _unmasked(text: str, a: int, b: int, spans: list[Span]) -> str:
    """``text[a:b]`` with the REL spans blanked: 完成年度目标的 (a RATIO) is no target wording."""
    chars = list(text[a:b])
    for s in spans:
        if s.label == "REL" and a <= s.start and s.end <= b:
            chars[s.start - a:s.end - a] = " " * (s.end - s.start)
    return "".join(chars)


def _auto_roles(text: str, clause: Field, groups: list[list[Span]], inside: list[Span]) -> list[str]:
    """Roles of the measurements of a clause in a report without a target column, read left to
    right. A measurement is a target when the clause part before it holds target wording (目标
    力争 计划…, outside REL spans: 完成年度目标的 is a RATIO) or its relation is a bound (不低于,
    控制在…以内, 以上, also after the unit), unless a progress cue (已, 累计, 实际, 上半年, 1-9月…;
    not 实际利用, an indicator's name) stands after that wording; it is progress when a progress cue
    stands there, or when a comma parts it from the targets before it and it reports on one of them
    (:func:`_reports_on`: 目标12家，全年新增9家). Items listed with 、 keep the role before them:
    ``目标是全年城镇新增就业8万人以上、失业率控制在5.5%以内`` gives two targets."""
    roles, state, prev = [], "progress", clause.start
    seen: list[tuple[int, str | None, bool, bool]] = []  # per value: (end, unit, any cue, progress cue)
    target_metrics: list[str] = []  # …增长6.5%，固定资产投资增长8%: another indicator after a comma is another target
    target_units: set = set()  # the units of the targets so far: a value in another one after a comma is a new target
    for group in groups:
        unit = next((s.norm.get("unit") for s in group if s.label == "UNIT" and s.norm.get("unit")), None)
        metric = next((s.text for s in group if s.label == "METRIC"), None)
        values = [s.end for s in group if s.label in ("QTY", "UNIT")]
        if not values and any(s.label == "REL" and s.norm.get("kind") in STATUS_KINDS for s in group):
            roles.append("progress")  # …4.82万人，提前完成全年目标任务: a status reports; 目标任务 is its object
            seen.append((group[-1].end, None, True, False))
            continue
        end = max(values) if values else max(s.end for s in group)  # a status after the value is no cue
        window = _unmasked(text, prev, end, inside)
        cue = _TARGET_WORDING.search(window)
        back = _PROGRESS_CUE.search(window)
        bound = any(s.label == "REL" and s.text in _BOUND_WORDS and (s.start < end or s.text in POSTFIX_RELS)
                    for s in group)  # 提供免费健康体检3.5万人次以上: a bound after the unit too
        after = _TARGET_AFTER.match(_unmasked(text, end, min(clause.end, end + 8), inside))
        if after:
            state = "target"  # 圆满完成了全年大于55%工作目标: the value names the target
        elif cue and (back is None or back.start() < cue.start()):
            state = "target"
        elif back:
            state = "progress"
        elif bound:
            state = "target"
        elif state == "target" and _COMMA.search(window) \
                and _reports_on(text, window, prev, end, unit, metric, target_units, target_metrics):
            state = "progress"  # 目标12家，全年新增9家; not 增长6%左右，一般公共预算收入3.2亿元 (a second target)
        roles.append(state)
        seen.append((end, unit, bool(cue or back or bound), bool(back)))
        if state == "target" and unit is not None:
            target_units.add(unit)
        if state == "target" and metric:
            target_metrics.append(metric)
        prev = max([end] + [s.end for s in group if s.label in ("QTY", "UNIT", "REL")])  # DATE/METRIC are shared
        if after:  # …控制在5.5%以内的目标，全年失业率为5.2%: that 目标 is this target's, no wording of the next
            prev = max(prev, end + after.end())
    values = [k for k, g in enumerate(groups) if any(s.label in ("QTY", "UNIT") for s in g)]
    if len(values) >= 2 and len(seen) == len(roles):
        a, b = values[0], values[1]  # 完成农村户厕改造2000户，前三季度完成1350户: the plan, then the progress on it
        if roles[a] == roles[b] == "progress" and not seen[a][2] and seen[b][3] and seen[a][1] == seen[b][1] \
                and seen[a][1] is not None and _COMMA.search(text, seen[a][0], min(s.start for s in groups[b]
                                                                                    if s.label == "QTY")):
            roles[a] = "target"
    return roles


def _reports_on(text: str, window: str, prev: int, end: int, unit: str | None, metric: str | None,
                target_units: set, target_metrics: list[str]) -> bool:
    """Does a value past a comma after targets report on one of them? Not when it is a part of the
    target (其中…), and only when it is in the unit of a target so far or a completion stands before
    it (183项任务全部完成，完成率100%), and its indicator (if any) is like one of theirs: 实施重点项目85个，
    完成投资150亿元 and 增长6.5%，固定资产投资增长8% list targets."""
    if _PART_AFTER.search(window):
        return False
    if unit is not None and target_units and unit not in target_units and _DONE_BETWEEN.search(text, prev, end) is None:
        return False
    return not (metric and target_metrics and max(similarity(metric, m) for m in target_metrics) < 0.3)


_TARGET_AFTER = re.compile(r"\s*(?:的)?(?:工作|年度|全年)?(?:目标|计划任务|任务目标)")
_COMMA = re.compile(r"[,，;；]")
_PLAN_AFTER = re.compile(r"(?:的)?(?:工作)?(?:任务|目标|计划|指标)")  # 全年任务, 年度目标: a plan, not a time
_DONE_BETWEEN = re.compile(r"完成率|全部完成|均已完成")
_PART_AFTER = re.compile(r"[,，;；]\s*其中")  # 进出口总额6709亿元，其中出口总额1167.6亿元: a part of the target
_BOUND_WORDS = frozenset(["不低于", "不少于", "不超过", "不高于", "控制在", "以内", "之内", "以下", "以上", "≥", "≤", "不大于", "不小于",
                          "大于等于", "小于等于", "不多于", "至少"])


# 农村公路、供水管网、污水管网分别完成88公里、31公里、12公里: names listed before 分别
_RESPECTIVE = re.compile(r"((?:[^、，,；;。:\s]{2,16}、)+[^、，,；;。:\s]{2,16}?)(?:的[^、，,；;。]{0,6})?分别")


def _respective(text: str, clause: Field, measurements: list[Measurement], groups: list[list[Span]]) -> None:
    """Values stated ``分别`` after a list of names take those names as their metrics, in order, when
    the counts agree (``A、B、C分别完成X、Y、Z``)."""
    m = _RESPECTIVE.search(text, clause.start, clause.end)
    if m is None:
        return
    names = m.group(1).split("、")
    after = [x for x, g in zip(measurements, groups) if x.value is not None
             and next((s.start for s in g if s.label == "QTY"), -1) >= m.end()]
    if len(names) >= 2 and len(after) == len(names):
        for name, x in zip(names, after):
            x.metric = name


def _split_statuses(text: str, groups: list[list[Span]], roles: list[str]) -> tuple[list[list[Span]], list[str]]:
    """A status after a target's value (力争新建长者饭堂120个，目前…有序推进; 183项具体任务全部完成) is the
    progress reported on it: its own measurement with the target's metric."""
    out_g, out_r = [], []
    for group, role in zip(groups, roles):
        values = [s.end for s in group if s.label in ("QTY", "UNIT")]
        late = [s for s in group if role == "target" and values and s.label == "REL" and s.norm.get("kind") in STATUS_KINDS
                and s.start > max(values)]  # 183项具体任务全部完成: a target has no status of its own
        out_g.append([s for s in group if s not in late])
        out_r.append(role)
        if late:
            out_g.append(sorted(late + [s for s in group if s.label in ("METRIC", "DATE", "ORG")], key=lambda x: x.start))
            out_r.append("progress")
    return out_g, out_r


_PLANNED_BEFORE = ("共涉及", "共承担", "总任务数", "任务数为", "任务量为", "计划", "目标为", "目标是")


def planned(text: str, clause: Field, group: list[Span]) -> bool:
    """A planned amount written in the progress column (超额完成5165辆任务指标, 总任务数为4782批次,
    共涉及11项整改任务) is a target (SCHEMA case 6)."""
    qty = next((s for s in group if s.label == "QTY"), None)
    if qty is None or any(s.label == "REL" and s.norm.get("kind") == "RATIO" for s in group):
        return False  # 完成年度计划的70.8%: a share of the plan, not the plan
    last = max(s.end for s in group if s.label in ("QTY", "UNIT"))
    before = text[max(clause.start, qty.start - 8):qty.start]
    after = text[last:min(clause.end, last + 6)]
    return any(w in before for w in _PLANNED_BEFORE) or _PLANNED_AFTER.match(after) is not None


# 183项具体任务全部完成, 11项整改任务: a count of planned tasks (the word 任务 right after, a qualifier between)
_PLANNED_AFTER = re.compile(r"项?(?:具体|重点|整改|工作|年度)?任务")


def _role_fields(rec: Record, layout: str) -> Iterable[tuple[str, Field]]:
    if rec.target is not None:
        yield "target", rec.target
    elif rec.indicator is not None and layout not in _TARGETLESS_LAYOUTS:
        pass  # an indicator name alone states no value
    if rec.progress is not None:
        yield ("auto" if rec.target is None and layout in _TARGETLESS_LAYOUTS else "progress"), rec.progress


#: values written in words (SCHEMA: 动态清零 = 0, 全覆盖 = 100%)
_WORDED = (
    (re.compile(r"动态清零|清零|零增长"), 0.0, None, "count", "LE"),
    (re.compile(r"全覆盖"), 100.0, "%", "percent", "GE"),
)


def _worded_values(text: str, clause: Field, role: str, record: int, inside: list[Span], n: int) -> list[Measurement]:
    """Measurements for values stated in words in a clause without a number."""
    out = []
    for rx, value, unit, dim, comp in _WORDED:
        m = rx.search(clause.text)
        if m is None:
            continue
        start, end = clause.start + m.start(), clause.start + m.end()
        metric = next((s.text.replace("\n", "") for s in inside if s.label == "METRIC"), None)
        rel = [s.norm["kind"] for s in inside if s.label == "REL" and s.norm.get("kind")]
        out.append(Measurement(id=f"m{n + len(out) + 1}", role=role, record=record,
                               span_ids=[s.id for s in inside if s.label in ("METRIC", "REL", "DATE")],
                               metric=metric, relation=[comp] + rel if role == "target" else rel, value=value,
                               unit=unit, dimension=dim, start=start, end=end))
    return out


def group_clause(spans: list[Span], text: str | None = None) -> list[list[Span]]:
    """Split the spans of one clause into measurement groups (see module doc). With ``text``, a DATE
    standing after a value past a comma does not date that value."""
    cores: list[list[Span]] = []
    core_of: dict[str, int] = {}
    for i, s in enumerate(spans):
        if s.label == "QTY":
            cores.append([s])
            core_of[s.id] = len(cores) - 1
            nxt = spans[i + 1] if i + 1 < len(spans) else None
            if nxt is not None and nxt.label == "UNIT" and nxt.start - s.end <= 1:
                cores[-1].append(nxt)
                core_of[nxt.id] = len(cores) - 1
    standalone: list[list[Span]] = []
    for i, s in enumerate(spans):
        if s.id in core_of:
            continue
        if s.label == "REL":
            k = _rel_target(i, spans, core_of, text)
            if k is None:
                if s.norm.get("kind") in STATUS_KINDS or not cores:
                    standalone.append([s])
                continue
            cores[k].append(s)
        elif s.label == "METRIC":
            for k in _metric_targets(i, spans, core_of):
                cores[k].append(s)
        elif s.label in ("DATE", "ORG"):
            for k in range(len(cores)):
                if (text is not None and s.label == "DATE" and s.start >= max(x.end for x in cores[k])
                        and _COMMA.search(text, max(x.end for x in cores[k]), s.start)):
                    continue  # 已完成体检1.68万人次，其余计划于11月集中开展: the later date is another matter
                cores[k].append(s)
        elif s.label == "UNIT" and not cores:
            pass  # a header unit: no measurement
    for g in standalone:  # status phrases take the clause's metric/date/org context
        g.extend(x for x in spans if x.label in ("DATE", "ORG", "METRIC") and x not in g)
    groups = [sorted(g, key=lambda x: x.start) for g in cores]
    anchored = [(min(x.start for x in g if x.label != "DATE"), g) for g in groups]
    for g in standalone:  # a status stands where its phrase is, not at the shared metric before it
        anchored.append((g[0].start, sorted(g, key=lambda x: x.start)))  # g[0] is its REL
    return [g for _, g in sorted(anchored, key=lambda a: a[0])]


def _rel_target(i: int, spans: list[Span], core_of: dict[str, int], text: str | None = None) -> int | None:
    s = spans[i]
    kind = s.norm.get("kind")
    before = next((core_of[x.id] for x in reversed(spans[:i]) if x.id in core_of), None)
    after = next((core_of[x.id] for x in spans[i + 1:] if x.id in core_of), None)
    after_gap = next((x.start - s.end for x in spans[i + 1:] if x.id in core_of), None)
    if s.text in POSTFIX_RELS and before is not None:
        return before
    if kind in STATUS_KINDS:
        if after is not None and after_gap is not None and after_gap <= 12 and not (
                text is not None and _COMMA.search(text, s.end, s.end + after_gap)):
            return after  # 全部完成，完成率100%: the rate past the comma is its own measurement
        if before is not None and text is not None and _COMMA.search(
                text, max(x.end for x in spans if core_of.get(x.id) == before), s.start):
            return None  # 培训指导员224人，超额完成全年任务: a status of its own (guideline section 4)
        return before if before is not None else after
    if after is not None and (after_gap is None or after_gap <= 20):
        return after
    return before if before is not None else after


def _metric_targets(i: int, spans: list[Span], core_of: dict[str, int]) -> list[int]:
    """A METRIC names the cores after it up to the next METRIC, else the core just before it."""
    ks: list[int] = []
    for x in spans[i + 1:]:
        if x.label == "METRIC":
            break
        if x.id in core_of and core_of[x.id] not in ks:
            ks.append(core_of[x.id])
    if not ks:
        prev = next((core_of[x.id] for x in reversed(spans[:i]) if x.id in core_of), None)
        if prev is not None:
            ks.append(prev)
    return ks


def _measurement(mid: str, role: str, record: int, group: list[Span], column_unit: Span | None = None,
                 text: str | None = None) -> Measurement:
    """One measurement of a group; a number without a unit of its own takes the unit of its row's
    unit column (``column_unit``: 计量单位 万元 → ×1e4 yuan, SCHEMA case 2), not a percentage."""
    m = Measurement(id=mid, role=role, record=record, span_ids=[s.id for s in group],
                    start=min(s.start for s in group), end=max(s.end for s in group))
    qty = next((s for s in group if s.label == "QTY"), None)
    unit = next((s for s in group if s.label == "UNIT"), None)
    if unit is None and qty is not None and column_unit is not None and not qty.norm.get("percent"):
        unit = column_unit
    scale = float(unit.norm.get("scale") or 1.0) if unit is not None else 1.0
    if qty is not None:
        n = qty.norm
        m.value = n["value"] * scale if n.get("value") is not None else None
        m.low = n["low"] * scale if n.get("low") is not None else None
        m.high = n["high"] * scale if n.get("high") is not None else None
        m.approx = bool(n.get("approx"))
    if unit is not None:
        m.unit = unit.norm.get("unit") or unit.text
        m.dimension = unit.norm.get("dimension")
        m.factor = float(unit.norm.get("factor") or 1.0)
    m.relation = [s.norm["kind"] for s in group if s.label == "REL" and s.norm.get("kind")]
    metric = next((s for s in group if s.label == "METRIC"), None)
    m.metric = metric.text.replace("\n", "") if metric is not None else None
    dates = []
    for s in group:
        if s.label == "DATE" and s.norm.get("start"):
            rng = (date.fromisoformat(s.norm["start"]), date.fromisoformat(s.norm["end"]))
            if s.norm.get("baseline"):
                m.baseline = rng
            else:
                dates.append((s.start, rng, s.end))
    if dates:  # the date nearest before the value (年初确定的目标…，全年完成…560户: 全年), not one naming a
        m.date = dates[0][1]  # plan (截至9月底已签约64个，超额完成全年任务，其中…23个: 9月底), else the first
        if text is not None and qty is not None:
            before = [d for d in dates if d[0] < qty.start and not _PLAN_AFTER.match(text, d[2])]
            if before:
                m.date = before[-1][1]
    m.orgs = [s.text for s in group if s.label == "ORG"]
    return m
