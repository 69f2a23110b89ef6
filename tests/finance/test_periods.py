"""Month close (结账) and reopening (反结账)."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.finance import services
from gonghui.finance.models import Period
from gonghui.finance.services import FinanceError

from .conftest import L, make_voucher

pytestmark = pytest.mark.usefixtures("platform")

JAN, FEB, MAR = (dt.date(2031, m, 15) for m in (1, 2, 3))


def _close(actor, org, month):
    return services.period_close(actor=actor, org=org, year=2031, month=month)


def test_months_close_in_order_and_a_closed_month_refuses_vouchers(union, accountant, chair):
    make_voucher(union, date=JAN)
    make_voucher(union, date=FEB)
    with pytest.raises(FinanceError):
        _close(accountant, union, 2)  # January is still open
    _close(accountant, union, 1)
    with pytest.raises(FinanceError):
        _close(accountant, union, 1)
    reviewed = make_voucher(union, date=FEB, state="reviewed")
    with pytest.raises(FinanceError, match=reviewed.number):
        _close(accountant, union, 2)  # a voucher waits to be posted
    services.voucher_post(actor=accountant, voucher=reviewed)
    _close(accountant, union, 2)
    # A closed month takes no new number and no posting.
    with pytest.raises(FinanceError) as refused:
        make_voucher(union, date=FEB, state="submitted")
    assert refused.value.field == "date"
    p = Period.objects.get(org=union, year=2031, month=2)
    assert p.is_closed and p.closed_by == accountant


def test_a_posting_into_a_month_closed_since_review_is_refused(union, accountant, chair):
    make_voucher(union, date=JAN)
    waiting = make_voucher(union, date=JAN, state="reviewed")
    services.voucher_void(actor=accountant, voucher=waiting, reason="作废")
    _close(accountant, union, 1)
    assert waiting.number == "记-0002"


def test_a_month_with_a_draft_does_not_close(union, accountant):
    make_voucher(union, date=JAN, state="draft")
    with pytest.raises(FinanceError):
        _close(accountant, union, 1)


def test_reopening_needs_a_reason_and_reopens_every_later_month(union, accountant, chair):
    for month in (1, 2, 3):
        make_voucher(union, date=dt.date(2031, month, 5))
        _close(accountant, union, month)
    with pytest.raises(FinanceError) as refused:
        services.period_reopen(actor=chair, org=union, year=2031, month=2, reason=" ")
    assert refused.value.field == "reason"
    reopened = services.period_reopen(
        actor=chair, org=union, year=2031, month=2, reason="补记漏记的二月凭证"
    )
    assert [(p.month, p.state) for p in reopened] == [(3, "open"), (2, "open")]
    assert Period.objects.get(org=union, year=2031, month=1).is_closed
    entries = AuditEntry.objects.filter(
        org=union, action="finance.period.updated", actor=chair
    ).order_by("pk")
    assert entries.count() == 2
    assert all(e.changes["reopen_reason"][1] == "补记漏记的二月凭证" for e in entries)
    # The reopened month takes vouchers again, numbered after its last one.
    assert make_voucher(union, date=FEB).number == "记-0002"


def test_months_of_another_union_are_their_own(union, accountant):
    from tests.factories import UnionFactory

    other = UnionFactory()
    make_voucher(other, [L("102", debit="1"), L("401", credit="1", restricted=False)], date=JAN)
    make_voucher(union, date=JAN)
    _close(accountant, union, 1)
    assert not Period.objects.get(org=other, year=2031, month=1).is_closed


def test_a_month_before_a_closed_one_takes_no_voucher_even_if_it_never_had_one(union, accountant):
    make_voucher(union, date=MAR)
    services.period_close(actor=accountant, org=union, year=2031, month=3)  # Jan, Feb unused
    with pytest.raises(FinanceError) as refused:
        make_voucher(union, date=FEB, state="submitted")
    assert refused.value.field == "date"
    assert not Period.objects.filter(org=union, year=2031, month=2, state="closed").exists()
