from govie.measure import group_clause
from govie.schema import Span


def spans(text, marks):
    out = []
    for i, (frag, label, norm) in enumerate(marks):
        s = text.index(frag)
        out.append(Span(id=f"s{i}", start=s, end=s + len(frag), label=label, text=frag, norm=norm))
    return sorted(out, key=lambda x: x.start)


def labels(groups):
    return [[(s.label, s.text) for s in g] for g in groups]


def test_value_with_metric_relation_and_date():
    t = "1-9月西城区新水用量6172.9万立方米，同比下降3%"
    g = group_clause(spans(t, [("1-9月", "DATE", {}), ("新水用量", "METRIC", {}), ("6172.9万", "QTY", {"value": 6.1729e7}),
                               ("立方米", "UNIT", {}), ("同比下降", "REL", {"kind": "DECREASE"}), ("3", "QTY", {"value": 3}),
                               ("%", "UNIT", {})]))
    assert labels(g) == [
        [("DATE", "1-9月"), ("METRIC", "新水用量"), ("QTY", "6172.9万"), ("UNIT", "立方米")],
        [("DATE", "1-9月"), ("METRIC", "新水用量"), ("REL", "同比下降"), ("QTY", "3"), ("UNIT", "%")],
    ]


def test_postfix_relation_attaches_to_the_value_before_it():
    t = "就业9000人以上"
    g = group_clause(spans(t, [("就业", "METRIC", {}), ("9000", "QTY", {"value": 9000}), ("人", "UNIT", {}),
                               ("以上", "REL", {"kind": "GE"})]))
    assert labels(g) == [[("METRIC", "就业"), ("QTY", "9000"), ("UNIT", "人"), ("REL", "以上")]]


def test_status_without_number_is_its_own_measurement():
    t = "此项任务今年无法完成"
    g = group_clause(spans(t, [("今年", "DATE", {}), ("无法完成", "REL", {"kind": "NOT_DONE"})]))
    assert labels(g) == [[("DATE", "今年"), ("REL", "无法完成")]]


def test_values_written_in_words():
    from govie.measure import _worded_values
    from govie.schema import Field

    text = "确保占道经营动态清零,实现路侧停车电子收费全覆盖"
    clause = Field(text, 0, len(text))
    got = _worded_values(text, clause, "target", 0, [], 0)
    assert [(m.value, m.unit, m.relation, text[m.start:m.end]) for m in got] == [
        (0.0, None, ["LE"], "动态清零"), (100.0, "%", ["GE"], "全覆盖")]
    assert _worded_values("完成13个片区", Field("完成13个片区", 0, 7), "target", 0, [], 0) == []
