"""govie.model.lead_lines: bodies of lead-unit lines, ORG spans split at a joining verb."""
from __future__ import annotations

import pytest

from govie.model.hybrid import combine
from govie.model.lead_lines import frame_units, lead_line_units, split_joined
from govie.schema import Span


@pytest.mark.parametrize("text, want", [
    ("牵头单位：省发展改革委；配合单位：省财政厅、省自然资源厅、省生态环境厅。",
     ["省发展改革委", "省财政厅", "省自然资源厅", "省生态环境厅"]),
    ("责任单位：市住建局、市城管执法局、各区县政府、西咸新区管委会。", ["市住建局", "市城管执法局", "西咸新区管委会"]),  # 各… generic
    ("牵头单位：区发改委  配合单位：区财政局，各街道", ["区发改委", "区财政局"]),
    ("责任单位：相关部门", []),
    ("牵头单位：市委宣传部；责任单位：各县（市、区）人民政府。", ["市委宣传部"]),  # no cut inside brackets; generic
    ("区财政局、区教委配合", []),  # no label: left to the network
    ("牵头单位：东城区人力资源和社会保障局　配合单位：区经济促进局", ["东城区人力资源和社会保障局", "区经济促进局"]),  # 和 inside a name
    ("牵头单位：丰台区政务服务和数据管理局（区政务服务中心）；责任单位：各委办局、各街道（镇）",
     ["丰台区政务服务和数据管理局（区政务服务中心）"]),  # a bracketed second name
    ("主管部门｜北京市海淀区民政局｜实施单位｜海淀区养老服务指导中心", ["北京市海淀区民政局", "海淀区养老服务指导中心"]),
])
def test_lead_line_units(text, want):
    assert [text[a:b] for a, b in lead_line_units(text)] == want


@pytest.mark.parametrize("text, want", [
    ("由佛山市南海区经济促进局牵头，桂城街道、南海控股集团有限公司配合，推进千灯湖创投小镇二期建设。",
     ["佛山市南海区经济促进局", "桂城街道", "南海控股集团有限公司"]),
    ("由区绿化市容局牵头，新华路街道、天山路街道配合。", ["区绿化市容局", "新华路街道", "天山路街道"]),
    ("西湖区文化广电旅游体育局会同灵隐街道推进文旅融合示范区建设。", ["灵隐街道"]),
    ("牵头单位为海南博鳌乐城国际医疗旅游先行区管理局，配合单位为博鳌超级医院。",
     ["海南博鳌乐城国际医疗旅游先行区管理局", "博鳌超级医院"]),
    ("四是妥善处理信访工作，与区教委配合，共同处理好入园难问题。", ["区教委"]),  # 与 is no part of the name
    ("由各区县政府负责，相关部门配合。", []),  # generic mentions (guideline case 4)
    ("由市里统筹推进。", []),  # no body
])
def test_frame_units(text, want):
    assert [text[a:b] for a, b in frame_units(text)] == want


def test_frame_bodies_join_the_network_spans():
    text = "由南湖区综合行政执法局牵头，嘉兴市环境卫生管理中心配合，城乡环卫一体化改革预计可完成年度任务。"
    got = combine([org(text, "南湖区综合行政执法局")], [], {"ORG": "model+gazetteer"}, text)
    assert [s.text for s in got if s.label == "ORG"] == ["南湖区综合行政执法局", "嘉兴市环境卫生管理中心"]


def test_an_org_holding_ge_is_generic():  # 顺义区各街道: guideline case 4
    text = "截至10月31日，顺义区各街道已建成社区图书室215个。"
    got = combine([], [], {"ORG": "model+gazetteer"}, text)
    assert [s.text for s in got if s.label == "ORG"] == []


def test_an_org_after_ge_is_generic():  # 各区县人民政府: guideline case 4
    text = "责任单位包括市医保局和各区县人民政府。"
    got = combine([org(text, "市医保局"), org(text, "区县人民政府")], [], {"ORG": "model+gazetteer"}, text)
    assert [s.text for s in got if s.label == "ORG"] == ["市医保局"]


def org(text: str, piece: str) -> Span:
    a = text.index(piece)
    return Span(id="m", start=a, end=a + len(piece), label="ORG", text=piece, source="model")


@pytest.mark.parametrize("text, piece, want", [
    ("旗林草局会同旗财政局完成兑付", "旗林草局会同旗财政局", ["旗林草局", "旗财政局"]),
    ("西安市发展改革委会同市财政局开展观摩", "西安市发展改革委会", ["西安市发展改革委"]),
    ("区国资委督促区属企业完成治理", "区国资委督促区属企业", ["区国资委"]),  # the right part is no body
    ("市委员会召开全会", "市委员会", ["市委员会"]),  # 委员会 is no 委 + 会同
])
def test_split_joined(text, piece, want):
    assert [s.text for s in split_joined([org(text, piece)], text)] == want


def test_lead_line_bodies_replace_network_pieces_inside_them():
    text = "配合单位：盟政务服务与数据管理局。"
    got = combine([org(text, "管理局")], [], {"ORG": "model+gazetteer"}, text)
    assert [(s.text, s.source) for s in got if s.label == "ORG"] == [("盟政务服务与数据管理局", "lead_line")]


def test_a_joint_frame_lists_several_streets():
    from govie.model.lead_lines import frame_units
    text = "截至9月底，和平区商务局会同劝业场街道、小白楼街道开展楼宇招商。"
    assert [text[a:b] for a, b in frame_units(text)] == ["劝业场街道", "小白楼街道"]
