"""govie.model.lead_lines: bodies of lead-unit lines, ORG spans split at a joining verb."""
from __future__ import annotations

import pytest

from govie.model.hybrid import combine
from govie.model.lead_lines import lead_line_units, split_joined
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
