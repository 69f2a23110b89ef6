"""Execution (执行率): each budget line against the posted voucher lines of the union's
year, matched by account prefix, 专项 flag and project; pending vouchers apart."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.budgets import selectors
from gonghui.finance import services as books
from tests.factories import UnionFactory

from .conftest import DAY, YEAR, D, L, expense, make_budget, make_voucher

pytestmark = pytest.mark.usefixtures("platform")


@pytest.fixture
def project(union):
    return books.project_create(actor=None, org=union, code="SW", name="职工书屋")


@pytest.fixture
def budget(union, project):
    return make_budget(
        union,
        [
            {"account": "401", "amount": "1000", "restricted": False},
            {"account": "50101", "amount": "500", "restricted": False},
            {"account": "50101", "amount": "80", "restricted": True},
            {"account": "50304", "amount": "200", "restricted": False, "project": project},
            {"account": "50304", "amount": "100", "restricted": False},
        ],
    )


def _rows(result):
    return {
        (r.code, r.restricted, r.project.code if r.project else None): r
        for r in [*result.income, *result.expense]
    }


def test_execution_counts_posted_lines_by_account_flag_and_project(union, budget, project):
    make_voucher(union, [L("102", debit="600"), L("401", credit="600", restricted=False)])
    expense(union, "50101", "200.00")
    expense(union, "50101", "20.00", restricted=True)
    expense(union, "50101", "50.00", state="submitted")  # pending, not executed
    expense(union, "50101", "999.00", state="draft")  # nothing yet
    expense(union, "50304", "80.00", project=project)
    expense(union, "50304", "30.00")
    expense(union, "50102", "12.00")  # outside the budget
    expense(union, "50101", "70.00", date=dt.date(YEAR - 1, 12, 5))  # the year before
    other = UnionFactory()
    expense(other, "50101", "300.00")  # another union's books

    rows = _rows(selectors.execution(union, YEAR))
    assert rows[("401", False, None)].executed == D("600.00")
    assert rows[("401", False, None)].rate == D("60.0")
    education = rows[("50101", False, None)]
    assert (education.approved, education.executed, education.pending) == (
        D("500.00"),
        D("200.00"),
        D("50.00"),
    )
    assert education.rate == D("40.0") and education.remaining == D("300.00")
    assert rows[("50101", True, None)].executed == D("20.00")
    assert rows[("50304", False, "SW")].executed == D("80.00")
    assert rows[("50304", False, None)].executed == D("30.00")
    outside = rows[("50102", False, None)]
    assert (outside.approved, outside.executed, outside.rate) == (None, D("12.00"), None)
    assert outside.over


def test_a_reversal_takes_the_amount_back(union, budget, who):
    v = expense(union, "50101", "200.00")
    red = books.voucher_reverse(actor=who["accountant"], voucher=v, date=DAY, reason="错账")
    books.voucher_review(actor=who["chair"], voucher=red)
    books.voucher_post(actor=who["accountant"], voucher=red)
    assert _rows(selectors.execution(union, YEAR))[("50101", False, None)].executed == D("0.00")


def test_a_sub_account_added_later_counts_under_its_parents_line(union, budget):
    books.subaccount_create(actor=None, org=union, parent_code="50101", code="5010101", name="网课")
    expense(union, "5010101", "45.00")
    rows = _rows(selectors.execution(union, YEAR))
    assert rows[("50101", False, None)].executed == D("45.00")
    assert ("5010101", False, None) not in rows


def test_execution_without_a_ratified_budget_shows_the_books_alone(union):
    make_budget(union, state="submitted")
    expense(union, "50101", "200.00")
    result = selectors.execution(union, YEAR)
    assert result.budget is None
    assert [(r.code, r.approved, r.executed) for r in result.expense] == [
        ("50101", None, D("200.00"))
    ]


def test_execution_is_a_fixed_number_of_queries(
    union, budget, project, django_assert_max_num_queries
):
    for n in range(6):
        expense(union, "50101", "1.00")
        expense(union, "50304", "1.00", project=project)
        expense(union, f"5010{n + 1}", "1.00")
    with django_assert_max_num_queries(6):
        result = selectors.execution(union, YEAR)
        totals = result.expense_total
    assert totals.executed == D("18.00")
