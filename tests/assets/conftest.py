"""Builders of the fixed-asset tests: assets registered through the services (each one a
purchase voucher in the books), the books' lines of a voucher, and posting a voucher
(reviewed by the chair, posted by the accountant) when a test needs a closed month."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.core.scoping import unscoped

D = Decimal
BOUGHT = dt.date(2025, 3, 10)  # depreciation starts in April 2025


def holder(role: str, org):
    from gonghui.accounts.models import User
    from tests.factories import UserFactory

    with unscoped():
        found = User.objects.filter(roles__org=org, roles__role=role).order_by("pk").first()
    return found or UserFactory(roles=[(role, org)])


def make_asset(org, *, value="7200.00", category="office", date=BOUGHT, **kw):
    from gonghui.assets import services

    with unscoped():
        return services.asset_register(
            actor=holder("finance", org),
            org=org,
            name=kw.pop("name", "联想台式电脑"),
            category=category,
            purchased_on=date,
            original_value=D(value),
            **kw,
        )


def lines_of(voucher) -> list[tuple[str, Decimal, Decimal]]:
    """(account, debit, credit) of each line, in order."""
    from gonghui.finance.models import VoucherLine

    with unscoped():
        return [
            (ln.account_code, ln.debit, ln.credit)
            for ln in VoucherLine.objects.filter(voucher=voucher).order_by("order")
        ]


def post(voucher):
    """Review (the chair) and post (the accountant) a voucher."""
    from gonghui.finance import services

    org = voucher.org
    with unscoped():
        services.voucher_review(actor=holder("chair", org), voucher=voucher)
        services.voucher_post(actor=holder("finance", org), voucher=voucher)


def run(org, year, month, actor=None):
    from gonghui.assets import services

    with unscoped():
        return services.depreciation_run(
            actor=actor or holder("finance", org), org=org, year=year, month=month
        )


@pytest.fixture
def finance(union):
    return holder("finance", union)


@pytest.fixture
def chair(union):
    return holder("chair", union)


@pytest.fixture
def asset(union):
    return make_asset(union)
