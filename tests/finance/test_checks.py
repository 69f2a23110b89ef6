"""The checks other modules register (budget lines, spending rules) stop a payment that
worries them until somebody gives a reason, whichever door records it."""

from __future__ import annotations

import pytest

from gonghui.finance import checks, posting, services
from gonghui.finance.models import Voucher
from gonghui.finance.posting import Item
from gonghui.finance.services import FinanceError

from .conftest import DAY, D, L, make_voucher

pytestmark = pytest.mark.usefixtures("platform")


@pytest.fixture
def worried():
    """A check that objects to any expense above 500 yuan on 50101."""

    def check(*, org, date, lines, voucher):
        big = [ln for ln in lines if ln.account_code.startswith("501") and ln.debit > 500]
        return [checks.Concern("test.big", "超出预算：职工教育费")] if big else []

    checks.register("test.big", check)
    yield
    checks._CHECKS.pop("test.big")


def _expense(union, amount):
    return make_voucher(
        union,
        [L("50101", debit=amount, restricted=False), L("102", credit=amount)],
        state="draft",
    )


def test_a_voucher_that_worries_a_check_needs_a_reason(union, accountant, worried):
    v = _expense(union, "800.00")
    with pytest.raises(FinanceError) as refused:
        services.voucher_submit(actor=accountant, voucher=v)
    assert "超出预算：职工教育费" in refused.value.message
    assert refused.value.field == "override_reason"
    v.refresh_from_db()
    assert (v.state, v.number) == ("draft", "")

    services.voucher_submit(actor=accountant, voucher=v, override_reason="  职代会决议追加 ")
    v.refresh_from_db()
    assert v.state == "submitted" and v.number
    assert (v.concerns, v.override_reason) == (["超出预算：职工教育费"], "职代会决议追加")


def test_a_voucher_nothing_objects_to_keeps_no_reason(union, accountant, worried):
    v = _expense(union, "300.00")
    services.voucher_submit(actor=accountant, voucher=v, override_reason="不需要")
    v.refresh_from_db()
    assert (v.state, v.concerns, v.override_reason) == ("submitted", [], "")


def test_a_module_payout_is_checked_too(union, accountant, chair, worried):
    from gonghui.funds.services import fund_create

    fund = fund_create(actor=accountant, org=union, kind="union", name="工会经费", opened_on=DAY)
    posting.receipt_post(
        actor=accountant,
        org=union,
        source="test.grant",
        source_id="1",
        date=DAY,
        summary="上级拨款",
        fund=fund,
        items=[Item("40301", D("2000.00"))],
    )
    pay = dict(
        actor=chair,
        org=union,
        source="test.pay",
        source_id="1",
        date=DAY,
        summary="培训费",
        fund=fund,
        items=[Item("50101", D("900.00"), restricted=False)],
    )
    before = Voucher._base_manager.filter(org=union).count()
    with pytest.raises(FinanceError, match="超出预算"):
        posting.payout_post(**pay)
    assert Voucher._base_manager.filter(org=union).count() == before
    v = posting.payout_post(**pay, override_reason="主席批准")
    assert (v.concerns, v.override_reason) == (["超出预算：职工教育费"], "主席批准")
