"""Vouchers through their workflow: prepared, numbered at submit, reviewed by another
person, posted, then never changed; corrected only by a 红字 reversal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from gonghui.audit.models import AuditEntry
from gonghui.finance import services
from gonghui.finance.models import (
    PostedVoucherError,
    Voucher,
    VoucherLine,
    VoucherState,
)
from gonghui.finance.services import FinanceError

from .conftest import DAY, D, L, make_voucher

pytestmark = pytest.mark.usefixtures("platform")


def test_a_voucher_is_numbered_at_submit_per_month_and_posted_by_the_chain(
    union, accountant, chair
):
    draft = make_voucher(union, state="draft")
    assert (draft.state, draft.number, draft.seq) == ("draft", "", None)
    first = make_voucher(union)
    second = make_voucher(union)
    april = make_voucher(union, date=dt.date(2031, 4, 1))
    assert [first.number, second.number, april.number] == ["记-0001", "记-0002", "记-0001"]
    services.voucher_submit(actor=accountant, voucher=draft)
    assert draft.number == "记-0003"
    first.refresh_from_db()
    assert first.state == VoucherState.POSTED
    assert (first.prepared_by, first.reviewed_by, first.posted_by) == (
        accountant,
        chair,
        accountant,
    )
    assert set(first.lines.values_list("posted", flat=True)) == {True}
    assert first.total == D("100.00")
    actions = set(
        AuditEntry.objects.filter(
            object_id=str(first.pk), action__startswith="finance.voucher"
        ).values_list("action", "actor")
    )
    assert ("finance.voucher.created", accountant.pk) in actions
    assert ("finance.voucher.updated", chair.pk) in actions  # the review
    lines_entry = AuditEntry.objects.get(object_id=str(first.pk), action="finance.voucher.lines")
    assert "102 银行存款 借 100.00" in lines_entry.changes["lines"][1]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([L("102", debit="100"), L("401", credit="99.99", restricted=False)], "借贷不平"),
        ([L("102", debit="100"), L("506", credit="100")], "506"),
        ([L("102", debit="100"), L("999", credit="100")], "999"),
        ([L("501", debit="100", restricted=False), L("102", credit="100")], "501"),
        ([L("102", debit="100"), L("401", credit="100")], "专项"),
        ([L("102", debit="壹佰元"), L("401", credit="100", restricted=False)], "1"),
        ([L("102", debit="100", credit="100"), L("401", credit="100", restricted=False)], ""),
        ([L("102", debit="100")], ""),
    ],
)
def test_a_voucher_that_does_not_add_up_or_leaves_the_chart_is_refused_and_nothing_is_kept(
    union, accountant, lines, message
):
    before = Voucher.objects.count(), VoucherLine.objects.count()
    with pytest.raises(FinanceError) as refused:
        services.voucher_create(
            actor=accountant, org=union, date=DAY, summary="错误凭证", lines=lines
        )
    assert refused.value.field == "lines"
    assert message in refused.value.message
    assert (Voucher.objects.count(), VoucherLine.objects.count()) == before


def test_special_purpose_is_taken_from_the_account_where_the_chart_sets_it(union, accountant):
    v = make_voucher(
        union, [L("102", debit="5000"), L("40302", credit="5000")], summary="上级专项补助"
    )
    line = v.lines.get(account_code="40302")
    assert line.restricted is True
    assert line.account_name == "专项转移支付补助"
    assert v.lines.get(account_code="102").restricted is None


def test_whoever_prepared_a_voucher_cannot_review_it(union, accountant):
    v = make_voucher(union, state="submitted")
    with pytest.raises(FinanceError, match="另一"):
        services.voucher_review(actor=accountant, voucher=v)
    v.refresh_from_db()
    assert v.state == VoucherState.SUBMITTED
    # And the database says the same, whatever path a write takes.
    v.reviewed_by = accountant
    with pytest.raises(IntegrityError), transaction.atomic():
        v.save()


def test_a_posted_voucher_and_its_lines_never_change(union):
    v = make_voucher(union)
    v.summary = "改过的摘要"
    with pytest.raises(PostedVoucherError):
        v.save()
    with pytest.raises(PostedVoucherError):
        v.delete()
    line = v.lines.first()
    line.summary = "改"
    with pytest.raises(PostedVoucherError):
        line.save()
    with pytest.raises(PostedVoucherError):
        VoucherLine.objects.filter(voucher=v).update(debit=D("1"))
    with pytest.raises(PostedVoucherError):
        VoucherLine.objects.filter(voucher=v).delete()
    assert Voucher.objects.get(pk=v.pk).summary == "收到会费"


@pytest.mark.postgres
def test_on_postgresql_raw_sql_cannot_rewrite_a_posted_voucher(union):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the triggers are PostgreSQL's")
    v = make_voucher(union)
    for sql in (
        "UPDATE finance_voucherline SET debit = debit + 1 WHERE voucher_id = %s",
        "DELETE FROM finance_voucherline WHERE voucher_id = %s",
        "UPDATE finance_voucher SET summary = 'x' WHERE id = %s",
    ):
        with (
            pytest.raises(Exception, match="never changes"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(sql, [v.pk])


def test_a_reversal_names_its_original_in_red_and_happens_once(union, accountant, chair):
    original = make_voucher(
        union, [L("50105", debit="300", restricted=False), L("102", credit="300")]
    )
    red = services.voucher_reverse(actor=accountant, voucher=original, date=DAY, reason="重复支付")
    assert red.reverses == original
    assert red.kind == "reversal" and red.state == VoucherState.SUBMITTED
    assert red.number == "记-0002"
    assert original.number in red.summary
    assert sorted((ln.account_code, ln.debit, ln.credit) for ln in red.lines.all()) == [
        ("102", D("0"), D("-300.00")),
        ("50105", D("-300.00"), D("0")),
    ]
    with pytest.raises(FinanceError, match="reversed|冲销|已"):
        services.voucher_reverse(actor=accountant, voucher=original, date=DAY, reason="再冲")
    with pytest.raises(FinanceError):
        services.voucher_reverse(actor=accountant, voucher=red, date=DAY, reason="冲红字")


def test_a_reversal_of_a_draft_or_before_its_original_is_refused(union, accountant):
    draft = make_voucher(union, state="draft")
    with pytest.raises(FinanceError):
        services.voucher_reverse(actor=accountant, voucher=draft, date=DAY, reason="x")
    posted = make_voucher(union)
    with pytest.raises(FinanceError) as refused:
        services.voucher_reverse(
            actor=accountant, voucher=posted, date=DAY - dt.timedelta(days=1), reason="x"
        )
    assert refused.value.field == "date"


def test_a_voided_voucher_keeps_its_number_and_the_next_one_does_not_reuse_it(union, accountant):
    v = make_voucher(union, state="submitted")
    with pytest.raises(FinanceError):
        services.voucher_void(actor=accountant, voucher=v, reason="")
    services.voucher_void(actor=accountant, voucher=v, reason="重复录入")
    assert (v.state, v.number) == (VoucherState.VOIDED, "记-0001")
    assert make_voucher(union).number == "记-0002"


def test_a_returned_voucher_is_corrected_and_keeps_its_number_and_month(union, accountant, chair):
    v = make_voucher(union, state="submitted")
    services.voucher_reject(actor=chair, voucher=v, reason="缺发票")
    assert (v.state, v.note) == (VoucherState.REJECTED, "缺发票")
    with pytest.raises(FinanceError) as refused:
        services.voucher_update(
            actor=accountant,
            voucher=v,
            date=dt.date(2031, 4, 2),
            summary="收到会费",
            lines=[L("102", debit="120"), L("401", credit="120", restricted=False)],
        )
    assert refused.value.field == "date"
    services.voucher_update(
        actor=accountant,
        voucher=v,
        date=DAY,
        summary="收到三月会费",
        lines=[L("102", debit="120"), L("401", credit="120", restricted=False)],
        attachments_count=2,
    )
    services.voucher_submit(actor=accountant, voucher=v)
    assert (v.number, v.total, v.state) == ("记-0001", D("120.00"), VoucherState.SUBMITTED)
    assert v.lines.count() == 2


def test_only_a_draft_is_deleted(union, accountant):
    draft = make_voucher(union, state="draft")
    services.voucher_delete(actor=accountant, voucher=draft)
    assert not Voucher.objects.filter(pk=draft.pk).exists()
    assert not VoucherLine.objects.filter(voucher_id=draft.pk).exists()
    numbered = make_voucher(union, state="submitted")
    with pytest.raises(FinanceError):
        services.voucher_delete(actor=accountant, voucher=numbered)


def test_another_unions_project_or_fund_is_refused_on_a_line(union, accountant):
    from tests.factories import UnionFactory
    from tests.funds.conftest import make_fund

    other = UnionFactory()
    foreign_project = services.project_create(
        actor=accountant, org=other, code="P1", name="别家项目"
    )
    with pytest.raises(FinanceError, match="project|项目"):
        services.voucher_create(
            actor=accountant,
            org=union,
            date=DAY,
            summary="x",
            lines=[
                L("50102", debit="10", restricted=False, project=foreign_project),
                L("102", credit="10"),
            ],
        )
    foreign_fund = make_fund(other)
    with pytest.raises(FinanceError):
        services.voucher_create(
            actor=accountant,
            org=union,
            date=DAY,
            summary="x",
            lines=[
                L("50102", debit="10", restricted=False),
                L("102", credit="10", fund=foreign_fund),
            ],
        )
