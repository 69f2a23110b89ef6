"""The scheme as data: the built-in template, the one-item-a-line writing, the checks at
their boundaries, scores against the items, evidence and ranking."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from gonghui.assessments import rules

from .conftest import ITEMS


def test_the_model_home_template_is_a_valid_scheme_of_100_points_with_its_source():
    items = rules.model_home()
    assert rules.max_total(items) == Decimal(100)
    assert "domain.md" in items["source"]
    codes = [i["code"] for i in rules.flat(items)]
    assert len(codes) == len(set(codes)) == 13
    assert {i["evidence"] for i in rules.flat(items)} == set(rules.EVIDENCE)


def test_lines_round_trip():
    items = rules.model_home()
    assert rules.parse_lines(rules.to_lines(items), items["source"]) == items
    assert rules.parse_lines(rules.to_lines(rules.check_items(ITEMS))) == rules.check_items(ITEMS)


def test_parse_lines_reads_sections_items_and_guidance():
    items = rules.parse_lines("A0|无标题条目|2\n# 活动\nB1|文体活动|7.5|记录|每次1分｜最多7.5分")
    assert [s["title"] for s in items["sections"]] == ["考核内容", "活动"]
    b1 = items["sections"][1]["items"][0]
    assert b1 == {"code": "B1", "text": "文体活动", "points": "7.5", "evidence": "record",
                  "guidance": "每次1分|最多7.5分"}  # fmt: skip
    assert items["sections"][0]["items"][0]["evidence"] == "none"


@pytest.mark.parametrize(
    "text, message",
    [
        ("A1|条目", "Line 1"),
        ("A1|条目|5|照片", "Line 1"),
        ("A1|条目|5\nA1|另一条|5", "A1"),
        ("A1|条目|0", "A1"),
        ("A1|条目|100.5", "A1"),
        ("A1|条目|2.3", "A1"),
        ("A1|条目|很多", "A1"),
        ("A 1|条目|5", "考核内容"),
        ("A1||5", "A1"),
        ("# 空的", "空的"),
        ("", ""),
    ],
)
def test_bad_lines_are_refused_with_what_is_wrong(text, message):
    with translation.override("en"), pytest.raises(rules.SchemeError) as exc:
        rules.parse_lines(text)
    assert message in str(exc.value)


def test_at_most_100_points_an_item_and_1000_in_all():
    assert rules.parse_lines("A1|条目|100")
    lines = "\n".join(f"A{n}|条目{n}|100" for n in range(11))
    with pytest.raises(rules.SchemeError):
        rules.parse_lines(lines)
    with pytest.raises(rules.SchemeError):
        rules.check_items({"sections": [{"title": "x", "items": ["A1"]}]})
    with pytest.raises(rules.SchemeError):
        rules.check_items([])


def test_scores_between_0_and_the_points_in_steps_of_half():
    items = rules.check_items(ITEMS)
    scores, errors = rules.clean_scores(items, {"A1": "5", "A2": "0", "B1": "9.5"}, complete=False)
    assert scores == {"A1": "5", "A2": "0", "B1": "9.5"} and not errors
    _s, errors = rules.clean_scores(items, {"A1": "5.5", "A2": "-1", "B1": "1.2"}, complete=False)
    assert set(errors) == {"A1", "A2", "B1"}
    _s, errors = rules.clean_scores(items, {"A1": "5"}, complete=True)
    assert set(errors) == {"A2", "B1", "B2"}
    assert rules.total({"A1": "5", "B1": "9.5"}) == Decimal("14.5")


def test_missing_evidence_only_for_items_claimed_above_zero():
    items = rules.check_items(ITEMS)
    scores = {"A1": "5", "A2": "8", "B1": "9", "B2": "3"}
    assert rules.missing_evidence(items, scores, {}) == ["A2", "B1", "B2"]
    have = {"A2": {"file"}, "B1": {"file"}, "B2": {"record"}}
    assert rules.missing_evidence(items, scores, have) == ["B1"]  # a file is not a record
    assert rules.missing_evidence(items, {**scores, "B1": "0"}, have) == []


def test_ranking_shares_a_rank_on_a_tie():
    rows = [("甲", 90), ("乙", 85), ("丙", 85), ("丁", 70)]
    assert [r for r, _row in rules.rank(rows, key=lambda r: r[1])] == [1, 2, 2, 4]


def test_the_messages_are_in_chinese():
    with translation.override("zh-hans"), pytest.raises(rules.SchemeError) as exc:
        rules.parse_lines("A1|条目|5|照片")
    assert str(exc.value).startswith("第1行：佐证应为")
