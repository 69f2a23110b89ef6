"""Reads the demo: the factory's and the school's dues of the demo year up to its current
month, made through the dues services: most paid by payroll deduction, some in cash with
a receipt, a few factory members in arrears, retired members exempt, each month booked to
401; and the demo member sees their own dues."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from gonghui.dues import demo as dues_demo
from gonghui.dues.models import DuesLine, Method, State
from gonghui.dues.selectors import SOURCE, arrears, booked_voucher
from gonghui.finance.models import SourcePosting, VoucherLine, VoucherState
from gonghui.members.models import Member, Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("platform")]

YEAR = dues_demo.YEAR
CENT = Decimal("0.01")
MONTHS = [dt.date(YEAR, m, 1) for m in dues_demo.MONTHS]


def dues_of(union):
    return DuesLine._base_manager.filter(org=union)


def test_every_month_so_far_has_its_lines_and_its_booking(org):
    factory = org("F0001")
    on_roll = Member.objects.filter(org__path__startswith=factory.path, status=Status.ACTIVE)
    assert set(dues_of(factory).values_list("month", flat=True)) == set(MONTHS)
    for month in MONTHS:
        lines = dues_of(factory).filter(month=month)
        assert lines.count() >= on_roll.filter(joined_on__lt=month).count() * 0.9
        assert booked_voucher(factory, month), month
    posting = SourcePosting._base_manager.get(org=factory, source=SOURCE, source_id=f"{YEAR}-06")
    june = dues_of(factory).filter(posted_in=f"{YEAR}-06")
    june_paid = Decimal(june.aggregate(s=Sum("amount_paid"))["s"]).quantize(CENT)
    assert posting.voucher.total == june_paid > 0
    assert posting.voucher.date == dt.date(YEAR, 6, 30)


def test_most_pay_by_payroll_some_in_cash_with_a_receipt(org, user):
    factory = org("F0001")
    paid = dues_of(factory).filter(state=State.PAID)
    payroll, cash = paid.filter(method=Method.PAYROLL), paid.filter(method=Method.CASH)
    assert cash.exists() and payroll.count() > 10 * cash.count()
    assert not cash.filter(receipt_no="").exists()
    assert set(cash.values_list("collected_by", flat=True)) == {user("factory_cashier").pk}
    assert len(set(cash.values_list("receipt_no", flat=True))) == cash.count()
    # At the school, the group leader collects her group's cash.
    school_cash = dues_of(org("S0001")).filter(method=Method.CASH)
    leader = user("group_leader")
    assert school_cash.filter(collected_by=leader).exists()
    assert set(school_cash.filter(collected_by=leader).values_list("unit__code", flat=True)) == {
        "S0001-G01"
    }


def test_the_members_behind_are_in_arrears_from_april(org):
    factory = org("F0001")
    behind = arrears(factory)
    assert 1 <= len(behind) <= 10
    for row in behind:
        assert row.months[0] == dt.date(YEAR, 4, 1)
        assert row.member.dues_paid_until == dt.date(YEAR, 3, 1)
        assert row.owed > 0
    # Everyone else has paid (or is exempt) up to the last month.
    others = (
        dues_of(factory).filter(month=MONTHS[-1]).exclude(member__in=[r.member for r in behind])
    )
    assert not others.filter(state__in=(State.UNPAID, State.NEEDS_WAGE)).exists()


def test_retired_members_are_exempt(org):
    exempt = dues_of(org("F0001")).filter(state=State.EXEMPT).select_related("member")
    assert exempt.exists()
    for line in exempt:
        assert line.member.status == Status.RETAINED
        assert line.amount_due == 0 and "退休" in line.exempt_reason


def test_what_was_paid_is_the_dues_income_of_the_books(org):
    for code in ("F0001", "S0001"):
        union = org(code)
        paid = dues_of(union).filter(state=State.PAID).aggregate(s=Sum("amount_paid"))["s"]
        booked = VoucherLine._base_manager.filter(
            org=union,
            account_code="401",
            voucher__in=SourcePosting._base_manager.filter(org=union, source=SOURCE).values(
                "voucher"
            ),
        ).aggregate(s=Sum("credit"))["s"]
        # SQLite sums decimals as floats: both back to the fen.
        assert Decimal(booked).quantize(CENT) == Decimal(paid).quantize(CENT) > 0, code
        assert not dues_of(union).filter(state=State.PAID, posted_in="").exists()
    # The factory's are posted (finance.demo), in closed months.
    factory_vouchers = SourcePosting._base_manager.filter(org=org("F0001"), source=SOURCE)
    assert {p.voucher.state for p in factory_vouchers} == {VoucherState.POSTED}


def test_the_member_sees_their_dues(client_for, user):
    member = Member._base_manager.get(user=user("member"))
    mine = DuesLine._base_manager.filter(member=member)
    assert mine.count() == len(MONTHS) and all(ln.state == State.PAID for ln in mine)
    page = client_for("member").get(f"/o/{member.org.code}/dues/me/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="my-arrears"' not in html
    for month in MONTHS:
        assert f"{month:%Y-%m}" in html
    assert f"{MONTHS[-1]:%Y-%m}" in html and 'id="paid-until"' in html
