"""Concurrent payouts on PostgreSQL: each thread its own connection. The fund's balance in
the books equals the sum of its voucher lines, a person is not paid twice for one occasion by two
clerks at once, and a batch is paid once however many times "pay" is pressed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped
from tests.concurrency import at_once

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent sessions need PostgreSQL; run with DATABASE_URL",
    ),
]


def _setup(amount):
    """A union of its own (committed: the threads read it), its chair, a fund holding
    `amount` and 30 members: the first 15 in a group of their own (`people[0].org`)."""
    from tests.factories import GroupFactory, MemberFactory, UnionFactory, UserFactory

    from .conftest import make_fund, members_of

    union = UnionFactory()
    first, second = GroupFactory(parent=union), GroupFactory(parent=union)
    MemberFactory.create_batch(15, org=first)
    MemberFactory.create_batch(15, org=second)
    chair = UserFactory(roles=[("chair", union)])
    fund = make_fund(union, actor=chair, amount=Decimal(amount))
    return chair, fund, members_of(union, 30)


def _visit(chair, fund, member, amount="100.00"):
    from gonghui.welfare import services

    with unscoped(), acting(user=chair):
        return services.visit_record(
            actor=chair,
            member=member,
            data={
                "occasion": "hospital",
                "form": "cash",
                "amount": Decimal(amount),
                "date": dt.date(2026, 7, 1),
                "visitors": "张海燕",
                "fund": fund,
            },
        )


def _ledger(fund):
    """The fund's balance in the books, the sum of its bank lines one by one, and what
    the paid visits say was paid from it."""
    from gonghui.finance.models import VoucherLine
    from gonghui.finance.posting import fund_balance
    from gonghui.welfare.models import Visit

    with unscoped():
        lines = VoucherLine.objects.filter(fund=fund)
        summed = sum((ln.debit - ln.credit for ln in lines), Decimal(0))
        paid = sum((v.amount for v in Visit.objects.filter(fund=fund, state="paid")), Decimal(0))
        return fund_balance(fund), summed, paid


def test_concurrent_visits_spend_the_fund_exactly(transactional_db):
    from gonghui.welfare.models import Visit
    from gonghui.welfare.services import WelfareError

    chair, fund, people = _setup("1000.00")
    results = at_once(lambda i: _visit(chair, fund, people[i], "100.00"), 16, timeout=180)
    paid = [r for r in results if isinstance(r, Visit)]
    refused = [r for r in results if isinstance(r, WelfareError)]
    assert len(paid) == 10 and len(refused) == 6, results
    balance, summed, visits = _ledger(fund)
    assert balance == summed == Decimal("0.00")
    assert visits == Decimal("1000.00")


def test_two_clerks_cannot_pay_one_person_twice_for_one_occasion(transactional_db):
    from gonghui.welfare.models import Visit
    from gonghui.welfare.services import WelfareError

    chair, fund, people = _setup("5000.00")
    results = at_once(lambda i: _visit(chair, fund, people[0], "100.00"), 8, timeout=180)
    assert sum(isinstance(r, Visit) for r in results) == 1, results
    assert sum(isinstance(r, WelfareError) for r in results) == 7
    balance, summed, visits = _ledger(fund)
    assert balance == summed == Decimal("4900.00") and visits == Decimal("100.00")


def test_a_batch_is_paid_once_however_often_pay_is_pressed(transactional_db):
    from gonghui.welfare import services
    from gonghui.welfare.models import Batch

    chair, fund, people = _setup("100000.00")
    with unscoped(), acting(user=chair):
        batch = services.batch_create(
            actor=chair,
            org=people[0].org.union(),
            selection="group",
            group=people[0].org.code,  # people 4-7 are in it too
            data={
                "title": "并发测试",
                "occasion": "festival",
                "festival": "zhongqiu",
                "date": dt.date(2026, 9, 20),
                "form": "goods",
                "amount": Decimal(50),
                "goods": "月饼",
                "fund": fund,
                "visitors": "张海燕",
            },
        )
        n = batch.lines.count()

    def pay(i):
        with unscoped(), acting(user=chair):
            return services.batch_pay(actor=chair, batch=batch)

    # Also single visits for people of the union at the same time: no deadlock.
    def mixed(i):
        return pay(i) if i < 4 else _visit(chair, fund, people[i], "10.00")

    results = at_once(mixed, 8, timeout=180)
    assert sum(isinstance(r, Batch) for r in results) == 1, results
    assert not [r for r in results if isinstance(r, Exception) and "deadlock" in str(r).lower()]
    balance, summed, visits = _ledger(fund)
    assert balance == summed
    assert Decimal("100000.00") - balance == visits
    assert n == 15
    assert visits >= Decimal(50) * n
    from gonghui.finance.models import SourcePosting

    with unscoped():
        # One voucher for the batch, however often "pay" was pressed.
        assert (
            SourcePosting.objects.filter(source="welfare.batch", source_id=str(batch.pk)).count()
            == 1
        )
