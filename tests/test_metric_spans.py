"""govie.model.metric_spans: METRIC spans finished against the other chosen spans."""
from __future__ import annotations

import pytest

from govie.model.hybrid import combine
from govie.schema import Span
from govie.tag.rules import RuleTagger

POLICY = {"QTY": "rules", "UNIT": "rules", "DATE": "rules", "REL": "rules", "METRIC": "model", "ORG": "model+gazetteer"}


def metrics(text: str, pieces: list[str]) -> list[str]:
    model = []
    for p in pieces:
        a = text.index(p)
        model.append(Span(id="", start=a, end=a + len(p), label="METRIC", text=p, source="model"))
    out = combine(model, RuleTagger().predict(text), POLICY, text)
    assert all(text[s.start:s.end] == s.text for s in out)
    return [s.text for s in out if s.label == "METRIC"]


@pytest.mark.parametrize("text, pieces, want", [
    ("地表水达到或好于III类水体比例达到85%", ["地表水", "III类水体比例"], ["地表水达到或好于III类水体比例"]),
    ("养老机构护理型床位占比达到60%", ["养老机构护理型床位"], ["养老机构护理型床位占比"]),
    ("战略性新兴产业产值占比达到35%", ["战略性新兴产业产值占"], ["战略性新兴产业产值占比"]),
    ("其中，制造业贷款余额2100亿元，占比18.6%", ["制造业贷款余额"], ["制造业贷款余额", "占比"]),  # bare 占比
    ("低保标准提高到每人每年640元", ["低保标准", "每人"], ["低保标准"]),  # a unit base is no METRIC
    ("每万人口高价值发明专利拥有量达到15件", ["每万人口高价值发明"], ["每万人口高价值发明专利拥有量"]),
    ("全市地区生产总值达到8500亿元", ["全市地区生产总值"], ["地区生产总值"]),  # a determiner (case 21)
    ("专利拥有量提升，发明专利达到15件", ["发明专利"], ["发明专利"]),  # nothing cut off after it
    ("帮扶对象中，脱贫户12万户，占比达到68%", ["脱贫户"], ["脱贫户", "占比"]),
    ("截至10月底，造林绿化任务完成率为103.5%", [], ["造林绿化任务"]),  # the task before 完成率 (schema case 10)
    ("计划完成率为100.99%", [], []),  # no task named before it
])
def test_finish(text, pieces, want):
    assert metrics(text, pieces) == want
