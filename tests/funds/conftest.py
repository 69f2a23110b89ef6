"""Helpers of the funds tests: a fund of a demo union with some money in it."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from gonghui.core.scoping import unscoped
from tests.api.conftest import token_client  # noqa: F401 - a fixture for the API tests

_n = itertools.count(1)
D = Decimal
DAY = dt.date(2031, 3, 1)  # a year of its own, away from the demo data's entries


def union(code: str = "F0001"):
    from gonghui.orgs.models import Organisation

    with unscoped():
        return Organisation.objects.get(code=code)


def person(username: str):
    from gonghui.accounts.models import User

    with unscoped():
        return User.objects.get(username=username)


def make_fund(
    code: str = "F0001",
    *,
    kind: str = "hardship",
    balance: Decimal | str = "0",
    actor: str = "factory_finance",
    date: dt.date = DAY,
):
    """A new fund of `code` (unique name), with one opening income of `balance`."""
    from gonghui.funds import services

    who = person(actor)
    with unscoped():
        fund = services.fund_create(
            actor=who, org=union(code), kind=kind, name=f"测试基金{next(_n)}", opened_on=date
        )
        if D(balance) > 0:
            services.fund_income(
                actor=who,
                fund=fund,
                amount=D(balance),
                date=date,
                summary="上级拨款",
                payee="示范区总工会",
            )
    return fund


@pytest.fixture
def fund(db):
    return make_fund(balance="1000.00")
