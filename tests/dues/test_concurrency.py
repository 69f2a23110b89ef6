"""Two cadres at once, on PostgreSQL (each thread its own connection): ten posts of the same
month make one voucher and nine refusals; ten generations of one month make one line per
member; ten cash entries on one line record it once. The union's DuesSettings row lock
and the line's row lock are what serialise them."""

from __future__ import annotations

import pytest
from django.db import connection

from gonghui.core.scoping import unscoped
from tests.concurrency import at_once

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent sessions need PostgreSQL; run with DATABASE_URL=...",
    ),
]

THREADS = 10


def _union_with_members(n=3):
    from tests.factories import GroupFactory, UnionFactory

    from .conftest import member

    union = UnionFactory()
    group = GroupFactory(parent=union)
    return union, [member(group) for _ in range(n)]


def test_ten_posts_of_one_month_make_one_voucher(transactional_db):
    from gonghui.dues import services
    from gonghui.dues.models import DuesLine
    from gonghui.finance.models import Voucher

    from .conftest import YEAR, generate, line_of, pay_cash

    union, people = _union_with_members()
    generate(union, 3)
    for i, person in enumerate(people):
        pay_cash(line_of(person, 3), receipt=f"R-{i}")

    def post(i):
        return services.dues_month_post(actor=None, org=union, year=YEAR, month=3)

    results = at_once(post, THREADS, unscope=True)
    booked = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, services.DuesError)]
    assert len(booked) == 1 and len(refused) == THREADS - 1, results
    with unscoped():
        assert Voucher.objects.filter(org=union).count() == 1
        assert set(DuesLine.objects.filter(org=union).values_list("posted_in", flat=True)) == {
            "2025-03"
        }


def test_ten_generations_of_one_month_make_one_line_each(transactional_db):
    from gonghui.dues import services
    from gonghui.dues.models import DuesLine

    from .conftest import YEAR

    union, people = _union_with_members(5)

    def generate(i):
        return services.dues_month_generate(actor=None, org=union, year=YEAR, month=3)

    results = at_once(generate, THREADS, unscope=True)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r.created for r in results) == len(people)
    with unscoped():
        assert DuesLine.objects.filter(org=union).count() == len(people)


def test_ten_cash_entries_on_one_line_record_it_once(transactional_db):
    import datetime as dt

    from gonghui.dues import services
    from gonghui.dues.models import DuesLine

    from .conftest import YEAR, generate, line_of

    union, [person] = _union_with_members(1)
    generate(union, 3)
    line = line_of(person, 3)

    def pay(i):
        return services.dues_cash_record(
            actor=None, line=line, amount="28.35", receipt_no=f"R-{i}", paid_on=dt.date(YEAR, 3, 9)
        )

    results = at_once(pay, THREADS, unscope=True)
    assert sum(isinstance(r, DuesLine) for r in results) == 1, results
    assert sum(isinstance(r, services.DuesError) for r in results) == THREADS - 1
