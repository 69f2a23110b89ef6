"""The upper union's pages: list, new form, board (counts and filter), one union's answer
with return / accept / remind, and the export of every answer (hostile text stays text).
Persona cases: works / other district 404 / no permission 403 / wrong method 405."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from gonghui.assignments.models import AnswerStatus, Assignment, Reminder
from gonghui.audit.models import AuditEntry
from tests.factories import DistrictFactory, UserFactory

from .conftest import answer, target_for

pytestmark = pytest.mark.usefixtures("platform")


def _url(org, what=""):
    return f"/o/{org.code}/assignments/{what}"


def test_the_list_and_a_new_form(login, district, sender, unions):
    c = login(sender)
    assert c.get(_url(district)).status_code == 200
    r = c.post(
        _url(district, "new/"),
        {
            "kind": "form",
            "title": "职工之家统计",
            "deadline": "2099-01-31",
            "target_mode": "unit_type",
            "unit_types": ["school"],
            "lines": "职工人数|数字|必填\n照片|附件",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    a = Assignment.objects.get(title="职工之家统计")
    assert a.status == "draft" and a.target_filter == ["school"]
    board = c.get(_url(district, f"{a.pk}/")).content.decode()
    assert unions[0].name in board and unions[1].name not in board  # the preview
    assert c.post(_url(district, f"{a.pk}/send/")).status_code == 302
    a.refresh_from_db()
    assert a.status == "sent" and a.targets.count() == 1


def test_a_bad_line_keeps_what_was_typed(login, district, sender):
    r = login(sender).post(
        _url(district, "new/"),
        {"kind": "form", "title": "统计", "deadline": "2099-01-31", "target_mode": "subtree",
         "lines": "人数|金额"},
    )  # fmt: skip
    body = r.content.decode()
    assert r.status_code == 200 and "人数|金额" in body and "类型应为" in body


def test_the_board_counts_and_filters(login, district, sender, unions, form):
    chair = UserFactory(roles=[("chair", unions[1])])
    answer(target_for(form, unions[1]), chair, {"staff": "9"}, submit=True)
    c = login(sender)
    body = c.get(_url(district, f"{form.pk}/")).content.decode()
    assert 'data-state="submitted"' in body and all(u.name in body for u in unions)
    only = c.get(_url(district, f"{form.pk}/"), {"status": "submitted"}).content.decode()
    board = only[only.index('id="board"') : only.index("</table>")]
    assert unions[1].name in board and unions[0].name not in board


def test_return_accept_and_remind(login, district, sender, unions, form):
    chair = UserFactory(roles=[("chair", unions[0])])
    t = target_for(form, unions[0])
    answer(t, chair, {"staff": "9"}, submit=True)
    c = login(sender)
    base = _url(district, f"{form.pk}/unions/{t.pk}/")
    assert "9" in c.get(base).content.decode()
    assert c.post(base + "return/", {"comment": "请补充照片"}).status_code == 302
    t.refresh_from_db()
    assert t.status == AnswerStatus.RETURNED and t.review_comment == "请补充照片"
    assert c.post(base + "remind/", {"note": "今天截止"}).status_code == 302
    assert Reminder.objects.get(target=t).note == "今天截止"
    answer(t, chair, {"staff": "9"}, submit=True)
    assert c.post(base + "accept/").status_code == 302
    t.refresh_from_db()
    assert t.status == AnswerStatus.ACCEPTED


HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "@SUM(1,1)", "-2+3"]


def test_the_export_is_one_row_a_union_and_hostile_text_stays_text(
    login, district, sender, unions, form
):
    for union, text in zip(unions, HOSTILE, strict=False):
        chair = UserFactory(roles=[("chair", union)])
        values = {"staff": "12", "notes": text, "acts": [{"name": text, "people": "3"}]}
        answer(target_for(form, union), chair, values, submit=True)
    r = login(sender).get(_url(district, f"{form.pk}/answers.xlsx"))
    assert r.status_code == 200 and r.content[:2] == b"PK"
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("单位代码", "单位名称", "状态", "提交时间", "职工人数")
    body = {row[0]: row for row in rows[1:4]}
    assert set(body) == {u.code for u in unions}
    notes = rows[0].index("说明")
    for union, text in zip(unions, HOSTILE, strict=False):
        assert body[union.code][notes] == text
        assert body[union.code][4] == 12  # a number stays a number
    cells = [c for row in ws.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert AuditEntry.objects.filter(action="assignments.answers.exported", org=district).exists()


@pytest.mark.parametrize("what", ["", "new/", "{a}/", "{a}/unions/{t}/", "{a}/answers.xlsx"])
def test_persona_cases(login, district, sender, unions, form, staff, what):
    t = target_for(form, unions[0])
    path = what.format(a=form.pk, t=t.pk)
    other = DistrictFactory()
    outsider = staff("upper_staff", other)
    assert login(sender).get(_url(district, path)).status_code == 200
    # Another district's staff: not their organisation (404), nor their assignment.
    assert login(outsider).get(_url(district, path)).status_code == 404
    if "{a}" in what:
        assert login(outsider).get(_url(other, path)).status_code == 404
    # A role without the right at the district: a grassroots chair's role does not reach up.
    accountant = staff("finance", district)
    assert login(accountant).get(_url(district, path)).status_code == 403
    assert login(sender).delete(_url(district, path)).status_code == 405


@pytest.mark.parametrize("what", ["send/", "delete/", "remind/", "unions/{t}/return/",
                                  "unions/{t}/accept/", "unions/{t}/remind/"])  # fmt: skip
def test_persona_cases_of_the_actions(login, district, sender, unions, form, staff, what):
    t = target_for(form, unions[0])
    path = f"{form.pk}/" + what.format(t=t.pk)
    assert login(sender).get(_url(district, path)).status_code == 405
    assert login(staff("finance", district)).post(_url(district, path)).status_code == 403
    assert (
        login(staff("upper_staff", DistrictFactory())).post(_url(district, path)).status_code == 404
    )
    # A union's chair (read and answer at its union) cannot review at the district.
    chair = staff("chair", unions[0])
    assert login(chair).post(_url(unions[0], path)).status_code == 403
    assert login(staff("cadre", unions[0])).get(_url(unions[0], f"{form.pk}/")).status_code == 404
