"""Reads the demo: the factory union's (F0001) year of books. The other modules' payouts
are posted, the statements balance and show the year, the funds pages read what the
books hold, the months before the demo's current one are closed, and loading the demo
again changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from gonghui.finance import demo as books_demo
from gonghui.finance.models import (
    Period,
    PeriodState,
    SourcePosting,
    Voucher,
    VoucherKind,
    VoucherLine,
    VoucherState,
)
from gonghui.finance.posting import fund_balance
from gonghui.finance.selectors import statement_set
from gonghui.funds import money
from gonghui.funds.selectors import funds_with_balances

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("platform")]

YEAR = books_demo.YEAR
CLOSED = range(1, books_demo.CURRENT_MONTH.month)


@pytest.fixture
def factory(org):
    return org("F0001")


def lines(result) -> dict:
    return {ln.name: ln for ln in result.balance_sheet}


def flows(result) -> dict:
    return {ln.name: ln for ln in result.income_expense}


def test_the_balance_sheet_balances_for_the_year_and_every_closed_month(factory):
    year = lines(statement_set(factory, YEAR))
    # The opening balances are the year's 年初余额.
    assert year["资产总计"].opening == Decimal("286450.00") + Decimal("126800.00")
    assert year["资产总计"].opening == year["负债和净资产总计"].opening
    assert year["资产总计"].closing == year["负债和净资产总计"].closing
    assert year["资产总计"].closing > year["资产总计"].opening
    assert year["固定资产原值"].opening == year["资产基金"].opening == Decimal("126800.00")
    # The asset fund stands for what the union holds other than money, whatever the assets
    # demo bought or depreciated in the year.
    held = year["固定资产净值"].closing + year["库存物品"].closing
    assert year["资产基金"].closing == held
    for month in CLOSED:
        sheet = lines(statement_set(factory, YEAR, month))
        assert sheet["资产总计"].closing == sheet["负债和净资产总计"].closing, month
        assert sheet["货币资金"].closing > 0, month


def test_the_income_and_expense_statement_shows_the_year(factory):
    year = flows(statement_set(factory, YEAR))
    for name in (
        "会费收入",
        "拨缴经费收入",
        "上级补助收入",
        "其他收入",
        "职工活动支出",
        "职工服务支出",
        "维权支出",
        "业务支出",
    ):
        assert year[name].year_to_date > 0, name
    # 年初 + the year's difference = 年末: the opening balances are in the 年初 lines.
    start = year["年初资金结转"].year_to_date + year["年初资金结余"].year_to_date
    end = year["年末资金结转"].year_to_date + year["年末资金结余"].year_to_date
    assert start == Decimal("286450.00")
    assert start + year["本期收支差额"].year_to_date == end
    # A closed month shows its own dues and bank fee.
    june = flows(statement_set(factory, YEAR, 6))
    assert june["会费收入"].period > 0 and june["业务支出"].period > 0
    assert june["会费收入"].year_to_date > june["会费收入"].period


def test_every_payout_of_the_modules_is_posted(factory):
    postings = SourcePosting._base_manager.filter(org=factory).select_related("voucher")
    sources = {p.source.split(".")[0] for p in postings}
    assert {"welfare", "aid", "activities", "funds", "dues"} <= sources
    assert all(p.voucher.state == VoucherState.POSTED for p in postings)
    # Nothing of the factory waits for review or posting.
    assert not Voucher._base_manager.filter(org=factory).exclude(state=VoucherState.POSTED)
    assert not VoucherLine._base_manager.filter(org=factory, posted=False).exists()


def test_the_welfare_batch_paid_by_the_chair_is_posted_and_reviewed_by_the_accountant(
    factory, user
):
    batch = Voucher._base_manager.get(org=factory, summary__contains="春节送温暖")
    assert batch.state == VoucherState.POSTED and batch.date == dt.date(YEAR, 2, 10)
    assert batch.prepared_by == user("factory_chair")
    assert batch.reviewed_by == user("factory_finance")
    for voucher in Voucher._base_manager.filter(org=factory):
        assert voucher.reviewed_by_id is not None, voucher.summary
        assert voucher.reviewed_by_id != voucher.prepared_by_id, voucher.summary
        assert voucher.posted_by == user("factory_finance")


def test_the_opening_balances_are_a_voucher_as_the_importer_books_them(factory):
    opening = Voucher._base_manager.get(org=factory, kind=VoucherKind.OPENING)
    assert opening.summary == "期初余额" and opening.date.day == 1
    assert opening.date < dt.date(YEAR, 1, 1)
    # The ordinary vouchers of the demo year are in its closed months, or after them in
    # the months still open (a 金点子 reward paid this month), never in a gap.
    for voucher in Voucher._base_manager.filter(org=factory, year=YEAR):
        assert voucher.month in CLOSED or voucher.month > max(CLOSED), voucher.summary


def test_the_funds_pages_read_what_the_books_hold(factory, client_for):
    year = lines(statement_set(factory, YEAR))
    funds = list(funds_with_balances(factory))
    assert {f.name for f in funds} >= {"工会经费", "帮困基金"}
    total = Decimal("0.00")
    for fund in funds:
        page_balance = fund.income_sum - fund.expense_sum
        assert page_balance == fund_balance(fund) > 0, fund.name
        total += page_balance
    # Every cash and bank line of the factory names its fund.
    assert total == year["货币资金"].closing
    page = client_for("factory_finance").get(f"/o/{factory.code}/funds/")
    assert page.status_code == 200
    html = page.content.decode()
    for fund in funds:
        assert money.fmt_amount(fund_balance(fund)) in html, fund.name


def test_the_months_before_the_current_one_are_closed(factory, user):
    closed = Period._base_manager.filter(org=factory, state=PeriodState.CLOSED)
    months = set(closed.values_list("year", "month"))
    assert {(YEAR, m) for m in CLOSED} <= months
    assert (YEAR, books_demo.CURRENT_MONTH.month) not in months
    assert all(p.closed_by == user("factory_finance") for p in closed)


def test_loading_the_demo_again_changes_nothing(factory):
    from gonghui.audit.models import AuditEntry
    from gonghui.dues.models import DuesLine

    def snapshot():
        return (
            AuditEntry.objects.count(),
            Voucher._base_manager.count(),
            list(Voucher._base_manager.values_list("state").order_by("state").distinct()),
            VoucherLine._base_manager.filter(posted=True).count(),
            Period._base_manager.filter(state=PeriodState.CLOSED).count(),
            DuesLine._base_manager.count(),
            DuesLine._base_manager.filter(state="paid").count(),
        )

    before = snapshot()
    call_command("demo", verbosity=0, stdout=io.StringIO())
    assert snapshot() == before


@pytest.mark.parametrize("code", ["S0001", "H0001", "C0001"])
def test_the_other_unions_books_are_posted_as_a_real_year_would_be(org, user, code):
    """S0001, H0001 and C0001 held vouchers waiting for review all year: their bookkeeper
    reviews what the chair paid and posts it, and the months before the current one close."""
    union = org(code)
    vouchers = Voucher._base_manager.filter(org=union)
    assert vouchers.exists()
    assert not vouchers.exclude(state=VoucherState.POSTED).exists()
    assert not VoucherLine._base_manager.filter(org=union, posted=False).exists()
    keeper = user(books_demo.KEEPERS[code][1])
    for voucher in vouchers:
        assert voucher.reviewed_by_id not in (None, voucher.prepared_by_id), voucher.summary
        assert voucher.posted_by == keeper
    assert keeper.roles.filter(org=union, role="finance").exists()
    closed = Period._base_manager.filter(org=union, state=PeriodState.CLOSED)
    assert {(YEAR, m) for m in CLOSED} <= set(closed.values_list("year", "month"))


def test_hardship_payouts_are_earmarked_on_the_hardship_account(org):
    """困难慰问 paid from the hardship fund (帮困基金, fed by 专项 grants) was booked 非专项:
    it is 50404 困难职工帮扶, 专项, and the bank line names the hardship fund."""
    hardship = VoucherLine._base_manager.filter(
        voucher__summary__startswith="困难慰问", account_code__startswith="5"
    ).select_related("voucher")
    assert hardship.count() >= 2  # at the school and the factory
    for line in hardship:
        assert (line.account_code, line.restricted) == ("50404", True), line.voucher.summary
        bank = line.voucher.lines.get(account_code="102")
        assert bank.fund.name == "帮困基金"
