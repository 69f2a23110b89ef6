"""Builders of the levy tests: an upper union with a union below, their staff, and the
records made through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.funds.conftest import holder

D = Decimal
YEAR = 2025  # a year of its own, before today
DAY = dt.date(YEAR, 3, 10)


def lines_of(voucher):
    """{(account, side): amount} of a voucher's lines."""
    from gonghui.finance.models import VoucherLine

    out = {}
    for ln in VoucherLine._base_manager.filter(voucher=voucher):
        side, amount = ("debit", ln.debit) if ln.debit else ("credit", ln.credit)
        out[(ln.account_code, side)] = amount
    return out


def arrive(union, *, month=3, way="self", amount="1000.00", received_on=None, actor=None, **kw):
    from gonghui.levy import services

    return services.arrival_record(
        actor=actor,
        org=union,
        month=dt.date(YEAR, month, 1),
        way=way,
        amount=D(amount),
        received_on=received_on or dt.date(YEAR, month, 20),
        **kw,
    )


@pytest.fixture
def upper(union):
    return union.parent


@pytest.fixture
def accountant(union):
    return holder("finance", union)


@pytest.fixture
def chair(union):
    return holder("chair", union)


@pytest.fixture
def upper_staff(upper):
    return holder("upper_staff", upper)
