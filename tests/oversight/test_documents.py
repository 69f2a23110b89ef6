"""What the committee reads from the books (the overrides, the year's figures) and the
documents it takes away: the opinion's PDF and the yearly report's .docx."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from docx import Document

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.finance import checks
from gonghui.finance import services as books
from gonghui.oversight import documents, selectors, services
from tests.finance.conftest import L, make_voucher

from .conftest import YEAR, act, make_finding, make_review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("platform")]

HOSTILE = '<script>alert(1)</script>{ HYPERLINK "http://evil" }=cmd|x'


@pytest.fixture
def worried():
    """A check that objects to any expense above 500 yuan on 501xx."""

    def check(*, org, date, lines, voucher):
        big = [ln for ln in lines if ln.account_code.startswith("501") and ln.debit > 500]
        return [checks.Concern("test.big", "超出预算：职工活动支出")] if big else []

    checks.register("test.oversight.big", check)
    yield
    checks._CHECKS.pop("test.oversight.big")


@pytest.fixture
def books_of_the_year(union, accountant, chair):
    make_voucher(union, [L("102", debit="1000"), L("401", credit="1000", restricted=False)])
    make_voucher(union, [L("102", debit="3000"), L("402", credit="3000", restricted=False)])
    make_voucher(
        union,
        [L("50102", debit="300", restricted=False), L("102", credit="300")],
        summary="职工篮球赛",
    )
    return union


def _override(union, accountant, chair, amount="800.00", reason="职代会决议追加"):
    v = make_voucher(
        union,
        [L("50102", debit=amount, restricted=False), L("102", credit=amount)],
        state="draft",
        summary="春节慰问品",
    )
    books.voucher_submit(actor=accountant, voucher=v, override_reason=reason)
    books.voucher_review(actor=chair, voucher=v)
    books.voucher_post(actor=accountant, voucher=v)
    return v


def test_the_overrides_list_holds_the_vouchers_a_check_objected_to(
    union, accountant, chair, worried, books_of_the_year
):
    v = _override(union, accountant, chair)
    make_voucher(union, [L("50102", debit="100", restricted=False), L("102", credit="100")])
    rows = list(selectors.overrides(union, YEAR))
    assert [r.pk for r in rows] == [v.pk]
    assert rows[0].concerns == ["超出预算：职工活动支出"]
    assert rows[0].override_reason == "职代会决议追加"
    assert rows[0].prepared_by == accountant
    assert list(selectors.overrides(union, YEAR + 1)) == []


def test_the_key_figures_come_from_the_posted_vouchers(union, books_of_the_year):
    make_voucher(union, state="submitted", summary="未记账")  # not in the books yet
    f = selectors.key_figures(union, YEAR)
    assert (f.income_total, f.expense_total) == (Decimal("4000.00"), Decimal("300.00"))
    assert dict(f.income)["会费收入"] == Decimal("1000.00")
    assert dict(f.income)["拨缴经费收入"] == Decimal("3000.00")
    assert dict(f.expense)["职工活动支出"] == Decimal("300.00")
    assert f.cash == Decimal("3700.00") and f.difference == Decimal("3700.00")
    assert f.surplus == Decimal("3700.00")


def test_the_report_docx_carries_the_year_and_the_typed_text_as_text(
    union, accountant, chair, auditor, worried, books_of_the_year
):
    _override(union, accountant, chair)
    review = make_review(union, subject=HOSTILE)
    done, _open = make_finding(review), make_finding(review, text="未按期对账")
    act(services.finding_rectify, chair, union, finding=done, text="已整改")
    act(services.finding_recheck, auditor, union, finding=done, accepted=True)

    name, data = act(services.report_export, auditor, union, org=union, year=YEAR)
    assert name.endswith(".docx") and str(YEAR) in name
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    for expected in ("4,000.00", "1,100.00", "2,900.00", HOSTILE):
        assert expected in text, expected
    assert "会费收入1,000.00元" in text and "拨缴经费收入3,000.00元" in text
    assert "共发现问题2个" in text and "已整改并经复核通过1个" in text and "尚未整改1个" in text
    assert "全年共有1笔凭证" in text
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode()
    assert "instrText" not in body and "fldSimple" not in body and "hyperlink" not in body
    with unscoped():
        entry = AuditEntry.objects.filter(action="oversight.report.exported").latest("pk")
    assert entry.org == union and entry.actor == auditor


def test_the_opinion_pdf_is_rendered_with_signature_lines(union, auditor):
    review = make_review(union)
    make_finding(review)
    name, data = act(services.opinion_export, auditor, union, review=review)
    assert data.startswith(b"%PDF") and name.endswith(".pdf")
    with unscoped():
        assert AuditEntry.objects.filter(
            action="oversight.review.exported", object_id=str(review.pk)
        ).exists()


def test_the_opinion_pdf_escapes_what_was_typed(union, auditor, monkeypatch):
    seen = {}
    monkeypatch.setattr(documents, "render_pdf", lambda html: seen.setdefault("html", html) and b"")
    review = make_review(union, subject=HOSTILE, members="王审计\n<b>李</b>")
    make_finding(review, text=HOSTILE)
    act(services.opinion_save, auditor, union, review=review, text=HOSTILE)
    act(services.opinion_sign, auditor, union, review=review)
    documents.opinion_pdf(review)
    html = seen["html"]
    assert "<script>" not in html and "<b>李</b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;李&lt;/b&gt;" in html
    assert "王审计" in html and "签名" in html
