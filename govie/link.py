"""The linker: tie each progress measurement to the target measurement it measures.

Candidates come from the same record (for reports without targets: any target of the
report). A compatible dimension is required; metric similarity, item position
(item k of the progress ↔ item k of the target) and relation kind decide. Every link
carries a score; when nothing fits, nothing is linked.
"""
from __future__ import annotations

import re
from datetime import date

from .attainment import CHANGES, assess, consistent, status_of
from .schema import Link, Measurement, Span

MIN_SCORE = 0.5
STATUS_OVERLAP = 0.3  # chosen on the seed gold links (evaluate/link_eval.py): optimistic
_ITEM = re.compile(r"(?:^|[\n。；;])\s*(\d{1,2})[.、．](?!\d)")


def link_measurements(measurements: list[Measurement], spans: list[Span], *, period: tuple[date, date] | None = None,
                      text: str = "", records: list | None = None) -> list[Link]:
    """Links of the progress ``measurements`` to the targets they measure; ``records`` (optional) give
    the completion-rate cells of a table (完成率) the shares stated for their rows."""
    span_by_id = {s.id: s for s in spans}
    targets = [m for m in measurements if m.role == "target"]
    by_record: dict[int | None, list[Measurement]] = {}
    for t in targets:
        by_record.setdefault(t.record, []).append(t)
    links: list[Link] = []
    value_link: dict[str, Link] = {}
    progress = [m for m in measurements if m.role == "progress"]
    respective = _respective_pairs(progress, targets, text, span_by_id) if text else {}
    for p in progress:
        if "RATIO" in p.relation or (p.value is None and p.low is None):
            continue
        if p.id in respective and _compatible(p, respective[p.id]):
            t = respective[p.id]
            att, ratio, stated = assess(p, t, period)
            lk = Link(progress=p.id, target=t.id, attainment=att, score=0.9, computed_ratio=_r(ratio), stated=stated)
            links.append(lk)
            value_link[p.id] = lk
            continue
        cands = by_record.get(p.record) or ([] if by_record else [])
        if not cands and p.record is not None and not any(t.record == p.record for t in targets):
            cands = [t for t in targets if t.record is None]
        first = min((span_by_id[x].start for x in p.span_ids if x in span_by_id and span_by_id[x].label == "QTY"),
                    default=p.start)
        best = _best(p, cands, text, bool(text) and _PART.match(text, _clause_start(text, first)) is not None)
        if best is None:
            continue
        t, score = best
        att, ratio, stated = assess(p, t, period)
        lk = Link(progress=p.id, target=t.id, attainment=att, score=round(score, 3), computed_ratio=_r(ratio), stated=stated)
        links.append(lk)
        value_link[p.id] = lk
    meas = {m.id: m for m in measurements}
    _attach_ratios(progress, links, value_link, by_record, span_by_id, period, text)
    _prune_competitors(links, meas)
    _attach_status(progress, links, by_record, text, span_by_id)
    _ratio_cells(records or [], links, meas)
    return links


def _ratio_cells(records: list, links: list[Link], meas: dict[str, Measurement]) -> None:
    """A table's completion-rate cell (完成率 88.5%) is the share its row states: it joins the row's one
    amount link (several targets in the row: the best scored), checked like 完成指标的115.06%."""
    from .normalize import parse_number

    for rec in records:
        cell = getattr(rec, "ratio", None)
        num = parse_number(cell.text.strip()) if cell is not None and cell.text.strip() else None
        if num is None or num.low is not None or not 0 < num.value <= 1000:
            continue
        row = [lk for lk in links if meas.get(lk.progress) is not None and meas[lk.progress].record == rec.index
               and "RATIO" not in meas[lk.progress].relation and lk.computed_ratio is not None]
        if not row or any(lk.stated_ratio is not None for lk in row):
            continue  # no amount linked, or the progress text states its own share
        lk = max(row, key=lambda x: x.score)
        lk.stated_ratio = round(num.value / 100.0, 6)
        lk.consistent = consistent(lk.computed_ratio, num.value, cell.text.strip())


