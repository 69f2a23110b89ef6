"""Typed text in the budget's files stays text: a hostile union, project or sub-account
name reaches the execution workbook as a string (never a formula) and the 决算 PDF as
text (its CSS-looking name fetches nothing)."""

from __future__ import annotations

import pytest

from gonghui.budgets import services
from gonghui.finance import services as books
from tests.security.test_formula_injection import HOSTILE_NAME, TYPED, book_of

from .conftest import YEAR, expense, make_budget

pytestmark = pytest.mark.usefixtures("platform")


def test_the_execution_workbook_writes_typed_names_as_text(login, union, who):
    union.name = TYPED[0]
    union.save()
    project = books.project_create(actor=None, org=union, code="P", name=TYPED[1])
    books.subaccount_create(
        actor=None, org=union, parent_code="50101", code="5010101", name=TYPED[2]
    )
    make_budget(
        union,
        [
            {"account": "50304", "amount": "100", "project": project},
            {"account": "5010101", "amount": "5"},
        ],
    )
    expense(union, "5010101", "1.00")
    r = login(who["chair"]).get(f"/o/{union.code}/budgets/execution/{YEAR}/xlsx/")
    book = book_of(r)  # no formulas, no error values
    for value in TYPED[:3]:
        assert [c for c in book.cells if value in str(c.value or "")], value


def test_the_final_accounts_pdf_fetches_nothing(union, who, monkeypatch):
    import urllib.request

    seen = []
    real = urllib.request.OpenerDirector.open
    monkeypatch.setattr(
        urllib.request.OpenerDirector,
        "open",
        lambda self, url, *a, **k: seen.append(url) or real(self, url, *a, **k),
    )
    union.name = HOSTILE_NAME
    union.save()
    final = services.final_create(
        actor=who["accountant"], org=union, year=YEAR, explanation=HOSTILE_NAME
    )
    services.budget_cover_update(actor=who["accountant"], budget=final, sign_preparer="<b>x</b>")
    name, content = services.final_pdf(actor=who["accountant"], budget=final)
    assert content.startswith(b"%PDF") and name.endswith(".pdf")
    assert seen == []
