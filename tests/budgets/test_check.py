"""The budget's check: a voucher handed in, or a module's payout, that takes an expense
line beyond its ratified budget needs a reason; nothing is checked without one."""

from __future__ import annotations

import pytest

from gonghui.finance import posting
from gonghui.finance import services as books
from gonghui.finance.posting import Item
from gonghui.finance.services import FinanceError

from .conftest import DAY, D, expense, make_budget

pytestmark = pytest.mark.usefixtures("platform")


def test_without_a_ratified_budget_nothing_is_checked(union, who):
    make_budget(union, state="submitted")
    v = expense(union, "50101", "9000.00", state="draft")
    books.voucher_submit(actor=who["accountant"], voucher=v)
    v.refresh_from_db()
    assert (v.state, v.concerns) == ("submitted", [])


def test_a_voucher_beyond_its_line_needs_a_reason(union, who):
    make_budget(union)  # 50101 职工教育 500.00
    expense(union, "50101", "200.00")
    expense(union, "50101", "250.00", state="submitted")
    v = expense(union, "50101", "100.00", state="draft")
    with pytest.raises(FinanceError) as refused:
        books.voucher_submit(actor=who["accountant"], voucher=v)
    message = refused.value.message
    for text in ("50101 职工教育（非专项）", "500.00", "450.00", "100.00", "超出预算"):
        assert text in message, (text, message)
    assert refused.value.field == "override_reason"
    books.voucher_submit(actor=who["accountant"], voucher=v, override_reason="委员会追加")
    v.refresh_from_db()
    assert v.state == "submitted" and len(v.concerns) == 1
    assert "450.00" in v.concerns[0] and v.override_reason == "委员会追加"


def test_a_voucher_within_its_line_passes(union, who):
    make_budget(union)
    expense(union, "50101", "200.00")
    v = expense(union, "50101", "300.00", state="draft")  # exactly the 500.00 approved
    books.voucher_submit(actor=who["accountant"], voucher=v)
    v.refresh_from_db()
    assert (v.state, v.concerns) == ("submitted", [])


def test_an_expense_outside_the_budget_is_named(union, who):
    make_budget(union)
    v = expense(union, "50404", "10.00", state="draft")
    with pytest.raises(FinanceError, match="50404 困难职工帮扶"):
        books.voucher_submit(actor=who["accountant"], voucher=v)


def test_income_is_not_checked(union, who):
    make_budget(union)
    from .conftest import L, make_voucher

    v = make_voucher(
        union, [L("102", debit="99999"), L("408", credit="99999", restricted=False)], state="draft"
    )
    books.voucher_submit(actor=who["accountant"], voucher=v)
    v.refresh_from_db()
    assert v.concerns == []


def test_a_module_payout_beyond_the_line_needs_a_reason(union, who):
    make_budget(union)  # 50102 文体活动 300.00
    expense(union, "50102", "250.00")
    pay = dict(
        actor=who["chair"],
        org=union,
        source="test.prizes",
        source_id="7",
        date=DAY,
        summary="球赛奖品",
        fund=None,
        items=[Item("50102", D("80.00"), restricted=False)],
    )
    with pytest.raises(FinanceError, match="50102 文体活动") as refused:
        posting.payout_post(**pay)
    assert "300.00" in refused.value.message and "250.00" in refused.value.message
    v = posting.payout_post(**pay, override_reason="主席批准")
    assert v.override_reason == "主席批准" and "80.00" in v.concerns[0]
