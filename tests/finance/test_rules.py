"""Dues, the 2% split, economic classes, assets and depreciation, at their boundaries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.finance import rules
from gonghui.finance.rules import (
    DUES_RULE,
    DuesRule,
    FundingSplit,
    depreciation_schedule,
    dues_amount,
    dues_base,
    split_allocation,
)

D = Decimal


def test_dues_rule_defaults_and_source():
    assert DUES_RULE.rate == D("0.005")
    assert DUES_RULE.tail == D("10")
    assert DUES_RULE.rounding == "fen"
    assert "工资尾数不足十元不计" in DUES_RULE.source
    assert "[B]" in DUES_RULE.source and "domain.md §3" in DUES_RULE.source


@pytest.mark.parametrize(
    "wage,base,amount",
    [
        ("5678.90", "5670", "28.35"),
        ("3339.99", "3330", "16.65"),
        ("9.99", "0", "0.00"),
        ("10", "10", "0.05"),
        ("10.00", "10", "0.05"),
        ("19.99", "10", "0.05"),
        ("0", "0", "0.00"),
        ("5670", "5670", "28.35"),
    ],
)
def test_dues_base_and_amount(wage, base, amount):
    assert dues_base(D(wage)) == D(base)
    assert dues_amount(D(wage)) == D(amount)
    assert str(dues_amount(D(wage))) == amount  # always two decimals


def test_dues_take_an_int_but_never_a_float():
    assert dues_amount(5670) == D("28.35")
    with pytest.raises(TypeError):
        dues_base(5678.9)
    with pytest.raises(TypeError):
        dues_amount(5678.9)
    with pytest.raises(TypeError):
        dues_amount("5678.90")
    with pytest.raises(ValueError):
        dues_base(D("-1"))


@pytest.mark.parametrize(
    "rule,wage,amount",
    [
        # fen: base 5669 (tail ¥1) → 28.345 → 28.35 half up (half-even would give 28.34)
        (DuesRule(tail=D("1")), "5669.40", "28.35"),
        (DuesRule(tail=D("1")), "5668.99", "28.34"),  # 28.340
        # jiao: base 5650 → 28.25 → 28.3 half up (half-even 28.2)
        (DuesRule(rounding="jiao"), "5650", "28.30"),
        (DuesRule(rounding="jiao"), "5640", "28.20"),  # 28.20
        (DuesRule(rounding="jiao"), "5639.99", "28.20"),  # base 5630 → 28.15 → 28.2
        # yuan: base 5700 → 28.50 → 29 half up (half-even 28)
        (DuesRule(rounding="yuan"), "5700", "29.00"),
        (DuesRule(rounding="yuan"), "5690", "28.00"),  # 28.45
    ],
)
def test_each_rounding_mode_at_the_half(rule, wage, amount):
    assert dues_amount(D(wage), rule) == D(amount)
    assert str(dues_amount(D(wage), rule)) == amount


def test_dues_rule_refuses_an_unknown_rounding():
    with pytest.raises(ValueError):
        DuesRule(rounding="half")
    with pytest.raises(ValueError):
        DuesRule(tail=D("0"))
    assert {c for c, _ in rules.ROUNDING_CHOICES} == set(rules.ROUNDING_UNITS)


def test_split_default_sixty_forty():
    split = FundingSplit()
    assert split.grassroots_share == D("0.60")
    assert "60%" in split.source
    assert split_allocation(D("10000.00"), split) == (D("6000.00"), D("4000.00"))
    assert split_allocation(D("10000.00")) == (D("6000.00"), D("4000.00"))


@pytest.mark.parametrize(
    "total,share,own,upper",
    [
        ("0.01", "0.60", "0.01", "0.00"),  # 0.006 → 0.01 half up
        ("0.05", "0.60", "0.03", "0.02"),
        ("0.25", "0.60", "0.15", "0.10"),
        ("1234.57", "0.60", "740.74", "493.83"),  # 740.742
        ("0.35", "0.70", "0.25", "0.10"),  # 0.245 → 0.25 (half-even would give 0.24)
        ("99.99", "1", "99.99", "0.00"),
        ("99.99", "0", "0.00", "99.99"),
    ],
)
def test_split_rounds_own_share_and_sums_to_total(total, share, own, upper):
    got = split_allocation(D(total), FundingSplit(grassroots_share=D(share)))
    assert got == (D(own), D(upper))
    assert got[0] + got[1] == D(total)


def test_split_refuses_floats_fractions_of_a_fen_and_bad_shares():
    with pytest.raises(TypeError):
        split_allocation(100.0)
    with pytest.raises(ValueError):
        split_allocation(D("1.005"))
    with pytest.raises(ValueError):
        FundingSplit(grassroots_share=D("1.2"))


def test_economic_classes():
    assert rules.ECONOMIC_CLASSES["30201"] == "办公费"
    assert rules.ECONOMIC_CLASSES["31002"] == "办公设备购置"
    expected = {
        "30201",
        "30202",
        "30211",
        "30215",
        "30216",
        "30226",
        "30299",
        "30305",
        "30399",
        "31002",
        "31099",
    }
    assert set(rules.ECONOMIC_CLASSES) == expected
    assert "[C]" in rules.ECONOMIC_SOURCE


def test_asset_categories_and_thresholds():
    years = {c.name: c.min_years for c in rules.ASSET_CATEGORIES.values()}
    assert years == {"计算机、办公设备": 6, "交通工具": 8, "家具": 15, "用具": 5, "机器设备": 10}
    assert all(code == c.code for code, c in rules.ASSET_CATEGORIES.items())
    thresholds = rules.ASSET_THRESHOLDS
    assert thresholds == {"general": D("1000"), "special": D("1500")}
    assert {k for k, _ in rules.ASSET_KIND_CHOICES} == set(rules.ASSET_THRESHOLDS)
    assert "财会〔2021〕7号" in rules.ASSET_SOURCE


@pytest.mark.parametrize(
    "cost,years,monthly,last",
    [
        ("7200.00", 6, "100.00", "100.00"),
        ("1000.00", 6, "13.89", "13.81"),  # 13.888… → 13.89; 71 × 13.89 = 986.19
        ("1500.00", 8, "15.63", "15.15"),  # 15.625 → 15.63 half up; 95 × 15.63 = 1484.85
        ("5000.00", 5, "83.33", "83.53"),  # 83.333… → 83.33; 59 × 83.33 = 4916.47
        ("0.10", 1, "0.00", "0.10"),  # 0.0083 rounded up would leave the last month −0.01
        ("0.00", 10, "0.00", "0.00"),
    ],
)
def test_depreciation_schedule(cost, years, monthly, last):
    schedule = depreciation_schedule(D(cost), years)
    assert len(schedule) == years * 12
    assert sum(schedule) == D(cost)
    assert set(schedule[:-1]) == {D(monthly)}
    assert schedule[-1] == D(last)
    assert all(m >= 0 for m in schedule)


def test_depreciation_refuses_bad_input():
    with pytest.raises(TypeError):
        depreciation_schedule(1000.0, 6)
    with pytest.raises(TypeError):
        depreciation_schedule(D("1000"), 6.0)
    with pytest.raises(ValueError):
        depreciation_schedule(D("1000"), 0)
    with pytest.raises(ValueError):
        depreciation_schedule(D("-1"), 6)
    with pytest.raises(ValueError):
        depreciation_schedule(D("1000.001"), 6)
