"""govie.model.metric_edges: places out of a METRIC, qualifiers and service numbers in, bare rates."""
from __future__ import annotations

import pytest

from govie.model.hybrid import combine
from govie.model.metric_edges import place_prefix
from govie.schema import Span
from govie.tag.rules import RuleTagger
from test_metric_spans import POLICY, metrics


@pytest.mark.parametrize("text, pieces, want", [
    # places out (guideline case 25); a determiner after the place goes with it
    ("深圳市进出口总额3.14万亿元", ["深圳市进出口总额"], ["进出口总额"]),
    ("上海市全市生产总值4.72万亿元", ["上海市全市生产总值"], ["生产总值"]),
    ("广西地区生产总值增长5.5%左右", ["广西地区生产总值"], ["地区生产总值"]),
    ("呼和浩特市赛罕区城镇新增就业1.2万人", ["呼和浩特市赛罕区城镇新增就业"], ["城镇新增就业"]),
    ("北京市知识产权示范单位达到12家", ["北京市知识产权示范单位"], ["北京市知识产权示范单位"]),  # a title
    ("城市建成区绿地率达到41%", ["城市建成区绿地率"], ["城市建成区绿地率"]),  # 城市 is no place name
    ("自然保护区面积达到120万亩", ["自然保护区面积"], ["自然保护区面积"]),
    ("鞍山市单位地区生产总值能耗降低3%", ["鞍山市单位地区生产总值能耗"], ["单位地区生产总值能耗"]),  # 单位 + 地区 is no place
    ("鄂尔多斯市人均地区生产总值达到26万元", ["鄂尔多斯市人均地区生产总值"], ["人均地区生产总值"]),
    # qualifiers in, their QTY/UNIT/REL out
    ("65岁及以上老年人健康管理率达到70%", ["老年人健康管理率"], ["65岁及以上老年人健康管理率"]),
    ("0-6岁儿童健康管理率达到90%", ["儿童健康管理率"], ["0-6岁儿童健康管理率"]),
    ("每千人口拥有3岁以下婴幼儿托位数达到3.8个", ["每千人口", "婴幼儿托位数"], ["每千人口拥有3岁以下婴幼儿托位数"]),
    ("新增二级及以上医院23家", ["新增二级", "以上医院"], ["新增二级及以上医院"]),
    ("高新产业总产值占规模以上工业总产值比重达到43.9%", ["高新产业总产值占规模", "工业总产值比重"],
     ["高新产业总产值占规模以上工业总产值比重"]),
    ("平均年龄45岁以下", ["平均年龄"], ["平均年龄"]),  # an amount after the METRIC stays an amount
    ("主要农作物良种覆盖率保持在98%以上", ["农作物良种覆盖率"], ["主要农作物良种覆盖率"]),
    ("全市城镇新增就业58.6万人", ["新增就业"], ["城镇新增就业"]),
    ("每千名老年人拥有养老床位数稳定在35张以上", ["老年人拥有养老床位数"], ["每千名老年人拥有养老床位数"]),
    ("力争年内新培育省级以上农业产业化重点龙头企业15家", ["农业产业化重点龙头企业"], ["新培育省级以上农业产业化重点龙头企业"]),
    ("湛江港货物吞吐量达到2.3亿吨", ["湛江港货物吞吐量"], ["货物吞吐量"]),  # a port is a place
    ("霍尔果斯口岸进出口货运量完成1850万吨", ["霍尔果斯口岸进出口货运量"], ["进出口货运量"]),  # so is an area
    ("岳阳经济技术开发区规模以上工业总产值同比增长9.6%", ["岳阳经济技术开发区规模以上工业总产值"], ["规模以上工业总产值"]),
    ("新增产业园区面积120亩", ["新增产业园区面积"], ["新增产业园区面积"]),  # a verb opens it: no place name
    # light verbs out (the seed gold: 举办区级名老中医公开课2次, 全年共发生4起安全生产事故)
    ("举办专场招聘会42场", ["举办专场招聘会"], ["专场招聘会"]),
    ("1-9月全省发生生产安全事故386起", ["发生生产安全事故"], ["生产安全事故"]),
    # service numbers
    ("12345市民服务热线接听率95%", ["市民服务热线接听率"], ["12345市民服务热线接听率"]),
    ("12345热线受理诉求326万件", ["热线受理诉求"], ["受理诉求"]),  # the line is the subject
    ("12345热线群众满意率达到95%", ["热线群众满意率"], ["12345热线群众满意率"]),
    # a bare rate opening a clause before its value
    ("受理诉求326万件，办结率99.8%", ["受理诉求"], ["受理诉求", "办结率"]),
    ("办结率高，群众满意", [], []),  # no value after it
    # the bare 年度 of 年度目标 (guideline 26)
    ("城市生活污水集中收集率年度目标不低于70%", ["城市生活污水集中收集率年度"], ["城市生活污水集中收集率"]),
    ("抽检合格率98.0%，高于年度目标0.5个百分点", ["抽检合格率", "年度"], ["抽检合格率"]),
    ("粮食总产量力争达到1600亿斤以上", ["粮食总产量力争"], ["粮食总产量"]),  # target wording stays out
])
def test_edges(text, pieces, want):
    assert metrics(text, pieces) == want


