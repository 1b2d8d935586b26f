import pytest
from hypothesis import given, strategies as st

from govie.annotations.markup import parse_markup
from govie.annotations.worktree import split_text
from govie.errors import AnnotationError

RAW = "就业9000人以上。截至10月20日，已完成10355人。"


def test_spans_measurements_links_and_offsets():
    ann = ("{{METRIC:就业|m00_1}}{{QTY:9000|m00_1}}{{UNIT:人|m00_1}}{{REL:以上|GE|m00_1}}。截至{{DATE:10月20日|m00_2}}，"
           "已完成{{QTY:10355|m00_2}}{{UNIT:人|m00_2}}。\n@@\nm00_1 target\nm00_2 progress\nm00_2 -> m00_1 met\n")
    p = parse_markup(ann, RAW, offset=100)
    assert [(s.label, s.text) for s in p.spans] == [("METRIC", "就业"), ("QTY", "9000"), ("UNIT", "人"), ("REL", "以上"),
                                                   ("DATE", "10月20日"), ("QTY", "10355"), ("UNIT", "人")]
    for s in p.spans:
        assert RAW[s.start - 100:s.end - 100] == s.text
    assert p.spans[3].kind == "GE"
    assert p.roles == {"m00_1": "target", "m00_2": "progress"}
    assert p.links == [("m00_2", "m00_1", "met")]


def test_changed_text_is_reported_with_position():
    with pytest.raises(AnnotationError, match="differs from the original"):
        parse_markup("就业9000人以下。截至10月20日，已完成10355人。", RAW, name="x")


@pytest.mark.parametrize("ann, msg", [
    ("{{REL:以上}}", "has no kind"),
    ("{{QTY:9000|GE}}", "carries a REL kind"),
    ("{{QTY:9000|foo}}", "unknown attribute"),
    ("{{QTX:9000}}", "malformed markup"),
    ("{{QTY: 9000}}", "surrounding whitespace"),
])
def test_bad_markup(ann, msg):
    with pytest.raises(AnnotationError, match=msg):
        parse_markup(ann, ann.split(":")[1].split("|")[0].rstrip("}"), name="x")


def test_bad_link_line():
    with pytest.raises(AnnotationError, match="attainment must be one of"):
        parse_markup("a\n@@\nm00_1 -> m00_2 great\n", "a")


@given(st.text(alphabet="ab\n。", max_size=3000), st.integers(20, 400))
def test_split_text_covers_everything(text, target):
    bounds = split_text(text, target)
    assert "".join(text[s:e] for s, e in bounds) == text
    assert all(s < e for s, e in bounds)
