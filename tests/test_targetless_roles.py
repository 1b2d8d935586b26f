"""Reports without a target column (narratives, numbered paragraphs, labelled lines): which
values are targets, which report progress, and what links them (govie.measure, govie.link)."""
from __future__ import annotations

import govie
import pytest

TITLE = "某市2023年上半年民生工作进展情况报告\n"


def _first_row(text: str):
    """The first ledger row of ``text`` read with the rule tagger."""
    return govie.extract(text, model="rules").to_dataframe().iloc[0]


def _roles(report) -> list[tuple[str, float | None]]:
    return [(m.role, m.value) for m in report.measurements if m.value is not None]


def _links(report) -> list[tuple[float | None, float | None, str]]:
    by_id = {m.id: m for m in report.measurements}
    return sorted(((by_id[lk.target].value, by_id[lk.progress].value, lk.attainment) for lk in report.links),
                  key=lambda x: tuple((v is None, v or 0) if not isinstance(v, str) else (False, v) for v in x))


def test_target_wording_carries_over_a_list_and_progress_cues_end_it():
    text = TITLE + ("一、稳就业\n年初确定的目标是全年城镇新增就业8万人以上、城镇调查失业率控制在5.5%以内。"
                    "上半年，全市城镇新增就业4.6万人，完成年度目标的57.5%；城镇调查失业率为5.1%。\n二、其他\n无。\n")
    r = govie.extract(text, model="rules")
    assert _roles(r) == [("target", 80000.0), ("target", 5.5), ("progress", 46000.0), ("progress", 57.5), ("progress", 5.1)]
    assert (80000.0, 46000.0, "on_track") in _links(r)  # 57.5 % of the target at half-year


def test_a_comma_after_a_target_starts_its_progress():
    text = TITLE + "一、工业\n新增规模以上工业企业目标12家，全年新增9家。\n二、其他\n无。\n"
    assert _roles(govie.extract(text, model="rules"))[:2] == [("target", 12.0), ("progress", 9.0)]


def test_a_bound_makes_a_target_without_target_wording():
    text = TITLE + "一、住房\n改造老旧小区惠及居民不低于4500户，已惠及居民5230户。\n二、其他\n无。\n"
    r = govie.extract(text, model="rules")
    assert _roles(r) == [("target", 4500.0), ("progress", 5230.0)]
    assert _links(r) == [(4500.0, 5230.0, "met")]


def test_a_status_after_a_target_is_its_progress():
    text = TITLE + "一、养老\n力争年内新建社区长者饭堂120个，目前选址和建设工作有序推进。\n二、其他\n无。\n"
    r = govie.extract(text, model="rules")
    assert _links(r) == [(120.0, None, "on_track")]


def test_the_value_of_a_named_goal_is_a_target():
    text = TITLE + "一、健康\n管理率分别为79.16%、64.43%，圆满完成了全年大于55%工作目标。\n二、其他\n无。\n"
    assert _roles(govie.extract(text, model="rules"))[-1] == ("target", 55.0)


def test_a_status_about_the_years_plan_joins_the_target():
    text = ("2022年某市主要指标1-9月完成情况\n"
            "1.指标名称：新建5G基站；年度目标值：8000个；1-9月完成值：已完成全年建设任务；牵头单位：市通信管理局\n"
            "2.指标名称：新建城市绿道；年度目标值：100公里；1-9月完成值：已建成80公里；牵头单位：市园林局\n")
    r = govie.extract(text, model="rules")
    assert r.layout == "labelled"
    assert _links(r) == [(100.0, 80.0, "on_track"), (8000.0, None, "met")]
    ledger = r.to_dataframe()
    assert list(ledger["constraint"]) == ["GE 8000 pcs", "GE 100 km"]  # implied comparators (SCHEMA case 7)
    assert list(ledger["indicator"]) == ["新建5G基站", "新建城市绿道"]


def test_the_ledger_shows_the_amount_and_the_share_stated_of_it():
    text = ("2023年某县重点任务1-9月完成情况\n一、就业\n年度目标：新增城镇就业5000人以上。\n"
            "进展情况：1-9月新增城镇就业4200人，完成年度目标的84%。\n")
    row = _first_row(text)
    assert (row["progress_value"], row["attainment"], row["stated_ratio"], row["consistent"]) == (4200.0, "on_track", 0.84, True)


