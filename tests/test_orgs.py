"""govie.model.orgs and the ORG steps of the combination: bodies made whole around network spans."""
from __future__ import annotations

import pytest

from govie.model.hybrid import combine, gazetteer_orgs, join_parents
from govie.model.named import abbreviated_bodies, named_bodies
from govie.model.orgs import acting_places, extend_orgs
from govie.schema import Span
from govie.tag.rules import RuleTagger

POLICY = {"QTY": "rules", "UNIT": "rules", "DATE": "rules", "REL": "rules", "METRIC": "model", "ORG": "model+gazetteer"}


def org(text: str, piece: str) -> Span:
    a = text.index(piece)
    return Span(id="m", start=a, end=a + len(piece), label="ORG", text=piece, source="model")


@pytest.mark.parametrize("text, pieces, want", [
    ("成都市交通运输局负责推进地铁建设", ["交通运输局"], ["成都市交通运输局"]),  # a place word before
    ("县人民检察院提起公益诉讼12件", ["人民检察院"], ["县人民检察院"]),  # a level before
    ("全市交通运输系统由交通运输局牵头", ["交通运输局"], ["交通运输局"]),  # 由: no level before it
    ("全市交通运输局完成", ["交通运输局"], ["交通运输局"]),  # 全市 is a determiner
    ("在市委宣传部指导下", ["市委"], ["市委宣传部"]),  # a department after
    ("农业银行六安分行发放贷款", ["农业银行"], ["农业银行六安分行"]),  # a branch past a place name
    ("市公安局交警支队查处", ["市公安局", "交警支队"], ["市公安局交警支队"]),  # pieces absorbed
    ("市自然资源和规划局配合", ["市自然资源", "规划局"], ["市自然资源和规划局"]),  # two pieces joined at 和
    ("市财政局和市规划局配合", ["市财政局", "市规划局"], ["市财政局", "市规划局"]),  # two bodies stay two
    ("市商务局(市口岸办)推动中欧班列开行", ["市商务局", "市口岸办"], ["市商务局(市口岸办)"]),  # a second name
    ("区发展改革委（牵头）", ["区发展改革委"], ["区发展改革委"]),  # a role note stays out
    ("国家乡村振兴局印发通知", ["乡村振兴局"], ["国家乡村振兴局"]),
    ("对解放街道开展垃圾分类专项检查", ["对解放街道"], []),  # the object inspected (case 20)
    ("召开州委常委会会议专题研究", ["州委常委会"], []),  # a meeting is held: no actor
    ("湖北省科学技术厅认定高新技术企业", ["湖北省科学"], ["湖北省科学技术厅"]),  # completed up to its suffix
    ("桃源村村民委员会完成改革", ["桃源村村民委"], ["桃源村村民委员会"]),
    ("区财政局长出席", ["区财政"], ["区财政"]),  # 局长 is a title, not the body's suffix
    ("区政务服务中心和各专业分中心都已完成评价器安装", ["区政务服务中心", "分中心"], ["区政务服务中心", "分中心"]),  # no branch past 和各
    ("坚持向区人大及其常委会报告工作", ["区人大"], ["区人大"]),  # no completion past 及其
    ("召开西城区文化馆理事会成立大会", ["西城区文化馆"], ["西城区文化馆理事会"]),  # 理事会: a department
    ("评估结果向区委依法治区办进行汇报", ["区委"], ["区委依法治区办"]),
    ("区科信局技术合同登记处共登记技术合同441份", ["区科信局"], ["区科信局技术合同登记处"]),  # a branch
    ("北京世纪国源科技股份有限公司于7月27日挂牌", ["世纪国源科技股份有限公司"], ["北京世纪国源科技股份有限公司"]),
    ("北京市财政局和北京银行配合", ["北京银行"], ["北京银行"]),  # not a firm suffix: nothing joins
    ("到天桥街道、新街口街道督促落实整改", ["天桥街道", "新街口街道"], []),  # places visited, listed
    ("深入德胜街道调研，新街口街道完成任务", ["德胜街道", "新街口街道"], ["新街口街道"]),
])
def test_extend_orgs(text, pieces, want):
    out = extend_orgs([org(text, p) for p in pieces], text)
    assert [s.text for s in out] == want
    assert all(text[s.start:s.end] == s.text for s in out)


