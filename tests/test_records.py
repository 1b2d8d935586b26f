"""Records: every seed layout read into the expected rows (tests/specs/records.json)."""
from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govie.errors import InputError
from govie.read import read_source
from govie.records import LAYOUTS, Parsed, detect_layout, infer_period, read_records
from govie.records.units import chain_units, match_unit
from govie.read.textmap import TextMap
from govie.schema import Record

SPEC = json.loads((Path(__file__).parent / "specs" / "records.json").read_text(encoding="utf-8"))
SEEDS = sorted(SPEC["seeds"])
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.fixture(scope="module")
def parsed(seed_texts: dict[str, str]) -> dict[str, Parsed]:
    return {seed: read_records(text) for seed, text in seed_texts.items()}


def _check_record(rec: Record, case: dict[str, Any]) -> None:
    for key, want in case.items():
        if key == "index":
            assert rec.index == want
        elif key == "lead_units":
            assert [u.text for u in rec.lead_units] == want, f"record {rec.index} lead units"
        elif key.endswith("_startswith"):
            f = getattr(rec, key[: -len("_startswith")])
            assert f is not None and f.text.startswith(want), f"record {rec.index} {key}"
        elif key.endswith("_endswith"):
            f = getattr(rec, key[: -len("_endswith")])
            assert f is not None and f.text.endswith(want), f"record {rec.index} {key}"
        else:
            f = getattr(rec, key)
            assert (f.text if f is not None else None) == want, f"record {rec.index} {key}"


def _assert_offsets(text: str, p: Parsed) -> int:
    n = 0
    if p.title is not None:
        assert text[p.title.start:p.title.end] == p.title.text
    for rec in p.records:
        for _, f in rec.fields():
            assert text[f.start:f.end] == f.text
            assert f.text == f.text.strip(), f"field {f.text[:20]!r} has surrounding whitespace"
            assert not f.text.startswith("|") and not f.text.endswith("|")
            n += 1
    return n


# -- the seeds, case by case ------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_layout_title_period_count(parsed: dict[str, Parsed], seed: str) -> None:
    spec, p = SPEC["seeds"][seed], parsed[seed]
    assert p.layout == spec["layout"]
    assert len(p.records) == spec["count"]
    assert p.title is not None and p.title.text == spec["title"]
    assert p.period == tuple(date.fromisoformat(d) for d in spec["period"])
    assert [r.index for r in p.records] == list(range(len(p.records)))
    assert all(r.layout == p.layout for r in p.records)


@pytest.mark.parametrize(
    "seed, case",
    [(seed, case) for seed in SEEDS for case in SPEC["seeds"][seed]["records"]],
    ids=lambda v: v if isinstance(v, str) else f"#{v['index']}",
)
def test_seed_record(parsed: dict[str, Parsed], seed: str, case: dict[str, Any]) -> None:
    _check_record(parsed[seed].records[case["index"]], case)


def test_000_pm25_and_jobs_reassembled(parsed: dict[str, Parsed]) -> None:
    recs = {r.indicator.text.replace("\n", ""): r for r in parsed["000"].records if r.indicator}
    pm = recs["细颗粒物（PM2.5）年均浓度"]
    assert pm.target.text == ("细颗粒物（PM2.5）年均浓度低\n于44微克/立方米、三年滑动平\n"
                              "均浓度继续下降，且PM2.5年均\n浓度达到全市平均水平")
    assert pm.progress.text.startswith("1-9月，全区空气中细颗粒物（PM2.5）平均浓度为40微克/立方米")
    jobs = recs["促进城乡劳动者就业人数"]
    assert jobs.target.text == "9000人以上"
    assert jobs.progress.text.endswith("已完成10355人，完成\n指标的115.06%。")
    slow = recs["慢行交通综合指数"]  # indicator, target and progress on one line
    assert (slow.target.text, slow.progress.text[:4]) == ("慢行交通综合指数≥6分", "18公里")


def test_000_every_row_has_all_three_cells(parsed: dict[str, Parsed]) -> None:
    for r in parsed["000"].records:
        assert r.indicator and r.target and r.progress, r.index