def test_a_unit_column_gives_the_numbers_of_its_row_their_unit():  # SCHEMA case 2
    text = ("2024年某市市办实事项目1-9月完成情况\n"
            "序号\t项目名称\t计量单位\t年度目标\t1-9月完成\t完成率\t责任单位\n"
            "1\t农村供水保障工程投资\t万元\t≥6000\t4200\t70.0%\t市水务管理局\n"
            "2\t新增养老床位\t张\t2000\t1650\t82.5%\t市民政局\n")
    r = govie.extract(text, model="rules")
    assert r.layout == "pipe_table" and [rec.unit.text for rec in r.records] == ["万元", "张"]
    ledger = r.to_dataframe()
    assert list(ledger["target_value"]) == [60000000.0, 2000.0]  # 万 scales the cell; a bare 2000 is an amount here
    assert list(ledger["progress_value"]) == [42000000.0, 1650.0]
    assert list(ledger["target_unit"]) == ["yuan", "sheet"]
    assert list(ledger["attainment"]) == ["not_met", "on_track"]  # 70 % and 82.5 % at 75 % of the year


def test_a_later_date_past_a_comma_does_not_date_the_value():
    text = ("2023年某县民生实事项目1-10月进展情况\n"
            "1.免费健康体检（不少于2万人次）：已完成体检1.68万人次，其余计划于11月集中开展。\n")
    row = _first_row(text)
    assert row["progress_value"] == 16800.0 and row["progress_date"] is None  # not 11月's end
    assert row["attainment"] == "on_track"  # 84 % at the period's end, 10/12 of the year


def test_a_share_of_the_plan_is_no_planned_amount():
    text = "2023年某县民生实事项目1-10月进展情况\n1.改造农村公路（60公里）：已完成改造42.5公里，完成年度计划的70.8%。\n"
    r = govie.extract(text, model="rules")
    assert [(m.role, m.value) for m in r.measurements] == [("target", 60.0), ("progress", 42.5), ("progress", 70.8)]


def test_values_stated_respectively_take_the_listed_names():
    text = TITLE + ("一、基础设施\n全年计划新建农村公路85公里、改造供水管网40公里、新建污水管网26公里。"
                    "截至6月底，农村公路、供水管网、污水管网分别完成48公里、31公里、12公里。\n二、其他\n无。\n")
    r = govie.extract(text, model="rules")  # the rules tag no METRIC: the names come from the list alone
    assert [(m.metric, m.value) for m in r.measurements if m.role == "progress"] == [
        ("农村公路", 48.0), ("供水管网", 31.0), ("污水管网", 12.0)]


def test_a_completion_rate_column_is_the_share_the_row_states():
    text = ("2024年某市市办实事项目1-9月完成情况\n"
            "序号\t项目名称\t计量单位\t年度目标\t1-9月完成\t完成率\t责任单位\n"
            "1\t农村供水保障工程投资\t万元\t≥6000\t4200\t70.0%\t市水务管理局\n"
            "2\t新增养老床位\t张\t2000\t1650\t90.5%\t市民政局\n"
            "3\t城镇调查失业率\t%\t5.5以内\t5.2\t—\t市人社局\n")
    r = govie.extract(text, model="rules")
    assert [rec.ratio.text for rec in r.records] == ["70.0%", "90.5%", "—"]
    assert r.to_dict()["records"][0]["ratio"]["text"] == "70.0%"
    ledger = r.to_dataframe()
    assert list(ledger["stated_ratio"])[:2] == [0.7, 0.905]
    assert list(ledger["consistent"])[:2] == [True, False]  # 1650/2000 is 82.5 %, not the 90.5 % stated
    assert ledger["stated_ratio"].isna().iloc[2]  # a dash states nothing


def test_a_completion_rate_label_states_the_share():
    text = ("2023年某县重点工作1-10月进展情况\n"
            "一、新建污水管网\n年度目标：新建污水管网30公里\n进展情况：已建成24公里\n完成率：80%\n")
    row = _first_row(text)
    assert (row["progress_value"], row["stated_ratio"], row["consistent"]) == (24.0, 0.8, True)


