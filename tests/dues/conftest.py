"""Builders of the dues tests: a union with a group, members with wages, a month's lines
generated through the service, and the union's dues people (accountant, group leader)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.core.scoping import unscoped
from tests.factories import MemberFactory
from tests.funds.conftest import holder

D = Decimal
YEAR = 2025  # a past year of its own: months ahead of today cannot be generated or booked


def member(org, wage="5678.90", **fields):
    """A member of `org` with a monthly wage (None: none on the roster)."""
    return MemberFactory(org=org, monthly_wage=None if wage is None else D(wage), **fields)


def generate(union, month, *, year=YEAR, actor=None):
    from gonghui.dues import services

    with unscoped():
        return services.dues_month_generate(
            actor=actor or holder("finance", union), org=union, year=year, month=month
        )


def line_of(person, month, *, year=YEAR):
    from gonghui.dues.models import DuesLine

    with unscoped():
        return DuesLine.objects.get(member=person, month=dt.date(year, month, 1))


def pay_cash(line, amount=None, receipt="R-1", *, actor=None, day=None):
    from gonghui.dues import services

    with unscoped():
        return services.dues_cash_record(
            actor=actor or holder("finance", line.org),
            line=line,
            amount=amount if amount is not None else line.amount_due,
            receipt_no=receipt,
            paid_on=day or line.month + dt.timedelta(days=9),
        )


@pytest.fixture
def accountant(union):
    return holder("finance", union)


@pytest.fixture
def leader(group):
    return holder("group_leader", group)
