"""Builders of the budget tests: the people of a union's chain (accountant, chair, 经审会
member, the district's staff above it) and documents walked through the services to the
state a test needs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.finance.conftest import L, make_voucher  # noqa: F401 - re-exported for the tests
from tests.funds.conftest import holder

D = Decimal
YEAR = 2031  # a year of its own, as the finance tests keep
DAY = dt.date(YEAR, 3, 10)
MEETING = dt.date(YEAR, 1, 15)

STEPS = ("draft", "approved", "reviewed", "submitted", "ratified")


def people(union) -> dict:
    return {
        "accountant": holder("finance", union),
        "chair": holder("chair", union),
        "auditor": holder("auditor", union),
        "upper": holder("upper_staff", union.parent),
    }


def walk(doc, state: str):
    """Take `doc` (a draft with lines) along the chain up to `state`."""
    from gonghui.budgets import services

    p = people(doc.org)
    doc.refresh_from_db()
    steps = STEPS[STEPS.index(doc.state) + 1 : STEPS.index(state) + 1]
    for step in steps:
        if step == "approved":
            services.budget_approve(actor=p["chair"], budget=doc, term=3, session=5, date=MEETING)
        elif step == "reviewed":
            services.budget_review(
                actor=p["auditor"],
                budget=doc,
                opinion="同意",
                term=3,
                session=2,
                date=MEETING,
            )
        elif step == "submitted":
            services.budget_submit(actor=p["chair"], budget=doc)
        elif step == "ratified":
            services.budget_ratify(actor=p["upper"], budget=doc)
    doc.refresh_from_db()
    return doc


def make_budget(union, lines=None, *, state="ratified", year=YEAR):
    """A budget of `union` with `lines` (dicts for budget_lines_replace), in `state`."""
    from gonghui.budgets import services

    p = people(union)
    doc = services.budget_create(actor=p["accountant"], org=union, year=year, explanation="说明")
    lines = lines or [
        {"account": "401", "amount": "1000.00", "restricted": False},
        {"account": "50101", "amount": "500.00", "restricted": False},
        {"account": "50102", "amount": "300.00", "restricted": False},
    ]
    services.budget_lines_replace(actor=p["accountant"], budget=doc, lines=lines)
    return walk(doc, state)


def expense(
    union,
    account,
    amount,
    *,
    state="posted",
    restricted=False,
    project=None,
    date=DAY,
    reason="测试",
):
    """An expense voucher in `state`; handed in with `reason` in case the budget objects
    (a draft is left for the test to hand in)."""
    from gonghui.finance import services as books

    v = make_voucher(
        union,
        [
            L(account, debit=amount, restricted=restricted, project=project),
            L("102", credit=amount),
        ],
        date=date,
        summary="支出",
        state="draft",
    )
    if state == "draft":
        return v
    books.voucher_submit(actor=holder("finance", union), voucher=v, override_reason=reason)
    if state in ("reviewed", "posted"):
        books.voucher_review(actor=holder("chair", union), voucher=v)
    if state == "posted":
        books.voucher_post(actor=holder("finance", union), voucher=v)
    return v


@pytest.fixture
def who(union):
    return people(union)
