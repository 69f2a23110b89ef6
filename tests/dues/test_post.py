"""The month's total booked as ONE receipt voucher to 401 (through finance.posting), never
twice; back dues paid later go with a later month; dues_paid_until moves forward."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.dues import services
from gonghui.finance import posting
from gonghui.finance.models import SourcePosting, Voucher
from gonghui.funds.services import fund_create

from .conftest import YEAR, D, generate, line_of, member, pay_cash

pytestmark = pytest.mark.usefixtures("platform")


def _post(union, who, month=3, **kw):
    return services.dues_month_post(actor=who, org=union, year=YEAR, month=month, **kw)


def test_the_month_is_one_voucher_to_401_and_is_refused_twice(union, group, accountant):
    a, b, c = member(group), member(group, "3339.99"), member(group)
    generate(union, 3)
    pay_cash(line_of(a, 3), receipt="R-1")
    pay_cash(line_of(b, 3), receipt="R-2")
    summary = _post(union, accountant)
    voucher = Voucher.objects.get(sources__source="dues.month", sources__source_id="2025-03")
    assert summary.voucher == voucher.number and summary.to_post == D("0.00")
    assert (voucher.state, voucher.total, voucher.date) == (
        "submitted",
        D("45.00"),
        dt.date(YEAR, 3, 31),
    )
    assert voucher.summary == "2025年03月会费"
    lines = {(ln.account_code, ln.debit, ln.credit, ln.restricted) for ln in voucher.lines.all()}
    assert lines == {("102", D("45.00"), D("0.00"), None), ("401", D("0.00"), D("45.00"), False)}
    assert {line_of(a, 3).posted_in, line_of(b, 3).posted_in, line_of(c, 3).posted_in} == {
        "2025-03",
        "",
    }
    entry = AuditEntry.objects.filter(action="dues.month.posted").last()
    assert entry.actor == accountant and entry.changes["voucher"] == voucher.number
    pay_cash(line_of(c, 3), receipt="R-3")
    with pytest.raises(services.DuesError) as refused:
        _post(union, accountant)
    assert voucher.number in refused.value.message
    assert SourcePosting.objects.filter(source="dues.month").count() == 1


def test_back_dues_paid_later_are_booked_with_a_later_month(union, group, accountant):
    a, late = member(group), member(group)
    generate(union, 3)
    generate(union, 4)
    pay_cash(line_of(a, 3), receipt="R-1")
    _post(union, accountant, 3)
    pay_cash(line_of(late, 3), receipt="R-2", day=dt.date(YEAR, 4, 10))
    pay_cash(line_of(late, 4), receipt="R-2", day=dt.date(YEAR, 4, 10))
    summary = _post(union, accountant, 4)
    voucher = Voucher.objects.get(number=summary.voucher, org=union, date__month=4)
    assert voucher.total == D("56.70") and "补缴1笔" in voucher.summary
    assert line_of(late, 3).posted_in == "2025-04"


def test_nothing_paid_is_refused_and_so_is_a_month_not_begun(union, group, accountant):
    member(group)
    generate(union, 3)
    with pytest.raises(services.DuesError):
        _post(union, accountant)
    this = dt.date.today().replace(day=1)
    ahead = this.replace(year=this.year + 1)
    with pytest.raises(services.DuesError):
        services.dues_month_post(actor=accountant, org=union, year=ahead.year, month=ahead.month)


def test_the_post_moves_paid_until_for_members_settled_up_to_the_month(union, group, accountant):
    settled, behind, retired, new = member(group), member(group), member(group), member(group)
    retired.dues_stop_month = dt.date(YEAR, 3, 1)
    retired.save()
    for month in (2, 3):
        generate(union, month)
    for month in (2, 3):
        pay_cash(line_of(settled, month), receipt="R-1")
    pay_cash(line_of(behind, 3), receipt="R-2")  # February still open
    pay_cash(line_of(retired, 2), receipt="R-3")  # March exempt
    _post(union, accountant, 3)
    for person in (settled, behind, retired, new):
        person.refresh_from_db()
    assert settled.dues_paid_until == dt.date(YEAR, 3, 1)
    assert retired.dues_paid_until == dt.date(YEAR, 3, 1)
    assert behind.dues_paid_until is None  # nothing settled here before the open month
    assert new.dues_paid_until is None
    updated = AuditEntry.objects.filter(action="members.member.updated", object_id=str(settled.pk))
    assert updated.last().changes["dues_paid_until"] == [None, "2025-03-01"]


def test_the_post_goes_into_a_fund_and_a_reversal_lets_it_be_booked_again(union, group, accountant):
    fund = fund_create(
        actor=accountant, org=union, kind="union", name="工会经费", opened_on=dt.date(YEAR, 1, 1)
    )
    a = member(group)
    generate(union, 3)
    pay_cash(line_of(a, 3))
    first = _post(union, accountant, fund=fund)
    cash_line = Voucher.objects.get(number=first.voucher, date__year=YEAR).lines.get(
        account_code="102"
    )
    assert cash_line.fund == fund
    posting.posting_reverse(
        actor=accountant,
        org=union,
        source="dues.month",
        source_id="2025-03",
        date=dt.date(YEAR, 3, 31),
        reason="金额有误",
    )
    again = _post(union, accountant, fund=fund)
    assert again.voucher and again.voucher != first.voucher
