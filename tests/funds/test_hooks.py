"""The dashboard card and the year's figures for the summary."""

from __future__ import annotations

from gonghui.core.scoping import scope
from tests.factories import member_with_login

from .conftest import D, make_fund
from .test_services import pay, reverse


def test_the_dashboard_card_shows_the_balances(login, auditor, group, fund):
    body = login(auditor).get(f"/o/{fund.org.code}/").content.decode()
    assert 'id="card-funds"' in body and fund.name in body and "1,000.00" in body
    member = member_with_login(group)
    body = login(member.user).get(f"/o/{group.code}/").content.decode()
    assert 'id="card-funds"' not in body


def test_the_year_figures_sum_income_and_expense_with_reversals(union):
    from gonghui.funds.hooks import year_figures

    fund = make_fund(union, balance="300.00")
    with scope(union):
        pay(fund, "120.50")
        reverse(pay(fund, "50.00"))  # a 红字 reversal nets its payout
        figures = {f.key: f.value for f in year_figures(union, 2031)}
        assert figures == {"funds.income": D("300.00"), "funds.expense": D("120.50")}
        assert year_figures(union, 2040) == []
