"""Clauses: splitting a field on sentence ends and list items, offsets into the report."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govie.clauses import split_clauses
from govie.errors import InputError
from govie.records import read_records
from govie.schema import Field

CASES = [
    ("目标：1.开办企业全程网办，一日办结；2.简易低风险项目15个工作日内办结。",
     ["目标", "开办企业全程网办，一日办结", "简易低风险项目15个工作日内办结"]),
    ("18公里慢行系统改造已完成13.5公里，慢行交通评价数据已提交完毕。",
     ["18公里慢行系统改造已完成13.5公里，慢行交通评价数据已提交完毕"]),
    ("按照优化营商环境3.0政策要求，积极推进。通过在西城e办事宣传",
     ["按照优化营商环境3.0政策要求，积极推进", "通过在西城e办事宣传"]),
    ("1.1-9月，全区降尘量均值为5.9吨/平方公里·月。\n2.2020年1月至10月，共出动执法人员370人次",
     ["1-9月，全区降尘量均值为5.9吨/平方公里·月", "2020年1月至10月，共出动执法人员370人次"]),
    ("围绕环境提升工程：一是推进规划设计，形成中期成果。二是推进西单文化广场改造，基础结构施工",
     ["围绕环境提升工程", "推进规划设计，形成中期成果", "推进西单文化广场改造，基础结构施工"]),
    ("（一）积极推进；（二）加快发展", ["积极推进", "加快发展"]),
    ("1、第一项 2、第二项", ["第一项", "第二项"]),
    ("①降尘；②减排", ["降尘", "减排"]),
    ("统一是指标准", ["统一是指标准"]),
    ("完成1.5万人；1.5万人已就业", ["完成1.5万人", "1.5万人已就业"]),
    ("1.5月份《条例》实施至12月，分出率达到8%；2.无害化处理率达到100%。",
     ["5月份《条例》实施至12月，分出率达到8%", "无害化处理率达到100%"]),
    ("地区生产总值增长6%左右!财政收入增长2%?", ["地区生产总值增长6%左右", "财政收入增长2%"]),
    ("第一段\n\n第二段", ["第一段", "第二段"]),
    ("ＰＭ２．５年均浓度低于４４微克／立方米；同比下降９．１％。",
     ["ＰＭ２．５年均浓度低于４４微克／立方米", "同比下降９．１％"]),
    ("。；  ", []),
]


@pytest.mark.parametrize("text, want", CASES, ids=[c[0][:12] for c in CASES])
def test_split(text: str, want: list[str]) -> None:
    got = split_clauses(text)
    assert [c.text for c in got] == want
    for c in got:
        assert text[c.start:c.end] == c.text


def test_wrapped_clause_keeps_raw_text_with_line_breaks() -> None:
    text = "细颗粒物（PM2.5）年均浓度低\n于44微克/立方米、三年滑动平\n均浓度继续下降；且达到全市平均水平"
    got = split_clauses(text)
    assert [c.text for c in got] == ["细颗粒物（PM2.5）年均浓度低\n于44微克/立方米、三年滑动平\n均浓度继续下降", "且达到全市平均水平"]


def test_field_offsets_index_the_report(seed_texts: dict[str, str]) -> None:
    text = seed_texts["000"]
    rec = next(r for r in read_records(text).records if r.indicator.text.startswith("优化营商环境"))
    clauses = split_clauses(text, rec.target)
    assert [c.text.replace("\n", "") for c in clauses] == [
        "开办企业全程网办，一日办结", "不动产登记一网通办、一窗通办、一日办结", "简易低风险项目全流程15个工作日内办结",
        "实现市场监管领域“双随机”监管全覆盖", "窗口工作人员全面掌握业务政策",
    ]
    for c in clauses:
        assert text[c.start:c.end] == c.text
        assert rec.target.start <= c.start < c.end <= rec.target.end


def test_progress_items_of_003_row_65(seed_texts: dict[str, str]) -> None:
    text = seed_texts["003"]
    rec = read_records(text).records[64]
    clauses = split_clauses(text, rec.progress)
    assert clauses[0].text == "各街道高度重视,深化政策研究,强化人员培训,建立定期调度工作体系"
    assert any(c.text.startswith("已拆除违法建筑1559处111876.67平方米") for c in clauses)
    assert any(c.text.startswith("1至11月,各街道PM2.5、TSP累计浓度") for c in clauses)


def test_field_must_belong_to_the_text() -> None:
    with pytest.raises(InputError, match="a Field of this text"):
        split_clauses("完成任务", Field("别的", 0, 2))
    with pytest.raises(InputError, match="expected the report text"):
        split_clauses(None)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("完成12.5万人；。，1、一是（一）①\n :PM") + ["13.5", "2.2020年", "\n\n"]), max_size=40).map("".join))
def test_property_clauses_are_ordered_slices_without_markers_at_edges(text: str) -> None:
    got = split_clauses(text)
    end = 0
    for c in got:
        assert text[c.start:c.end] == c.text
        assert c.start >= end
        end = c.end
        assert c.text.strip() == c.text and c.text[-1] not in "，,；;。、:：" and c.text[0] not in "，,；;。、:："
