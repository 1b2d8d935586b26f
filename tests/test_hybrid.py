"""govie.model.hybrid: model and rule spans combined label by label."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from govie.errors import ModelError
from govie.model.hybrid import check_policy, combine
from govie.schema import Span
from govie.tag.rules import RuleTagger

ROOT = Path(__file__).resolve().parents[1]
TINY_GOLD = ROOT / "tests" / "data" / "tiny_gold.jsonl"
TEXT = "1-9月，全区细颗粒物（PM2.5）平均浓度为40微克/立方米，同比下降9.1%。"


def sp(start, end, label, source):
    return Span(id="", start=start, end=end, label=label, text=TEXT[start:end], source=source)


def triples(spans):
    return [(s.start, s.end, s.label, s.source) for s in spans]


def test_each_label_from_its_source():
    model = [sp(0, 4, "DATE", "model"), sp(22, 24, "QTY", "model"), sp(5, 20, "METRIC", "model")]
    rules = [sp(0, 4, "DATE", "rules"), sp(23, 25, "QTY", "rules"), sp(7, 20, "METRIC", "rules")]
    out = combine(model, rules, {"QTY": "rules", "DATE": "model", "METRIC": "model"})
    assert triples(out) == [(0, 4, "DATE", "model"), (5, 20, "METRIC", "model"), (23, 25, "QTY", "rules")]
    assert [s.id for s in out] == ["h0", "h1", "h2"]


def test_fill_ins_only_where_nothing_overlaps():
    model = [sp(5, 11, "METRIC", "model")]
    rules = [sp(7, 20, "METRIC", "rules"), sp(30, 34, "METRIC", "rules")]
    out = combine(model, rules, {"METRIC": "model+rules"})
    assert triples(out) == [(5, 11, "METRIC", "model"), (30, 34, "METRIC", "rules")]
    out = combine(model, rules, {"METRIC": "rules+model"})
    assert triples(out) == [(7, 20, "METRIC", "rules"), (30, 34, "METRIC", "rules")]


def test_first_choice_rules_beat_overlapping_model_spans_of_other_labels():
    model = [sp(20, 26, "METRIC", "model")]
    rules = [sp(23, 25, "QTY", "rules")]
    out = combine(model, rules, {"QTY": "rules", "METRIC": "model"})
    assert triples(out) == [(23, 25, "QTY", "rules")]


def test_labels_not_named_come_from_the_model():
    model = [sp(5, 10, "ORG", "model")]
    rules = [sp(12, 15, "ORG", "rules")]
    assert triples(combine(model, rules, {})) == [(5, 10, "ORG", "model")]


@pytest.mark.parametrize("policy, match", [
    ({"QTYY": "rules"}, "unknown label 'QTYY'"),
    ({"QTY": "regex"}, "QTY source 'regex'; allowed: model, rules"),
    (["QTY"], "expected a mapping"),
])
def test_bad_policies_are_named(policy, match):
    with pytest.raises(ModelError, match=match):
        check_policy(policy)


def test_tagger_applies_the_policy_from_govie_json(tmp_path):
    from govie.model import Tagger
    from govie.model.train import main

    out = tmp_path / "m"
    main(["--config", str(ROOT / "train" / "tiny.toml"), "--output", str(out), "--gold", str(TINY_GOLD),
          "--max-steps", "4"])
    plain = Tagger.load(out)
    assert plain.combine == {} and "+rules" not in plain.name
    meta = json.loads((out / "govie.json").read_text(encoding="utf-8"))
    (out / "govie.json").write_text(json.dumps({**meta, "combine": {"QTY": "rules", "UNIT": "rules"}}), encoding="utf-8")
    hybrid = Tagger.load(out)
    assert hybrid.name.endswith("+rules")
    want = [(s.start, s.end) for s in RuleTagger().predict(TEXT) if s.label in ("QTY", "UNIT")]
    got = hybrid.predict(TEXT)
    assert [(s.start, s.end) for s in got if s.label in ("QTY", "UNIT")] == want
    assert all(s.source == "rules" for s in got if s.label in ("QTY", "UNIT"))
    assert [s.to_dict() for s in Tagger.load(out, combine=False).predict(TEXT)] == \
        [s.to_dict() for s in plain.predict(TEXT)]
    bad = tmp_path / "bad"
    shutil.copytree(out, bad)
    (bad / "govie.json").write_text(json.dumps({**meta, "combine": {"QTY": "both"}}), encoding="utf-8")
    with pytest.raises(ModelError, match="QTY source 'both'"):
        Tagger.load(bad)


def test_one_character_model_org_is_dropped_as_a_fragment():
    from govie.model.hybrid import combine, combine_batch
    from govie.schema import Span

    text = "区政府和中心完成5项"
    model = [Span(id="m0", start=0, end=3, label="ORG", text="区政府"),
             Span(id="m1", start=4, end=5, label="ORG", text="中"),
             Span(id="m2", start=8, end=9, label="QTY", text="5")]
    out = combine(model, [], {"ORG": "model", "QTY": "model"})
    assert [(s.start, s.end, s.label) for s in out] == [(0, 3, "ORG"), (8, 9, "QTY")]
    assert [(s.start, s.end) for s in combine_batch([model], [text], {"ORG": "model"})[0]] == [(0, 3), (8, 9)]


@pytest.mark.parametrize("text, keep", [
    ("街道", False), ("政务服务中心", False), ("西城区", False), ("北京市", False),  # guideline cases 4 and 5
    ("区政府", True), ("新街口街道", True), ("区政务服务中心", True), ("市委", True), ("西城区政府", True),
])
def test_generic_and_place_orgs_dropped(text, keep):
    from govie.model.hybrid import drop_fragments

    span = Span(id="m0", start=0, end=len(text), label="ORG", text=text, source="model")
    assert drop_fragments([span]) == ([span] if keep else [])
    metric = Span(id="m1", start=0, end=len(text), label="METRIC", text=text, source="model")
    assert drop_fragments([metric]) == [metric]


@pytest.mark.parametrize("text, start, end, want", [
    ("联合区应急局开展检查", 0, 6, "区应急局"),  # a leading verb is cut off
    ("支持中国人民银行营业管理部", 0, 13, "中国人民银行营业管理部"),
    ("经信局", 0, 3, "经信局"),  # 经 starts names: never cut
    ("区政府党组成员", 0, 5, "区政府党组"),  # ends in a suffix: kept
    ("由区财政局牵头", 0, 5, "区财政局"),
    ("联合社", 0, 3, "联合社"),  # too short once cut: kept as it is
    ("奇安信科技上市", 0, 5, "奇安信科技"),  # no leading verb: kept as it is
    ("北京证券交易所主办", 0, 9, "北京证券交易所"),  # a trailing verb after a body's suffix is cut off
    ("山西汾河钢铁有限公司投资", 0, 12, "山西汾河钢铁有限公司"),
    ("扶贫投资", 0, 4, "扶贫投资"),  # ... not when the rest does not end like a body
])
def test_model_org_spans_are_trimmed(text, start, end, want):
    from govie.model.hybrid import drop_fragments, trim_org

    span = Span(id="m0", start=start, end=end, label="ORG", text=text[start:end], score=0.9, source="model")
    got = trim_org(span)
    assert got.text == want and text[got.start:got.end] == want and got.score == 0.9
    assert [s.text for s in drop_fragments([span])] == [want]
    other = Span(id="m1", start=start, end=end, label="METRIC", text=text[start:end], source="model")
    assert drop_fragments([other]) == [other]  # only ORG is trimmed


def test_gazetteer_fills_org_gaps_only_when_the_policy_says_so():
    from govie.model.hybrid import combine, combine_batch, gazetteer_orgs

    text = "区财政局牵头，报请区政府同意，获国务院通报表扬。"
    model = [Span(id="m0", start=0, end=4, label="ORG", text="区财政局", source="model"),
             Span(id="m1", start=8, end=12, label="ORG", text="区政府同", source="model")]  # overlaps 区政府
    assert [text[a:b] for a, b in gazetteer_orgs(text)] == ["区财政局", "区政府", "国务院"]
    policy = {"ORG": "model+gazetteer"}
    out = combine(model, [], policy, text)
    # the model's 区政府同 cut the word 同意: snapped back (govie.model.words); no second 区政府 from the gazetteer
    assert [(s.text, s.source) for s in out] == [("区财政局", "model"), ("区政府", "model"), ("国务院", "gazetteer")]
    assert [s.text for s in combine(model, [], policy)] == ["区财政局", "区政府同"]  # no text: no gazetteer
    assert [s.text for s in combine(model, [], {"ORG": "model"}, text)] == ["区财政局", "区政府"]
    assert [s.text for s in combine_batch([model], [text], policy)[0]] == ["区财政局", "区政府", "国务院"]
    assert check_policy(policy) == policy
    with pytest.raises(ModelError, match=r"ORG source 'model\+gaz'; allowed: .*model\+gazetteer"):
        check_policy({"ORG": "model+gaz"})


@pytest.mark.parametrize("text, pieces, want", [
    ("养老机构医养结合签约率保持100%", [(4, 6), (6, 11)], ["医养结合签约率"]),  # touching pieces
    ("完成306处交通信号灯配时优化", [(6, 8), (9, 15)], ["交通信号灯配时优化"]),  # one character between
    ("新增公园绿地和城市森林各5处", [(2, 6), (7, 11)], ["新增公园绿地", "城市森林"]),  # 和 separates two metrics
    ("全年新增义务教育学位12482个", [(4, 10)], ["新增义务教育学位"]),  # a counting verb joins
    ("共开展培训20次", [(4, 5)], []),  # one character left: a fragment
    ("向公众报告工作,开展政务开放日42次", [(8, 15)], ["政务开放日"]),  # a light verb is cut off
    ("开展培训20次", [(0, 4)], ["培训"]),
    ("实施率达90%", [(0, 3)], ["实施率"]),  # ... unless fewer than two characters would remain
    ("淘汰老旧柴油货运车605辆", [(1, 9)], ["淘汰老旧柴油货运车"]),  # the network cut the counting verb
    ("更新居民电采暖设备1.7万余台", [(1, 9)], ["更新居民电采暖设备"]),
    ("截至10月底已接待游客163.5万人次", [(6, 11)], ["接待游客"]),  # 已 stays outside (guideline 28, 29)
    ("经问卷调查，实际满意度为93.2%", [(6, 11)], ["满意度"]),  # 实际 marks the reported value (29)
    ("目标为孕产妇系统管理率达到95%", [(2, 11)], ["孕产妇系统管理率"]),  # a copula (29)
    ("实际利用外资12亿美元", [(0, 6)], ["实际利用外资"]),  # the indicator's own name keeps 实际
    ("本部门实际支出3791.05万元", [(3, 7)], ["实际支出"]),
    ("产出指标权重40分", [(0, 6)], []),  # a weight of an assessment table (guideline section 4)
    ("江阴市考核得分98.35分", [(3, 7)], []),  # a score
    ("昆山市地区生产总值预期增长5.5%左右", [(3, 11)], ["地区生产总值"]),  # target wording at the end
])
def test_network_metric_pieces_are_made_whole(text, pieces, want):
    from govie.model.hybrid import combine

    model = [Span(id=f"m{k}", start=a, end=b, label="METRIC", text=text[a:b], score=0.8, source="model")
             for k, (a, b) in enumerate(pieces)]
    qty = [s for s in RuleTagger().predict(text) if s.label == "QTY"]
    out = [s for s in combine(model, qty, {"METRIC": "model", "QTY": "rules"}, text) if s.label == "METRIC"]
    assert [s.text for s in out] == want
    assert all(text[s.start:s.end] == s.text for s in out)
    assert [s.text for s in combine(model, [], {"METRIC": "model"})] == [p.text for p in model if len(p.text) > 1]


def test_network_metric_needs_a_quantity_in_its_clause():
    from govie.model.hybrid import combine

    text = "推进垃圾分类示范片区创建，示范片区覆盖率达到90%"
    model = [Span(id="m0", start=2, end=10, label="METRIC", text=text[2:10], source="model"),
             Span(id="m1", start=13, end=20, label="METRIC", text=text[13:20], source="model")]
    rules = RuleTagger().predict(text)
    out = combine(model, rules, {"METRIC": "model", "QTY": "rules"}, text)
    assert [s.text for s in out if s.label == "METRIC"] == ["示范片区覆盖率"]  # 垃圾分类示范片区: no quantity in its clause
    no_text = combine(model, rules, {"METRIC": "model", "QTY": "rules"})  # without the text no clause is known
    assert [s.text for s in no_text if s.label == "METRIC"] == ["垃圾分类示范片区", "示范片区覆盖率"]


def test_nothing_inside_a_document_title_is_kept():
    from govie.model.hybrid import combine, gazetteer_orgs

    text = "完成并下发《西城区政府网站管理办法》，区政府审议通过。"
    a = text.index("西城区政府")
    model = [Span(id="m0", start=a, end=a + 5, label="ORG", text="西城区政府", source="model"),
             Span(id="m1", start=a + 5, end=a + 7, label="METRIC", text="网站", source="model")]
    assert [text[x:y] for x, y in gazetteer_orgs(text)] == ["区政府"]  # the second one, outside the title
    out = combine(model, [], {"ORG": "model+gazetteer", "METRIC": "model"}, text)
    assert [(s.text, s.start, s.source) for s in out] == [("区政府", text.rindex("区政府"), "gazetteer")]
    assert len(combine(model, [], {"ORG": "model", "METRIC": "model"})) == 2  # without the text nothing is known


@pytest.mark.parametrize("text, want", [
    ("区委区政府", ["区委", "区政府"]),  # two bodies run together, split as the gold has them
    ("市委市政府", ["市委", "市政府"]),
    ("区政府党组", ["区政府党组"]),  # one gazetteer name
    ("区委统战部", ["区委统战部"]),  # 统战部 is no gazetteer name: kept whole
])
def test_model_org_spans_of_two_gazetteer_names_are_split(text, want):
    from govie.model.hybrid import drop_fragments, trim_org

    span = Span(id="m0", start=3, end=3 + len(text), label="ORG", text=text, score=0.7, source="model")
    got = drop_fragments([span])
    assert [s.text for s in got] == want
    assert all(("xxx" + text)[s.start:s.end] == s.text and s.score == 0.7 for s in got)
    assert trim_org(span) == span  # trimming alone never splits


@pytest.mark.parametrize("text, want", [
    ("“开墙打洞”", "开墙打洞"),
    ("站点、", "站点"),
    ("区市政市容委)", "区市政市容委"),
    ("业委会(物管会)", "业委会(物管会)"),  # a closing bracket opened inside the span stays
    ("、", None),  # nothing left: dropped
])
def test_network_spans_lose_punctuation_at_their_edges(text, want):
    from govie.model.hybrid import drop_fragments

    span = Span(id="m0", start=10, end=10 + len(text), label="METRIC", text=text, score=0.5, source="model")
    got = drop_fragments([span])
    assert [s.text for s in got] == ([want] if want else [])
    for s in got:
        assert s.start == 10 + text.index(want) and s.end == s.start + len(want)


def test_split_relation_pairs_take_the_pair_kind():
    from govie.normalize.spans import normalize_spans

    text = "失业率控制在5.5%左右，利用率达到92%左右；排放控制在100吨以内，达到。左右"
    rels = []
    for word in ("控制在", "左右", "达到", "左右", "控制在", "以内", "达到", "左右"):
        start = text.index(word, rels[-1].end if rels else 0)
        rels.append(Span(id=str(len(rels)), start=start, end=start + len(word), label="REL", text=word))
    normalize_spans(rels, text=text)
    assert [s.norm["kind"] for s in rels] == ["APPROX", "APPROX", "APPROX", "APPROX", "LE", "LE", "GE", "APPROX"]


def test_counting_verb_joins_the_metric_even_when_the_network_called_it_a_relation():
    from govie.model.hybrid import combine

    text = "新增屋顶绿化10000平方米"
    model = [Span(id="m0", start=0, end=2, label="REL", text="新增", source="model"),
             Span(id="m1", start=2, end=6, label="METRIC", text="屋顶绿化", source="model")]
    rules = [s for s in RuleTagger().predict(text) if s.label == "QTY"]
    out = combine(model, rules, {"METRIC": "model", "REL": "rules", "QTY": "rules"}, text)
    assert [(s.text, s.label) for s in out] == [("新增屋顶绿化", "METRIC"), ("10000", "QTY")]


@pytest.mark.parametrize("text, want", [
    ("浓度低于我区平均浓度2微克", "DECREASE"),  # a stated difference (guideline 16)
    ("就业率高于全国平均水平2.2个百分点", "INCREASE"),
    ("浓度低于44微克/立方米", "LT"),  # a threshold
    ("进度低于全省平均水平", "LT"),  # no amount: a comparison
])
def test_lower_and_higher_read_in_their_clause(text, want):
    from govie.normalize.spans import normalize_spans

    i = text.index("于") - 1
    span = Span(id="r", start=i, end=i + 2, label="REL", text=text[i:i + 2])
    normalize_spans([span], text=text)
    assert span.norm["kind"] == want


@pytest.mark.parametrize("text, org, keep", [
    ("常务副区长朱国栋出庭应诉3次", "常务副区长", False),  # a title, not a body
    ("按照市科委工作部署完成4批认定", "工作部署", False),
    ("引进银行机构12家", "银行机构", False),
    ("金融街核心区新增企业5家", "金融街核心区", False),  # a place
    ("海关总署查获案件12起", "海关总署", True),
    ("金融街物业完成改造3处", "金融街物业", True),
    ("国家电网投资5亿元", "国家电网", True),
    ("伊犁军分区完成训练12次", "伊犁军分区", True),
])
def test_network_orgs_that_do_not_end_like_a_body_are_dropped(text, org, keep):
    a = text.index(org)
    model = [Span(id="m0", start=a, end=a + len(org), label="ORG", text=org, score=0.9, source="model")]
    out = [s.text for s in combine(model, [], {"ORG": "model+gazetteer"}, text) if s.label == "ORG" and s.source == "model"]
    assert out == ([org] if keep else [])


def test_network_org_pieces_of_one_name_are_joined_before_places_are_dropped():
    text = "九江市濂溪区市场监督管理局自评得分92.5分"
    pieces = [(0, 2), (3, 6), (6, 13)]  # 九江 (市) 濂溪区 市场监督管理局
    model = [Span(id=f"m{k}", start=a, end=b, label="ORG", text=text[a:b], score=0.9, source="model")
             for k, (a, b) in enumerate(pieces)]
    out = [s.text for s in combine(model, [], {"ORG": "model+gazetteer"}, text) if s.label == "ORG"]
    assert out == ["九江市濂溪区市场监督管理局"]  # not the gazetteer's 区市场监督管理局 alone


@pytest.mark.parametrize("text, metric, want", [
    ("森林火灾受害率控制在0.9‰以内", "森林火灾受害率", ["森林火灾受害率"]),  # jieba's 率控制 does not cut the rate
    ("“资金拨付及时率”年度指标值为100%", "资金拨付及时率”年度指标值", ["资金拨付及时率"]),  # a column header in the sentence
    ("道路机械化清扫率目标值≥85%", "道路机械化清扫率目标值", ["道路机械化清扫率"]),
    ("其余3个因管网迁改问题暂未完成", "因管网迁改问题", []),  # a cause is no METRIC
    ("2023年计划改造老旧小区12个", "计划改造老旧小区", ["改造老旧小区"]),  # 计划 is a light verb
    ("已完成2018年市级奖励资金340万元拨付。", "拨付", []),  # one verb, no number after it: no METRIC
    ("全年共发生4起安全生产事故，死亡4人", "死亡", ["死亡"]),  # a verb that is counted stays
    ("全年支出8417.05万元", "支出", ["支出"]),  # a head word of metric.json stays
    ("已对8948台电采暖设备进行消毒", "电采暖设备进行", ["电采暖设备"]),  # 进行 opens the verb phrase after it
    ("单车采购成本不超过38万元", "单车采购成", ["单车采购成本"]),  # the head word 成本 comes whole
    ("涉企行政检查次数减少30%", "涉企行政检查次", ["涉企行政检查次数"]),
    ("今年以来督促整改火灾隐患3871处", "督促整改火灾隐患", ["整改火灾隐患"]),  # 督促, 支持: light verbs
    ("1-9月调整为413.8亿元左右", "调整", []),  # one noun-verb (jieba vn), no number or change after it
    ("其中出口增长5%以上", "出口", ["出口"]),  # its change follows: it stays
])
def test_network_metric_edges(text, metric, want):
    a = text.index(metric)
    model = [Span(id="m0", start=a, end=a + len(metric), label="METRIC", text=metric, score=0.9, source="model")]
    qty = [s for s in RuleTagger().predict(text) if s.label == "QTY"]
    out = [s.text for s in combine(model, qty, {"METRIC": "model", "QTY": "rules"}, text) if s.label == "METRIC"]
    assert out == want
