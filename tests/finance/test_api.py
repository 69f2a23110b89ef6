"""The books through the API: the same services, scoping, four eyes and audit as the
pages, with the persona cases per resource."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gonghui.core.scoping import unscoped
from gonghui.finance.models import Voucher
from tests.api.conftest import last_entry_id, new_entries

from .conftest import DAY, L, make_voucher

YEAR = DAY.year


def _base(org):
    return f"/api/v1/orgs/{org.code}/finance/"


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


VOUCHER = {
    "date": DAY.isoformat(),
    "summary": "收到三月会费",
    "attachments_count": 1,
    "lines": [
        {"account": "102", "debit": "1234.50"},
        {"account": "401", "credit": 1234.5, "restricted": False},
    ],
}


def test_a_voucher_goes_through_the_chain_by_api(token_login, union, accountant, chair):
    since = last_entry_id()
    c = token_login(accountant)
    r = _post(c, f"{_base(union)}vouchers/", VOUCHER)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["state"] == "draft" and body["state_display"] == "草稿"
    assert [ln["debit"] for ln in body["lines"]] == ["1234.50", "0.00"]
    assert body["prepared_by"] == accountant.username
    url = f"{_base(union)}vouchers/{body['id']}/"
    r = _post(c, f"{url}submit/")
    assert r.status_code == 200 and r.json()["number"] == "记-0001"
    # The preparer cannot review it: a 400 saying why.
    r = _post(c, f"{url}review/")
    assert r.status_code == 400 and "另一人" in r.json()["detail"]
    assert _post(token_login(chair), f"{url}review/").json()["state"] == "reviewed"
    r = _post(c, f"{url}post/")
    assert r.json()["state"] == "posted" and r.json()["posted_by"] == accountant.username
    logs = new_entries("finance.voucher.created", since)
    assert [(e.actor, e.source) for e in logs] == [(accountant, "api")]
    # The statements see it.
    r = c.get(f"{_base(union)}statements/{YEAR}/?month=3")
    assert r.status_code == 200
    lines = {ln["line"]: ln for ln in r.json()["balance_sheet"]}
    assert lines["货币资金"]["closing"] == "1234.50"
    income = {ln["line"]: ln for ln in r.json()["income_expense"]}
    assert income["会费收入"]["period"] == "1234.50"
    assert r.json()["month"] == 3 and r.json()["org"] == union.code
    r = c.get(f"{_base(union)}ledgers/{YEAR}/3/trial-balance/")
    assert {row["code"]: row["closing"] for row in r.json()} == {
        "102": "1234.50",
        "401": "1234.50",
    }


def test_a_refused_voucher_is_a_400_naming_the_field_and_keeps_nothing(
    token_login, union, accountant
):
    bad = {
        **VOUCHER,
        "lines": [{"account": "102", "debit": "10"}, {"account": "506", "credit": "10"}],
    }
    r = _post(token_login(accountant), f"{_base(union)}vouchers/", bad)
    assert r.status_code == 400
    assert r.json()["field"] == "lines" and "506" in r.json()["detail"]
    with unscoped():
        assert not Voucher.objects.filter(org=union).exists()


def test_reject_rewrite_void_reverse_and_delete(token_login, union, accountant, chair):
    c = token_login(accountant)
    v = make_voucher(union, state="submitted")
    url = f"{_base(union)}vouchers/{v.pk}/"
    assert _post(c, f"{url}reject/", {"reason": ""}).status_code == 400
    r = _post(token_login(chair), f"{url}reject/", {"reason": "缺发票"})
    assert r.json()["state"] == "rejected" and r.json()["note"] == "缺发票"
    r = c.patch(url, json.dumps(VOUCHER), content_type="application/json")
    assert r.status_code == 200 and r.json()["total"] == "1234.50"
    assert r.json()["number"] == "记-0001"
    assert _post(c, f"{url}void/", {"reason": "重复"}).json()["state"] == "voided"
    posted = make_voucher(union)
    r = _post(
        c,
        f"{_base(union)}vouchers/{posted.pk}/reverse/",
        {"date": DAY.isoformat(), "reason": "错账"},
    )
    assert r.status_code == 201
    assert r.json()["reverses_number"] == posted.number and r.json()["kind"] == "reversal"
    draft = make_voucher(union, state="draft")
    assert c.delete(f"{_base(union)}vouchers/{draft.pk}/").status_code == 204
    assert c.delete(f"{_base(union)}vouchers/{posted.pk}/").status_code == 400


def test_periods_close_and_reopen(token_login, union, accountant, chair):
    make_voucher(union, date=DAY.replace(month=1))
    c = token_login(accountant)
    r = _post(c, f"{_base(union)}periods/{YEAR}/1/close/")
    assert r.status_code == 200 and r.json()["state"] == "closed"
    r = c.get(f"{_base(union)}periods/{YEAR}/")
    assert [p["state"] for p in r.json()][:2] == ["closed", "open"]
    assert _post(c, f"{_base(union)}periods/{YEAR}/1/reopen/", {"reason": "补"}).status_code == 403
    r = _post(token_login(chair), f"{_base(union)}periods/{YEAR}/1/reopen/", {"reason": "补记"})
    assert r.status_code == 200 and r.json()[0]["reopen_reason"] == "补记"
    assert _post(c, f"{_base(union)}periods/{YEAR}/13/close/").status_code == 404
    assert c.get(f"{_base(union)}vouchers/?month=13").status_code == 400
    r = _post(c, f"{_base(union)}years/{YEAR}/closing-entries/")
    assert r.status_code == 201 and r.json()["kind"] == "closing", r.content
    assert {ln["account_code"] for ln in r.json()["lines"]} == {"401", "32203", "32205"}
    assert _post(c, f"{_base(union)}years/{YEAR}/closing-entries/").status_code == 400


def test_chart_and_projects(token_login, union, accountant):
    c = token_login(accountant)
    r = c.get(f"{_base(union)}accounts/")
    codes = {a["code"]: a for a in r.json()}
    assert len([a for a in r.json() if a["level"] == 1]) == 24
    assert codes["501"]["leaf"] is False and codes["50105"]["leaf"] is True
    r = _post(
        c, f"{_base(union)}accounts/", {"parent_code": "102", "code": "10201", "name": "工行"}
    )
    assert r.status_code == 201 and r.json()["built_in"] is False
    after = {a["code"]: a for a in c.get(f"{_base(union)}accounts/").json()}
    assert after["102"]["leaf"] is False and after["10201"]["name"] == "银行存款-工行"
    r = _post(
        c, f"{_base(union)}projects/", {"code": "P01", "name": "职工书屋", "restricted": True}
    )
    assert r.status_code == 201
    line = {"account": "50304", "debit": "50", "restricted": True, "project": "P01"}
    r = _post(
        c,
        f"{_base(union)}vouchers/",
        {**VOUCHER, "lines": [line, {"account": "10201", "credit": "50"}]},
    )
    assert r.status_code == 201, r.content
    assert r.json()["lines"][0]["project_name"] == "职工书屋"
    assert r.json()["lines"][0]["expense_type"] == "project"
    r = _post(c, f"{_base(union)}vouchers/", {**VOUCHER, "lines": [{**line, "project": "NONE"}]})
    assert r.status_code == 400
    # A retired sub-account takes no new lines; its rows stay.
    r = _post(c, f"{_base(union)}accounts/10201/retire/")
    assert r.status_code == 200 and r.json()["active"] is False
    r = _post(
        c,
        f"{_base(union)}vouchers/",
        {
            **VOUCHER,
            "date": dt.date.today().isoformat(),
            "lines": [line, {"account": "10201", "credit": "50"}],
        },
    )
    assert r.status_code == 400 and "10201" in r.json()["detail"]


# -- persona cases --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "path", "role"),
    [
        ("get", "vouchers/", "auditor"),
        ("get", "accounts/", "auditor"),
        ("get", f"periods/{YEAR}/", "auditor"),
        ("get", f"statements/{YEAR}/", "auditor"),
    ],
)
def test_readers_read_and_outsiders_get_404(token_login, union, staff, method, path, role):
    from tests.factories import UnionFactory

    assert getattr(token_login(staff(role, union)), method)(_base(union) + path).status_code == 200
    other = UnionFactory()
    outsider = staff("chair", other)
    assert getattr(token_login(outsider), method)(_base(union) + path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "vouchers/",
        "accounts/",
        "projects/",
        f"periods/{YEAR}/1/close/",
        f"periods/{YEAR}/1/reopen/",
    ],
)
def test_the_auditor_writes_nothing(token_login, union, staff, path):
    r = _post(token_login(staff("auditor", union)), _base(union) + path, {"reason": "x"})
    assert r.status_code == 403


def test_a_voucher_of_another_union_is_404_and_a_wrong_method_405(token_login, union, accountant):
    from tests.factories import UnionFactory

    other = UnionFactory()
    foreign = make_voucher(other, [L("102", debit="1"), L("401", credit="1", restricted=False)])
    c = token_login(accountant)
    assert c.get(f"{_base(union)}vouchers/{foreign.pk}/").status_code == 404
    assert c.get(f"{_base(other)}vouchers/{foreign.pk}/").status_code == 404
    assert _post(c, f"{_base(union)}vouchers/{foreign.pk}/post/").status_code == 404
    assert c.put(f"{_base(union)}vouchers/").status_code == 405
    assert c.get(f"{_base(union)}vouchers/{foreign.pk}/post/").status_code == 405


def test_the_upper_union_reads_statements_but_not_vouchers(token_login, union, staff):
    upper = staff("upper_staff", union.parent)
    c = token_login(upper)
    assert c.get(f"{_base(union)}statements/{YEAR}/").status_code == 200
    assert c.get(f"{_base(union)}vouchers/").status_code == 403


def test_the_statements_download_as_xlsx_and_pdf_and_are_logged(token_login, union, accountant):
    from openpyxl import load_workbook

    make_voucher(union)
    c = token_login(accountant)
    since = last_entry_id()
    r = c.get(f"{_base(union)}statements/{YEAR}/xlsx/?month=3")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    book = load_workbook(io.BytesIO(r.content))
    cells = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert "货币资金" in cells and "会费收入" in cells
    r = c.get(f"{_base(union)}statements/{YEAR}/pdf/")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    logs = new_entries("finance.statements.exported", since)
    assert [e.changes["format"] for e in logs] == ["xlsx", "pdf"]
    assert logs[0].changes["month"] == 3 and logs[1].changes["month"] is None
    assert c.get(f"{_base(union)}statements/{YEAR}/xlsx/?month=13").status_code == 400
