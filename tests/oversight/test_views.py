"""The committee's pages: works / other union 404 / no permission 403 / wrong method 405
for each family, and the workflows through the forms."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from gonghui.core.scoping import unscoped
from gonghui.oversight.models import Finding, Review
from gonghui.oversight.queue import Waiting, register
from tests.factories import UnionFactory
from tests.finance.conftest import L, make_voucher
from tests.funds.conftest import holder

from .conftest import YEAR, make_finding, make_review, today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("platform")]


def _url(org, what=""):
    return f"/o/{org.code}/oversight/{what}"


@pytest.fixture
def world(union):
    review = make_review(union, subject="第一季度审查")
    finding = make_finding(review, text="差旅费超标准", due_on=today() - dt.timedelta(days=2))
    return review, finding


def pages(review, finding):
    return [
        "",
        "reviews/",
        f"reviews/{review.pk}/",
        f"reviews/{review.pk}/opinion.pdf",
        "findings/",
        f"overrides/?year={YEAR}",
        f"report/?year={YEAR}",
        f"report/{YEAR}/report.docx",
        f"findings/{finding.pk}/rectify/",
    ]


def test_every_page_opens_for_the_committee_and_the_chair(login, union, world, auditor, chair):
    review, finding = world
    for who in (auditor, chair):
        c = login(who)
        for page in pages(review, finding):
            r = c.get(_url(union, page))
            assert r.status_code == 200, (who, page, r.status_code)


def test_another_unions_pages_and_records_are_404(login, union, world):
    review, finding = world
    other = UnionFactory()
    stranger = holder("auditor", other)
    c = login(stranger)
    for page in pages(review, finding):
        assert c.get(_url(union, page)).status_code == 404, page
    # Its own code with our ids: not found either.
    for page in (f"reviews/{review.pk}/", f"findings/{finding.pk}/rectify/"):
        assert c.get(_url(other, page)).status_code == 404, page


def test_a_role_without_the_permission_gets_403(login, union, world):
    review, finding = world
    cashier = holder("cashier", union)
    for page in pages(review, finding):
        assert login(cashier).get(_url(union, page)).status_code == 403, page
    chair = holder("chair", union)
    for page in ("reviews/new/", f"reviews/{review.pk}/findings/new/", "settings/"):
        assert login(chair).get(_url(union, page)).status_code == 403, page
    r = login(chair).post(_url(union, f"reviews/{review.pk}/opinion/"), {"text": "x"})
    assert r.status_code == 403
    assert login(chair).get(_url(union, f"findings/{finding.pk}/recheck/")).status_code == 403


def test_a_wrong_method_gets_405(login, union, world, auditor):
    review, finding = world
    c = login(auditor)
    for page in ("", "reviews/", "findings/", "overrides/", "report/", f"reviews/{review.pk}/"):
        assert c.post(_url(union, page)).status_code == 405, page
    for page in (f"reviews/{review.pk}/opinion/", f"reviews/{review.pk}/sign/"):
        assert c.get(_url(union, page)).status_code == 405, page


def test_the_workspace_lists_what_waits_the_due_reviews_and_the_books(login, union, world):
    make_voucher(union, [L("102", debit="1000"), L("401", credit="1000", restricted=False)])
    register("test.budgets", lambda org: [Waiting("2031年预算<b>", "/somewhere/", today())])
    try:
        r = login(holder("auditor", union)).get(_url(union), {"year": YEAR})
    finally:
        from gonghui.oversight import queue

        queue._PROVIDERS.pop("test.budgets")
    body = r.content.decode()
    assert "2031年预算&lt;b&gt;" in body and 'href="/somewhere/"' in body
    assert re.search(r'id="figure-income">\s*[¥]?1,000\.00', body)
    assert f"/o/{union.code}/finance/vouchers/" in body
    assert f"/o/{union.code}/finance/statements/" in body
    assert "已逾期" in body  # one finding past its date


def test_the_findings_page_flags_the_overdue_one(login, union, world):
    review, finding = world
    make_finding(review, text="按期问题", due_on=today() + dt.timedelta(days=5))
    body = login(holder("chair", union)).get(_url(union, "findings/")).content.decode()
    assert body.count("overdue") == 1 and "差旅费超标准" in body and "按期问题" in body
    assert "记录整改情况" in body  # the chair may record a rectification


def test_the_committee_works_through_the_forms(login, union, auditor, chair):
    c = login(auditor)
    r = c.post(
        _url(union, "reviews/new/"),
        {
            "kind": "final",
            "year": "2030",
            "period": "year",
            "subject": "2030年决算审查",
            "members": "王审计\n李委员",
            "started_on": today().isoformat(),
        },
    )
    assert r.status_code == 302
    review = Review.objects.get(org=union, subject="2030年决算审查")
    assert r["Location"] == _url(union, f"reviews/{review.pk}/")

    r = c.post(
        _url(union, f"reviews/{review.pk}/findings/new/"),
        {"text": "固定资产未盘点", "severity": "serious", "amount": "1500", "due_on": ""},
    )
    assert r.status_code == 302
    finding = Finding.objects.get(review=review)
    assert finding.severity == "serious"

    # The committee's own rectification is refused on the form.
    r = c.post(_url(union, f"findings/{finding.pk}/rectify/"), {"text": "已盘点"})
    assert r.status_code == 200 and "经审委员不记录" in r.content.decode()
    r = login(chair).post(_url(union, f"findings/{finding.pk}/rectify/"), {"text": "已盘点"})
    assert r.status_code == 302
    r = c.post(_url(union, f"findings/{finding.pk}/recheck/"), {"accepted": "1", "note": ""})
    assert r.status_code == 302
    finding.refresh_from_db()
    assert finding.state == "closed"

    c.post(_url(union, f"reviews/{review.pk}/opinion/"), {"text": "决算真实。"})
    r = c.post(_url(union, f"reviews/{review.pk}/sign/"), {"signers": "王审计", "on": ""})
    assert r.status_code == 302
    review.refresh_from_db()
    assert review.state == "signed" and review.signatures[0]["name"] == "王审计"
    # Signed: the edit page refuses, the page shows no form.
    r = c.post(
        _url(union, f"reviews/{review.pk}/edit/"),
        {
            "kind": "final",
            "year": "2030",
            "period": "year",
            "subject": "改",
            "started_on": "2030-01-01",
        },
    )
    assert r.status_code == 200 and "已锁定" in r.content.decode()
    body = c.get(_url(union, f"reviews/{review.pk}/")).content.decode()
    assert 'id="opinion-form"' not in body and "决算真实。" in body


def test_the_settings_page_saves(login, union, auditor):
    r = login(auditor).post(
        _url(union, "settings/"), {"periodic_per_year": "4", "departure_audit_required": ""}
    )
    assert r.status_code == 302
    with unscoped():
        from gonghui.oversight.models import OversightSettings

        s = OversightSettings.objects.get(org=union)
    assert (s.periodic_per_year, s.departure_audit_required) == (4, False)


def test_the_overrides_page_links_each_voucher(login, union, accountant, chair):
    from gonghui.finance import checks
    from gonghui.finance import services as books

    checks.register("test.ov.all", lambda **kw: [checks.Concern("x", "超出预算<i>")])
    try:
        v = make_voucher(union, state="draft", summary="慰问品")
        books.voucher_submit(actor=accountant, voucher=v, override_reason="主席批准<i>")
    finally:
        checks._CHECKS.pop("test.ov.all")
    body = login(holder("auditor", union)).get(_url(union, f"overrides/?year={YEAR}")).content
    body = body.decode()
    assert f"/o/{union.code}/finance/vouchers/{v.pk}/" in body
    assert "超出预算&lt;i&gt;" in body and "主席批准&lt;i&gt;" in body and "慰问品" in body


def test_the_dashboard_card_counts_open_and_overdue_findings(login, union, world):
    body = login(holder("chair", union)).get(f"/o/{union.code}/").content.decode()
    assert 'id="card-oversight"' in body
    assert "1个未关闭的问题" in body and "1个已逾期" in body
    assert login(holder("cashier", union)).get(f"/o/{union.code}/").status_code == 200
    assert (
        'id="card-oversight"'
        not in login(holder("cashier", union)).get(f"/o/{union.code}/").content.decode()
    )


def test_the_committees_edit_of_the_report_is_kept_audited_and_shown_again(
    login, union, auditor, chair
):
    """Edits of the 经审工作报告 were lost: the page offered only the .docx. The committee's
    text is kept for the year (audited), shown again, and is what the .docx holds; an
    empty text goes back to the draft. The chair reads it but may not write it."""
    import io

    from docx import Document

    from gonghui.audit.models import AuditEntry
    from gonghui.oversight.models import ReportText

    c = login(auditor)
    page = c.get(_url(union, f"report/?year={YEAR}")).content.decode()
    assert 'id="report-text-form"' in page and "自动填好数字的草稿" in page
    draft = page.split('name="text"')[1].split("</textarea>")[0]
    assert f"{YEAR}年" in draft  # the draft with its figures, ready to be edited
    text = "一、全年经费收支情况\n\n经审会审查认为，本会经费收支总体规范。<b>加粗</b>"
    r = c.post(_url(union, f"report/{YEAR}/save/"), {"text": text})
    assert r.status_code == 302 and r["Location"].endswith(f"/report/?year={YEAR}")
    with unscoped():
        kept = ReportText.objects.get(org=union, year=YEAR)
        assert kept.text == text and kept.updated_by == auditor
        assert AuditEntry.objects.filter(object_id=str(kept.pk), object_repr=str(kept)).exists()
    page = c.get(_url(union, f"report/?year={YEAR}")).content.decode()
    assert "本会经费收支总体规范。&lt;b&gt;加粗&lt;/b&gt;" in page and "经审会修改后的正文" in page
    docx = Document(io.BytesIO(c.get(_url(union, f"report/{YEAR}/report.docx")).content))
    body = "\n".join(p.text for p in docx.paragraphs)
    assert "本会经费收支总体规范。<b>加粗</b>" in body
    # The chair reads the kept text and may not change it.
    chair_page = login(chair).get(_url(union, f"report/?year={YEAR}")).content.decode()
    assert "本会经费收支总体规范" in chair_page and 'id="report-text-form"' not in chair_page
    assert login(chair).post(_url(union, f"report/{YEAR}/save/"), {"text": "x"}).status_code == 403
    assert c.get(_url(union, f"report/{YEAR}/save/")).status_code == 405
    # Emptied: back to the draft.
    c.post(_url(union, f"report/{YEAR}/save/"), {"text": "  "})
    with unscoped():
        assert not ReportText.objects.filter(org=union, year=YEAR).exists()