def test_extension_stops_at_another_label():
    text = "市委宣传部"
    spans = [org(text, "市委"), Span(id="q", start=2, end=5, label="METRIC", text="宣传部")]
    assert [s.text for s in extend_orgs(spans, text)] == ["市委", "宣传部"]


@pytest.mark.parametrize("text, want", [
    ("柯桥街道完成征迁签约318户", ["柯桥街道"]),
    ("城东街道、城西街道、城南街道等街道完成任务。", ["城东街道", "城西街道", "城南街道"]),
    ("德胜街道、牛街街道荣获全国民族团结进步示范单位", ["德胜街道", "牛街街道"]),
    ("在德胜街道召开现场会", []),  # a place (case 20)
    ("对陶然亭街道检查报告", []),  # an object
    ("重点乡镇已完成，城镇新增就业5万人", []),  # generic
    ("围绕月坛街道、金融街街道等重点区域开展综合整治", []),  # a verb opens the clause: the places are its objects
    ("虹口区北外滩街道：完成旧里征收签约1236户", ["虹口区北外滩街道"]),  # a line opened by the body
    ("其中南京西路街道完成38台，江宁路街道完成29台。", ["南京西路街道", "江宁路街道"]),  # after 其中
    ("其余项目由玉桥街道、北苑街道督促施工单位施工。", ["玉桥街道", "北苑街道"]),  # after 由, 督促 acts
    ("北新桥街道因涉及文物腾退进展滞后。", ["北新桥街道"]),
    ("其中在新街口街道开展试点", []),  # 在: a place
    ("其中周巷镇完成低收入农户危房改造86户", ["周巷镇"]),  # 其中 + a two-character name
])
def test_acting_places(text, want):
    assert [text[a:b] for a, b in acting_places(text)] == want


@pytest.mark.parametrize("text, want", [
    ("各级财政部门累计下达补助资金", []),  # 财政部门 is no 财政部
    ("各县区政府要在9月底前上报", []),  # 县区政府: generic
    ("报请区政府审议，国务院批复", ["区政府", "国务院"]),
    ("针对省审计厅指出的问题，县发展改革局牵头整改", ["省审计厅", "县发展改革局"]),  # provincial and county bodies
])
def test_gazetteer_respects_words(text, want):
    assert [text[a:b] for a, b in gazetteer_orgs(text)] == want


def test_combine_fills_acting_places_only_with_the_gazetteer_policy():
    text = "石岩镇已建成农村生活污水处理终端42座。"
    assert [s.text for s in combine([], [], {"ORG": "model+gazetteer"}, text) if s.label == "ORG"] == ["石岩镇"]
    assert [s.text for s in combine([], [], {"ORG": "model"}, text) if s.label == "ORG"] == []


@pytest.mark.parametrize("text, want", [
    ("积极动员如中石油、国家电网、中核集团等20余家驻区央企", ["中核集团"]),  # 如 … 、 bound the name
    ("负压救护车情况：复兴医院、回民医院的负压救护车已经到位", ["复兴医院", "回民医院"]),
    ("其中，北京城市排水集团有限责任公司获北京银行授信", ["北京城市排水集团有限责任公司", "北京银行"]),  # suffixes chained
    ("协调绿化施工单位北京蓟城山水集团及时跟进", ["北京蓟城山水集团"]),  # the category word stays out
    ("联合北京市中西医结合学会，鼓励西医学习中医", ["北京市中西医结合学会"]),
    ("加强与保险公司联系沟通", []),  # 保险公司: a category, not a name
    ("联合燃气公司针对每处隐患制定解决方案", []),
    ("启动二三级医院检验结果互认", []),  # numerals and category words only
    ("完成二级以上综合医院发热门诊的建设", []),  # 以上 (a position word) ends the name
    ("统筹集团内的软硬件资源", []),  # 统筹 is a verb
    ("他很快就学会了", []),  # 学会 as a verb: the suffix must end a word
    ("配合单位：有关部门、各乡镇人民政府。", []),  # a determiner opens the name: generic
])
def test_named_bodies(text, want):
    assert [text[a:b] for a, b in named_bodies(text)] == want


