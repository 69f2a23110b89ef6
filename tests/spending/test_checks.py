"""The spending rules at the moment of payment: the books' check through voucher_submit
and posting.payout_post, and welfare's payouts checked once, by welfare."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import scope
from gonghui.finance import posting
from gonghui.finance import services as books
from gonghui.finance.services import FinanceError, LineInput
from gonghui.spending import checks
from tests.funds.conftest import holder

from .conftest import D, add_rule

pytestmark = pytest.mark.usefixtures("platform")
DAY = dt.date(2026, 5, 10)
SOURCE = "示范区总工会经费支出标准（2026）第五条"


def _voucher(union, *lines, day=DAY):
    accountant = holder("finance", union)
    total = sum((D(a) for _acc, a, _p in lines), D(0))
    rows = [LineInput(acc, debit=a, restricted=False, payee=p) for acc, a, p in lines]
    with acting(user=accountant):
        return books.voucher_create(
            actor=accountant,
            org=union,
            date=day,
            summary="春节联欢奖品",
            lines=[*rows, LineInput("102", credit=total)],
        )


@pytest.fixture
def gala(district, upper):
    return add_rule(
        district, upper, item="gala_prize", amount=D(150), accounts=["50102"], source=SOURCE
    )


def test_a_prize_under_the_cap_raises_no_concern(union, gala):
    v = _voucher(union, ("50102", "150.00", "张三"), ("50102", "150.00", "李四"))
    books.voucher_submit(actor=holder("finance", union), voucher=v)
    v.refresh_from_db()
    assert (v.state, v.concerns, v.override_reason) == ("submitted", [], "")


def test_a_prize_above_the_cap_needs_a_reason_that_is_kept(union, gala):
    v = _voucher(union, ("50102", "100.00", "张三"), ("50102", "100.00", "张三"))
    accountant = holder("finance", union)
    with pytest.raises(FinanceError) as refused:
        books.voucher_submit(actor=accountant, voucher=v)
    assert refused.value.field == "override_reason"
    for word in ("文艺联欢奖品", SOURCE, "150", "200", "张三"):
        assert word in refused.value.message
    books.voucher_submit(actor=accountant, voucher=v, override_reason="一等奖，工会委员会决定")
    v.refresh_from_db()
    assert v.state == "submitted" and v.override_reason == "一等奖，工会委员会决定"
    assert len(v.concerns) == 1 and "文艺联欢奖品" in v.concerns[0]


def test_another_account_is_not_the_rules(union, gala):
    v = _voucher(union, ("50101", "900.00", "张三"))
    books.voucher_submit(actor=holder("finance", union), voucher=v)
    v.refresh_from_db()
    assert v.concerns == []


def _pay(union, amount, payee="王五", account="50105", source_id="1", reason=""):
    actor = holder("finance", union)
    with scope(union), acting(user=actor):
        return posting.payout_post(
            actor=actor,
            org=union,
            source="test.payout",
            source_id=source_id,
            date=DAY,
            summary="慰问",
            fund=None,
            items=[posting.Item(account, D(amount), payee=payee)],
            override_reason=reason,
        )


def test_a_module_payout_above_the_cap_needs_a_reason(union, district, upper):
    add_rule(district, upper, item="retirement", amount=D(1000), source=SOURCE)
    assert _pay(union, "1000.00", source_id="a").concerns == []
    with pytest.raises(FinanceError) as refused:
        _pay(union, "1000.01", source_id="b")
    assert "1000.01" in refused.value.message and SOURCE in refused.value.message
    v = _pay(union, "1200.00", source_id="c", reason="患病退休，委员会决定")
    assert v.override_reason == "患病退休，委员会决定" and len(v.concerns) == 1


def test_per_member_per_year_counts_the_payees_year(union, district, upper):
    add_rule(district, upper, item="festival", basis="member_year", amount=D(1500), source=SOURCE)
    add_rule(district, upper, item="wedding", amount=D(2000), source=SOURCE)
    _pay(union, "800.00", source_id="1")
    _pay(union, "700.00", source_id="2")  # 1500 in all: at the cap
    _pay(union, "900.00", payee="赵六", source_id="3")  # somebody else
    with pytest.raises(FinanceError) as refused:
        _pay(union, "0.01", source_id="4")
    assert "1500.01" in refused.value.message and "王五" in refused.value.message


def test_share_of_the_budgeted_income(union, district, upper):
    add_rule(district, upper, item="festival", basis="budget_share", percent=D(30), source=SOURCE)
    accountant, chair = holder("finance", union), holder("chair", union)
    # Last year's income in the books: 10,000 of dues → a cap of 3,000 this year.
    with acting(user=accountant):
        v = books.voucher_create(
            actor=accountant,
            org=union,
            date=dt.date(2025, 6, 1),
            summary="会费收入",
            lines=[
                LineInput("102", debit="10000.00"),
                LineInput("401", credit="10000.00", restricted=False),
            ],
        )
        books.voucher_submit(actor=accountant, voucher=v)
        books.voucher_review(actor=chair, voucher=v)
        books.voucher_post(actor=accountant, voucher=v)
    assert checks.budgeted_income(union, 2026)[0] == D("10000.00")
    _pay(union, "2000.00", payee="", source_id="1")
    _pay(union, "1000.00", payee="", source_id="2")  # pending counts: 3,000 at the cap
    with pytest.raises(FinanceError) as refused:
        _pay(union, "50.00", payee="", source_id="3")
    assert "3050.00" in refused.value.message and "3000.00" in refused.value.message


def test_an_events_total_is_not_a_persons_gift(union, district, upper):
    # An activity's actual cost (no payee) on 会员活动 is not checked against the caps of
    # one person's gift.
    add_rule(district, upper, item="retirement", amount=D(1000), source=SOURCE)
    assert _pay(union, "5000.00", payee="", source_id="outing").concerns == []


def test_no_rules_no_concerns(union):
    assert _pay(union, "99999.00", source_id="x").concerns == []
