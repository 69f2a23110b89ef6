"""The funds' rules, kept in the books: vouchers, payouts within the balance, reversals by
红字 vouchers, the accounts, the frozen old ledger, audit."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import IntegrityError, connection, transaction

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.finance.models import SourcePosting, Voucher, VoucherLine
from gonghui.finance.posting import fund_balance
from gonghui.funds import services
from gonghui.funds.models import Fund, FundEntry, ImmutableEntryError
from gonghui.funds.services import FundError
from tests.factories import GroupFactory, UnionFactory

from .conftest import DAY, D, holder, ledger_lines, legacy_entry, make_fund

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


def count(fund) -> int:
    return len(ledger_lines(fund))


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
    assert count(fund) == 2


# -- vouchers ------------------------------------------------------------------------
def test_voucher_numbers_run_per_union_and_month_across_its_funds(fund):
    a = receive(fund, "1")
    b = pay(fund, "2")
    c = receive(fund, "3", date=dt.date(2030, 1, 2))
    other = make_fund(fund.org, balance="5")  # another fund of the union: its opening income
    d = receive(other, "4")
    # the fund's opening income was 记-0001 of March 2031
    assert [a.voucher_no, b.voucher_no, c.voucher_no] == ["记-0002", "记-0003", "记-0001"]
    assert d.voucher_no == "记-0005"  # after the other fund's opening income, 记-0004
    assert (a.voucher.year, a.voucher.month, a.voucher.seq) == (2031, 3, 2)
    assert (c.voucher.year, c.voucher.month) == (2030, 1)


def test_income_and_payout_are_vouchers_handed_in_for_review(fund):
    finance = holder("finance", fund.org)
    income = receive(fund, "250.00", payee="区总工会", account="40301")
    payout = pay(fund, "80.00", payee="王五")
    for entry in (income, payout):
        assert entry.state == "submitted" and not entry.is_posted
        assert entry.voucher.prepared_by == finance and entry.created_by == finance
        assert entry.fund == fund
    lines = list(VoucherLine.objects.filter(voucher=income.voucher).order_by("order"))
    assert [(ln.account_code, ln.debit, ln.credit, ln.fund_id) for ln in lines] == [
        ("40301", D("0"), D("250.00"), None),
        ("102", D("250.00"), D("0"), fund.pk),
    ]
    assert lines[0].payee == "区总工会" and income.payee == "区总工会"
    lines = list(VoucherLine.objects.filter(voucher=payout.voucher).order_by("order"))
    assert [(ln.account_code, ln.debit, ln.credit, ln.fund_id) for ln in lines] == [
        ("50404", D("80.00"), D("0"), None),  # a hardship fund pays 困难职工帮扶
        ("102", D("0"), D("80.00"), fund.pk),
    ]
    # The hardship fund's money is earmarked (专项, closed to 321): so is what it pays.
    assert lines[0].restricted is True and lines[0].expense_type == "basic"
    # typed on the funds pages: a record of its own, so it is reversed alone
    [booked] = SourcePosting.objects.filter(voucher=payout.voucher)
    assert booked.source == "funds.manual" and len(booked.source_id) == 32
    assert (payout.source, payout.source_id) == ("funds.manual", booked.source_id)
    assert fund_balance(fund) == fund.balance == D("1170.00")
    assert FundEntry.objects.filter(fund=fund).count() == 0  # the old ledger stays frozen


@pytest.mark.parametrize(
    ("kind", "income", "payout"),
    [
        ("upper_grant", "40301", "50404"),
        ("union", "402", "50105"),
        ("donation", "408", "50404"),
        ("medical", "408", "50305"),
        ("hardship", "408", "50404"),
        ("other", "408", "510"),
    ],
)
def test_the_account_is_proposed_by_the_kind_of_fund(union, kind, income, payout):
    fund = make_fund(union, kind=kind, balance="10")
    assert ledger_lines(fund)[0].accounts == [income]
    assert pay(fund, "1").accounts == [payout]


def test_a_module_source_books_on_its_own_account_and_is_restricted(fund):
    entry = pay(fund, "5", source="aid.claim", source_id="4")
    line = VoucherLine.objects.get(voucher=entry.voucher, account_code="50305")
    assert line.restricted is True and entry.source == "aid.claim" and entry.source_id == "4"


@pytest.mark.parametrize("account", ["501", "50105x", "401", "102", "999"])
def test_a_payout_takes_only_an_expense_leaf_of_the_chart(fund, account):
    with pytest.raises(FundError) as err:
        pay(fund, "1", account=account)
    assert err.value.field == "account"
    with pytest.raises(FundError):
        receive(fund, "1", account="50105")  # an expense account does not take income
    assert count(fund) == 1


def test_a_closed_month_refuses_the_entry_with_its_reason(fund):
    from gonghui.finance.models import Period

    Period._base_manager.filter(org=fund.org, year=2031, month=3).update(state="closed")
    with pytest.raises(FundError, match="结账"):
        pay(fund, "1")
    assert count(fund) == 1


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
    assert count(fund) == 1


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
    assert fund.balance == D("600.00") and count(fund) == 2
    pay(fund, "600.00")
    assert fund.balance == D("0.00")


def test_it_refuses_a_payout_without_summary_or_date(fund):
    with pytest.raises(FundError):
        pay(fund, "1", summary="  ")
    with pytest.raises(FundError):
        pay(fund, "1", date="2031-03-01")
    assert count(fund) == 1


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
    rev = reverse(first)
    again = pay(fund, "200", source="welfare.visit", source_id="17")
    assert [e.voucher_no for e in services.entries_for_source("welfare.visit", 17)] == [
        first.voucher_no,
        rev.voucher_no,
        again.voucher_no,
    ]
    assert len({first.voucher_no, rev.voucher_no, again.voucher_no}) == 3


# -- reversals -----------------------------------------------------------------------
def test_a_reversal_is_a_red_voucher_naming_the_original(fund):
    payout = pay(fund, "123.45", payee="李四", source="aid.grant", source_id="9")
    rev = reverse(payout, reason="重复发放", date=dt.date(2031, 3, 5))
    # 红字: the same side as the original, in negative
    assert (rev.income, rev.expense) == (D("0.00"), D("-123.45"))
    assert rev.voucher.kind == "reversal" and rev.state == "submitted"
    assert rev.summary == f"冲销 2031-03-01 {payout.voucher_no}：重复发放"
    assert rev.reverses == payout.voucher_no and rev.is_reversal and not rev.can_reverse
    again = ledger_lines(fund)[1]
    assert again.pk == payout.pk and again.is_reversed and not again.can_reverse
    assert again.reversed_by == rev.voucher_no
    assert (rev.payee, rev.source, rev.source_id) == ("李四", "aid.grant", "9")
    lines = VoucherLine.objects.filter(voucher=rev.voucher).order_by("order")
    assert [(ln.account_code, ln.debit, ln.credit) for ln in lines] == [
        ("50404", D("-123.45"), D("0")),
        ("102", D("0"), D("-123.45")),
    ]
    assert fund.balance == D("1000.00")


def test_an_entry_is_reversed_only_once_and_a_reversal_never(fund):
    payout = pay(fund, "10")
    rev = reverse(payout)
    with pytest.raises(FundError, match="已由"):
        reverse(payout)
    with pytest.raises(FundError, match="本身是冲销凭证"):
        reverse(rev)
    assert count(fund) == 3 and fund.balance == D("1000.00")


def test_a_voucher_of_the_finance_pages_is_corrected_there(fund, finance):
    from gonghui.finance import services as books
    from gonghui.finance.services import LineInput

    v = books.voucher_create(
        actor=finance,
        org=fund.org,
        date=DAY,
        summary="取现备用",
        lines=[LineInput("101", debit="50", fund=fund), LineInput("102", credit="50", fund=fund)],
    )
    books.voucher_submit(actor=finance, voucher=v)
    cash = next(e for e in ledger_lines(fund) if e.voucher_id == v.pk and e.income)
    assert not cash.can_reverse
    with pytest.raises(FundError, match="财务"):
        reverse(cash)
    assert not Voucher.objects.filter(reverses=v).exists()


def test_the_database_holds_one_reversal_per_entry_of_the_old_ledger(fund):
    payout = legacy_entry(fund, expense="10")
    legacy_entry(fund, income="10", reverses=payout)
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
    opening = ledger_lines(fund)[0]
    with pytest.raises(FundError, match=r"100\.00"):
        reverse(opening)
    assert not Voucher.objects.filter(reverses=opening.voucher).exists()
    assert fund.balance == D("100.00")


def test_a_reversal_is_not_dated_before_its_entry_and_needs_a_reason(fund):
    payout = pay(fund, "10")
    with pytest.raises(FundError):
        reverse(payout, date=dt.date(2031, 2, 28))
    with pytest.raises(FundError):
        reverse(payout, reason=" ")
    assert not ledger_lines(fund)[-1].is_reversed and count(fund) == 2


# -- the old ledger stays as it was, and audit ----------------------------------------
def test_an_old_entry_cannot_be_changed_or_deleted_in_any_way(fund):
    entry = legacy_entry(fund, income="5", summary="上级拨款")
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

    entry = legacy_entry(fund, income="5", summary="上级拨款")
    for sql in (
        "UPDATE funds_fundentry SET summary = 'x' WHERE id = %s",
        "DELETE FROM funds_fundentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, [entry.pk])
    assert FundEntry.objects.get(pk=entry.pk).summary == "上级拨款"


def test_each_voucher_is_in_the_audit_log_with_its_actor(fund):
    entry = pay(fund, "12.50", payee="张三")
    log = AuditEntry.objects.get(action="finance.voucher.created", object_id=str(entry.voucher_id))
    finance = holder("finance", fund.org)
    assert log.actor == finance and log.org == fund.org
    assert log.changes["number"] == [None, entry.voucher_no]
    lines = AuditEntry.objects.get(action="finance.voucher.lines", object_id=str(entry.voucher_id))
    assert "12.50" in lines.changes["lines"][1] and lines.actor == finance
    assert entry.created_by == finance


def test_the_request_actor_is_kept_when_one_is_set(fund, chair):
    with acting(chair, source="web", ip="10.0.0.1"):
        entry = pay(fund, "1")
    log = AuditEntry.objects.get(action="finance.voucher.created", object_id=str(entry.voucher_id))
    assert (log.actor, log.source, log.ip) == (chair, "web", "10.0.0.1")


# -- property: any sequence of operations keeps the books right ----------------------
def test_random_operation_sequences_keep_balance_equal_to_the_lines(union):
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
                expected -= entry.income - entry.expense
        except FundError:
            refused += 1
        # the invariant after every operation
        lines = ledger_lines(fund)
        assert fund.balance == expected == sum((e.income - e.expense for e in lines), D(0))
        running = D(0)
        for e in lines:
            running += e.income - e.expense
            assert running >= 0
    vouchers = Voucher.objects.filter(org=union)
    for year, month in set(vouchers.values_list("year", "month")):
        seqs = sorted(vouchers.filter(year=year, month=month).values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))  # gapless in each month
    assert refused > 10 and vouchers.filter(reverses__isnull=False).count() > 10
    from gonghui.funds.selectors import funds_with_balances

    assert funds_with_balances(union).get(pk=fund.pk).balance == expected
    assert fund_balance(fund) == expected