def test_combine_adds_named_bodies_outside_titles_where_nothing_overlaps():
    text = "瑞银证券成为首家外资控股证券公司，编制《西城区文化馆总分馆制建设实施方案》。"
    got = combine([], [], {"ORG": "model+gazetteer"}, text)
    assert [(s.text, s.source) for s in got if s.label == "ORG"] == [("瑞银证券", "named")]
    model = [org(text, "瑞银")]
    got = combine(model, [], {"ORG": "model+gazetteer"}, text)
    assert [s.text for s in got if s.label == "ORG"] == ["瑞银证券"]  # the network's piece inside the name gives way


@pytest.mark.parametrize("text, pieces, want", [
    ("国家税务总局深圳市税务局办理留抵退税", ["国家税务总局", "深圳市税务局"], ["国家税务总局深圳市税务局"]),
    ("上海交通大学医学院附属瑞金医院牵头", ["上海交通大学医学院", "瑞金医院"], ["上海交通大学医学院附属瑞金医院"]),
    ("区委区政府高度重视", ["区委", "区政府"], ["区委", "区政府"]),  # two gazetteer bodies stay two
    ("区财政局、区教委配合", ["区财政局", "区教委"], ["区财政局", "区教委"]),  # a separator: two bodies
])
def test_join_parents(text, pieces, want):
    assert [s.text for s in join_parents([org(text, p) for p in pieces], text)] == want


def test_customs_office_is_a_named_body():
    text = "湛江海关全年监管进出口货物1.26亿吨"
    assert [text[a:b] for a, b in named_bodies(text)] == ["湛江海关"]


@pytest.mark.parametrize("text, want", [
    ("儋州市那大镇完成农村生活污水治理行政村24个。", ["儋州市那大镇"]),  # city + town
    ("湛江市坡头区乾塘镇完成高标准农田建设1.5万亩。", ["湛江市坡头区乾塘镇"]),  # city + district + town
    ("珠海市香洲区拱北街道办事处联合拱北海关开展整治行动24次。", ["珠海市香洲区拱北街道办事处"]),
    ("柳州市柳南区太阳村镇完成农村户厕改造2310户。", []),  # …村镇 may be the generic 村镇: left out
])
def test_acting_places_with_their_city_and_district(text, want):
    assert [text[a:b] for a, b in acting_places(text)] == want


@pytest.mark.parametrize("text, want", [
    ("上海海关全年监管进出口货物总值9.6万亿元。", ["上海海关"]),  # name + suffix as one jieba word
    ("深圳证券交易所新增上市公司56家", ["深圳证券交易所"]),
    ("福州市鼓楼区人民法院审执结案件2.9万件", ["福州市鼓楼区人民法院"]),
    ("三亚市吉阳区发展和改革委员会完成固定资产投资312亿元", ["三亚市吉阳区发展和改革委员会"]),
    ("同济大学与杨浦区人民政府签订战略合作协议", ["同济大学", "杨浦区人民政府"]),
    ("天津港（集团）有限公司集装箱吞吐量突破2200万标准箱", ["天津港（集团）有限公司"]),  # a bracket inside the suffix
])
def test_named_bodies_of_other_kinds(text, want):
    assert [text[a:b] for a, b in named_bodies(text)] == want


def test_a_named_body_replaces_network_pieces_inside_it():
    text = "福州市鼓楼区人民法院审执结案件2.9万件"
    got = combine([org(text, "区人民法院")], [], {"ORG": "model+gazetteer"}, text)
    assert [s.text for s in got if s.label == "ORG"] == ["福州市鼓楼区人民法院"]


def test_an_acting_town_cuts_a_metric_running_into_it():
    text = "嘉定区安亭镇新增工业用地出让6宗。"
    a = text.index("安亭镇")
    metric = Span(id="m", start=a, end=text.index("6"), label="METRIC", text=text[a:text.index("6")], source="model")
    got = combine([metric], RuleTagger().predict(text), POLICY, text)
    assert [(s.label, s.text) for s in got][:2] == [("ORG", "嘉定区安亭镇"), ("METRIC", "新增工业用地出让")]


