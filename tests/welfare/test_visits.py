"""Visits and their payouts: the rules of the region, overrides, reversals, the books."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope, unscoped
from gonghui.finance import services as books
from gonghui.finance.models import SourcePosting, Voucher
from gonghui.welfare import services
from gonghui.welfare.models import NotDeletable, Visit, VisitState
from gonghui.welfare.selectors import ledger_check, person_year
from tests.factories import UnionFactory

from .conftest import balance, book_again, booked, make_fund, record

pytestmark = pytest.mark.django_db


def test_a_visit_pays_from_the_fund_and_the_ledger_agrees(union, chair, new_member, platform):
    fund = make_fund(union, actor=chair)
    m = new_member()
    v = record(m, chair, fund=fund, amount=Decimal("999.99"))
    assert v.state == VisitState.PAID
    # One voucher in the books, handed to the accountant: the expense on 会员活动 and the
    # bank line with the fund.
    voucher = booked("welfare.visit", v.pk).voucher
    assert (voucher.state, voucher.kind, voucher.prepared_by) == ("submitted", "payout", chair)
    assert voucher.number == "记-0001"  # the first of June (numbered per month)
    assert voucher.summary == f"生病住院慰问：{m.name}" and voucher.date == v.date
    with unscoped():
        lines = sorted(
            (ln.account_code, ln.debit, ln.credit, ln.payee, ln.fund_id)
            for ln in voucher.lines.all()
        )
    assert lines == [
        ("102", Decimal(0), Decimal("999.99"), "", fund.pk),
        ("50105", Decimal("999.99"), Decimal(0), m.name, None),
    ]
    assert balance(fund) == Decimal("99000.01")
    assert v.fund_entry_id is None  # the old ledger gets nothing new
    assert AuditEntry.objects.filter(action="welfare.visit.created", object_id=str(v.pk)).exists()


def test_above_the_cap_is_refused_without_the_chairs_reason(
    union, chair, new_member, staff, platform
):
    fund = make_fund(union, actor=chair)
    m = new_member()
    # 安徽 (later table): hospitalisation ≤ 1,000 a time.
    with pytest.raises(services.WelfareError, match="1000"):
        record(m, chair, fund=fund, amount=Decimal("1000.01"))
    with pytest.raises(services.WelfareError):
        record(m, staff("cadre", union), fund=fund, amount=Decimal(1200), override_reason="重病")
    assert not Visit.objects.filter(member=m).exists()
    assert balance(fund) == Decimal("100000.00")
    v = record(
        m,
        chair,
        fund=fund,
        amount=Decimal(1200),
        override_reason="重病，委员会同意",
        may_override=True,
    )
    assert v.override_by == chair and v.findings[0]["code"] == "above_cap"
    entry = AuditEntry.objects.get(action="welfare.visit.override", object_id=str(v.pk))
    assert entry.note == "重病，委员会同意"


def test_a_second_payout_for_the_same_occasion_needs_an_override(
    union, chair, new_member, platform
):
    fund = make_fund(union, actor=chair)
    m = new_member()
    record(m, chair, fund=fund, amount=Decimal(300), date=dt.date(2026, 2, 1))
    with pytest.raises(services.WelfareError, match="已因"):
        record(m, chair, fund=fund, amount=Decimal(300), date=dt.date(2026, 9, 1))
    # Next year is another year.
    record(m, chair, fund=fund, amount=Decimal(300), date=dt.date(2027, 1, 5))


def test_festival_goods_only_on_the_seven_festivals_and_never_cash(
    union, chair, new_member, platform
):
    fund = make_fund(union, actor=chair)
    m = new_member()
    goods = {"occasion": "festival", "form": "goods", "goods": "米面油", "fund": fund}
    with pytest.raises(services.WelfareError, match="只能发放慰问品"):
        record(m, chair, **{**goods, "form": "cash", "festival": "chunjie"})
    with pytest.raises(services.WelfareError, match="元旦"):
        record(m, chair, **{**goods, "festival": ""})
    with pytest.raises(services.WelfareError, match="购物卡"):
        record(m, chair, **{**goods, "festival": "chunjie", "goods": "超市购物卡"})
    v = record(m, chair, **{**goods, "festival": "chunjie", "amount": Decimal(800)})
    assert v.occasion_label == "春节慰问"


def test_the_years_festival_total_against_the_cap(union, chair, new_member, platform):
    fund = make_fund(union, actor=chair)
    m = new_member()
    kw = {"occasion": "festival", "form": "goods", "goods": "节日慰问品", "fund": fund}
    record(m, chair, festival="chunjie", amount=Decimal(1000), date=dt.date(2026, 2, 1), **kw)
    record(m, chair, festival="duanwu", amount=Decimal(600), date=dt.date(2026, 6, 1), **kw)
    with pytest.raises(services.WelfareError, match="2000"):
        record(m, chair, festival="zhongqiu", amount=Decimal(500), date=dt.date(2026, 9, 1), **kw)
    record(m, chair, festival="zhongqiu", amount=Decimal(400), date=dt.date(2026, 9, 1), **kw)
    with scope(m.org.union()):
        year = person_year(m, 2026)
    assert year.festival_total == Decimal(2000) and not year.festival_over
    assert year.table.festival_year == Decimal(2000)


def test_more_than_the_fund_holds_is_refused(union, chair, new_member, platform):
    fund = make_fund(union, actor=chair, amount=Decimal(100))
    with pytest.raises(services.WelfareError, match="100"):
        record(new_member(), chair, fund=fund, amount=Decimal("100.01"))
    assert balance(fund) == Decimal(100)


def test_a_paid_visit_is_never_edited_or_deleted(union, chair, new_member, platform):
    fund = make_fund(union, actor=chair)
    v = record(new_member(), chair, fund=fund)
    v.amount = Decimal(1)
    with pytest.raises(NotDeletable):
        v.save()
    v.refresh_from_db()
    with pytest.raises(NotDeletable):
        v.delete()


def test_a_mistake_is_reversed_and_recorded_anew_both_kept(union, chair, new_member, platform):
    fund = make_fund(union, actor=chair)
    m = new_member()
    wrong = record(m, chair, fund=fund, amount=Decimal(800))
    with scope(m.org.union()), acting(user=chair):
        right = services.visit_correct(
            actor=chair,
            visit=wrong,
            reason="金额录错",
            data={
                "occasion": "hospital",
                "form": "cash",
                "amount": Decimal(500),
                "date": dt.date(2026, 6, 1),
                "visitors": "李红梅",
                "fund": fund,
            },
        )
    wrong.refresh_from_db()
    assert wrong.state == VisitState.REVERSED
    with unscoped():
        first = SourcePosting.objects.get(source="welfare.visit", source_id=str(wrong.pk))
        red = first.reversal
        assert red.reverses_id == first.voucher_id and red.kind == "reversal"
        assert red.state == "submitted" and "金额录错" in red.summary
        assert sorted((ln.account_code, ln.debit, ln.credit) for ln in red.lines.all()) == [
            ("102", Decimal(0), Decimal(-800)),
            ("50105", Decimal(-800), Decimal(0)),
        ]
        # grant, payout, reversal, payout
        assert Voucher.objects.filter(org=union).count() == 4
    assert right.replaces == wrong and right.state == VisitState.PAID
    assert booked("welfare.visit", right.pk).voucher.total == Decimal(500)
    assert balance(fund) == Decimal("99500.00")
    with scope(m.org.union()):
        check = ledger_check(m.org.union(), 2026)
    assert check["agrees"], check
    assert check["ledger"] == Decimal(500) and check["entries"] == 3
    with scope(m.org.union()), acting(user=chair), pytest.raises(services.WelfareError):
        services.visit_reverse(actor=chair, visit=wrong, reason="again")


def test_a_fund_of_another_union_is_refused(union, chair, new_member, staff, platform):
    hospital = UnionFactory()
    other = make_fund(hospital, actor=staff("chair", hospital))
    with pytest.raises(services.WelfareError):
        record(new_member(), chair, fund=other)


def test_a_medical_fund_does_not_pay_visits(union, chair, new_member, platform):
    fund = make_fund(union, actor=chair, kind="medical")
    with pytest.raises(services.WelfareError):
        record(new_member(), chair, fund=fund)


def test_goods_of_no_value_are_recorded_without_a_voucher(union, chair, new_member, platform):
    fund = make_fund(union, actor=chair)
    v = record(new_member(), chair, form="goods", goods="鲜花", amount=Decimal(0))
    assert v.state == VisitState.RECORDED and v.fund is None
    assert booked("welfare.visit", v.pk) is None
    assert balance(fund) == Decimal("100000.00")


def test_the_accountant_cannot_void_a_visits_voucher_behind_welfares_back(
    union, chair, new_member, staff, platform
):
    """Voiding it in the books would leave the visit paid with nothing booked: the books
    refuse and name welfare, where the payment is reversed; the ledger check agrees."""
    from gonghui.finance.services import FinanceError

    fund = make_fund(union, actor=chair)
    m = new_member()
    v = record(m, chair, fund=fund, amount=Decimal(300))
    voucher = booked("welfare.visit", v.pk).voucher
    accountant = staff("finance", union)
    with scope(union), acting(user=accountant), pytest.raises(FinanceError, match="帮扶慰问"):
        books.voucher_void(actor=accountant, voucher=voucher, reason="重复报销")
    with scope(union):
        check = ledger_check(union, 2026)
    assert check["agrees"] and check["visits"] == Decimal(300) == check["ledger"]
    with scope(union), acting(user=chair):
        services.visit_reverse(actor=chair, visit=v, reason="重复报销")
    with scope(union):
        assert ledger_check(union, 2026)["agrees"]


def test_a_payout_booked_already_is_refused_by_the_books(union, chair, new_member, platform):
    from gonghui.finance.services import FinanceError

    fund = make_fund(union, actor=chair)
    v = record(new_member(), chair, fund=fund, amount=Decimal(300))
    with pytest.raises(FinanceError):
        book_again(fund, chair, "welfare.visit", v.pk, v.date)
    assert balance(fund) == Decimal("99700.00")


def test_the_visits_export_names_each_voucher_and_its_state(union, chair, new_member, platform):
    from django.utils import translation

    from gonghui.welfare.exports import VisitExporter

    fund = make_fund(union, actor=chair)
    paid = record(new_member(), chair, fund=fund, amount=Decimal(300))
    gone = record(new_member(), chair, fund=fund, amount=Decimal(200), date=dt.date(2026, 6, 2))
    goods = record(new_member(), chair, form="goods", goods="鲜花", amount=Decimal(0))
    with scope(union), acting(user=chair):
        services.visit_reverse(actor=chair, visit=gone, reason="录错")
    export = VisitExporter(user=chair, org=union, options={"year": 2026})
    columns = export.columns()
    with scope(union), translation.override("zh-hans"):
        rows = {row[1]: dict(zip(columns, row, strict=True)) for row in export.rows()}
    first = booked("welfare.visit", paid.pk).voucher
    assert (rows[paid.member.name]["凭证号"], rows[paid.member.name]["凭证状态"]) == (
        first.number,
        "待审核",
    )
    with unscoped():
        reversed_one = SourcePosting.objects.get(source="welfare.visit", source_id=str(gone.pk))
    assert rows[gone.member.name]["凭证号"] == reversed_one.voucher.number
    assert rows[gone.member.name]["状态"] == "已冲销"
    assert rows[goods.member.name]["凭证号"] == rows[goods.member.name]["凭证状态"] == ""
