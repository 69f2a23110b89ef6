"""The budget pages: the list, a document with its steps, the execution and its
workbook, the PDF. Works / other union 404 / no permission 403 / wrong method 405."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from gonghui.audit.models import AuditEntry
from gonghui.budgets.models import Budget
from tests.factories import UnionFactory

from .conftest import YEAR, D, expense, holder, make_budget

pytestmark = pytest.mark.usefixtures("platform")


def _url(org, what=""):
    return f"/o/{org.code}/budgets/{what}"


def test_the_accountant_drafts_a_budget_and_adds_lines(login, union, who):
    c = login(who["accountant"])
    assert c.get(_url(union)).status_code == 200
    r = c.post(_url(union, "new/"), {"kind": "budget", "year": YEAR, "explanation": "说明"})
    doc = Budget.objects.get(org=union)
    assert r.status_code == 302 and r["Location"] == _url(union, f"{doc.pk}/")
    r = c.post(
        _url(union, f"{doc.pk}/lines/"),
        {"account": "50101", "restricted": "0", "amount": "1,200", "note": ""},
    )
    assert r.status_code == 302
    r = c.post(
        _url(union, f"{doc.pk}/lines/"),
        {"account": "50101", "restricted": "0", "amount": "abc", "note": ""},
    )
    assert r.status_code == 200 and "abc" in r.content.decode()  # refused, kept, said why
    body = c.get(_url(union, f"{doc.pk}/")).content.decode()
    assert "50101 职工教育" in body and "1,200.00" in body
    # The line form's field is the books' 会计科目, not a bank account (账号).
    form = body.split('id="line-form"')[1].split("</form>")[0]
    label = form.split('for="id_account">')[1].split("<")[0]
    assert label.strip() == "会计科目"
    assert 'id="approve-form"' not in body  # the chair's step
    assert doc.lines.get().amount == D("1200.00")


def test_a_second_budget_of_the_year_is_refused_on_the_form(login, union, who):
    make_budget(union, state="draft")
    r = login(who["accountant"]).post(_url(union, "new/"), {"kind": "budget", "year": YEAR})
    assert r.status_code == 200 and Budget.objects.filter(org=union).count() == 1


def test_each_step_is_offered_to_whom_it_belongs(login, union, who):
    doc = make_budget(union, state="draft")
    detail = _url(union, f"{doc.pk}/")
    chair = login(who["chair"])
    assert 'id="approve-form"' in chair.get(detail).content.decode()
    r = chair.post(
        _url(union, f"{doc.pk}/approve/"), {"term": "3", "session": "4", "date": f"{YEAR}-01-20"}
    )
    assert r.status_code == 302
    doc.refresh_from_db()
    assert doc.state == "approved" and doc.committee_session == 4
    auditor = login(who["auditor"])
    assert 'id="review-form"' in auditor.get(detail).content.decode()
    assert 'id="review-form"' not in chair.get(detail).content.decode()
    r = auditor.post(
        _url(union, f"{doc.pk}/review/"),
        {"term": "3", "session": "1", "date": f"{YEAR}-01-25", "opinion": "同意<b>"},
    )
    assert r.status_code == 302
    body = chair.get(detail).content.decode()
    assert "同意&lt;b&gt;" in body and 'id="action-submit"' in body
    chair.post(_url(union, f"{doc.pk}/submit/"))
    doc.refresh_from_db()
    assert doc.state == "submitted"


def test_the_audit_committee_returns_it_with_its_opinion(login, union, who):
    doc = make_budget(union, state="approved")
    r = login(who["auditor"]).post(
        _url(union, f"{doc.pk}/review-return/"), {"opinion": "会议费偏高"}
    )
    assert r.status_code == 302
    doc.refresh_from_db()
    assert doc.state == "draft"
    assert "会议费偏高" in login(who["accountant"]).get(_url(union, f"{doc.pk}/")).content.decode()


def test_another_unions_document_is_not_found(login, union, who):
    other = UnionFactory()
    foreign = make_budget(other, state="draft")
    c = login(who["accountant"])
    assert c.get(_url(union, f"{foreign.pk}/")).status_code == 404
    assert c.post(_url(union, f"{foreign.pk}/notes/"), {"explanation": "x"}).status_code == 404
    assert c.get(_url(other)).status_code == 404


def test_without_the_permission_the_page_is_forbidden(login, union, who):
    doc = make_budget(union, state="draft")
    cadre = login(holder("cadre", union))
    assert cadre.get(_url(union)).status_code == 403
    assert cadre.get(_url(union, f"{doc.pk}/")).status_code == 403
    # the accountant may not approve, the chair may not review
    approve = {"term": "1", "session": "1", "date": f"{YEAR}-01-20"}
    assert (
        login(who["accountant"]).post(_url(union, f"{doc.pk}/approve/"), approve).status_code == 403
    )
    assert login(who["chair"]).post(_url(union, f"{doc.pk}/review/"), {}).status_code == 403
    doc.refresh_from_db()
    assert doc.state == "draft"


def test_wrong_methods_are_not_allowed(login, union, who):
    doc = make_budget(union, state="draft")
    c = login(who["chair"])
    assert c.get(_url(union, f"{doc.pk}/approve/")).status_code == 405
    assert c.post(_url(union, f"{doc.pk}/")).status_code == 405
    assert c.delete(_url(union, "execution/2031/")).status_code == 405


def test_the_execution_page_and_workbook(login, union, who):
    make_budget(union)
    expense(union, "50101", "200.00")
    expense(union, "50102", "=HYPERLINK(1)", state="draft") if False else None
    c = login(who["chair"])
    r = c.get(_url(union, f"execution/{YEAR}/"))
    assert r.status_code == 200
    body = r.content.decode()
    assert "50101 职工教育" in body and "40.0%" in body
    r = c.get(_url(union, f"execution/{YEAR}/xlsx/"))
    assert r.status_code == 200
    rows = [
        list(x) for x in load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True)
    ]
    row = next(x for x in rows if x[0] == "50101")
    assert row[4:8] == [500, 200, 0, "40.0%"]
    assert AuditEntry.objects.filter(action="budgets.execution.exported", org=union).exists()
    assert c.get(_url(union, "execution/1800/")).status_code == 404


def test_the_final_accounts_pdf(login, union, who):
    from gonghui.budgets import services

    final = services.final_create(actor=who["accountant"], org=union, year=YEAR)
    r = login(who["accountant"]).get(_url(union, f"{final.pk}/pdf/"))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(
        action="budgets.budget.printed", object_id=str(final.pk)
    ).exists()


def test_a_ratified_document_offers_no_change(login, union, who):
    doc = make_budget(union)
    body = login(who["accountant"]).get(_url(union, f"{doc.pk}/")).content.decode()
    assert 'id="line-form"' not in body and 'id="notes-form"' not in body
    r = login(who["accountant"]).post(
        _url(union, f"{doc.pk}/notes/"), {"explanation": "改"}, follow=True
    )
    assert "核定" in r.content.decode()
