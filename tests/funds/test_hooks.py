"""The dashboard card and the year's figures for the summary."""

from __future__ import annotations

from gonghui.core.scoping import scope

from .conftest import D, make_fund, union
from .test_services import pay


def test_the_dashboard_card_shows_the_balances(client_for, fund):
    body = client_for("factory_auditor").get("/o/F0001/").content.decode()
    assert 'id="card-funds"' in body and fund.name in body and "1,000.00" in body
    assert 'id="card-funds"' not in client_for("member").get("/o/S0001-G01/").content.decode()


def test_the_year_figures_sum_income_and_expense_with_reversals(db):
    from gonghui.funds.hooks import year_figures

    fund = make_fund(code="C0001", balance="300.00")
    with scope(union("C0001")):
        pay(fund, "120.50")
        figures = {f.key: f.value for f in year_figures(union("C0001"), 2031)}
        assert figures == {"funds.income": D("300.00"), "funds.expense": D("120.50")}
        assert year_figures(union("C0001"), 2040) == []
