"""Builders of the finance tests: a union's accountant and chair, and vouchers written
through the services in whatever state a test needs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.funds.conftest import holder

D = Decimal
DAY = dt.date(2031, 3, 10)  # a year of its own


def L(account, debit="0", credit="0", **kw):  # noqa: N802 - reads like a voucher line
    from gonghui.finance.services import LineInput

    return LineInput(account=account, debit=debit, credit=credit, **kw)


def make_voucher(
    org,
    lines=None,
    *,
    date=DAY,
    summary="收到会费",
    state="posted",
    preparer=None,
    reviewer=None,
):
    """A voucher of `org` in `state` (draft, submitted, reviewed or posted), prepared by
    the accountant and reviewed by the chair unless told otherwise."""
    from gonghui.finance import services

    preparer = preparer or holder("finance", org)
    reviewer = reviewer or holder("chair", org)
    lines = lines or [L("102", debit="100.00"), L("401", credit="100.00", restricted=False)]
    v = services.voucher_create(actor=preparer, org=org, date=date, summary=summary, lines=lines)
    steps = ["submitted", "reviewed", "posted"]
    if state == "draft":
        return v
    services.voucher_submit(actor=preparer, voucher=v)
    if state in steps[1:]:
        services.voucher_review(actor=reviewer, voucher=v)
    if state == "posted":
        services.voucher_post(actor=preparer, voucher=v)
    return v


@pytest.fixture
def accountant(union):
    return holder("finance", union)


@pytest.fixture
def chair(union):
    return holder("chair", union)