def _respective_pairs(progress: list[Measurement], targets: list[Measurement], text: str,
                      span_by_id: dict[str, Span]) -> dict[str, Measurement]:
    """Values stated ``分别`` after a sentence's targets, in the same number, measure those targets in
    order (全年计划新增城镇就业1.2万人、农村劳动力转移就业8万人，一季度分别完成3150人、1.8万人)."""
    def qty_start(m: Measurement) -> int:
        return min((span_by_id[x].start for x in m.span_ids if x in span_by_id and span_by_id[x].label == "QTY"),
                   default=m.start)
    out: dict[str, Measurement] = {}
    values = [p for p in progress if p.value is not None and "RATIO" not in p.relation]
    for p in values:
        q = qty_start(p)
        cut = _clause_start(text, q)
        k = text.find("分别", cut, q)
        if k < 0 or p.id in out:
            continue
        stop = _CLAUSE_END.search(text, q)
        end = stop.start() if stop else len(text)
        group = [v for v in values if v.record == p.record and k < qty_start(v) < end]
        sent = max((m.end() for m in _SENT_END.finditer(text, 0, cut)), default=0)
        listed = [t for t in targets if t.record == p.record and sent <= qty_start(t) < cut]
        if len(group) >= 2 and len(group) == len(listed):
            out.update({v.id: t for v, t in zip(sorted(group, key=qty_start), sorted(listed, key=qty_start))})
    return out


def _prune_competitors(links: list[Link], meas: dict[str, Measurement]) -> None:
    """When several values of a record compete for one target, keep those scoring near the best."""
    best: dict[str, float] = {}
    for lk in links:
        best[lk.target] = max(best.get(lk.target, 0.0), lk.score)
    links[:] = [lk for lk in links if lk.score >= best[lk.target] - 0.1 or lk.stated_ratio is not None]


def _best(p: Measurement, cands: list[Measurement], text: str, part: bool = False) -> tuple[Measurement, float] | None:
    scored = [(t, score(p, t, text, part)) for t in cands]
    scored = [(t, s) for t, s in scored if s >= MIN_SCORE]
    if not scored:
        return None
    return max(scored, key=lambda x: (x[1], -x[0].start))


def score(p: Measurement, t: Measurement, text: str = "", part: bool = False) -> float:
    """0..1: dimension (required), same unit, metric similarity, item position, relation kind; a
    value stated as a part (其中…) scores less."""
    if not _compatible(p, t):
        return 0.0
    s = 0.3
    if p.unit == t.unit:
        s += 0.2
    s += 0.35 * similarity(p.metric, t.metric)
    pi, ti = _item_no(text, p.start), _item_no(text, t.start)
    if pi is not None and ti is not None:
        s += 0.15 if pi == ti else -0.15
    if part:
        s -= 0.15  # 已签约项目64个，其中亿元以上项目23个 / 已建成7处，其余1处…: a part, not the total
    elif text and t.end <= p.start + (p.end - p.start) and t.end <= p.end and _same_sentence(text, t.end, p.end):
        s += 0.1  # 计划新建公共充电桩不少于600个，实际建成652个: the value reported right after its plan
    change_t = [k for k in t.relation if k in CHANGES]
    change_p = [k for k in p.relation if k in CHANGES]
    if change_t and change_p:
        s += 0.1 if change_t[0] == change_p[0] else -0.05
    elif change_t and not change_p:
        s -= 0.1
    return max(0.0, min(1.0, s))


def _same_sentence(text: str, a: int, b: int) -> bool:
    """No sentence end and no table cell border between ``a`` and ``b``."""
    return a <= b and _SENT_END.search(text, a, b) is None and _CELL.search(text, a, b) is None


_CELL = re.compile(r"[|｜\t]")


_PART = re.compile(r"\s*(?:其中|其余|剩余|尚有|还有|另有)")


