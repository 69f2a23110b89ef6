"""The bank reconciliation's actions and the notes to the statements (附注) through the API:
the same services as the pages, the same permissions (the cashier reconciles, the auditor
reads, another union finds nothing), all or nothing on a bad statement."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.finance.models import BankReconciliation, BankStatementLine, StatementNote
from tests.factories import UnionFactory

from .conftest import holder
from .test_bank import ICBC, csv_bytes, xlsx
from .test_views_bank import books  # noqa: F401 - the fixture

pytestmark = pytest.mark.usefixtures("platform")


def _api(org, what):
    return f"/api/v1/orgs/{org.code}/finance/{what}"


def _statement(client, org, data, *, name="icbc.xlsx", dry_run=False, account="102"):
    return client.post(
        _api(org, "bank/statements/"),
        {"account": account, "file": SimpleUploadedFile(name, data), "dry_run": dry_run},
        format="multipart",
    )


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_cashier_previews_imports_matches_and_closes_the_month(token_login, books):  # noqa: F811
    c = token_login(holder("cashier", books))
    r = _statement(c, books, xlsx(ICBC), dry_run=True)
    assert r.status_code == 200, r.content
    assert (r.json()["new"], r.json()["imported"]) == (4, 0)
    assert r.json()["lines"][0]["summary"] == "会费"
    assert not BankStatementLine.objects.filter(org=books).exists()  # a preview writes nothing
    r = _statement(c, books, xlsx(ICBC))
    assert (r.json()["imported"], r.json()["new"]) == (4, 4)
    again = _statement(c, books, xlsx(ICBC))
    assert (again.json()["imported"], again.json()["known"]) == (0, 4)
    assert BankStatementLine.objects.filter(org=books).count() == 4

    month = _api(books, "bank/2031/3/")
    fee = BankStatementLine.objects.get(org=books, summary="会费")
    book_line = fee.voucher_line_id
    assert book_line is not None  # matched at import
    r = _post(c, month + "unmatch/", {"account": "102", "bank_line": fee.pk})
    assert r.status_code == 200 and r.json()["account"] == "102"
    fee.refresh_from_db()
    assert fee.voucher_line_id is None
    r = _post(
        c, month + "match/", {"account": "102", "bank_line": fee.pk, "voucher_line": book_line}
    )
    assert r.status_code == 200
    fee.refresh_from_db()
    assert fee.voucher_line_id == book_line
    assert _post(c, month + "auto-match/", {"account": "102"}).status_code == 200
    r = _post(c, month + "done/", {"account": "102", "done": True})
    assert r.status_code == 200 and r.json()["balanced"]
    assert BankReconciliation.objects.get(org=books, year=2031, month=3).done
    # Refusals answer 400 with the reason; an account that is not a bank account is 404.
    twice = _post(c, month + "done/", {"account": "102"})
    assert twice.status_code == 400 and "已标记" in twice.json()["detail"]
    assert _post(c, month + "auto-match/", {"account": "401"}).status_code == 404
    assert c.get(month + "done/").status_code == 405


def test_a_bad_statement_is_refused_whole_naming_its_rows(token_login, books):  # noqa: F811
    rows = [
        ["日期", "摘要", "收入", "支出"],
        ["2031-03-11", "会费", "1000", ""],
        ["昨天", "x", "1", ""],
    ]
    r = _statement(token_login(holder("cashier", books)), books, csv_bytes(rows), name="a.csv")
    assert r.status_code == 400 and r.json()["field"] == "file"
    assert "第3行" in r.json()["detail"]
    assert not BankStatementLine.objects.filter(org=books).exists()


def test_who_may_reconcile(token_login, books):  # noqa: F811
    auditor = token_login(holder("auditor", books))
    assert _statement(auditor, books, xlsx(ICBC)).status_code == 403
    assert _post(auditor, _api(books, "bank/2031/3/done/"), {"account": "102"}).status_code == 403
    outsider = token_login(holder("cashier", UnionFactory()))
    assert _statement(outsider, books, xlsx(ICBC)).status_code == 404


def test_the_notes_are_read_written_and_downloaded(token_login, books):  # noqa: F811
    accountant = token_login(holder("finance", books))
    r = accountant.get(_api(books, "notes/2031/"))
    assert r.status_code == 200
    items = r.json()
    assert [i["number"] for i in items] == list(range(1, 9))
    assert items[0]["heading"] == "一、遵循会计制度的声明"
    assets = items[2]["tables"][0]
    assert assets["columns"] == ["项目", "年初余额", "年末余额"]
    assert assets["rows"][0][0] == "货币资金"
    text = '=HYPERLINK("http://x")<script>'
    r = accountant.put(
        _api(books, "notes/2031/6/"), json.dumps({"text": text}), content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["text"] == text
    assert StatementNote.objects.get(org=books, year=2031, item=6).text == text
    bad = accountant.put(
        _api(books, "notes/2031/9/"), json.dumps({"text": "x"}), content_type="application/json"
    )
    assert bad.status_code in (400, 404)
    docx = accountant.get(_api(books, "notes/2031/docx/"))
    assert docx.status_code == 200 and docx["Content-Type"].endswith("wordprocessingml.document")
    # The auditor reads, never writes; another union finds nothing; a wrong method is 405.
    auditor = token_login(holder("auditor", books))
    assert auditor.get(_api(books, "notes/2031/")).status_code == 200
    r = auditor.put(
        _api(books, "notes/2031/6/"), json.dumps({"text": "x"}), content_type="application/json"
    )
    assert r.status_code == 403
    outsider = token_login(holder("finance", UnionFactory()))
    assert outsider.get(_api(books, "notes/2031/")).status_code == 404
    assert accountant.post(_api(books, "notes/2031/")).status_code == 405