def test_a_qualifier_leaves_no_quantity_behind():
    text = "65岁及以上老年人健康管理率达到70%"
    a = text.index("老年人")
    out = combine([Span(id="", start=a, end=text.index("达到"), label="METRIC", text=text[a:text.index("达到")], source="model")],
                  RuleTagger().predict(text), POLICY, text)
    assert [(s.label, s.text) for s in out] == [("METRIC", "65岁及以上老年人健康管理率"), ("REL", "达到"), ("QTY", "70"), ("UNIT", "%")]


@pytest.mark.parametrize("metric, cut", [("桂林市入境过夜游客人数", 3), ("西城区地区生产总值增速", 3), ("新疆粮食产量", 2),
                                         ("城镇新增就业", 0), ("市场主体", 0), ("南宁市", 0)])
def test_place_prefix(metric, cut):
    assert place_prefix(metric) == cut


@pytest.mark.parametrize("text, pieces, want", [
    ("呼和浩特市牛奶产量达到410万吨", ["特市牛奶产量"], ["牛奶产量"]),  # starts inside the place
    ("巴彦淖尔市盐碱地改良完成60万亩", ["市盐碱地改良"], ["盐碱地改良"]),  # starts on its suffix
    ("兰州新区规上工业增加值增长15%", ["兰州新区规上工业增加值"], ["规上工业增加值"]),  # name + 新区
    ("指标名称：万元地区生产总值能耗降低率；年度目标值：3%", ["年度目标值"], ["万元地区生产总值能耗降低率"]),
    ("三级指标：培训人次｜指标值：≥500人次", ["培训人次｜指标值"], ["培训人次"]),  # a cell border
    ("本项得分9分，扣1分", ["本项得分"], []),
    ("确保城镇调查失业率控制在5.5%以内", ["确保城镇调查失业率"], ["城镇调查失业率"]),  # target wording is no part of it
    ("新建改造10千伏线路186公里", ["新建改造", "线路"], ["新建改造10千伏线路"]),  # a voltage grade in the name
    ("营业收入10亿元以上企业12家", ["企业"], ["10亿元以上企业"]),  # a threshold naming a category
    ("地级及以上城市空气质量优良天数比率达到88.5%", ["地级", "城市空气质量优良天数比率"], ["地级及以上城市空气质量优良天数比率"]),  # scores of assessment tables (guideline section 4)
])
def test_more_edges(text, pieces, want):
    assert metrics(text, pieces) == want


def test_a_network_metric_holding_its_qualifier_keeps_it():
    text = "青海省5岁以下儿童死亡率下降到6‰"
    a, b = text.index("5"), text.index("下降")
    model = [Span(id="", start=a, end=b, label="METRIC", text=text[a:b], source="model")]
    got = combine(model, RuleTagger().predict(text), POLICY, text)
    assert [(s.label, s.text) for s in got] == [("METRIC", "5岁以下儿童死亡率"), ("QTY", "6"), ("UNIT", "‰")]
