"""The required items as data: every item names its source, the frequencies and periods."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from gonghui.openness import rules
from gonghui.openness.rules import Frequency, Period


@pytest.mark.parametrize("unit_type", sorted(rules.BY_UNIT_TYPE))
def test_every_item_names_its_source_and_a_known_frequency(unit_type):
    items = rules.builtin_items(unit_type, state_owned=True)
    assert items
    codes = [i.code for i in items]
    assert len(codes) == len(set(codes)), "item codes are unique per unit type"
    for item in items:
        assert item.frequency in Frequency.values
        assert item.category in rules.Category.values
        assert item.source and ("[A" in item.source or "[B]" in item.source or "[C]" in item.source)


def test_the_enterprise_items_follow_zhejiang_art_20_to_22():
    codes = {i.code for i in rules.builtin_items("enterprise")}
    assert {
        "plans",
        "operations",
        "rules",
        "contracts",
        "wages",
        "insurance",
        "training",
        "safety",
    } <= codes
    # The state-owned enterprises' extra items only apply to them.
    assert "hospitality" not in codes and "tenders" not in codes
    soe = {i.code for i in rules.builtin_items("enterprise", state_owned=True)}
    assert {"investments", "payments", "tenders", "hospitality", "evaluation"} <= soe
    assert all("浙江" in i.source for i in rules.ENTERPRISE if i.state_owned_only)


def test_schools_publish_their_finances_every_quarter():
    items = {i.code: i for i in rules.builtin_items("school")}
    assert items["finance"].frequency == Frequency.QUARTERLY
    assert {"plans", "enrolment", "titles", "performance_pay", "awards", "construction"} <= set(
        items
    )


def test_the_system_is_named_by_the_unit_type():
    with translation.override("zh-hans"):
        assert rules.system_name("enterprise") == "厂务公开"
        assert rules.system_name("school") == "校务公开"
        assert rules.system_name("hospital") == "院务公开"
    with translation.override("en"):
        _english()


def _english():
    assert str(rules.system_name("enterprise")) == "Factory affairs openness"
    assert str(rules.system_name("school")) == "School affairs openness"
    assert str(rules.system_name("hospital")) == "Hospital affairs openness"
    assert str(rules.system_name("organ")) == "Government affairs openness"
    assert str(rules.system_name("unknown")) == "Affairs openness"


def test_the_answer_is_due_thirty_days_after_the_question():
    assert rules.ANSWER_DAYS == 30
    assert rules.answer_due(dt.date(2026, 1, 31)) == dt.date(2026, 3, 2)


def test_period_bounds():
    assert rules.period_bounds(2028, Period.Q1) == (dt.date(2028, 1, 1), dt.date(2028, 3, 31))
    assert rules.period_bounds(2028, Period.H2) == (dt.date(2028, 7, 1), dt.date(2028, 12, 31))
    assert rules.period_bounds(2028, Period.YEAR) == (dt.date(2028, 1, 1), dt.date(2028, 12, 31))


def test_a_notice_counts_for_a_period_that_contains_what_it_covers():
    assert rules.covers(Period.Q3, None, Period.YEAR)
    assert rules.covers(Period.Q3, None, Period.H2)
    assert not rules.covers(Period.YEAR, None, Period.Q3)
    assert not rules.covers(Period.H1, None, Period.Q1)
    assert rules.covers(Period.EVENT, 8, Period.Q3)
    assert not rules.covers(Period.EVENT, 10, Period.Q3)
    assert not rules.covers(Period.EVENT, None, Period.YEAR)


def test_the_period_of_a_day():
    assert rules.period_containing(Frequency.QUARTERLY, dt.date(2026, 11, 2)) == Period.Q4
    assert rules.period_containing(Frequency.HALF_YEARLY, dt.date(2026, 6, 30)) == Period.H1
    assert rules.period_containing(Frequency.YEARLY, dt.date(2026, 6, 30)) == Period.YEAR
    assert rules.period_containing(Frequency.PER_EVENT, dt.date(2026, 6, 30)) == Period.EVENT
