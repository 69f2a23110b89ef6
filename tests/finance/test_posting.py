"""Payouts and receipts of the other modules reaching the books through one path."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from gonghui.finance import posting, services
from gonghui.finance.models import SourcePosting, VoucherLine
from gonghui.finance.posting import Item
from gonghui.finance.services import FinanceError

from .conftest import DAY, D

pytestmark = pytest.mark.usefixtures("platform")


@pytest.fixture
def fund(union, accountant):
    from gonghui.funds.services import fund_create

    f = fund_create(actor=accountant, org=union, kind="union", name="工会经费", opened_on=DAY)
    posting.receipt_post(
        actor=accountant,
        org=union,
        source="test.grant",
        source_id="1",
        date=DAY,
        summary="上级拨款",
        fund=f,
        items=[Item("40301", D("1000.00"), payee="区总工会")],
    )
    return f


def _pay(union, who, fund, source_id="7", items=None, date=DAY):
    return posting.payout_post(
        actor=who,
        org=union,
        source="welfare.batch",
        source_id=source_id,
        date=date,
        summary="春节慰问",
        fund=fund,
        items=items or [Item("50105", D("200"), payee="张三", part="1")],
    )


def test_a_receipt_and_a_batch_become_one_voucher_each(union, chair, fund):
    assert posting.fund_balance(fund) == D("1000.00")
    batch = _pay(
        union,
        chair,
        fund,
        items=[
            Item("50105", D("200"), payee="张三", part="11"),
            Item("50105", D("300"), payee="李四", part="12"),
            Item("50404", D("150"), payee="王五", part="13"),
        ],
    )
    assert (batch.state, batch.number, batch.kind) == ("submitted", "记-0002", "payout")
    assert batch.prepared_by == chair
    lines = sorted(
        (ln.account_code, ln.debit, ln.credit, ln.payee, ln.fund_id) for ln in batch.lines.all()
    )
    assert lines == [
        ("102", D("0"), D("650.00"), "", fund.pk),
        ("50105", D("500.00"), D("0"), "张三等 2 人", None),
        ("50404", D("150.00"), D("0"), "王五", None),
    ]
    # A payout waiting for review has already left the fund.
    assert posting.fund_balance(fund) == D("350.00")
    assert set(SourcePosting.objects.filter(voucher=batch).values_list("source_id", flat=True)) == {
        "7",
        "7:11",
        "7:12",
        "7:13",
    }


def test_a_payout_beyond_the_fund_is_refused_and_nothing_is_kept(union, chair, fund):
    with pytest.raises(FinanceError, match="1,000.00|1000.00"):
        _pay(union, chair, fund, items=[Item("50105", D("1000.01"))])
    # Dated before the money came in: the fund held nothing then.
    with pytest.raises(FinanceError):
        _pay(union, chair, fund, date=DAY - dt.timedelta(days=1))
    assert not SourcePosting.objects.filter(source="welfare.batch").exists()
    assert posting.fund_balance(fund) == D("1000.00")


def test_the_same_record_is_not_booked_twice(union, chair, fund):
    first = _pay(union, chair, fund)
    with pytest.raises(FinanceError, match=first.number):
        _pay(union, chair, fund)
    # And the database refuses it whatever path a write takes.
    with pytest.raises(IntegrityError), transaction.atomic():
        SourcePosting.objects.create(
            org=union, source="welfare.batch", source_id="7", voucher=first
        )


def test_one_visit_of_a_batch_is_reversed_alone_then_the_rest(union, chair, fund):
    batch = _pay(
        union,
        chair,
        fund,
        items=[
            Item("50105", D("200"), payee="张三", part="11"),
            Item("50105", D("300"), payee="李四", part="12"),
        ],
    )
    red = posting.posting_reverse(
        actor=chair, org=union, source="welfare.batch", source_id="7:12", date=DAY, reason="退回"
    )
    assert red.reverses == batch and red.kind == "reversal" and red.state == "submitted"
    assert sorted((ln.account_code, ln.debit, ln.credit) for ln in red.lines.all()) == [
        ("102", D("0"), D("-300.00")),
        ("50105", D("-300.00"), D("0")),
    ]
    assert posting.fund_balance(fund) == D("800.00")
    with pytest.raises(FinanceError):
        posting.posting_reverse(
            actor=chair, org=union, source="welfare.batch", source_id="7:12", date=DAY, reason="再"
        )
    rest = posting.posting_reverse(
        actor=chair, org=union, source="welfare.batch", source_id="7", date=DAY, reason="全部退回"
    )
    assert rest.total == D("-200.00")
    assert posting.fund_balance(fund) == D("1000.00")
    with pytest.raises(FinanceError):
        posting.posting_reverse(
            actor=chair, org=union, source="welfare.batch", source_id="7", date=DAY, reason="再"
        )
    # Reversed, the record may be paid again.
    assert _pay(union, chair, fund).number == "记-0005"


def test_a_whole_payout_without_parts_is_reversed_line_for_line(union, chair, fund):
    paid = posting.payout_post(
        actor=chair,
        org=union,
        source="activities.activity",
        source_id="3",
        date=DAY,
        summary="篮球赛实际费用",
        fund=fund,
        items=[Item("50102", D("720"))],
    )
    red = posting.posting_reverse(
        actor=chair, org=union, source="activities.activity", source_id=3, date=DAY, reason="改"
    )
    assert red.total == -paid.total == D("-720.00")
    assert posting.fund_balance(fund) == D("1000.00")


def test_a_module_booking_is_undone_in_its_module_never_voided_or_reversed_here(
    union, chair, accountant, fund
):
    paid = _pay(union, chair, fund)
    with pytest.raises(FinanceError, match="帮扶慰问"):
        services.voucher_void(actor=accountant, voucher=paid, reason="未发放")
    services.voucher_review(actor=accountant, voucher=paid)
    services.voucher_post(actor=accountant, voucher=paid)
    with pytest.raises(FinanceError, match="帮扶慰问"):
        services.voucher_reverse(actor=accountant, voucher=paid, date=DAY, reason="错")
    red = posting.posting_reverse(
        actor=chair, org=union, source="welfare.batch", source_id="7", date=DAY, reason="退回"
    )
    # The module's red voucher is not voided behind its back either.
    with pytest.raises(FinanceError):
        services.voucher_void(actor=accountant, voucher=red, reason="x")
    assert posting.fund_balance(fund) == D("1000.00")
    assert _pay(union, chair, fund).state == "submitted"


def test_the_books_see_a_payout_once_it_is_posted(union, chair, accountant, fund):
    from gonghui.finance.selectors import statement_set

    paid = _pay(union, chair, fund)
    flows = {ln.name: ln for ln in statement_set(union, DAY.year).income_expense}
    assert flows["职工活动支出"].year_to_date == 0
    services.voucher_review(actor=accountant, voucher=paid)
    services.voucher_post(actor=accountant, voucher=paid)
    flows = {ln.name: ln for ln in statement_set(union, DAY.year).income_expense}
    assert flows["职工活动支出"].year_to_date == D("200.00")
    assert VoucherLine.objects.filter(voucher=paid, posted=True).count() == 2


def test_a_fund_of_another_union_is_refused(union, chair, fund):
    from tests.factories import UnionFactory

    other = UnionFactory()
    with pytest.raises(FinanceError):
        posting.payout_post(
            actor=chair,
            org=other,
            source="x",
            source_id="1",
            date=DAY,
            summary="x",
            fund=fund,
            items=[Item("50105", D("1"))],
        )


def test_a_union_without_funds_books_on_the_bank_alone(union, chair):
    paid = posting.payout_post(
        actor=chair,
        org=union,
        source="activities.activity",
        source_id="9",
        date=DAY,
        summary="拔河比赛实际费用",
        fund=None,
        items=[Item("50102", D("720"))],
    )
    cash = paid.lines.get(account_code="102")
    assert (cash.credit, cash.fund) == (D("720.00"), None)


def test_a_union_with_bank_sub_accounts_books_on_its_first_one(union, chair, accountant):
    services.subaccount_create(
        actor=accountant, org=union, parent_code="102", code="10202", name="农行"
    )
    services.subaccount_create(
        actor=accountant, org=union, parent_code="102", code="10201", name="工行"
    )
    paid = posting.payout_post(
        actor=chair,
        org=union,
        source="welfare.batch",
        source_id="8",
        date=DAY,
        summary="春节慰问",
        fund=None,
        items=[Item("50105", D("50"))],
        attachments=1,
    )
    assert paid.attachments_count == 1
    assert sorted(paid.lines.values_list("account_code", flat=True)) == ["10201", "50105"]
    with pytest.raises(FinanceError):
        posting.payout_post(
            actor=chair,
            org=union,
            source="x",
            source_id="1",
            date=DAY,
            summary="x",
            fund=None,
            items=[Item("50105", D("1"))],
            cash="401",
        )