def test_targets_listed_with_a_comma_stay_targets():
    text = ("2021年某县重点工作前三季度进展情况\n"
            "1.经济发展：年度目标为地区生产总值增长7%左右，一般公共预算收入达到5.6亿元。前三季度一般公共预算收入4.3亿元。\n")
    r = govie.extract(text, model="rules")
    assert [(m.role, m.value) for m in r.measurements][:2] == [("target", 7.0), ("target", 560000000.0)]


def test_a_value_of_the_same_kind_after_a_comma_is_progress():
    text = "2023年某区重点工作进展情况\n1.新增规上企业：目标12家，全年新增9家。\n"
    r = govie.extract(text, model="rules")
    assert [(m.role, m.value) for m in r.measurements] == [("target", 12.0), ("progress", 9.0)]


def test_a_part_stated_with_qizhong_is_not_the_total():
    text = ("2023年某区前三季度工作总结\n"
            "今年目标新签约招商项目60个，截至9月底已签约项目64个，超额完成全年任务，其中亿元以上项目23个。\n")
    row = _first_row(text)
    assert (row["target_value"], row["progress_value"], row["attainment"]) == (60.0, 64.0, "met")


def test_targets_in_other_units_after_a_comma_and_shiji_liyong():
    text = ("2024年某区重点工作1-11月进展情况\n"
            "1.招商引资\n由区商务局牵头。全年目标引进亿元以上项目30个，实际利用省外资金85亿元。"
            "1-11月，全区新签约亿元以上项目31个，实际利用省外资金79.6亿元。\n"
            "2.教育设施\n计划新建中小学和幼儿园6所，新增学位5400个。6所学校已全部完工，共新增学位5520个。\n")
    r = govie.extract(text, model="rules")
    targets = [m.value for m in r.measurements if m.role == "target"]
    assert targets == [30.0, 8500000000.0, 6.0, 5400.0]  # 实际利用 names the indicator; 所 then 个: two targets


def test_a_web_page_title_after_furniture_gives_the_period():
    text = ("首页 > 政务公开 > 重点工作\n保定市莲池区2024年重点工作1-11月进展情况\n"
            "发布时间：2024-12-10 来源：区政府办公室 浏览次数：318\n"
            "1.供热管网改造\n由区住建局牵头，计划改造老旧供热管网38公里。截至11月底，已完成改造26.5公里。\n"
            "主办：保定市莲池区人民政府\n")
    r = govie.extract(text, model="rules")
    assert r.title.text == "保定市莲池区2024年重点工作1-11月进展情况"
    assert [str(d) for d in r.period] == ["2024-01-01", "2024-11-30"]
    assert len(r.records) == 1 and "主办" not in r.records[0].progress.text


def test_under_way_words_state_no_attainment():  # guideline 23, 28
    text = ("2022年某区重点工作1-10月进展情况\n"
            "1.村级工业园改造：年度目标为改造提升1.2万亩。截至10月底已完成0.86万亩，剩余项目正在开展土地整理工作。\n")
    row = _first_row(text)
    assert (row["progress_value"], row["attainment"]) == (8600.0, "not_met")  # 72 % at 10/12 of the year


def test_a_short_name_inside_a_long_one_is_no_exact_match():
    from govie.link import similarity

    assert similarity("城镇新增就业", "城镇新增就业") == 1.0
    assert similarity("新增就业", "城镇新增就业") == 1.0  # the longer part of the name
    assert 0.6 < similarity("项目", "新签约招商项目") < 0.8  # a generic head inside a long name


def test_the_head_of_the_metric_implies_the_comparator():  # SCHEMA case 7
    from govie.attainment import comparator_of

    assert [comparator_of([], m, 1.0, None, None) for m in ("一般公共预算收入", "一般公共预算支出", "单位地区生产总值能耗",
                                                            "地区生产总值", "城镇调查失业率")] == ["GE", "LE", "LE", "GE", "LE"]