def test_003_sequence_and_lead_units(parsed: dict[str, Parsed]) -> None:
    recs = parsed["003"].records
    assert [int(r.seq.text) for r in recs] == list(range(1, 137))
    want = SPEC["seeds"]["003"]["flat_table_lead_units"]
    got = {r.seq.text: [u.text for u in r.lead_units] for r in recs}
    wrong = {k: (got[k], v) for k, v in want.items() if got[k] != v}
    assert not wrong
    for r in recs:
        assert r.indicator is r.target and r.progress is not None and r.category is not None


def test_003_row_65_keeps_its_numbered_content(parsed: dict[str, Parsed], seed_texts: dict[str, str]) -> None:
    r = parsed["003"].records[64]
    assert r.seq.text == "65" and r.category.text == "城市环境品质提升"
    assert r.indicator.text.startswith("1.围绕“七有”“五性”")
    assert r.indicator.text.endswith("8.全力做好本地区组收工作、税源单位服务工作、营商环境建设工作。")
    assert [u.text for u in r.lead_units] == ["各街道办事处"]
    assert r.progress.text.startswith("1.各街道高度重视")
    assert seed_texts["003"][r.seq.start:r.indicator.start] == "65"


def test_003_page_furniture_is_outside_records(parsed: dict[str, Parsed], seed_texts: dict[str, str]) -> None:
    text = seed_texts["003"]
    first = min(r.start for r in parsed["003"].records)
    last = max(r.end for r in parsed["003"].records)
    assert text.index("发布时间") < first and last < text.index("回到顶部")


def test_004_every_pipe_row_is_a_record(parsed: dict[str, Parsed], seed_texts: dict[str, str]) -> None:
    data_rows = [ln for ln in seed_texts["004"].split("\n")
                 if sum(1 for c in ln.split("|") if c.strip()) >= 2 and "上半年进展情况" not in ln]
    recs = parsed["004"].records
    assert len(recs) == len(data_rows)
    for ln, r in zip(data_rows, recs):
        assert r.progress is not None and r.progress.text in ln
        assert r.target is not None and r.target.text in ln


def test_004_continuation_rows_share_the_task(parsed: dict[str, Parsed], seed_texts: dict[str, str]) -> None:
    recs = parsed["004"].records
    task = recs[0]
    for r in recs[1:4]:
        assert r.indicator is task.indicator
        assert r.target.start > task.progress.end  # its own target and progress, on a later line
    line = next(ln for ln in seed_texts["004"].split("\n") if ln.startswith("占道经营整治11187件"))
    r16 = recs[16]
    assert r16.target.text == "占道经营整治11187件" and r16.progress.text in line
    assert r16.indicator.text == "人口调控和疏解整治促提升专项行动"


def test_001_categories_and_tasks(parsed: dict[str, Parsed]) -> None:
    recs = parsed["001"].records
    assert {r.category.text.replace("\n", "") for r in recs} == {"高效率落实", "依法行政", "预算管理", "政务建设", "高水平服务"}
    assert all(r.target is None and r.progress is not None for r in recs)
    tasks = [r.indicator.text.replace("\n", "") for r in recs]
    assert "法治政府建设示范创建和行政决策执法案例评价" in tasks
    assert "接诉即办" in tasks and "市委市政府其他重点工作" in tasks


def test_002_paragraphs_split_by_page_breaks_are_joined(parsed: dict[str, Parsed]) -> None:
    recs = parsed["002"].records
    assert all(r.target is None and r.indicator is None for r in recs)
    assert all(r.progress.text.rstrip()[-1] in "。！" for r in recs)


# -- every field of every seed, also re-encoded and with full-width digits ----------


