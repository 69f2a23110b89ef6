"""The levy services: each way's voucher lines, the split to the fen, refusals, the
remittance reducing 211, receivables, reminders only from above."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.finance.models import VoucherState
from gonghui.levy import selectors, services
from gonghui.levy.models import Arrival
from tests.factories import UnionFactory

from .conftest import DAY, YEAR, D, arrive, lines_of

pytestmark = pytest.mark.usefixtures("platform")


def test_self_paid_books_the_whole_amount_and_splits_it(union, accountant):
    a = arrive(union, amount="1000.01", payroll_base=D("50000.50"), actor=accountant)
    assert (a.own_share, a.upper_share) == (D("600.01"), D("400.00"))
    assert a.own_share + a.upper_share == a.amount
    assert lines_of(a.voucher) == {
        ("102", "debit"): D("1000.01"),
        ("402", "credit"): D("600.01"),
        ("211", "credit"): D("400.00"),
    }
    assert a.voucher.state == VoucherState.SUBMITTED and a.voucher.number.startswith("记-")
    assert selectors.owed(union) == D("400.00")
    a.refresh_from_db()
    entry = AuditEntry.objects.filter(action="levy.arrival.created", object_id=str(a.pk)).get()
    assert entry.actor_id == accountant.pk


@pytest.mark.parametrize("amount", ["0.01", "0.03", "99.99", "123456.79"])
def test_the_split_adds_up_to_the_fen(union, amount):
    a = arrive(union, amount=amount)
    assert a.own_share + a.upper_share == D(amount)
    got = lines_of(a.voucher)
    assert got[("102", "debit")] == got[("402", "credit")] + got.get(("211", "credit"), 0)


@pytest.mark.parametrize("way", ["tax", "fiscal"])
def test_tax_and_treasury_book_the_share_transferred_down(union, way):
    a = arrive(union, way=way, amount="600.00")
    assert (a.own_share, a.upper_share) == (D("600.00"), D("0.00"))
    assert lines_of(a.voucher) == {("102", "debit"): D("600.00"), ("402", "credit"): D("600.00")}
    assert selectors.owed(union) == 0


def test_central_account_is_a_claim_until_transferred(union):
    a = arrive(union, way="central", amount="600.00")
    assert lines_of(a.voucher) == {
        ("13102", "debit"): D("600.00"),
        ("402", "credit"): D("600.00"),
    }
    assert a.awaits_transfer
    done = services.arrival_transfer(actor=None, arrival=a, transferred_on=dt.date(YEAR, 4, 2))
    assert lines_of(done.transfer_voucher) == {
        ("102", "debit"): D("600.00"),
        ("13102", "credit"): D("600.00"),
    }
    with pytest.raises(services.LevyError):
        services.arrival_transfer(actor=None, arrival=a, transferred_on=dt.date(YEAR, 4, 3))


def test_only_central_money_is_transferred(union):
    a = arrive(union, way="tax")
    with pytest.raises(services.LevyError, match="集中"):
        services.arrival_transfer(actor=None, arrival=a, transferred_on=dt.date(YEAR, 4, 2))


def test_the_same_arrival_is_never_booked_twice(union):
    arrive(union)
    with pytest.raises(services.LevyError) as exc:
        arrive(union)
    assert exc.value.field == "month"
    assert Arrival.objects.filter(org=union).count() == 1
    arrive(union, way="tax")  # another way of the same month is another arrival


def test_preview_saves_nothing(union):
    a = arrive(union, commit=False)
    assert a.pk is None and (a.own_share, a.upper_share) == (D("600.00"), D("400.00"))
    assert not Arrival.objects.filter(org=union).exists()


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"way": "cash"}, "way"),
        ({"received_on": dt.date(YEAR, 2, 27)}, "received_on"),
        ({"received_on": dt.date.today() + dt.timedelta(days=1)}, "received_on"),
        ({"payroll_base": "-1"}, "payroll_base"),
    ],
)
def test_refusals(union, kw, field):
    from gonghui.levy import services as sv

    args = {
        "org": union,
        "month": dt.date(YEAR, 3, 1),
        "way": "self",
        "amount": "100",
        "received_on": DAY,
        **kw,
    }
    with pytest.raises(sv.LevyError) as exc:
        sv.arrival_record(actor=None, **args)
    assert exc.value.field == field


def test_a_branch_or_upper_union_records_no_arrival(upper):
    with pytest.raises(services.LevyError):
        arrive(upper)


def test_remitting_reduces_211_and_not_beyond_it(union, accountant):
    arrive(union, amount="1000.00")
    r = services.share_remit(
        actor=accountant, org=union, amount=D("300.00"), paid_on=dt.date(YEAR, 4, 1)
    )
    assert lines_of(r.voucher) == {("211", "debit"): D("300.00"), ("102", "credit"): D("300.00")}
    assert selectors.owed(union) == D("100.00")
    with pytest.raises(services.LevyError) as exc:
        services.share_remit(actor=None, org=union, amount=D("100.01"), paid_on=dt.date(YEAR, 4, 2))
    assert exc.value.field == "amount"
    assert AuditEntry.objects.filter(action="levy.remittance.created").count() == 1


def test_a_voided_voucher_no_longer_counts_as_owed(union):
    from gonghui.finance import services as books

    a = arrive(union)
    books.voucher_void(actor=None, voucher=a.voucher, reason="录错")
    assert selectors.owed(union) == 0


def test_an_arrival_voided_in_the_books_is_recorded_again(union):
    from gonghui.finance import services as books

    wrong = arrive(union, month=1)
    today = dt.date(YEAR, 3, 1)
    books.voucher_void(actor=None, voucher=wrong.voucher, reason="金额录错")
    # Voided: it counts for nothing, the month is missing again, and it may be recorded.
    assert dt.date(YEAR, 1, 1) in selectors.missing_months(union, YEAR, today)
    assert selectors.summary(union, YEAR, today).received == 0
    again = arrive(union, month=1)
    assert again.pk != wrong.pk and again.voucher.state == VoucherState.SUBMITTED
    assert list(Arrival.objects.filter(org=union).values_list("pk", flat=True)) == [again.pk]
    assert AuditEntry.objects.filter(action="levy.arrival.deleted", object_id=str(wrong.pk))
    # One that stands still refuses a second recording.
    with pytest.raises(services.LevyError):
        arrive(union, month=1)


def test_a_voided_receivable_is_booked_again(union):
    from gonghui.finance import services as books

    rec = services.receivable_book(actor=None, org=union, year=YEAR - 1, amount=D("800.00"))
    books.voucher_void(actor=None, voucher=rec.voucher, reason="金额录错")
    again = services.receivable_book(actor=None, org=union, year=YEAR - 1, amount=D("850.00"))
    assert again.amount == D("850.00") and again.pk != rec.pk


def test_year_end_receivable_and_its_receipt(union):
    rec = services.receivable_book(actor=None, org=union, year=YEAR - 1, amount=D("800.00"))
    assert rec.voucher.date == dt.date(YEAR - 1, 12, 31)
    assert lines_of(rec.voucher) == {
        ("13102", "debit"): D("800.00"),
        ("402", "credit"): D("800.00"),
    }
    with pytest.raises(services.LevyError):
        services.receivable_book(actor=None, org=union, year=YEAR - 1, amount=D("1.00"))
    with pytest.raises(services.LevyError, match="以后"):
        services.receivable_collect(
            actor=None, receivable=rec, collected_on=dt.date(YEAR - 1, 12, 31)
        )
    done = services.receivable_collect(actor=None, receivable=rec, collected_on=DAY)
    assert lines_of(done.collect_voucher) == {
        ("102", "debit"): D("800.00"),
        ("13102", "credit"): D("800.00"),
    }
    with pytest.raises(services.LevyError):
        services.receivable_collect(actor=None, receivable=rec, collected_on=DAY)


def test_reminders_only_from_an_ancestor_with_the_right(union, upper, upper_staff, chair):
    arrive(union)
    r = services.reminder_send(actor=upper_staff, org=upper, union=union.code, message="<b>请</b>")
    assert r.amount == D("400.00") and r.sent_from == upper
    assert selectors.active_reminders(union) == [r]
    assert AuditEntry.objects.filter(action="levy.reminder.created").count() == 1
    with pytest.raises(services.LevyError):  # not from the union itself
        services.reminder_send(actor=chair, org=union, union=union.code)
    other = UnionFactory()
    with pytest.raises(services.LevyError):  # not to a union outside the subtree
        services.reminder_send(actor=upper_staff, org=upper, union=other.code)
    with pytest.raises(services.LevyError):  # not by someone without levy.reminder:send
        services.reminder_send(actor=chair, org=upper, union=union.code)


def test_a_reminder_goes_once_the_share_is_remitted(union, upper, upper_staff):
    arrive(union)
    services.reminder_send(actor=upper_staff, org=upper, union=union, amount=D("400.00"))
    services.share_remit(actor=None, org=union, amount=D("200.00"), paid_on=dt.date(YEAR, 4, 1))
    assert len(selectors.active_reminders(union)) == 1
    services.share_remit(actor=None, org=union, amount=D("200.00"), paid_on=dt.date(YEAR, 4, 2))
    assert selectors.active_reminders(union) == []


def test_missing_months_are_those_due_without_an_arrival(union):
    arrive(union, month=1)
    arrive(union, month=3, way="tax")
    today = dt.date(YEAR, 4, 15)  # March's payroll is due today
    assert selectors.missing_months(union, YEAR, today) == [dt.date(YEAR, 2, 1)]
    assert selectors.missing_months(union, YEAR, dt.date(YEAR, 4, 16)) == [dt.date(YEAR, 2, 1)]
    assert dt.date(YEAR, 4, 1) not in selectors.missing_months(union, YEAR, today)


def test_the_upper_union_lists_its_unions(union, upper):
    second = UnionFactory(parent=upper)
    arrive(union)
    services.share_remit(actor=None, org=union, amount=D("100.00"), paid_on=dt.date(YEAR, 4, 1))
    rows = {r.union.pk: r for r in selectors.unions_below(upper)}
    assert rows[union.pk].owed == D("300.00")
    assert rows[union.pk].last_remitted_on == dt.date(YEAR, 4, 1)
    assert rows[second.pk].owed == 0 and rows[second.pk].last_remitted_on is None


def test_the_payroll_base_says_what_was_due(union):
    a = arrive(union, amount="980.00", payroll_base=D("50000.00"))
    assert a.expected == D("1000.00") and a.short
    b = arrive(union, month=4, amount="1000.00", payroll_base=D("50000.00"))
    assert not b.short
    c = arrive(union, month=5, amount="1000.00")
    assert c.expected is None and not c.short