def test_a_body_named_inside_a_metric_stays_in_it():
    text = "市政府网站信息发布量达到5600条。"
    metric = Span(id="m", start=0, end=text.index("达到"), label="METRIC", text=text[:text.index("达到")], source="model")
    got = combine([metric], RuleTagger().predict(text), POLICY, text)
    assert [(s.label, s.text) for s in got][:1] == [("METRIC", "市政府网站信息发布量")]  # guideline case 20


def test_a_gazetteer_name_inside_a_longer_place_replaces_nothing():
    text = "西城区人民政府向公众报告工作"
    got = combine([org(text, "西城区人民政府")], [], {"ORG": "model+gazetteer"}, text)
    assert [s.text for s in got if s.label == "ORG"] == ["西城区人民政府"]


@pytest.mark.parametrize("text, want", [
    ("四平市铁东区平东街道在辖区开展融合试点", ["四平市铁东区平东街道"]),
    ("和田地区墨玉县喀尔赛镇完成庭院经济示范户培育1200户。", ["和田地区墨玉县喀尔赛镇"]),
    ("西双版纳傣族自治州勐腊县勐仑镇完成橡胶林退出还林1.1万亩。", ["西双版纳傣族自治州勐腊县勐仑镇"]),
])
def test_acting_places_with_long_prefixes(text, want):
    assert [text[a:b] for a, b in acting_places(text)] == want


@pytest.mark.parametrize("text, want", [
    ("米脂县第一中学新建学生宿舍楼1栋", ["米脂县第一中学"]),  # an ordinal inside the name
    ("哈尔滨医科大学附属第一医院牵头组建省级心血管专科联盟", ["哈尔滨医科大学附属第一医院"]),  # 组建: an object
    ("兰州大学第二医院与甘南州人民医院建立紧密型专科联盟", ["兰州大学第二医院", "甘南州人民医院"]),
])
def test_named_bodies_ordinals_and_bodies_set_up(text, want):  # the parts that touch are joined (join_parents)
    assert [s.text for s in combine([], [], {"ORG": "model+gazetteer"}, text) if s.label == "ORG"] == want


def test_gazetteer_skips_a_county_government_inside_a_generic_list():
    assert gazetteer_orgs("各区县政府负责") == []


def test_a_word_suffix_opens_no_name():  # 型 of 示范型 (jieba tag k) is not the first character of a name
    text = "大力推进示范型退役军人服务中心规范运行"
    assert all(not text[a:b].startswith("型") for a, b in named_bodies(text))


@pytest.mark.parametrize("text, want", [
    ("目前正与市规自委沟通", ["市规自委"]),
    ("与区教委配合，落实市审改办要求", ["区教委", "市审改办"]),
    ("积极协调市服开办反映诉求", ["市服开办"]),
    ("在张家口市崇礼区举办国际冰雪节", []),  # 区 closes a place name, 举办 is a verb
    ("社区居委会完成换届", []),  # 区 inside 社区; 委员会 is the full form
    ("三亚市重大项目办：1-10月完成投资312.6亿元", ["市重大项目办"]),  # 市 closes the place word 三亚市
    ("丰台区接诉即办响应率达到100%", []),  # 接诉即办 is a way of handling, not an office
    ("今年西城区新开办餐饮服务单位", []),
    ("西城区对市协调办下发的通知进行了反馈", ["市协调办"]),  # not 区对市协调办
])
def test_abbreviated_bodies(text, want):
    assert [text[a:b] for a, b in abbreviated_bodies(text)] == want


def test_combine_takes_an_abbreviated_body_out_of_a_metric():
    text = "市委编办核定事业单位编制1280名。"
    spans = [Span(id="m", start=0, end=12, label="METRIC", text=text[:12], source="model")]
    got = [(s.label, s.text) for s in combine(spans, [], POLICY, text)]
    assert ("ORG", "市委编办") in got and all(s != "市委编办核定事业单位编制" for _, s in got)


