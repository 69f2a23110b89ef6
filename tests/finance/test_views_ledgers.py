"""The ledgers' pages (page, .xlsx, PDF) and API. Works / other union 404 / no
permission 403 / wrong method 405."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from gonghui.finance import services as fs
from gonghui.finance.ledgers import KINDS
from tests.factories import UnionFactory
from tests.funds.conftest import make_fund

from .conftest import L, holder, make_voucher

pytestmark = pytest.mark.usefixtures("platform")

YEAR = {"year": "2031"}


@pytest.fixture
def books(union):
    project = fs.project_create(actor=None, org=union, code="SW1", name="职工书屋")
    fund = make_fund(union)
    make_voucher(
        union, [L("102", debit="1000", fund=fund), L("401", credit="1000", restricted=False)]
    )
    make_voucher(
        union,
        [
            L("50304", debit="300", restricted=True, project=project),
            L("102", credit="300", fund=fund),
        ],
        summary="<b>购书</b>",
    )
    make_voucher(
        union,
        [L("102", debit="40"), L("401", credit="40", restricted=False)],
        date=dt.date(2031, 3, 11),
        summary="待审",
        state="submitted",
    )
    union.project, union.fund = project, fund
    return union


def _url(org, what=""):
    return f"/o/{org.code}/finance/{what}"


def _api(org, what):
    return f"/api/v1/orgs/{org.code}/finance/{what}"


def test_the_bank_journal_page_links_vouchers_and_escapes_summaries(login, books, accountant):
    r = login(accountant).get(_url(books, "ledgers/bank/"), YEAR)
    assert r.status_code == 200
    body = r.content.decode()
    assert "银行存款日记账" in body and "上年结转" in body and "本日合计" in body
    assert "本月合计" in body and "本年累计" in body
    assert "&lt;b&gt;购书&lt;/b&gt;" in body and "<b>购书</b>" not in body
    voucher_id = r.context["ledger"].entries[1].voucher_id
    assert f"/finance/vouchers/{voucher_id}/" in body
    assert "待审" not in body and 'id="ledger-pending-note"' not in body
    assert "ledgers/bank/xlsx/?year=2031" in body


def test_pending_rows_are_shown_marked_when_asked(login, books, accountant):
    r = login(accountant).get(_url(books, "ledgers/bank/"), {**YEAR, "pending": "1"})
    body = r.content.decode()
    assert "［未记账］待审" in body and 'id="ledger-pending-note"' in body
    assert "table-warning" in body


def test_every_kind_has_its_page_and_files(login, books, accountant):
    c = login(accountant)
    subjects = {
        "project": {"project": books.project.pk},
        "fund": {"fund": books.fund.pk},
        "detail": {"account": "50304"},
        "general": {"account": "401"},
    }
    for kind in KINDS:
        params = {**YEAR, **subjects.get(kind, {})}
        r = c.get(_url(books, f"ledgers/{kind}/"), params)
        assert r.status_code == 200, kind
        assert r.context["ledger"] is not None, kind
        r = c.get(_url(books, f"ledgers/{kind}/xlsx/"), params)
        assert r.status_code == 200 and r.content[:2] == b"PK", kind
    r = c.get(_url(books, "ledgers/project/"), subjects["project"] | YEAR)
    assert "职工书屋" in r.content.decode() and "50304" in r.content.decode()
    r = c.get(_url(books, "ledgers/general/pdf/"), {**YEAR, "account": "102"})
    assert r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")


def test_the_workbook_has_the_journal(login, books, accountant):
    r = login(accountant).get(_url(books, "ledgers/bank/xlsx/"), YEAR)
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = [list(x) for x in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "银行存款日记账"
    assert any(row[3] == "<b>购书</b>" and row[5] == 300 for row in rows)
    assert rows[-1][0].startswith("导出人：")


def test_another_unions_project_or_an_unknown_account_falls_back(login, books, accountant):
    other = UnionFactory()
    foreign = fs.project_create(actor=None, org=other, code="X1", name="外区项目")
    c = login(accountant)
    r = c.get(_url(books, "ledgers/project/"), {**YEAR, "project": foreign.pk})
    assert r.status_code == 200 and r.context["ledger"].subject == "SW1 职工书屋"
    assert "外区项目" not in r.content.decode()
    r = c.get(_url(books, "ledgers/detail/xlsx/"), {**YEAR, "account": "999"})
    assert r.status_code == 200  # the first account instead, as the page shows it


def test_the_cashier_and_the_auditor_read_the_ledgers(login, books):
    for role in ("cashier", "auditor"):
        r = login(holder(role, books)).get(_url(books, "ledgers/cash/"), YEAR)
        assert r.status_code == 200, role


def test_a_group_leader_gets_403(login, staff, books):
    c = login(staff("group_leader", books))
    for what in ("ledgers/cash/", "ledgers/bank/xlsx/", "ledgers/general/pdf/"):
        assert c.get(_url(books, what)).status_code == 403, what


def test_another_unions_code_is_a_404(login, books, accountant):
    other = UnionFactory()
    c = login(accountant)
    for what in ("ledgers/cash/", "ledgers/bank/xlsx/", "ledgers/fund/pdf/"):
        assert c.get(_url(other, what)).status_code == 404, what


def test_post_is_405(login, books, accountant):
    c = login(accountant)
    for what in ("ledgers/cash/", "ledgers/bank/xlsx/", "ledgers/detail/pdf/"):
        assert c.post(_url(books, what)).status_code == 405, what


def test_the_api_answers_the_ledger(token_login, books, accountant):
    c = token_login(accountant)
    r = c.get(_api(books, "ledgers/2031/bank/"), {"month": "3"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["title"] == "银行存款日记账" and body["subject"] == "102 银行存款"
    kinds = [e["kind"] for e in body["entries"]]
    assert kinds == ["opening", "line", "line", "day", "month", "year"]
    assert body["entries"][-1]["balance"] == "700.00"
    assert body["entries"][-1]["direction"] == "借"
    r = c.get(_api(books, "ledgers/2031/bank/"), {"pending": "1"})
    assert r.json()["entries"][-1]["balance"] == "740.00"
    r = c.get(_api(books, "ledgers/2031/project/"), {"project": books.project.pk})
    assert r.json()["entries"][1]["account"].startswith("50304")
    r = c.get(_api(books, "ledgers/2031/general/"), {"account": "401"})
    assert r.json()["entries"][-1]["direction"] == "贷"
    assert c.get(_api(books, "ledgers/2031/detail/"), {"account": "999"}).status_code == 404
    assert c.get(_api(books, "ledgers/2031/bank/"), {"month": "13"}).status_code == 400


def test_the_api_persona_cases(token_login, staff, books, accountant):
    url = _api(books, "ledgers/2031/cash/")
    assert token_login(staff("group_leader", books)).get(url).status_code == 403
    assert (
        token_login(accountant).get(_api(UnionFactory(), "ledgers/2031/cash/")).status_code == 404
    )
    assert token_login(accountant).post(url).status_code == 405


def test_an_empty_union_has_every_page(login, union, accountant):
    c = login(accountant)
    for kind in KINDS:
        r = c.get(_url(union, f"ledgers/{kind}/"))
        assert r.status_code == 200, kind
        if kind in ("project", "fund"):
            assert 'id="ledger-empty"' in r.content.decode()
            assert c.get(_url(union, f"ledgers/{kind}/xlsx/")).status_code == 404
        else:
            assert [e.kind for e in r.context["ledger"].entries] == ["opening"]
    assert c.get(_url(union, "bank/")).status_code == 200
    assert c.get(_url(union, "notes/")).status_code == 200
    # A year out of range falls back with a message; a month out of range too.
    r = c.get(_url(union, "ledgers/cash/"), {"year": "1800", "month": "13"})
    assert r.status_code == 200 and r.context["month"] is None
