"""Visits and their payouts: the rules of the region, overrides, reversals, the ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope
from gonghui.funds.models import FundEntry
from gonghui.welfare import services
from gonghui.welfare.models import NotDeletable, Visit, VisitState
from gonghui.welfare.selectors import ledger_check, person_year
from tests.factories import UnionFactory

from .conftest import balance, make_fund, record

pytestmark = pytest.mark.django_db


def test_a_visit_pays_from_the_fund_and_the_ledger_agrees(union, chair, new_member, platform):
    fund = make_fund(union, actor=chair)
    m = new_member()
    v = record(m, chair, fund=fund, amount=Decimal("999.99"))
    assert v.state == VisitState.PAID
    assert v.fund_entry.expense == Decimal("999.99")
    assert v.fund_entry.source == "welfare.visit" and v.fund_entry.source_id == str(v.pk)
    assert balance(fund) == Decimal("99000.01")
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
    assert wrong.reversal_entry.reverses_id == wrong.fund_entry_id
    assert right.replaces == wrong and right.state == VisitState.PAID
    assert balance(fund) == Decimal("99500.00")
    assert FundEntry.objects.filter(fund=fund).count() == 4  # income, payout, reversal, payout
    with scope(m.org.union()):
        check = ledger_check(m.org.union(), 2026)
    assert check["agrees"], check
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
