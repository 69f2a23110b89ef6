"""Every kind another module stores lands on a leaf account of the chart."""

from __future__ import annotations

import pytest

from gonghui.activities.models import Kind
from gonghui.finance import chart, mapping
from gonghui.welfare.rules import OCCASIONS


@pytest.mark.parametrize("source", ["welfare.visit", "welfare.batch"])
def test_every_welfare_occasion_maps_to_a_leaf_expense(source):
    assert set(mapping.WELFARE_OCCASIONS) == set(OCCASIONS)
    for occasion in OCCASIONS:
        code = mapping.expense_account(source, occasion)
        assert chart.is_leaf(code) and chart.is_expense(code), occasion


def test_every_activity_kind_maps_to_a_leaf_expense():
    assert set(mapping.ACTIVITY_KINDS) == set(Kind.values)
    for kind in Kind.values:
        code = mapping.expense_account("activities.activity", kind)
        assert chart.is_leaf(code) and chart.is_expense(code), kind


@pytest.mark.parametrize(
    "source,kind,code",
    [
        ("welfare.visit", "festival", "50105"),
        ("welfare.visit", "death_relative", "50105"),
        ("welfare.batch", "hardship", "50404"),
        ("welfare.batch", "summer", "50405"),
        ("aid.application", None, "50405"),
        ("aid.claim", None, "50305"),
        ("activities.activity", "sports", "50102"),
        ("activities.activity", "contest", "50102"),
        ("activities.activity", "outing", "50105"),
        ("activities.activity", "retirees", "50105"),
        ("activities.activity", "lecture", "50101"),
        ("activities.activity", "volunteer", "50106"),
        ("activities.activity", "other", "50106"),
    ],
)
def test_the_design_table(source, kind, code):
    assert mapping.expense_account(source, kind) == code


def test_receipts_and_restricted_defaults():
    assert mapping.income_account("aid.enrolment") == "408"
    assert chart.is_leaf("408") and chart.is_income("408")
    assert mapping.is_restricted("aid.claim") and mapping.is_restricted("aid.enrolment")
    assert not mapping.is_restricted("welfare.visit")
    assert not mapping.is_restricted("activities.activity")


def test_unknown_sources_and_kinds_are_refused():
    with pytest.raises(LookupError):
        mapping.expense_account("welfare.visit", "lottery")
    with pytest.raises(LookupError):
        mapping.expense_account("welfare.visit")
    with pytest.raises(LookupError):
        mapping.expense_account("funds.entry", "x")
    with pytest.raises(LookupError):
        mapping.income_account("welfare.visit")
    assert "finance-design.md" in mapping.SOURCE