def test_the_remainder_is_not_the_amount_reported():
    text = "2023年某县民生实事项目1-10月进展情况\n1.新建城市书房（8处）：已建成7处，其余1处正在进行内部装修，预计11月底开放。\n"
    row = _first_row(text)
    assert (row["target_value"], row["progress_value"]) == (8.0, 7.0)


def test_a_status_before_a_comma_states_the_attainment():
    text = ("2021年某市重点任务上半年推进情况\n5.中小学校舍改造\n"
            "目标：完成6所中小学校舍改造；进展：尚未启动，目前正在进行设计招标。\n")
    row = _first_row(text)
    assert (row["target_value"], row["attainment"]) == (6.0, "not_met")


def test_a_bound_after_the_unit_makes_a_target():
    text = ("2022年某区民生实事上半年进展情况\n"
            "5. 老年人免费健康体检：为老年人提供免费健康体检3.5万人次以上，上半年已体检1.46万人次。\n")
    r = govie.extract(text, model="rules")
    assert [(m.role, m.value) for m in r.measurements] == [("target", 35000.0), ("progress", 14600.0)]


def test_a_year_end_table_with_zhibiaozhi_and_a_responsible_section():
    text = ("嘉善县市场监督管理局2022年度绩效目标完成情况\n"
            "序号\t绩效指标\t指标值\t实际完成值\t偏差原因\t责任科室\n"
            "1\t食品安全监督抽检\t≥2600批次\t2712批次\t无\t食品安全监管科\n"
            "2\t消费投诉按期办结率\t≥98%\t96.2%\t投诉量增加\t消费者权益保护科\n")
    r = govie.extract(text, model="rules")
    assert [rec.target.text for rec in r.records] == ["≥2600批次", "≥98%"]
    assert [[u.text for u in rec.lead_units] for rec in r.records] == [["食品安全监管科"], ["消费者权益保护科"]]
    assert list(r.to_dataframe()["attainment"]) == ["met", "not_met"]


def test_targets_listed_after_nianchu_queding():
    text = ("2022年某县前三季度工作情况\n"
            "一、经济发展。年初县政府工作报告确定，全年地区生产总值增长6.5%，固定资产投资增长8%，一般公共预算收入达到9.6亿元。"
            "前三季度，全县地区生产总值同比增长4.1%，固定资产投资同比增长9.2%，一般公共预算收入7.38亿元。\n")
    r = govie.extract(text)  # the shipped tagger: the indicators (METRIC) tell the three targets apart
    assert [m.value for m in r.measurements if m.role == "target"] == [6.5, 8.0, 960000000.0]


def test_a_value_of_a_target_indicator_after_others_is_its_progress():
    text = ("2023年某区工作总结\n二、项目建设。年初确定的目标是完成固定资产投资45亿元，全区谋划储备项目186个，"
            "全年完成固定资产投资52.6亿元，超额完成年度目标。\n")
    r = govie.extract(text, model="rules")
    values = [(m.role, m.value) for m in r.measurements if m.value in (4500000000.0, 5260000000.0)]
    assert values == [("target", 4500000000.0), ("progress", 5260000000.0)]


def test_a_status_after_a_second_target_joins_that_target():
    text = ("2023年某区一季度重点工作进展情况\n一、民生保障\n"
            "（一）就业。全年城镇新增就业1.2万人。一季度城镇新增就业3260人。\n"
            "（二）保障性租赁住房。计划全年筹集保障性租赁住房2000套。目前项目尚未开工，正在开展前期工作。\n")
    df = govie.extract(text, model="rules").to_dataframe()
    row = df[df["target_value"] == 2000.0].iloc[0]
    assert row["attainment"] == "not_met"


def test_dayudengyu_is_a_bound_and_a_status_after_it_joins_it():
    text = "2020年某区重点工作1-10月进展情况\n5.生态环境状况指数大于等于41.1。预计可完成。\n"
    r = govie.extract(text, model="rules")
    assert [(m.role, m.value) for m in r.measurements][:1] == [("target", 41.1)]
    assert [lk.attainment for lk in r.links] == ["on_track"]


