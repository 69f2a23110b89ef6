"""A festival batch for 200 members: plan, print the sheet, pay all at once; the ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope, unscoped
from gonghui.funds.models import FundEntry
from gonghui.welfare import services
from gonghui.welfare.models import Batch, Visit, VisitState
from gonghui.welfare.selectors import ledger_check, report
from tests.factories import GroupFactory, MemberFactory

from .conftest import balance, make_fund

pytestmark = pytest.mark.django_db


@pytest.fixture
def roll(union):
    """roll(n) -> n members on the union's roll, over four groups (and one who left)."""

    def make(n: int):
        groups = [GroupFactory(parent=union) for _ in range(4)]
        for i in range(n):
            MemberFactory(org=groups[i % 4])
        MemberFactory(org=groups[0], status="left")
        return union

    return make


def plan(union, actor, fund, **kw):
    data = {
        "title": "2026年双节送温暖",
        "occasion": "festival",
        "festival": "chunjie",
        "date": dt.date(2026, 2, 10),
        "form": "goods",
        "amount": Decimal("300.00"),
        "goods": "米、面、油",
        "fund": fund,
        "visitors": "工会委员会",
    }
    data.update(kw)
    with scope(union), acting(user=actor):
        return services.batch_create(actor=actor, org=union, data=data, selection="all")


def test_a_200_person_batch_end_to_end_through_the_pages(roll, chair, login):
    union = roll(200)
    fund = make_fund(union, actor=chair, amount=Decimal("70000.00"))
    c = login(chair)
    r = c.post(
        f"/o/{union.code}/welfare/batches/new/",
        {
            "title": "2026年双节送温暖",
            "occasion": "festival",
            "festival": "chunjie",
            "date": "2026-02-10",
            "form": "goods",
            "amount": "300.00",
            "goods": "米、面、油",
            "fund": fund.pk,
            "visitors": "陈晓东",
            "selection": "all",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    with unscoped():
        batch = Batch.objects.filter(org=union).latest("id")
        n = batch.lines.count()
    assert n == 200  # the union's members on the roll
    # Edit a line, print the sheet.
    with unscoped():
        line = batch.lines.order_by("id").first()
    r = c.post(
        f"/o/{union.code}/welfare/batches/{batch.pk}/lines/{line.pk}/",
        {"amount": "280.50", "goods": "米、面"},
    )
    assert r.status_code == 302
    r = c.get(f"/o/{union.code}/welfare/batches/{batch.pk}/sheet.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert len(r.content) > 50_000  # 200 rows over several pages, with the CJK font
    from gonghui.welfare.sheet import sheet_html

    with scope(union):
        html = sheet_html(batch, r.wsgi_request)
    assert "领取人签字" in html and "慰问品发放表" in html  # goods: not 慰问金
    assert html.count('<td class="sign">') == n and "人民币（大写）" in html and "280.50" in html
    expected = Decimal("300.00") * (n - 1) + Decimal("280.50")
    # The pay button leads to a confirmation with the count and the total; nothing is
    # paid before the payer confirms those figures.
    r = c.get(f"/o/{union.code}/welfare/batches/{batch.pk}/pay/")
    page = r.content.decode()
    assert r.status_code == 200 and f"{expected:,.2f}" in page and f">{n}<" in page
    with unscoped():
        assert not Visit.objects.filter(batch=batch).exists()
    r = c.post(f"/o/{union.code}/welfare/batches/{batch.pk}/pay/", {"count": n, "total": expected})
    assert r.status_code == 302
    with unscoped():
        batch.refresh_from_db()
        assert batch.state == Batch.State.PAID
        visits = Visit.objects.filter(batch=batch, state=VisitState.PAID)
        assert visits.count() == n
        entries = FundEntry.objects.filter(fund=fund, source="welfare.batch")
        assert entries.count() == n
        assert sum(e.expense for e in entries) == expected
        assert AuditEntry.objects.filter(
            action="welfare.batch.paid", object_id=str(batch.pk)
        ).exists()
    assert balance(fund) == Decimal("70000.00") - expected
    with scope(union):
        check = ledger_check(union, 2026)
        rep = report(union, 2026)
    assert check["agrees"] and check["visits"] == expected
    festival = [row for row in rep["by_occasion"] if row["occasion"] == "festival"][0]
    assert festival["people"] == n and festival["amount"] == expected
    # Paying again is refused: the batch is paid.
    r = c.post(f"/o/{union.code}/welfare/batches/{batch.pk}/pay/", follow=True)
    assert "已" in r.content.decode() or "paid" in r.content.decode()
    with unscoped():
        assert FundEntry.objects.filter(fund=fund, source="welfare.batch").count() == n


def test_a_batch_pays_all_or_nothing(roll, chair, platform):
    union = roll(5)
    fund = make_fund(union, actor=chair, amount=Decimal("1000.00"))
    batch = plan(union, chair, fund)
    with scope(union), acting(user=chair), pytest.raises(services.WelfareError):
        services.batch_pay(actor=chair, batch=batch)
    assert not Visit.objects.filter(batch=batch).exists()
    assert balance(fund) == Decimal("1000.00")
    batch.refresh_from_db()
    assert batch.state == Batch.State.DRAFT


def test_a_second_festival_payout_needs_the_chairs_reason(roll, chair, platform):
    union = roll(5)
    fund = make_fund(union, actor=chair)
    first = plan(union, chair, fund, amount=Decimal(100))
    with scope(union), acting(user=chair):
        services.batch_pay(actor=chair, batch=first)
    second = plan(union, chair, fund, amount=Decimal(100), title="春节补发")
    with scope(union):
        findings = services.batch_findings(second)
    assert findings and all(f[0].code == "repeat" for f in findings.values())
    with scope(union), acting(user=chair), pytest.raises(services.WelfareError, match="已因"):
        services.batch_pay(actor=chair, batch=second)
    with scope(union), acting(user=chair):
        services.batch_pay(
            actor=chair, batch=second, override_reason="首批物资不足，补发", may_override=True
        )
    n = second.lines.count()
    assert AuditEntry.objects.filter(action="welfare.visit.override").count() >= n


def test_cash_batches_for_festivals_are_refused(roll, chair, platform):
    union = roll(5)
    with pytest.raises(services.WelfareError, match="只能发放慰问品"):
        plan(union, chair, make_fund(union, actor=chair), form="cash")
