"""The ledger's rules: vouchers, payouts within the balance, reversals, immutability, audit."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import IntegrityError, connection, transaction

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.funds import services
from gonghui.funds.models import Fund, FundEntry, ImmutableEntryError
from gonghui.funds.services import FundError
from tests.factories import GroupFactory, UnionFactory

from .conftest import DAY, D, holder, make_fund

pytestmark = pytest.mark.usefixtures("platform")


def pay(fund, amount, **kw):
    kw.setdefault("date", DAY)
    kw.setdefault("summary", "慰问金")
    who = holder("finance", fund.org)
    return services.fund_payout(actor=who, fund=fund, amount=D(amount), **kw)


def receive(fund, amount, **kw):
    kw.setdefault("date", DAY)
    kw.setdefault("summary", "会费收入")
    who = holder("finance", fund.org)
    return services.fund_income(actor=who, fund=fund, amount=D(amount), **kw)


def reverse(entry, reason="录入错误", **kw):
    who = holder("finance", entry.fund.org)
    return services.fund_entry_reverse(actor=who, entry=entry, reason=reason, **kw)


# -- funds ---------------------------------------------------------------------------
def test_it_opens_a_fund_in_a_union_and_logs_who_did_it(union, chair):
    before = AuditEntry.objects.count()
    fund = services.fund_create(actor=chair, org=union, kind="hardship", name="困难职工帮扶金")
    assert fund.pk and fund.is_active and fund.balance == D("0.00")
    entry = AuditEntry.objects.filter(action="funds.fund.created", object_id=str(fund.pk)).get()
    assert entry.actor == chair and entry.org == union
    assert AuditEntry.objects.count() == before + 1


@pytest.mark.parametrize("where", ["district", "group"])
def test_it_refuses_a_fund_outside_a_grassroots_union(union, where):
    org = union.parent if where == "district" else GroupFactory(parent=union)
    with pytest.raises(FundError, match="基层工会"):
        services.fund_create(actor=None, org=org, kind="union", name="经费")
    assert not Fund.objects.filter(org=org).exists()


def test_it_refuses_a_second_fund_with_the_same_name_or_a_bad_kind(fund):
    with pytest.raises(FundError):
        services.fund_create(actor=None, org=fund.org, kind="union", name=fund.name)
    with pytest.raises(FundError):
        services.fund_create(actor=None, org=fund.org, kind="casino", name="别的")
    assert Fund.objects.filter(org=fund.org, name=fund.name).count() == 1


def test_funds_for_lists_the_active_funds_of_the_union_from_any_node(union, fund):
    other = make_fund(union, kind="union")
    closed = make_fund(union)
    services.fund_set_active(actor=None, fund=closed, active=False)  # closed, empty
    elsewhere = make_fund(UnionFactory(parent=union.parent), balance="5")
    got = list(services.funds_for(union))
    assert fund in got and other in got and all(f.is_active for f in got)
    assert closed not in got and elsewhere not in got and len(got) == 2
    assert list(services.funds_for(GroupFactory(parent=union))) == got
    assert fund not in services.funds_for(union, kind="union")
    assert other in services.funds_for(union, kind="union")
    assert fund not in services.funds_for(elsewhere.org)
    assert elsewhere in services.funds_for(elsewhere.org)
    assert not services.funds_for(union.parent).exists()


def test_it_closes_only_an_empty_fund_and_a_closed_fund_takes_no_entries(fund):
    with pytest.raises(FundError, match="1,000.00"):
        services.fund_set_active(actor=None, fund=fund, active=False)
    pay(fund, "1000")
    services.fund_set_active(actor=None, fund=fund, active=False)
    fund.refresh_from_db()
    assert not fund.is_active
    with pytest.raises(FundError):
        receive(fund, "1")
    assert fund.entries.count() == 2


# -- vouchers ------------------------------------------------------------------------
def test_voucher_numbers_run_per_fund_and_year(fund):
    a = receive(fund, "1")
    b = pay(fund, "2")
    c = receive(fund, "3", date=dt.date(2030, 1, 2))
    other = receive(make_fund(fund.org, balance="5"), "4")
    assert [a.voucher_no, b.voucher_no, c.voucher_no] == ["2031-0002", "2031-0003", "2030-0001"]
    assert other.voucher_no == "2031-0002"  # after its own opening income
    assert (a.voucher_year, a.voucher_seq) == (2031, 2)


def test_the_balance_is_income_minus_expense(fund):
    receive(fund, "0.10")
    receive(fund, "0.20")
    pay(fund, "0.30")
    assert fund.balance == D("1000.00")
    pay(fund, "999.99")
    assert fund.balance == D("0.01")


# -- payouts -------------------------------------------------------------------------
@pytest.mark.parametrize("amount", ["0", "-5", "1.005", "abc", "99999999999"])
def test_it_refuses_a_bad_amount(fund, amount):
    with pytest.raises(FundError):
        services.fund_payout(actor=None, fund=fund, amount=amount, date=DAY, summary="x")
    with pytest.raises(FundError):
        services.fund_income(actor=None, fund=fund, amount=amount, date=DAY, summary="x")
    assert fund.entries.count() == 1


def test_a_float_amount_is_a_programming_error(fund):
    with pytest.raises(TypeError):
        services.fund_income(actor=None, fund=fund, amount=0.1, date=DAY, summary="x")
    with pytest.raises(TypeError):
        services.fund_payout(actor=None, fund=fund, amount=0.1, date=DAY, summary="x")


def test_it_refuses_a_payout_above_the_balance_and_names_the_balance(fund):
    pay(fund, "400.00")
    with pytest.raises(FundError, match=r"600\.00") as err:
        pay(fund, "600.01")
    assert "600.01" in str(err.value)
    assert fund.balance == D("600.00") and fund.entries.count() == 2
    pay(fund, "600.00")
    assert fund.balance == D("0.00")


def test_it_refuses_a_payout_without_summary_or_date(fund):
    with pytest.raises(FundError):
        pay(fund, "1", summary="  ")
    with pytest.raises(FundError):
        pay(fund, "1", date="2031-03-01")
    assert fund.entries.count() == 1


def test_a_backdated_payout_cannot_spend_money_that_came_in_later(fund):
    receive(fund, "500", date=dt.date(2031, 6, 1))
    with pytest.raises(FundError, match=r"1,000\.00"):
        pay(fund, "1200", date=dt.date(2031, 4, 1))
    # before the opening income there was nothing at all
    with pytest.raises(FundError, match=r"0\.00"):
        pay(fund, "1", date=dt.date(2031, 2, 1))
    pay(fund, "1000", date=dt.date(2031, 4, 1))
    # and a later payout must leave what the earlier lines need
    assert fund.balance == D("500.00")


def test_a_source_record_is_paid_once_until_its_payout_is_reversed(fund):
    first = pay(fund, "200", source="welfare.visit", source_id="17", payee="王五")
    with pytest.raises(FundError, match=first.voucher_no):
        pay(fund, "200", source="welfare.visit", source_id="17")
    pay(fund, "50", source="welfare.visit", source_id="18")  # another record
    reverse(first)
    again = pay(fund, "200", source="welfare.visit", source_id="17")
    assert [e.voucher_no for e in services.entries_for_source("welfare.visit", 17)] == [
        first.voucher_no,
        first.reversed_by.voucher_no,
        again.voucher_no,
    ]


# -- reversals -----------------------------------------------------------------------
def test_a_reversal_swaps_the_sides_and_names_the_voucher(fund):
    payout = pay(fund, "123.45", payee="李四", source="aid.grant", source_id="9")
    rev = reverse(payout, reason="重复发放", date=dt.date(2031, 3, 5))
    assert (rev.income, rev.expense) == (D("123.45"), D("0.00"))
    assert rev.summary == f"冲销 {payout.voucher_no}：重复发放"
    assert rev.reverses == payout and rev.is_reversal
    payout = FundEntry.objects.get(pk=payout.pk)
    assert payout.reversed_by == rev and payout.is_reversed
    assert (rev.payee, rev.source, rev.source_id) == ("李四", "aid.grant", "9")
    assert fund.balance == D("1000.00")


def test_an_entry_is_reversed_only_once_and_a_reversal_never(fund):
    payout = pay(fund, "10")
    rev = reverse(payout)
    with pytest.raises(FundError, match="已由"):
        reverse(payout)
    with pytest.raises(FundError, match="本身是冲销凭证"):
        reverse(rev)
    assert fund.entries.count() == 3 and fund.balance == D("1000.00")


def test_the_database_holds_one_reversal_per_entry(fund):
    payout = pay(fund, "10")
    reverse(payout)
    dup = FundEntry(
        fund=fund,
        voucher_no="2031-0099",
        voucher_year=2031,
        voucher_seq=99,
        date=DAY,
        summary="x",
        income=D("10"),
        reverses=payout,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        FundEntry.save(dup)


def test_reversing_income_that_was_spent_is_refused(fund):
    pay(fund, "900")
    opening = fund.entries.order_by("id").first()
    with pytest.raises(FundError, match=r"100\.00"):
        reverse(opening)
    assert not FundEntry.objects.filter(reverses=opening).exists()


def test_a_reversal_is_not_dated_before_its_entry_and_needs_a_reason(fund):
    payout = pay(fund, "10")
    with pytest.raises(FundError):
        reverse(payout, date=dt.date(2031, 2, 28))
    with pytest.raises(FundError):
        reverse(payout, reason=" ")
    assert not payout.is_reversed


# -- immutability and audit ----------------------------------------------------------
def test_an_entry_cannot_be_changed_or_deleted_in_any_way(fund):
    entry = fund.entries.get()
    entry.summary = "改过的摘要"
    with pytest.raises(ImmutableEntryError):
        entry.save()
    with pytest.raises(ImmutableEntryError):
        entry.delete()
    with pytest.raises(ImmutableEntryError):
        FundEntry.objects.filter(pk=entry.pk).update(summary="x")
    with pytest.raises(ImmutableEntryError):
        FundEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(ImmutableEntryError):
        FundEntry.objects.bulk_update([entry], ["summary"])
    with pytest.raises(ImmutableEntryError):
        fund.entries.all().delete()
    assert FundEntry.objects.get(pk=entry.pk).summary == "上级拨款"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_raw_updates_and_deletes(fund):
    from django.db import DatabaseError

    entry = fund.entries.get()
    for sql in (
        "UPDATE funds_fundentry SET summary = 'x' WHERE id = %s",
        "DELETE FROM funds_fundentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, [entry.pk])
    assert FundEntry.objects.get(pk=entry.pk).summary == "上级拨款"


def test_each_entry_is_in_the_audit_log_with_its_actor(fund):
    entry = pay(fund, "12.50", payee="张三")
    log = AuditEntry.objects.get(action="funds.fundentry.created", object_id=str(entry.pk))
    finance = holder("finance", fund.org)
    assert log.actor == finance and log.org == fund.org
    assert log.changes["expense"] == [None, "12.50"]
    assert log.changes["voucher_no"] == [None, entry.voucher_no]
    assert entry.created_by == finance


def test_the_request_actor_is_kept_when_one_is_set(fund, chair):
    with acting(chair, source="web", ip="10.0.0.1"):
        entry = pay(fund, "1")
    log = AuditEntry.objects.get(action="funds.fundentry.created", object_id=str(entry.pk))
    assert (log.actor, log.source, log.ip) == (chair, "web", "10.0.0.1")


# -- property: any sequence of operations keeps the books right ----------------------
def test_random_operation_sequences_keep_balance_equal_to_the_entries(union):
    rng = random.Random(20260601)
    fund = make_fund(union, balance="0")
    expected = D("0.00")
    reversible = []
    refused = 0
    for step in range(300):
        op = rng.choice(["in", "out", "out", "out", "rev"])
        amount = D(rng.randint(1, 50000)) / 100
        date = DAY + dt.timedelta(days=step // 10)
        try:
            if op == "in":
                reversible.append(receive(fund, amount, date=date))
                expected += amount
            elif op == "out":
                reversible.append(pay(fund, amount, date=date))
                expected -= amount
            elif reversible:
                entry = reversible.pop(rng.randrange(len(reversible)))
                reverse(entry, date=date)
                expected += entry.expense - entry.income
        except FundError:
            refused += 1
        # the invariant after every operation
        entries = list(FundEntry.objects.filter(fund=fund).order_by("date", "voucher_seq"))
        assert fund.balance == expected == sum((e.income - e.expense for e in entries), D(0))
        running = D(0)
        for e in entries:
            running += e.income - e.expense
            assert running >= 0
    entries = FundEntry.objects.filter(fund=fund)
    seqs = sorted(entries.values_list("voucher_seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert refused > 10 and entries.filter(reverses__isnull=False).count() > 10
    from gonghui.funds.selectors import funds_with_balances

    assert funds_with_balances(union).get(pk=fund.pk).balance == expected