@pytest.mark.parametrize("seed", SEEDS)
def test_offsets_hold_for_every_field(parsed: dict[str, Parsed], seed_texts: dict[str, str], seed: str) -> None:
    assert _assert_offsets(seed_texts[seed], parsed[seed]) > 0


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("encoding", ["gb18030", "utf-16"])
def test_offsets_hold_after_reencoding(tmp_path: Path, parsed: dict[str, Parsed], seed_texts: dict[str, str],
                                       seed: str, encoding: str) -> None:
    path = tmp_path / f"{seed}.txt"
    path.write_bytes(seed_texts[seed].encode(encoding))
    src = read_source(path)
    p = read_records(src.text)
    _assert_offsets(src.text, p)
    assert [r.to_dict() for r in p.records] == [r.to_dict() for r in parsed[seed].records]


@pytest.mark.parametrize("seed", SEEDS)
def test_full_width_digits_read_the_same(parsed: dict[str, Parsed], seed_texts: dict[str, str], seed: str) -> None:
    text = seed_texts[seed].translate(FULL_WIDTH)
    assert text != seed_texts[seed]
    p = read_records(text)
    _assert_offsets(text, p)
    assert p.layout == parsed[seed].layout and p.period == parsed[seed].period
    assert len(p.records) == len(parsed[seed].records)
    spans = lambda q: [[(n, f.start, f.end) for n, f in r.fields()] for r in q.records]  # noqa: E731
    assert spans(p) == spans(parsed[seed])


@pytest.mark.parametrize("seed", SEEDS)
def test_crlf_line_ends_read_the_same(parsed: dict[str, Parsed], seed_texts: dict[str, str], seed: str) -> None:
    text = seed_texts[seed].replace("\n", "\r\n")
    p = read_records(text)
    _assert_offsets(text, p)
    assert len(p.records) == len(parsed[seed].records)
    assert [r.seq.text if r.seq else None for r in p.records] == [r.seq.text if r.seq else None for r in parsed[seed].records]


# -- small texts and forced layouts -------------------------------------------------


@pytest.mark.parametrize("case", SPEC["texts"], ids=lambda c: c["name"])
def test_text_case(case: dict[str, Any]) -> None:
    p = read_records(case["text"])
    assert p.layout == case["layout"]
    assert len(p.records) == case["count"]
    if "period" in case:
        assert p.period == tuple(date.fromisoformat(d) for d in case["period"])
    for rc in case["records"]:
        _check_record(p.records[rc["index"]], rc)
    _assert_offsets(case["text"], p)


def test_pipe_continuation_takes_the_task_field() -> None:
    case = next(c for c in SPEC["texts"] if c["name"] == "pipe table with a continuation row")
    p = read_records(case["text"])
    assert p.records[1].indicator is p.records[0].indicator
    assert p.records[2].indicator is p.records[0].indicator


@pytest.mark.parametrize("case", SPEC["periods"], ids=lambda c: c["title"] or "empty")
def test_infer_period(case: dict[str, Any]) -> None:
    want = tuple(date.fromisoformat(d) for d in case["period"]) if case["period"] else None
    assert infer_period(case["title"]) == want


