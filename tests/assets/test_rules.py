"""The rules of domain.md §4.1 at their boundaries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.assets import rules

D = Decimal


@pytest.mark.parametrize(
    ("code", "years", "account", "special"),
    [
        ("office", 6, "50702", False),
        ("vehicle", 8, "50704", False),
        ("furniture", 15, "50702", False),
        ("utensil", 5, "50707", False),
        ("machinery", 10, "50703", True),
        ("building", 30, "50701", False),
    ],
)
def test_each_category_has_its_minimum_years_and_expense_account(code, years, account, special):
    cat = rules.category(code)
    assert (cat.min_years, cat.expense_account, cat.special) == (years, account, special)
    assert cat.source
    assert rules.years_problem(cat, years) is None
    assert rules.years_problem(cat, years - 1)


def test_general_equipment_is_a_fixed_asset_from_1000():
    office = rules.category("office")
    assert rules.value_problem(office, D("1000.00")) is None
    problem = rules.value_problem(office, D("999.99"))
    assert problem and "库存物品" in problem and "1,000.00" in problem


def test_special_equipment_is_a_fixed_asset_from_1500():
    special = rules.category("special")
    assert rules.value_problem(special, D("1500.00")) is None
    problem = rules.value_problem(special, D("1499.99"))
    assert problem and "1,500.00" in problem


def test_depreciation_starts_the_month_after_the_purchase():
    bought = dt.date(2025, 3, 31)
    assert rules.months_between(bought, 2025, 3) == 0
    assert rules.months_between(bought, 2025, 4) == 1
    assert rules.months_between(bought, 2026, 3) == 12
    assert rules.accumulated_target(D("7200"), 6, 0) == 0


def test_the_last_month_takes_the_rounding():
    # 1000 over 6 years: 13.89 a month (rounded up); 71 months are 986.19, the 72nd 13.81.
    assert rules.monthly_amount(D("1000"), 6) == D("13.89")
    assert rules.accumulated_target(D("1000"), 6, 71) == D("986.19")
    assert rules.accumulated_target(D("1000"), 6, 72) == D("1000")
    assert rules.accumulated_target(D("1000"), 6, 100) == D("1000")


def test_rounding_up_never_goes_beyond_the_original_value():
    # 1001 over 5 years: 16.68 a month × 60 = 1000.80 < 1001; 1003/60 = 16.72 (×60 1003.2)
    assert rules.accumulated_target(D("1003"), 5, 59) == D("986.48")
    assert rules.accumulated_target(D("1003"), 5, 60) == D("1003")


def test_month_end():
    assert rules.month_end(2024, 2) == dt.date(2024, 2, 29)
    assert rules.month_end(2025, 12) == dt.date(2025, 12, 31)