def test_a_street_and_a_body_named_after_a_wider_place_stay_apart():
    text = "已完成陶然亭街道北京健宫医院、德胜街道安德路110号院"
    pieces = [org(text, "陶然亭街道"), org(text, "北京健宫医院")]
    assert [s.text for s in join_parents(pieces, text)] == ["陶然亭街道", "北京健宫医院"]
    town = "江平镇红坎村村民委员会完成换届"
    assert [s.text for s in join_parents([org(town, "江平镇"), org(town, "红坎村村民委员会")], town)] == ["江平镇红坎村村民委员会"]


@pytest.mark.parametrize("text, pieces, want", [
    ("齐齐哈尔市农业农村局提出", ["尔市农业农村局"], ["齐齐哈尔市农业农村局"]),  # starts inside a place word
    ("全市农业农村局提出", ["市农业农村局"], ["市农业农村局"]),  # 全市: a determiner, not a place
])
def test_a_body_cut_inside_its_place_word_takes_it_whole(text, pieces, want):
    assert [s.text for s in extend_orgs([org(text, p) for p in pieces], text)] == want


def test_a_gazetteer_name_inside_a_place_word_takes_the_place():
    text = "拉萨市人力资源和社会保障局：全年新增城镇就业人数目标为5000人"
    spans = [org(text, "保障局")]
    assert "拉萨市人力资源和社会保障局" in [s.text for s in combine(spans, [], POLICY, text) if s.label == "ORG"]


def test_a_conjunction_word_is_no_place():  # jieba's 和县 (a county) in 县残联和县红十字会
    text = "县妇联、县残联和县红十字会联合开展困难群众走访慰问。"
    assert [s.text for s in combine([], [], POLICY, text) if s.label == "ORG"] == ["县妇联", "县残联", "县红十字会"]


@pytest.mark.parametrize("text, want", [
    ("上虞区应急管理局对浙江龙盛集团股份有限公司等12家重点企业开展专项检查", ["上虞区应急管理局"]),  # inspected
    ("中国农业发展银行黑龙江省分行1-9月累计发放贷款312.5亿元", ["中国农业发展银行黑龙江省分行"]),
    ("县应急管理局会同县消防救援大队排查火灾隐患2300处", ["县应急管理局", "县消防救援大队"]),  # jieba's 会同县 is no place
])
def test_combined_bodies(text, want):
    pieces = {"中国农业发展银行黑龙江省分行": ["银行黑龙江省分行"], "上虞区应急管理局": ["上虞区应急管理局"],
              "县应急管理局": ["县应急管理局"]}[want[0]]
    got = [s.text for s in combine([org(text, p) for p in pieces], [], POLICY, text) if s.label == "ORG"]
    assert got == want


def test_an_acting_place_replaces_a_network_metric_of_the_same_extent():
    text = "其中南京西路街道完成38台，江宁路街道完成29台。"
    model = [Span(id="m", start=14, end=19, label="METRIC", text=text[14:19], score=0.8, source="model")]
    assert model[0].text == "江宁路街道"
    out = combine(model, [], {"ORG": "model+gazetteer", "METRIC": "model"}, text)
    assert [(s.label, s.text) for s in out] == [("ORG", "南京西路街道"), ("ORG", "江宁路街道")]


def test_a_network_org_running_into_a_verb_ends_with_the_body():
    from govie.model.hybrid import drop_bad_ends
    text = "区金融办监测的在统平台3家，中国人民银行拉萨中心支行指导辖内机构"
    spans = [Span(id="a", start=0, end=6, label="ORG", text=text[0:6], source="model"),
             Span(id="b", start=14, end=26, label="ORG", text=text[14:26], source="model")]
    assert [s.text for s in drop_bad_ends(spans, text)] == ["区金融办", "中国人民银行拉萨中心支行"]  # 支行 ends like a body


def test_public_run_is_no_office():
    from govie.model.named import abbreviated_bodies
    text = "2023年南山区新增公办中小学学位2.3万个，由区教育局牵头。"
    assert [text[a:b] for a, b in abbreviated_bodies(text)] == []
