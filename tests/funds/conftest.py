"""Helpers of the funds tests: a fund of a union built by the factories, with money in it
(in the books: `make_fund`'s opening income is a voucher), the fund's ledger lines as the
books hold them, and rows of the old ledger (FundEntry) written directly, as history.

`holder(role, org)` is the login holding `role` at `org` (made on first use, then the same
one), so helpers such as `make_fund` and the tests' `pay` act as that union's finance officer
without each test passing people around.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from gonghui.core.scoping import unscoped

_n = itertools.count(1)
D = Decimal
DAY = dt.date(2031, 3, 1)  # a year of its own, away from the current year's entries


def holder(role: str, org):
    """The login holding `role` at `org`: the first one there, or a new one."""
    from gonghui.accounts.models import User
    from tests.factories import UserFactory

    with unscoped():
        found = User.objects.filter(roles__org=org, roles__role=role).order_by("pk").first()
    return found or UserFactory(roles=[(role, org)])


def person(username: str):
    """A login by name: only for tests outside this directory that still read the demo
    (tests/security/test_formula_injection.py)."""
    from gonghui.accounts.models import User

    with unscoped():
        return User.objects.get(username=username)


def _org(code: str):
    from gonghui.orgs.models import Organisation

    with unscoped():
        return Organisation.objects.get(code=code)


LEGACY_UNION = "F0001"  # the demo union of callers that pass no union (see `person`)


def make_fund(
    org=None,
    *,
    kind: str = "hardship",
    balance: Decimal | str = "0",
    actor=None,
    date: dt.date = DAY,
    name: str | None = None,
):
    """A new fund of the union `org` (unique name), with one opening income of `balance`."""
    from gonghui.funds import services

    if org is None or isinstance(org, str):
        org = _org(org or LEGACY_UNION)
    who = actor or holder("finance", org)
    with unscoped():
        fund = services.fund_create(
            actor=who, org=org, kind=kind, name=name or f"测试基金{next(_n)}", opened_on=date
        )
        if D(balance) > 0:
            services.fund_income(
                actor=who,
                fund=fund,
                amount=D(balance),
                date=date,
                summary="上级拨款",
                payee=org.parent.name,
            )
    return fund


def ledger_lines(fund):
    """Every line of the fund's ledger in the books (selectors.Entry), in ledger order."""
    from gonghui.funds import selectors

    with unscoped():
        lines = selectors.fund_lines(fund).select_related(
            "fund", "voucher", "voucher__reverses", "voucher__prepared_by"
        )
        return selectors.entries_of(list(lines.order_by("date", "voucher__seq", "order")))


def legacy_entry(fund, *, income="0", expense="0", date=DAY, reverses=None, **fields):
    """A row of the old ledger written as the old services wrote it (numbered per fund and
    year), for the history the migration carries into the books."""
    from django.db.models import Max

    from gonghui.funds.models import FundEntry

    with unscoped():
        last = FundEntry._base_manager.filter(fund=fund, voucher_year=date.year).aggregate(
            m=Max("voucher_seq")
        )["m"]
        seq = (last or 0) + 1
        return FundEntry._base_manager.create(
            fund=fund,
            voucher_no=f"{date.year}-{seq:04d}",
            voucher_year=date.year,
            voucher_seq=seq,
            date=date,
            income=D(income),
            expense=D(expense),
            reverses=reverses,
            **{"summary": "旧账", **fields},
        )


@pytest.fixture
def finance(union):
    return holder("finance", union)


@pytest.fixture
def chair(union):
    return holder("chair", union)


@pytest.fixture
def auditor(union):
    return holder("auditor", union)


@pytest.fixture
def fund(union):
    return make_fund(union, balance="1000.00")


@pytest.fixture
def other_union(db):
    """A second union, under a district of its own, with a chair."""
    from tests.factories import UnionFactory

    other = UnionFactory()
    holder("chair", other)
    return other