def _status_links(report) -> list[tuple[float | None, str, str]]:
    """(target value, status phrase, attainment) of every link made by a status without a number."""
    by_id = {m.id: m for m in report.measurements}
    spans = {s.id: s for s in report.spans}
    out = []
    for lk in report.links:
        p = by_id[lk.progress]
        if p.value is None:
            rel = next(spans[i].text for i in p.span_ids if spans[i].label == "REL")
            out.append((by_id[lk.target].value, rel, lk.attainment))
    return sorted(out)


def test_a_status_past_a_comma_after_a_value_is_its_own_measurement():
    # guideline section 4: a status phrase with no number forms a progress measurement of its own
    text = TITLE + ("一、冰雪运动\n年度目标：新建仿真冰场地5块，培养冰雪类社会体育指导员200人。全年新建仿真冰场地7块，"
                    "培训冰雪类社会体育指导员224人，超额完成全年任务。\n二、其他\n无。\n")
    r = govie.extract(text, model="rules")
    statuses = [m for m in r.measurements if m.value is None and "EXCEEDED" in m.relation]
    assert len(statuses) == 1 and statuses[0].role == "progress"
    assert not any("EXCEEDED" in m.relation for m in r.measurements if m.value == 224.0)
    assert (200.0, "超额完成", "met") in _status_links(r)


def test_a_status_after_a_value_keeps_that_value_a_progress():
    # the status group names 全年目标任务 as its object: no target wording for the value before it
    text = TITLE + "一、就业\n城镇新增就业年度目标4.5万人，1-10月全市城镇新增就业4.82万人，提前完成全年目标任务。\n二、其他\n无。\n"
    r = govie.extract(text, model="rules")
    assert _roles(r) == [("target", 45000.0), ("progress", 48200.0)]
    assert (45000.0, 48200.0, "met") in _links(r)
    assert (45000.0, "提前完成", "met") in _status_links(r)


def test_an_on_track_status_after_a_value_states_the_value_link_too():
    # GUIDELINES section 6: 动态完成全年任务目标 keeps a value within its limit at on_track mid-year
    text = TITLE + "一、降尘\n年度目标：降尘量控制在6吨/平方公里·月。1-6月，全区降尘量均值为5.9吨/平方公里·月，动态完成全年任务目标。\n"
    r = govie.extract(text, model="rules")
    assert (6.0, 5.9, "on_track") in _links(r)


def test_a_value_takes_the_date_nearest_before_it_not_a_plan_date():
    # 年初 dates the setting of the target; 全年任务 names a plan, not the time of 23个
    text = TITLE.replace("上半年", "") + (
        "一、城市更新\n年初确定的目标是改造棚户区800户，全年完成棚户区改造560户。\n"
        "二、招商\n今年目标新签约招商项目60个，截至9月底已签约项目64个，超额完成全年任务，其中亿元以上项目23个。\n")
    r = govie.extract(text, model="rules", period=("2023-01-01", "2023-12-31"))
    dates = {m.value: m.date for m in r.measurements if m.value is not None}
    assert dates[560.0][1].isoformat() == "2023-12-31" and dates[560.0][0].month == 1
    assert dates[800.0][1].isoformat() == "2023-01-31"  # 年初
    assert dates[23.0][1].isoformat() == "2023-09-30"
    assert (800.0, 560.0, "not_met") in _links(r)
    row = r.to_dataframe()
    assert row.loc[row["target_value"] == 60.0, "progress_value"].tolist() == [64.0]


def test_a_plain_value_then_progress_on_it_makes_the_first_a_target():
    # 完成农村户厕改造2000户，前三季度完成1350户: no target wording, but the next value reports on the first
    text = "寿光市2023年前三季度重点工作进展情况\n七、农村改厕。完成农村户厕改造2000户，前三季度完成1350户，进度偏慢。\n" \
           "八、招商。引进项目中，已签约12个，其中亿元以上项目3个。\n"
    r = govie.extract(text, model="rules")
    assert _roles(r) == [("target", 2000.0), ("progress", 1350.0), ("progress", 12.0), ("progress", 3.0)]
    assert (2000.0, 1350.0, "not_met") in _links(r)  # 67.5 % at three quarters