@pytest.mark.parametrize("seed", SEEDS)
def test_detect_layout(seed_texts: dict[str, str], seed: str) -> None:
    assert detect_layout(TextMap.build(seed_texts[seed])) == SPEC["seeds"][seed]["layout"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_any_forced_layout_on_any_seed_keeps_offsets(seed_texts: dict[str, str], layout: str) -> None:
    for text in seed_texts.values():
        _assert_offsets(text, read_records(text, layout=layout))


def test_html_table_reads_as_pipe_records(tmp_path: Path) -> None:
    html = ("<h1>2017年上半年绩效任务进展</h1><table><tr><th>绩效任务</th><th>年度目标</th><th>上半年进展情况</th></tr>"
            "<tr><td rowspan='2'>用水总量和效率</td><td>用水总量控制在1.1803亿立方米以内</td><td>发放用水计划指标4648户</td></tr>"
            "<tr><td>单位地区生产总值水耗下降3%</td><td>受理行政许可123件</td></tr></table>")
    path = tmp_path / "t.html"
    path.write_text(html, encoding="utf-8")
    src = read_source(path)
    p = read_records(src.text)
    assert p.layout == "pipe_table" and len(p.records) == 2
    assert p.period == (date(2017, 1, 1), date(2017, 6, 30))
    assert p.records[1].indicator.text == "用水总量和效率"
    assert p.records[1].target.text == "单位地区生产总值水耗下降3%"
    _assert_offsets(src.text, p)


def test_docx_table_reads_as_pipe_records(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    doc.add_paragraph("2020年1-10月绩效任务进展")
    t = doc.add_table(rows=2, cols=3)
    for c, v in enumerate(("指标名称", "年度目标值", "进展情况")):
        t.cell(0, c).text = v
    for c, v in enumerate(("就业", "9000人以上", "已完成10355人")):
        t.cell(1, c).text = v
    path = tmp_path / "t.docx"
    doc.save(str(path))
    src = read_source(path)
    p = read_records(src.text)
    assert p.layout == "pipe_table" and p.period == (date(2020, 1, 1), date(2020, 10, 31))
    assert [(r.indicator.text, r.target.text, r.progress.text) for r in p.records] == [("就业", "9000人以上", "已完成10355人")]


# -- bad input -------------------------------------------------------------------------


def test_bad_arguments() -> None:
    with pytest.raises(InputError, match="expected the report text"):
        read_records(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="one of pipe_table"):
        read_records("x", layout="spreadsheet")


def test_five_megabyte_single_line_is_one_paragraph_record() -> None:
    text = "西城区完成年度任务目标，新增就业10355人，" * 250_000
    assert len(text.encode()) > 5_000_000
    p = read_records(text)
    assert p.layout == "paragraphs" and len(p.records) == 1
    assert (p.records[0].progress.start, p.records[0].progress.end) == (0, len(text))


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_mangled_seeds_never_crash(seed_texts: dict[str, str], data: st.DataObject) -> None:
    text = seed_texts[data.draw(st.sampled_from(SEEDS))]
    lines = text.split("\n")
    rng = random.Random(data.draw(st.integers(0, 10**6)))
    op = data.draw(st.sampled_from(["shuffle", "drop", "cut", "insert"]))
    if op == "shuffle":
        rng.shuffle(lines)
    elif op == "drop":
        lines = [ln for ln in lines if rng.random() < 0.6]
    elif op == "cut":
        lines = lines[rng.randrange(len(lines)):]
    else:
        k = rng.randrange(len(lines))
        lines[k] = lines[k][: len(lines[k]) // 2] + data.draw(st.sampled_from(["|", " ", "。", "\r", "１", "\u3000"])) \
            + lines[k][len(lines[k]) // 2:]
    mangled = "\n".join(lines)
    _assert_offsets(mangled, read_records(mangled))


# -- the lead-unit recognizer ------------------------------------------------------------


@pytest.mark.parametrize("case", SPEC["units"], ids=lambda c: c["text"][:10])
def test_match_unit(case: dict[str, Any]) -> None:
    m = match_unit(case["text"], 0, prefix=case["prefix"])
    assert (case["text"][: m[0]] if m else None) == case["unit"]


@pytest.mark.parametrize("case", SPEC["unit_chains"], ids=lambda c: c["text"][:10])
def test_chain_units(case: dict[str, Any]) -> None:
    text = case["text"]
    m = match_unit(text, 0)
    assert m is not None
    assert [text[a:b] for a, b in chain_units(text, 0, m[0])] == case["units"]


SHORT_CELLS = """东城区2020年区政府绩效管理重点指标
1-10月进展情况

指标名称 年度目标值 1-10月进展情况

城镇新增就业人数

≥8000人

1-10月，全区城镇新增就业9126人，完成全年指标的114.08%。

细颗粒物（PM2.5）
年均浓度

低于40微克/立方米

1-10月，全区细颗粒物（PM2.5）累计平均浓度为37微克/立方米，同比下降17.8%。

- 1 -

区级一般公共预算收入

≥172亿元

受疫情影响，1-10月完成区级一般公共预算收入131.8亿元，完成年度目标的76.6%，进度慢于时间进度。
"""


def test_short_cell_table_is_read_by_content_and_its_header_names_the_months() -> None:
    # cells that never wrap give no column widths: long blocks are progress, short ones indicator then target
    p = read_records(SHORT_CELLS)
    assert p.layout == "pdf_columns"
    assert p.period == (date(2020, 1, 1), date(2020, 10, 31))  # the title has the year, the header 1-10月
    assert [(r.indicator.text.replace("\n", ""), r.target.text) for r in p.records] == [
        ("城镇新增就业人数", "≥8000人"), ("细颗粒物（PM2.5）年均浓度", "低于40微克/立方米"), ("区级一般公共预算收入", "≥172亿元")]
    assert all(r.progress.text.endswith("。") for r in p.records)


def test_a_section_heading_with_column_words_makes_no_short_cell_table() -> None:
    text = ("某局2021年度部门整体支出绩效自评报告\n\n三、绩效目标完成情况\n1.数量指标：农村公路新改建里程，目标值≥320公里，"
            "实际完成值336公里。\n2.质量指标：验收合格率，目标值≥98%，实际完成值99.2%。\n")
    p = read_records(text)
    assert p.layout != "pdf_columns" or len(p.records) >= 2


def test_a_paragraph_labelling_its_result_inline_has_a_target_and_a_progress() -> None:
    text = ("朝阳区2021年区政府重点工作任务全年完成情况\n\n"
            "2.推动经济高质量发展。地区生产总值增长6%以上。完成情况：全年实现地区生产总值7617.8亿元，按可比价格计算增长8.2%。\n\n"
            "3.加快安置房建设。全年建成安置房1.2万套。完成情况：全年建成安置房1.06万套，完成率88.3%。\n")
    p = read_records(text)
    assert p.layout == "paragraphs"
    assert [(r.indicator.text, r.target.text, r.progress.text[:6]) for r in p.records] == [
        ("推动经济高质量发展", "地区生产总值增长6%以上。", "全年实现地区"), ("加快安置房建设", "全年建成安置房1.2万套。", "全年建成安置")]


def test_header_cells_one_per_block_and_repeated_after_a_page_break() -> None:
    text = ("丰台区2023年重点绩效指标1-10月进展情况\n\n指标名称\n\n年度目标值\n\n1-10月进展情况\n\n"
            "城镇新增就业\n\n1.6万人以上\n\n1-10月全区城镇新增就业1.52万人，完成年度目标的95%。\n\n"
            "- 1 -\n\n指标名称\n\n年度目标值\n\n1-10月进展情况\n\n"
            "城市道路建设\n\n新建道路20公里左右\n\n1-10月新建道路11.6公里，完成年度任务的58%。\n")
    p = read_records(text)
    assert p.layout == "pdf_columns" and p.period == (date(2023, 1, 1), date(2023, 10, 31))
    assert [(r.indicator.text, r.target.text) for r in p.records] == [("城镇新增就业", "1.6万人以上"),
                                                                      ("城市道路建设", "新建道路20公里左右")]


def test_flat_table_extract_keeps_whole_row_numbers_and_one_unit() -> None:
    text = ("2020年西城区政府工作报告重点工作全年完成情况\n类别 序号 重点工作内容 牵头单位 完成情况\n"
            "疏解整治促提升12拆除违法建设10万平方米以上。区城市管理委区城市管理委全年累计拆除违法建设11.28万平方米。\n"
            "13完成150条背街小巷环境精细化整治提升。区城市管理委区城市管理委已完成背街小巷整治提升143条。\n"
            "民生保障15城镇新增就业不少于8000人。区人力资源社会保障局区人力资源社会保障局全年城镇新增就业8516人。\n")
    p = read_records(text)
    assert p.layout == "flat_table"
    assert [(r.category.text, r.seq.text, [u.text for u in r.lead_units]) for r in p.records] == [
        ("疏解整治促提升", "12", ["区城市管理委"]), ("疏解整治促提升", "13", ["区城市管理委"]),
        ("民生保障", "15", ["区人力资源社会保障局"])]
    assert p.records[1].progress.text.startswith("已完成背街小巷")