def _clause_start(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts: after the last ，。；;, before it (at most 40 back)."""
    lo = max(0, pos - 40)
    cut = max(text.rfind(c, lo, pos) for c in "，。；;,\n")
    return cut + 1 if cut >= 0 else lo


def _compatible(p: Measurement, t: Measurement) -> bool:
    if p.dimension and t.dimension:
        return p.dimension == t.dimension
    if p.unit and t.unit:
        return p.unit == t.unit
    return p.unit is None and t.unit is None and p.value is not None and t.value is not None


def similarity(a: str | None, b: str | None) -> float:
    """Character-bigram Dice similarity of two metric names (1.0 equal, 0.0 unrelated or missing)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    if short in long_:  # 就业 in 城镇新增就业: near; a short name inside a long one (项目 in 新签约招商项目) less so
        return 1.0 if len(short) >= 3 or 2 * len(short) >= len(long_) else 0.6 + 0.4 * len(short) / len(long_)
    ga = {a[i:i + 2] for i in range(len(a) - 1)} or {a}
    gb = {b[i:i + 2] for i in range(len(b) - 1)} or {b}
    return 2 * len(ga & gb) / (len(ga) + len(gb))


def _item_no(text: str, pos: int) -> int | None:
    """The number of the list item (1. 2. …) that ``pos`` sits in, if the field is numbered."""
    if not text:
        return None
    window = text[max(0, pos - 400):pos]
    found = list(_ITEM.finditer(window))
    return int(found[-1].group(1)) if found else None


def _attach_ratios(progress, links, value_link, by_record, span_by_id, period, text: str = "") -> None:
    """A stated ratio (完成指标的115.06%) joins the target of the value it qualifies; when that
    value found no target on its own (另一个量词: 7737起 vs 11187件), the ratio brings it along."""
    for i, r in enumerate(progress):
        if "RATIO" not in r.relation or r.value is None:
            continue
        before = [p for p in reversed(progress[:i]) if p.record == r.record and "RATIO" not in p.relation and p.value is not None]
        prev = next((value_link[p.id] for p in before if p.id in value_link), None)
        cands = by_record.get(r.record, [])
        if prev is not None:
            target = next(t for t in cands if t.id == prev.target)
        elif len(cands) == 1:
            target = cands[0]
            r_pos = min((span_by_id[x].start for x in r.span_ids if x in span_by_id and span_by_id[x].label in ("REL", "QTY")),
                        default=r.start)
            near = next((p for p in before if p.dimension == target.dimension
                         and _qty_end(p, span_by_id) <= r_pos and r_pos - _qty_end(p, span_by_id) <= 40), None)
            if near is not None:
                att, ratio, stated = assess(near, target, period)
                prev = Link(progress=near.id, target=target.id, attainment=att, score=0.55, computed_ratio=_r(ratio), stated=stated)
                links.append(prev)
                value_link[near.id] = prev
        else:  # 全年新建改造城市供热管网260公里，目前已完成年度计划的68%: the target just before, in its sentence
            r_pos = min((span_by_id[x].start for x in r.span_ids if x in span_by_id and span_by_id[x].label in ("REL", "QTY")),
                        default=r.start)
            sent = max((m.end() for m in _SENT_END.finditer(text, 0, r_pos)), default=0) if text else None
            near = [t for t in cands if sent is not None and sent <= t.start and t.end <= r_pos
                    and not any(p.start > t.end and p.end <= r_pos for p in before)]
            if not near:
                continue
            target = max(near, key=lambda t: t.start)
        qty = next((span_by_id[s] for s in r.span_ids if span_by_id.get(s) and span_by_id[s].label == "QTY"), None)
        stated = r.value / 100.0
        computed = prev.computed_ratio if prev is not None else None
        r_att = _ratio_attainment(stated, target, r, period)
        if prev is not None:
            prev.stated_ratio = round(stated, 6)
            prev.consistent = consistent(computed, r.value, qty.text if qty else None)
            if prev.consistent and prev.attainment == "not_met" and r_att == "on_track":
                prev.attainment = r_att  # 地均产出1106.2亿元/平方公里，完成年度目标的51.7%: the report counts it toward the year
        links.append(Link(progress=r.id, target=target.id, attainment=r_att,
                          score=0.9 if prev else 0.6, computed_ratio=computed, stated_ratio=round(stated, 6),
                          consistent=consistent(computed, r.value, qty.text if qty else None), stated=True))


def _qty_end(m: Measurement, span_by_id: dict[str, Span]) -> int:
    return max((span_by_id[x].end for x in m.span_ids if x in span_by_id and span_by_id[x].label in ("QTY", "UNIT")),
               default=m.end)


def _ratio_attainment(stated: float, t: Measurement, r: Measurement, period) -> str:
    from .attainment import year_fraction

    if stated >= 1.0:
        return "met"
    frac = year_fraction(period, r.date)
    if frac < 1.0:
        return "on_track" if stated >= frac else "not_met"
    return "not_met"


def _attach_status(progress, links, by_record, text: str = "", span_by_id: dict | None = None) -> None:
    """Status phrases without a number (提前完成全年任务, 此项任务今年无法完成) give a stated attainment.

    A status joins the target(s) of the nearest value before it in the same record, unless a
    target of the record stands between them (then that target); else the targets of the same
    numbered item; else every target of a record that has at most two."""
    linked_by_progress: dict[str, list[str]] = {}
    for lk in links:
        linked_by_progress.setdefault(lk.progress, []).append(lk.target)
    for i, p in enumerate(progress):
        if p.value is not None or p.low is not None or "RATIO" in p.relation:
            continue
        att = status_of(p)
        if att is None:
            continue
        cands = by_record.get(p.record, [])
        prev = next((q for q in reversed(progress[:i]) if q.record == p.record and q.id in linked_by_progress
                     and p.start - q.end <= 60), None)
        between = [t for t in cands if (prev.end if prev is not None else p.start) <= t.start < p.start]
        if between:  # …就业3260人。（二）…筹集保障性租赁住房2000套。目前项目尚未开工: the target just before
            targets = [max(between, key=lambda t: t.start)]
        elif prev is not None:
            targets = [t for t in cands if t.id in linked_by_progress[prev.id]]
            at = min((span_by_id[x].start for x in p.span_ids if x in (span_by_id or {})
                      and span_by_id[x].label == "REL"), default=p.start)  # the status phrase itself
            if att in ("on_track", "not_met") and text and at >= prev.end and not _SENT_END.search(text, prev.end, at) \
                    and len(_CLAUSE_END.findall(text, prev.end, at)) <= 1:
                for lk in links:  # 5.9吨…，动态完成全年任务目标: the value's own link states on_track too
                    if lk.progress == prev.id and lk.target in {t.id for t in targets} and not lk.stated:
                        lk.attainment, lk.stated = att, True
        else:
            item = _item_no(text, p.start)
            same_item = [t for t in cands if item is not None and _item_no(text, t.start) == item]
            targets = same_item or (cands if len(cands) <= 2 else [])
            rel_end = _status_end(text, p, span_by_id or {})
            if text and _names_own_task(text, p, rel_end):  # 完成西外南路基础管线改造: a task of its own
                targets = [t for t in targets if _sentence_overlap(text, p.end, t.start) >= STATUS_OVERLAP]
        for t in targets:
            links.append(Link(progress=p.id, target=t.id, attainment=att, score=0.5, stated=True))


_SENT_END = re.compile(r"[。；;！？!?\n]")
_CLAUSE_END = re.compile(r"[，。；;,！？!?：:\n]")


def _status_end(text: str, p: Measurement, span_by_id: dict) -> int:
    """Where the status phrase of ``p`` ends with the spans of its own clause (推迟 + 至4月), not a
    DATE past a comma (尚未启动，目前…)."""
    spans = sorted((span_by_id[x] for x in p.span_ids if x in span_by_id), key=lambda s: s.start)
    rel = next((s for s in spans if s.label == "REL"), None)
    if rel is None:
        return p.end
    end = rel.end
    for s in spans:
        if s.start >= end and not _CLAUSE_END.search(text, end, s.start):
            end = max(end, s.end)
    return end


def _names_own_task(text: str, p: Measurement, rel_end: int | None = None) -> bool:
    """True when an object follows the status phrase (ending at ``rel_end``, else the measurement's
    end) in its clause (完成X工作), not a full stop or a comma (X已完成。, 尚未启动，目前…)."""
    pos = p.end if rel_end is None else rel_end
    m = _CLAUSE_END.search(text, pos)
    end = m.start() if m else len(text)
    if _OWN_PLAN.match(text[pos:end].strip()):
        return False  # 已完成全年建设任务, 超额完成年度目标: the record's own plan, not another task
    return end - pos > 2


_OWN_PLAN = re.compile(r"(?:全年|年度|今年|本年度?|当年)?[\u4e00-\u9fff]{0,4}?(?:任务|目标|计划)(?:任务|指标)?$")


def _sentence(text: str, pos: int) -> str:
    cut = list(_SENT_END.finditer(text, max(0, pos - 150), pos))
    start = cut[-1].end() if cut else max(0, pos - 150)
    end = _SENT_END.search(text, pos)
    return text[start:end.start() if end else min(len(text), pos + 150)]


def _sentence_overlap(text: str, a: int, b: int) -> float:
    """Character-bigram Dice similarity of the sentences around two positions (CJK bigrams only)."""
    def grams(s: str) -> set[str]:
        return {s[i:i + 2] for i in range(len(s) - 1) if all("\u4e00" <= c <= "\u9fff" for c in s[i:i + 2])}
    ga, gb = grams(_sentence(text, a)), grams(_sentence(text, b))
    return 2 * len(ga & gb) / (len(ga) + len(gb)) if ga and gb else 0.0


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 6)
