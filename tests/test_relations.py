"""parse_relation against tests/specs/relations.json, plus lexicon checks and bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govie.normalize.relations import is_target_wording, parse_relation, relation_lexicon
from govie.schema import REL_KINDS

SPEC = json.loads((Path(__file__).parent / "specs" / "relations.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", SPEC, ids=[f"{i}:{c['input'][:16]}" for i, c in enumerate(SPEC)])
def test_spec(case: dict) -> None:
    assert parse_relation(case["input"], **case["kwargs"]) == case["expected"], case["note"]


def test_spec_covers_every_kind_but_none_unknown() -> None:
    expected = {c["expected"] for c in SPEC} - {None}
    assert expected <= set(REL_KINDS)
    assert expected == set(REL_KINDS)


def test_lexicon_kinds_are_rel_kinds() -> None:
    lex = relation_lexicon()
    assert set(lex.phrases.values()) <= set(REL_KINDS)
    assert {k for _, _, k in lex.split} <= set(REL_KINDS)
    assert lex.phrases["不低于"] == "GE" and lex.phrases["低于"] == "LT"


def test_every_lexicon_phrase_parses_to_its_kind() -> None:
    lex = relation_lexicon()
    for phrase, kind in lex.phrases.items():
        if phrase in lex.contexts["not_relations"]:  # 增加值, 以上工作: nouns, no relation
            assert parse_relation(phrase) is None, phrase
        else:
            assert parse_relation(phrase) == kind, phrase


def test_every_split_pair_parses_with_an_ellipsis() -> None:
    for a, b, kind in relation_lexicon().split:
        assert parse_relation(f"{a}…{b}") == kind, (a, b)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("力争完成任务", True),
        ("确保各项任务目标如期完成", True),
        ("争取年底前完成", True),
        ("已完成10355人", False),
        ("", False),
        (None, False),
    ],
)
def test_is_target_wording(text: str | None, expected: bool) -> None:
    assert is_target_wording(text) is expected


@pytest.mark.parametrize("bad", [123, 1.5, b"GE", ["以内"]])
def test_bad_input_raises_clear_error(bad: object) -> None:
    with pytest.raises(ValueError, match="expected a str"):
        parse_relation(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="expected a str"):
        is_target_wording(bad)  # type: ignore[arg-type]


def test_none_and_huge_text() -> None:
    assert parse_relation(None) is None
    assert parse_relation("天气" * 5000) is None
    assert parse_relation("天气" * 5000 + "不低于") == "GE"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_never_raises(text: str) -> None:
    got = parse_relation(text)
    assert got is None or got in REL_KINDS
