"""Welfare reads its caps through the spending rules: a district's rule lowering the
birthday cap makes welfare's own check find the payout above it, and the books do not
raise the same concern a second time."""

from __future__ import annotations

import pytest

from gonghui.welfare import services as welfare
from tests.factories import MemberFactory
from tests.welfare.conftest import booked, make_fund, record

from .conftest import D, add_rule

pytestmark = pytest.mark.django_db

CAKE = {"occasion": "birthday", "form": "goods", "goods": "生日蛋糕"}


def test_a_district_rule_lowers_welfares_birthday_cap(district, union, group, upper, chair):
    fund = make_fund(union, actor=chair)
    m = MemberFactory(org=group)
    # Without rules: the built-in 安徽 table, a birthday up to 300.
    first = record(m, chair, fund=fund, amount=D(250), **CAKE)
    assert first.findings == []
    add_rule(district, upper, amount=D(200), source="示范区总工会生日慰问标准（2026）")
    other = MemberFactory(org=group)
    with pytest.raises(welfare.WelfareError, match="200"):
        record(other, chair, fund=fund, amount=D(250), **CAKE)
    allowed = record(
        other,
        chair,
        fund=fund,
        amount=D(250),
        override_reason="职工大病初愈",
        may_override=True,
        **CAKE,
    )
    assert [f["code"] for f in allowed.findings] == ["above_cap"]
    # Checked once, by welfare: the voucher carries no concern of the books' check.
    voucher = booked("welfare.visit", allowed.pk).voucher
    assert voucher.concerns == [] and voucher.override_reason == ""


def test_the_overrides_list_has_welfares_and_the_books(district, union, group, upper, chair):
    from gonghui.spending import selectors

    fund = make_fund(union, actor=chair)
    add_rule(district, upper, amount=D(200), source="示范区总工会生日慰问标准（2026）")
    v = record(
        MemberFactory(org=group),
        chair,
        fund=fund,
        amount=D(260),
        override_reason="委员会决定",
        may_override=True,
        **CAKE,
    )
    rows = selectors.overrides(district, 2026)
    assert [(r.where, r.visit_id, r.reason) for r in rows] == [("welfare", v.pk, "委员会决定")]
    assert "200" in rows[0].concerns[0]
    assert selectors.overrides(district, 2025) == []


def test_welfares_year_is_held_to_a_share_of_the_budgeted_income(
    district, union, group, upper, chair
):
    """Welfare checks its caps per payout and per member itself; the year's total against
    a share of the budgeted income is the books' check, and it runs for welfare too."""
    import datetime as dt

    from gonghui.audit.context import acting
    from gonghui.finance import services as books
    from gonghui.finance.services import LineInput
    from tests.funds.conftest import holder

    accountant = holder("finance", union)
    with acting(user=accountant):  # last year's income: 10,000 of dues
        v = books.voucher_create(
            actor=accountant,
            org=union,
            date=dt.date(2025, 6, 1),
            summary="会费收入",
            lines=[
                LineInput("102", debit="10000.00"),
                LineInput("401", credit="10000.00", restricted=False),
            ],
        )
        books.voucher_submit(actor=accountant, voucher=v)
        books.voucher_review(actor=chair, voucher=v)
        books.voucher_post(actor=accountant, voucher=v)
    add_rule(
        district,
        upper,
        item="birthday",
        basis="budget_share",
        amount=None,
        percent=D(1),
        source="示范区总工会经费支出标准（2026）",
    )
    fund = make_fund(union, actor=chair)
    m = MemberFactory(org=group)
    # 250 is within the birthday cap welfare checks, but above 1% of 10,000.
    with pytest.raises(welfare.WelfareError) as refused:
        record(m, chair, fund=fund, amount=D(250), **CAKE)
    assert refused.value.field == "override_reason"
    assert "100.00" in refused.value.message and "250" in refused.value.message
    allowed = record(m, chair, fund=fund, amount=D(250), override_reason="委员会研究同意", **CAKE)
    voucher = booked("welfare.visit", allowed.pk).voucher
    assert voucher.override_reason == "委员会研究同意"
    assert len(voucher.concerns) == 1 and "100.00" in voucher.concerns[0]
