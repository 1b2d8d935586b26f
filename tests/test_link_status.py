"""govie.link: status phrases (完成, 已全部完成) join a target only when they speak of it."""
from __future__ import annotations

from govie.link import link_measurements
from govie.schema import Measurement

TEXT = ("新建公园绿地3处，完成城市森林建设。"  # target: 3 处 of 公园绿地
        "|完成西外南路基础管线改造。公园绿地建设已全部完成。")


def _status(mid: str, phrase: str, occurrence: int = 0) -> Measurement:
    start = TEXT.index("|")
    for _ in range(occurrence + 1):
        start = TEXT.index(phrase, start + 1)
    return Measurement(id=mid, role="progress", record=0, relation=["DONE"], start=start, end=start + len(phrase))


def test_a_status_naming_another_task_does_not_join_the_target():
    target = Measurement(id="t0", role="target", record=0, metric="公园绿地", value=3, unit="处", dimension="count",
                         start=TEXT.index("3"), end=TEXT.index("3") + 2)
    other = _status("p0", "完成")  # 完成西外南路基础管线改造: its own task, nothing in common with the target
    own = _status("p1", "已全部完成")  # closes its clause: about the sentence's subject (公园绿地建设)
    links = link_measurements([target, other, own], [], text=TEXT)
    assert [(lk.progress, lk.target, lk.attainment, lk.stated) for lk in links] == [("p1", "t0", "met", True)]
    # without the text there is nothing to compare: both statuses join the record's only target
    assert sorted(lk.progress for lk in link_measurements([target, other, own], [])) == ["p0", "p1"]