def test_a_status_right_after_a_planned_count_reports_on_it():
    # 183项具体任务全部完成，完成率100%: the count is the plan, the status its progress, the rate its own
    text = "某区2021年度日常履职考核事项完成情况\n一、安全生产\n本年度目标任务清单183项具体任务全部完成，完成率100%。\n"
    r = govie.extract(text, model="rules")
    by_id = {m.id: m for m in r.measurements}
    target = next(m for m in r.measurements if m.value == 183.0)
    assert target.role == "target" and target.relation == []
    status = next(m for m in r.measurements if "DONE" in m.relation)
    assert status.value is None and status.role == "progress"
    assert (183.0, "全部完成", "met") in _status_links(r)
    assert all("DONE" not in by_id[i].relation for i in by_id if by_id[i].value == 100.0)


def test_values_stated_respectively_measure_the_targets_listed_before_them():
    text = ("吴忠市2020年一季度重点工作进展情况\n（一）稳就业。全年计划新增城镇就业1.2万人、农村劳动力转移就业8万人，"
            "一季度分别完成3150人、1.8万人。\n")
    r = govie.extract(text, model="rules")
    assert (12000.0, 3150.0, "on_track") in _links(r)
    assert (80000.0, 18000.0, "not_met") in _links(r)
    assert (12000.0, 18000.0, "on_track") not in _links(r)


def test_a_value_right_after_its_plan_beats_a_later_look_alike():
    text = ("某区2022年度日常履职考核事项完成情况\n一、充电设施\n1. 计划新建公共充电桩不少于600个，实际建成652个。"
            "2. 区城市管理委开展专项检查，对存在安全隐患的132个充电桩完成整改。\n")
    row = _first_row(text)
    assert (row["target_value"], row["progress_value"], row["attainment"]) == (600.0, 652.0, "met")


def test_a_date_past_the_period_does_not_make_a_value_the_latest():
    text = ("某县2024年民生实事完成情况\n4.农村供水保障（新增受益人口1.2万人）：新增受益人口1.05万人；2处水厂扩建工程"
            "推迟至2025年实施，涉及受益人口约1500人。\n")
    row = _first_row(text)
    assert (row["target_value"], row["progress_value"]) == (12000.0, 10500.0)


def test_a_consistent_stated_share_counts_a_rate_toward_the_year():
    text = ("某区2018年上半年绩效任务进展情况\n一、金融街\n年度目标：金融街地均产出率达到2139.4亿元/平方公里。"
            "上半年，金融街区域实现地均产出1106.2亿元/平方公里，完成年度目标的51.7%。\n")
    row = _first_row(text)
    assert (row["target_value"], row["attainment"], row["consistent"]) == (213940000000.0, "on_track", True)


def test_a_share_without_a_value_joins_the_target_before_it_in_its_sentence():
    text = ("齐齐哈尔市2024年前三季度重点工作进展情况\n一、城市建设\n年初确定全年新建改造城市供热管网260公里，目前已完成"
            "年度计划的68%，剩余管网正在施工。全年计划完成造林绿化面积12万亩，目前已完成年度计划的82%。\n")
    r = govie.extract(text, model="rules")
    by_id = {m.id: m for m in r.measurements}
    got = sorted((by_id[lk.target].value, by_id[lk.progress].value, lk.attainment) for lk in r.links
                 if "RATIO" in by_id[lk.progress].relation)
    assert got == [(260.0, 68.0, "not_met"), (120000.0, 82.0, "on_track")]  # three quarters: .75 of the year


@pytest.mark.parametrize("sentence, target, value", [
    ("年初提出的城镇调查失业率控制在5.5%以内的目标，全年城镇调查失业率为5.2%，就业形势总体稳定。", 5.5, 5.2),
    ("年初确定的城镇登记失业率控制在1.5%以内的目标顺利实现，全年城镇登记失业率为1.12%。", 1.5, 1.12),
])
def test_the_target_word_after_a_target_is_no_wording_of_the_next_value(sentence, target, value):
    r = govie.extract("某区2023年政府工作报告\n" + sentence + "\n", model="rules")
    by_id = {m.id: m for m in r.measurements}
    assert [m.role for m in r.measurements] == ["target", "progress"]
    assert [(by_id[lk.target].value, by_id[lk.progress].value, lk.attainment) for lk in r.links] == \
        [(target, value, "met")]
