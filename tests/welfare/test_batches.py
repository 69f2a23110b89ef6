"""A festival batch for 200 members: plan, print the sheet, pay all at once as one voucher
in the books; one visit of it reversed alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope, unscoped
from gonghui.finance.models import SourcePosting, Voucher
from gonghui.welfare import services
from gonghui.welfare.models import Batch, Visit, VisitState
from gonghui.welfare.selectors import ledger_check, report
from tests.factories import GroupFactory, MemberFactory

from .conftest import balance, book_again, booked, make_fund

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
        # ONE voucher for the 200 people, as the accountant books a batch with its 发放表:
        # one debit line (all on 会员活动), one bank line with the fund.
        voucher = booked("welfare.batch", batch.pk).voucher
        assert voucher.summary == f"2026年春节慰问（{n}人）：2026年双节送温暖"
        assert (voucher.state, voucher.total) == ("submitted", expected)
        assert voucher.attachments_count == 1  # the 发放表
        # ... and the 发放表 itself is attached to it, as the PDF the page prints.
        (sheet,) = voucher.files.all()
        assert sheet.name == f"慰问金发放表-20260210-{batch.title}.pdf"
        assert sheet.content_type == "application/pdf"
        with sheet.file.open("rb") as handle:
            content = handle.read()
        assert content.startswith(b"%PDF") and sheet.size == len(content)
        lines = sorted(
            (ln.account_code, ln.debit, ln.credit, ln.fund_id) for ln in voucher.lines.all()
        )
        assert lines == [
            ("102", Decimal(0), expected, fund.pk),
            ("50105", expected, Decimal(0), None),
        ]
        # A part per visit, so one can be reversed alone.
        parts = SourcePosting.objects.filter(voucher=voucher, source_id__contains=":")
        assert {p.source_id for p in parts} == {f"{batch.pk}:{v.pk}" for v in visits}
        assert sum(p.amount for p in parts) == expected
        assert Voucher.objects.filter(org=union, kind="payout").count() == 2  # grant, batch
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
        assert SourcePosting.objects.filter(source="welfare.batch").count() == n + 1
        assert Voucher.objects.filter(org=union).count() == 2
    # The batch page and a visit's page show the voucher and its state.
    page = c.get(f"/o/{union.code}/welfare/batches/{batch.pk}/").content.decode()
    assert f"{voucher.number} (待审核)" in page
    with unscoped():
        one = visits.order_by("id").first()
    page = c.get(f"/o/{union.code}/welfare/visits/{one.pk}/").content.decode()
    assert f'<span id="visit-voucher">{voucher.number}</span> (待审核)' in page


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


def test_one_visit_of_a_batch_is_reversed_alone_by_a_red_voucher(roll, chair, login, platform):
    union = roll(5)
    fund = make_fund(union, actor=chair, amount=Decimal("10000.00"))
    batch = plan(union, chair, fund)
    with scope(union), acting(user=chair):
        services.batch_pay(actor=chair, batch=batch)
    assert balance(fund) == Decimal("8500.00")
    original = booked("welfare.batch", batch.pk).voucher
    with unscoped():
        one, *others = list(Visit.objects.filter(batch=batch).order_by("id"))
    with scope(union), acting(user=chair):
        services.visit_reverse(actor=chair, visit=one, reason="重复领取", date=dt.date(2026, 2, 12))
    with unscoped():
        part = SourcePosting.objects.get(source="welfare.batch", source_id=f"{batch.pk}:{one.pk}")
        red = part.reversal
        assert red.reverses_id == original.pk and red.total == Decimal(-300)
        assert sorted((ln.account_code, ln.debit, ln.credit) for ln in red.lines.all()) == [
            ("102", Decimal(0), Decimal(-300)),
            ("50105", Decimal(-300), Decimal(0)),
        ]
        # The others are still booked on the batch's voucher.
        for v in others:
            assert booked("welfare.batch", f"{batch.pk}:{v.pk}").voucher == original
    assert balance(fund) == Decimal("8800.00")
    with scope(union):
        check = ledger_check(union, 2026)
    assert check["agrees"] and check["ledger"] == Decimal(1200), check
    # The visit's page names the 红字 voucher.
    page = login(chair).get(f"/o/{union.code}/welfare/visits/{one.pk}/").content.decode()
    assert f'<span id="visit-reversal-voucher">{red.number}</span>' in page
    # Reversed once only.
    with scope(union), acting(user=chair), pytest.raises(services.WelfareError):
        services.visit_reverse(actor=chair, visit=one, reason="again")


def test_the_same_batch_is_never_paid_twice(roll, chair, platform):
    from gonghui.finance.services import FinanceError

    union = roll(5)
    fund = make_fund(union, actor=chair, amount=Decimal("10000.00"))
    batch = plan(union, chair, fund)
    with scope(union), acting(user=chair):
        services.batch_pay(actor=chair, batch=batch)
    with scope(union), acting(user=chair), pytest.raises(services.WelfareError):
        services.batch_pay(actor=chair, batch=batch)
    # Nor by anyone booking it again past welfare: the books refuse the same record.
    with pytest.raises(FinanceError):
        book_again(fund, chair, "welfare.batch", batch.pk, batch.date)
    with unscoped():
        assert Voucher.objects.filter(org=union).count() == 2  # the grant and the batch
        assert Visit.objects.filter(batch=batch).count() == 5
    assert balance(fund) == Decimal("8500.00")


def test_a_batch_beyond_the_fund_is_refused_with_welfares_message(roll, chair, platform):
    union = roll(5)
    fund = make_fund(union, actor=chair, amount=Decimal("1499.99"))
    batch = plan(union, chair, fund)
    with (
        scope(union),
        acting(user=chair),
        pytest.raises(services.WelfareError, match="1499.99.*1500"),
    ):
        services.batch_pay(actor=chair, batch=batch)
    with unscoped():
        assert Voucher.objects.filter(org=union).count() == 1


def test_a_batch_of_goods_without_value_books_nothing(roll, chair, platform):
    union = roll(3)
    batch = plan(union, chair, None, amount=Decimal(0), goods="慰问信")
    with scope(union), acting(user=chair):
        services.batch_pay(actor=chair, batch=batch)
    batch.refresh_from_db()
    assert batch.state == Batch.State.PAID
    with unscoped():
        assert Visit.objects.filter(batch=batch, state=VisitState.RECORDED).count() == 3
        assert not Voucher.objects.filter(org=union).exists()
