"""Concurrent aid payouts on PostgreSQL, each cadre in its own thread and connection.

Twelve approved applications are paid at the same moment from a fund that holds enough for
eight; meanwhile every application is also "paid" a second time by a double click. Exactly
eight payments stand, each one voucher, the fund ends at the remainder, and the books, the
payments and the yearly report agree to the fen.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.db import connection

from gonghui.core.scoping import unscoped
from tests.concurrency import at_once

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent sessions need PostgreSQL; run with DATABASE_URL=postgres://...",
    ),
]

APPS = 12
AFFORDABLE = 8
AMOUNT = D("1234.56")


def test_concurrent_payouts_never_overspend_and_agree_with_the_report(transactional_db):
    from gonghui.aid import selectors, services
    from gonghui.aid.models import Payment
    from tests.factories import UnionFactory

    from .conftest import (
        DAY,
        balance,
        books_net,
        holder,
        make_application,
        make_fund,
        make_round,
        members,
        vouchers_for,
    )

    union = UnionFactory()
    chair = holder("chair", union)
    rnd = make_round(union, name="并发测试", standards={"undergraduate": AMOUNT})
    fund = make_fund(union, balance=AMOUNT * AFFORDABLE + D("0.01"))
    apps = [make_application(rnd, m, child=f"并发{i}") for i, m in enumerate(members(union, APPS))]
    with unscoped():
        for app in apps:
            services.application_decide(actor=chair, application=app, approve=True)

    def pay(i):
        with unscoped():
            return services.application_pay(
                actor=chair, application=apps[i % APPS], fund=fund, date=DAY
            )

    results = at_once(pay, APPS * 2)  # every application clicked twice
    paid = [r for r in results if isinstance(r, Payment)]
    refused = [r for r in results if isinstance(r, services.AidError)]
    assert len(paid) == AFFORDABLE and len(refused) == APPS * 2 - AFFORDABLE, results
    with unscoped():
        assert len({p.application_id for p in paid}) == AFFORDABLE  # none paid twice
        assert balance(fund) == D("0.01")
        assert Payment.objects.filter(application__round=rnd).count() == AFFORDABLE
        report = selectors.education_report(union, rnd.year)
        assert report.amount == AMOUNT * AFFORDABLE and report.people == AFFORDABLE
        assert len(vouchers_for("aid.application")) == AFFORDABLE  # one voucher a payment
        assert books_net(fund, "aid.application") == report.amount
