"""The dues pages, family by family: it works; another union's code answers 404; a role
without the permission 403; a wrong method 405."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from gonghui.dues.models import DuesLine, DuesSettings
from gonghui.finance.models import Voucher
from tests.factories import GroupFactory, UnionFactory, member_with_login

from .conftest import YEAR, D, generate, line_of, member, pay_cash
from .test_deductions import HOSTILE

pytestmark = pytest.mark.usefixtures("platform")


def _m(org, what="", month=3):
    return f"/o/{org.code}/dues/{YEAR}/{month}/{what}"


def _xlsx(rows):
    wb = Workbook()
    wb.active.append(["姓名", "身份证号", "扣缴金额"])
    for row in rows:
        wb.active.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("payroll.xlsx", out.getvalue())


# -- the month ------------------------------------------------------------------------
def test_the_month_page_generates_and_books(login, union, group, accountant):
    a, b = member(group), member(group, None)
    c = login(accountant)
    r = c.get(f"/o/{union.code}/dues/")
    assert r.status_code == 302 and r["Location"].endswith(f"/dues/{dt.date.today():%Y/%-m}/")
    assert 'id="no-lines"' in c.get(_m(union)).content.decode()
    r = c.post(_m(union, "generate/"))
    assert r.status_code == 302 and r["Location"].endswith(_m(union))
    body = c.get(_m(union)).content.decode()
    assert a.name in body and b.name in body and "待填工资" in body
    # The fund to book into: a Chinese choice for none, no "---------".
    assert "---------" not in body and "不指定经费（只记银行存款）" in body
    assert c.get(_m(union), {"state": "needs_wage"}).context["page_obj"].paginator.count == 1
    assert c.get(_m(union), {"q": a.name}).context["page_obj"].paginator.count == 1
    pay_cash(line_of(a, 3))
    r = c.post(_m(union, "post/"), {"fund": "", "date": ""}, follow=True)
    voucher = Voucher.objects.get(sources__source_id="2025-03")
    assert f"已生成凭证 {voucher.number}" in r.content.decode()
    assert 'id="booked"' in r.content.decode()
    r = c.post(_m(union, "post/"), {"fund": "", "date": ""}, HTTP_REFERER=_m(union), follow=True)
    assert "已入账" in r.content.decode()  # refused the second time, said on the page


def test_exempting_a_line_from_the_grid(login, union, group, accountant):
    person = member(group)
    generate(union, 3)
    line = line_of(person, 3)
    c = login(accountant)
    r = c.post(
        f"/o/{union.code}/dues/lines/{line.pk}/exempt/", {"reason": "长期病休", "next": _m(union)}
    )
    assert r.status_code == 302
    line.refresh_from_db()
    assert (line.state, line.exempt_reason) == ("exempt", "长期病休")


def test_the_deduction_list_downloads_and_hostile_names_stay_text(login, union, group, accountant):
    member(group, name=HOSTILE)
    generate(union, 3)
    r = login(accountant).get(_m(union, "deductions.xlsx"))
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    ws = load_workbook(io.BytesIO(r.content)).active
    cell = next(c for row in ws.iter_rows() for c in row if c.value == HOSTILE)
    assert cell.data_type == "s" and cell.quotePrefix


def test_payroll_import_previews_then_keeps_every_row(login, union, group, accountant):
    a, b = member(group), member(group)
    generate(union, 3)
    c = login(accountant)
    assert c.get(_m(union, "deducted/")).status_code == 200
    rows = [(a.name, a.id_number, "28.35"), (b.name, b.id_number, "28.35")]
    r = c.post(_m(union, "deducted/"), {"file": _xlsx(rows)})
    assert r.status_code == 200 and r.context["token"]
    assert line_of(a, 3).state == "unpaid"  # the preview kept nothing
    r = c.post(_m(union, "deducted/"), {"token": r.context["token"]})
    assert r.status_code == 302
    assert {line_of(a, 3).state, line_of(b, 3).state} == {"paid"}


def test_a_refused_payroll_file_names_the_row_and_offers_no_import(login, union, group, accountant):
    a = member(group)
    generate(union, 3)
    r = login(accountant).post(
        _m(union, "deducted/"),
        {"file": _xlsx([(a.name, a.id_number, "28.35"), ("外人", "110105199001011234", "5")])},
    )
    body = r.content.decode()
    assert r.status_code == 200 and "第3行" in body and r.context["token"] is None
    assert 'id="confirm"' not in body and line_of(a, 3).state == "unpaid"


def test_a_tampered_or_foreign_import_token_is_refused(login, union, group, accountant):
    a = member(group)
    generate(union, 3)
    c = login(accountant)
    r = c.post(_m(union, "deducted/"), {"token": "x:y"}, follow=True)
    assert "已过期" in r.content.decode()
    r = c.post(_m(union, "deducted/"), {"file": _xlsx([(a.name, a.id_number, "28.35")])})
    token = r.context["token"]
    assert c.post(_m(union, "deducted/", month=4), {"token": token}).status_code == 404
    assert line_of(a, 3).state == "unpaid"


MONTH_PAGES = [
    ("get", ""),
    ("post", "generate/"),
    ("post", "post/"),
    ("get", "deductions.xlsx"),
    ("get", "deducted/"),
]


@pytest.mark.parametrize(("method", "what"), MONTH_PAGES)
def test_the_month_pages_are_another_unions_404_and_a_cadres_403(login, union, staff, method, what):
    other = UnionFactory()
    outsider = staff("finance", other)
    assert getattr(login(outsider), method)(_m(union, what)).status_code == 404
    for role in ("cadre", "auditor"):
        assert getattr(login(staff(role, union)), method)(_m(union, what)).status_code == 403
    assert getattr(login(staff("group_leader", union)), method)(_m(union, what)).status_code == 403


@pytest.mark.parametrize(
    ("method", "what"),
    [("post", ""), ("get", "generate/"), ("get", "post/"), ("delete", "deducted/")],
)
def test_the_month_pages_answer_only_their_methods(login, union, accountant, method, what):
    assert getattr(login(accountant), method)(_m(union, what)).status_code == 405


def test_a_month_outside_the_calendar_is_404(login, union, accountant):
    assert login(accountant).get(f"/o/{union.code}/dues/{YEAR}/13/").status_code == 404


def test_below_a_union_the_month_says_where_dues_are_kept(login, union, group, accountant):
    r = login(accountant).get(_m(group))
    assert r.status_code == 200 and 'id="not-union"' in r.content.decode()


# -- cash ------------------------------------------------------------------------------
def test_a_group_leader_collects_cash_for_the_group(login, union, group, leader):
    mine, theirs = member(group), member(GroupFactory(parent=union))
    generate(union, 3)
    c = login(leader)
    r = c.get(f"/o/{group.code}/dues/")
    assert r.status_code == 302 and r["Location"].endswith(f"/o/{group.code}/dues/cash/")
    page = c.get(f"/o/{group.code}/dues/cash/")
    body = page.content.decode()
    assert mine.name in body and theirs.name not in body
    line = line_of(mine, 3)
    r = c.post(
        f"/o/{group.code}/dues/lines/{line.pk}/pay/",
        {"amount": "28.35", "receipt_no": "A-001", "paid_on": f"{YEAR}-03-15"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and "A-001" in r.content.decode()
    line.refresh_from_db()
    assert (line.state, line.receipt_no, line.collected_by) == ("paid", "A-001", leader)
    # Another group's member's line: not found from this group.
    other = line_of(theirs, 3)
    r = c.post(
        f"/o/{group.code}/dues/lines/{other.pk}/pay/",
        {"amount": "28.35", "receipt_no": "A-002", "paid_on": f"{YEAR}-03-15"},
    )
    assert r.status_code == 404 and line_of(theirs, 3).state == "unpaid"


def test_a_refused_cash_entry_says_why_in_the_row(login, union, group, leader):
    person = member(group)
    generate(union, 3)
    line = line_of(person, 3)
    r = login(leader).post(
        f"/o/{group.code}/dues/lines/{line.pk}/pay/",
        {"amount": "28.35", "receipt_no": "", "paid_on": f"{YEAR}-03-15"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and "data-errors" in r.content.decode()
    assert line_of(person, 3).state == "unpaid"


def test_the_cash_pages_persona_cases(login, union, group, staff, leader):
    person = member(group)
    generate(union, 3)
    line = line_of(person, 3)
    pay = f"/o/{group.code}/dues/lines/{line.pk}/pay/"
    cash = f"/o/{group.code}/dues/cash/"
    outsider = staff("group_leader", GroupFactory(parent=UnionFactory()))
    assert login(outsider).get(cash).status_code == 404
    assert login(outsider).post(pay, {}).status_code == 404
    viewer = member_with_login(group)
    assert login(viewer.user).get(cash).status_code == 403
    assert login(viewer.user).post(pay, {}).status_code == 403
    assert login(leader).post(cash).status_code == 405
    assert login(leader).get(pay).status_code == 405


# -- arrears and settings ----------------------------------------------------------------
def test_the_arrears_page(login, union, group, staff, leader):
    person = member(group)
    generate(union, 3)
    r = login(leader).get(f"/o/{group.code}/dues/arrears/")
    assert r.status_code == 200 and person.name in r.content.decode()
    pay_cash(line_of(person, 3))
    assert 'id="no-arrears"' in login(leader).get(f"/o/{group.code}/dues/arrears/").content.decode()
    assert (
        login(staff("chair", UnionFactory())).get(f"/o/{union.code}/dues/arrears/").status_code
        == 404
    )
    assert login(staff("cadre", union)).get(f"/o/{union.code}/dues/arrears/").status_code == 403
    assert login(leader).post(f"/o/{group.code}/dues/arrears/").status_code == 405


def test_the_rounding_page(login, union, staff, accountant):
    url = f"/o/{union.code}/dues/settings/"
    c = login(accountant)
    assert c.get(url).status_code == 200
    assert c.post(url, {"rounding": "jiao"}).status_code == 302
    assert DuesSettings.objects.get(org=union).rounding == "jiao"
    assert c.post(url, {"rounding": "cent"}).status_code == 200  # not a choice: the form says so
    assert DuesSettings.objects.get(org=union).rounding == "jiao"
    assert login(staff("finance", UnionFactory())).get(url).status_code == 404
    assert login(staff("cadre", union)).get(url).status_code == 403
    assert c.delete(url).status_code == 405


# -- one's own ---------------------------------------------------------------------------
def test_a_member_sees_only_their_own_dues_on_the_phone(login, union, group, staff):
    me = member_with_login(group, monthly_wage=D("5678.90"))
    other = member(group)
    generate(union, 3)
    generate(union, 4)
    pay_cash(line_of(me, 3), receipt="B-7")
    c = login(me.user)
    body = c.get(f"/o/{group.code}/dues/me/").content.decode()
    assert (
        "我的会费" in body and "2025-03" in body and "2025-04" in body and 'id="my-arrears"' in body
    )
    mine = line_of(me, 3)
    r = c.get(f"/o/{group.code}/dues/me/{mine.pk}/")
    assert r.status_code == 200 and "B-7" in r.content.decode()
    assert c.get(f"/o/{group.code}/dues/me/{line_of(other, 3).pk}/").status_code == 404
    assert c.post(f"/o/{group.code}/dues/me/").status_code == 405
    stranger = member_with_login(GroupFactory(parent=UnionFactory()))
    assert login(stranger.user).get(f"/o/{group.code}/dues/me/").status_code == 404
    # The menu shows 我的会费 to the member and 会费 to the group leader.
    labels = [str(i["label"]) for i in c.get(f"/o/{group.code}/").context["nav_items"]]
    assert "我的会费" in labels and "会费" not in labels


def test_a_login_without_a_member_record_sees_none(login, union, staff):
    chair = staff("chair", union)
    r = login(chair).get(f"/o/{union.code}/dues/me/")
    assert r.status_code == 200 and r.context["member"] is None
    assert login(chair).get(f"/o/{union.code}/dues/me/1/").status_code == 404
    assert DuesLine.objects.count() == 0
