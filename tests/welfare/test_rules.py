"""The rules as data (domain.md §4, §7): pure functions, no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from gonghui.welfare import rules
from gonghui.welfare.rules import Household, assess

DIBAO = D("800")


def per_head(amount: D, size: int = 1) -> D:
    """The yearly income giving `amount` per head and month."""
    return amount * 12 * size


class TestHardshipCategory:
    def test_below_dibao_is_deep(self):
        a = assess(Household(3, per_head(D("799.99"), 3)), dibao_monthly=DIBAO)
        assert a.category == rules.DEEP and a.eligible

    def test_exactly_at_dibao_is_not_deep_but_relative(self):
        a = assess(Household(3, per_head(DIBAO, 3)), dibao_monthly=DIBAO)
        assert a.category == rules.RELATIVE

    def test_just_below_twice_dibao_is_relative(self):
        a = assess(Household(2, per_head(D("1599.99"), 2)), dibao_monthly=DIBAO)
        assert a.category == rules.RELATIVE

    def test_exactly_twice_dibao_is_not_eligible(self):
        a = assess(Household(2, per_head(D("1600"), 2)), dibao_monthly=DIBAO)
        assert a.category == rules.NONE and not a.eligible

    def test_rigid_costs_come_off_the_income(self):
        # 24,000 a year for 2 = 1,000 a month each; 6,000 of medical costs → 750 < 800.
        a = assess(Household(2, D(24000), rigid_costs=D(6000)), dibao_monthly=DIBAO)
        assert a.per_head_monthly == D(750)
        assert a.category == rules.DEEP

    def test_rounding_never_moves_a_household_across_the_line(self):
        # 28,799.99 / 12 / 3 = 799.9997…, shown as 800.00 but still below the line.
        a = assess(Household(3, D("28799.99")), dibao_monthly=DIBAO)
        assert a.shown == D("800.00")
        assert a.category == rules.DEEP

    def test_a_regional_low_income_line_replaces_twice_dibao(self):
        a = assess(Household(1, per_head(D(1300))), dibao_monthly=DIBAO, low_income_monthly=D(1200))
        assert a.category == rules.NONE
        assert a.low_line == D(1200)

    def test_accident_above_80_percent_of_income_qingdao(self):
        h = Household(2, D(100000), accident=True, hardship_costs=D("80000.01"))
        assert assess(h, dibao_monthly=DIBAO).category == rules.ACCIDENT

    def test_accident_costs_exactly_80_percent_do_not_qualify(self):
        h = Household(2, D(100000), accident=True, hardship_costs=D(80000))
        assert assess(h, dibao_monthly=DIBAO).category == rules.NONE

    def test_high_costs_without_an_accident_do_not_qualify(self):
        h = Household(2, D(100000), accident=False, hardship_costs=D(90000))
        assert assess(h, dibao_monthly=DIBAO).category == rules.NONE

    def test_the_accident_ratio_is_regional(self):
        h = Household(2, D(100000), accident=True, hardship_costs=D(60000))
        a = assess(h, dibao_monthly=DIBAO, accident_ratio=D("0.5"))
        assert a.category == rules.ACCIDENT

    @pytest.mark.parametrize("exclusion", ["two_homes", "business", "private_school"])
    def test_exclusions_make_even_the_poorest_household_ineligible(self, exclusion):
        h = Household(4, D(0), exclusions=frozenset({exclusion}))
        a = assess(h, dibao_monthly=DIBAO)
        assert a.category == rules.EXCLUDED and not a.eligible
        assert rules.EXCLUSION_NAMES[exclusion] in a.reasons[0]

    def test_a_household_has_somebody(self):
        with pytest.raises(ValueError):
            assess(Household(0, D(0)), dibao_monthly=DIBAO)


class TestCapTables:
    def test_anhui_2018_then_the_later_table(self):
        t2018 = rules.cap_table("安徽", dt.date(2019, 6, 1))
        later = rules.cap_table("安徽", dt.date(2026, 6, 1))
        assert t2018.festival_year == D(1500) and later.festival_year == D(2000)
        assert t2018.cap("wedding") == D(600)
        assert later.cap("wedding") == D(2000) and later.cap("childbirth") == D(1000)
        assert later.cap("hospital_surgery") == D(2000) and later.cap("hospital") == D(1000)
        assert t2018.cap("hospital_surgery") == D(1000)  # no surgery rate: the plain one
        assert later.source and later.mark == "B"

    def test_guizhou_caps_each_festival(self):
        t = rules.cap_table("贵州", dt.date(2026, 1, 1))
        assert t.cap("festival", "chunjie") == D(500)
        assert t.cap("festival", "zhongqiu") == D(200)
        assert t.festival_year is None

    def test_a_region_without_a_table_gets_the_national_rules_without_amounts(self):
        t = rules.cap_table("江苏", dt.date(2026, 1, 1))
        assert t is rules.NATIONAL
        assert t.cap("birthday") is None

    def test_before_any_table_the_national_rules_apply(self):
        assert rules.cap_table("安徽", dt.date(2017, 12, 31)) is rules.NATIONAL


class TestPayoutChecks:
    table = rules.cap_table("安徽", dt.date(2026, 1, 1))

    def test_within_the_cap_nothing_to_say(self):
        assert rules.check_payout(table=self.table, occasion="hospital", amount=D(1000)) == []

    def test_one_fen_above_the_cap(self):
        (f,) = rules.check_payout(table=self.table, occasion="hospital", amount=D("1000.01"))
        assert f.code == rules.ABOVE_CAP and f.overridable and f.cap == D(1000)

    def test_festival_total_for_the_year(self):
        out = rules.check_payout(
            table=self.table,
            occasion="festival",
            festival="zhongqiu",
            amount=D(300),
            festival_paid_this_year=D(1800),
        )
        assert [f.code for f in out] == [rules.FESTIVAL_YEAR]
        ok = rules.check_payout(
            table=self.table,
            occasion="festival",
            festival="zhongqiu",
            amount=D(200),
            festival_paid_this_year=D(1800),
        )
        assert ok == []

    def test_a_second_payout_for_the_same_occasion(self):
        (f,) = rules.check_payout(table=self.table, occasion="birthday", amount=D(100), repeats=1)
        assert f.code == rules.REPEAT

    def test_no_cash_where_the_rules_say_goods(self):
        assert rules.forbidden("birthday", rules.CASH) is not None
        assert rules.forbidden("festival", rules.CASH, "chunjie") is not None
        assert rules.forbidden("hospital", rules.CASH) is None

    def test_festival_gifts_only_on_the_seven_festivals(self):
        assert rules.forbidden("festival", rules.GOODS, "chunjie") is None
        assert rules.forbidden("festival", rules.GOODS, "qixi") is not None
        assert rules.forbidden("festival", rules.GOODS, "") is not None

    def test_no_shopping_cards(self):
        assert rules.forbidden("festival", rules.GOODS, "chunjie", "超市购物卡") is not None
        assert rules.forbidden("birthday", rules.GOODS, goods="蛋糕券") is None
