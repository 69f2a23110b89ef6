"""The API under /api/v1/orgs/<code>/assignments/: every action of both sides, the same
rules as the pages, and the persona cases."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from gonghui.assignments.models import AnswerStatus, Assignment, Reminder
from tests.factories import DistrictFactory, UnionFactory

from .conftest import DEFINITION, target_for

pytestmark = pytest.mark.usefixtures("platform")
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


def _api(org, what=""):
    return f"/api/v1/orgs/{org.code}/assignments/{what}"


def test_the_whole_round_through_the_api(token_login, district, sender, unions, staff):
    up = token_login(sender)
    r = up.post(
        _api(district, "sent/"),
        {"title": "统计", "deadline": "2099-01-31", "definition": DEFINITION,
         "target_mode": "list", "target_filter": [unions[0].code]},
        content_type="application/json",
    )  # fmt: skip
    assert r.status_code == 201, r.json()
    a_id = r.json()["id"]
    assert up.patch(_api(district, f"sent/{a_id}/"), {"title": "统计表"},
                    content_type="application/json").status_code == 200  # fmt: skip
    assert up.post(_api(district, f"sent/{a_id}/send/")).json()["status"] == "sent"
    assert up.patch(_api(district, f"sent/{a_id}/"), {"title": "x"},
                    content_type="application/json").status_code == 400  # fmt: skip
    t = target_for(Assignment.objects.get(pk=a_id), unions[0])

    union = token_login(staff("chair", unions[0]))
    inbox = union.get(_api(unions[0], "inbox/")).json()
    assert [row["id"] for row in inbox] == [t.pk]
    with translation.override("zh-hans"):
        r = union.post(_api(unions[0], f"inbox/{t.pk}/save/"), {"values": {"staff": "很多"}},
                       content_type="application/json")  # fmt: skip
    assert r.status_code == 400 and r.json()["field"] == "staff"
    assert "请填写数字" in r.json()["detail"]
    r = union.post(_api(unions[0], f"inbox/{t.pk}/save/"), {"values": {"staff": "7"}},
                   content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and r.json()["status"] == "draft"
    r = union.post(
        _api(unions[0], f"inbox/{t.pk}/files/"),
        {"field": "photos", "file": SimpleUploadedFile("a.png", PNG, content_type="image/png")},
    )
    assert r.status_code == 201
    assert union.get(_api(unions[0], f"inbox/{t.pk}/files/{r.json()['id']}/")).content == PNG
    assert union.post(_api(unions[0], f"inbox/{t.pk}/submit/")).json()["status"] == "submitted"

    board = up.get(_api(district, f"sent/{a_id}/board/")).json()
    assert board["counts"]["submitted"] == 1 and board["rows"][0]["values"] == {"staff": "7"}
    one = _api(district, f"sent/{a_id}/unions/{t.pk}/")
    assert up.get(one).json()["union"] == unions[0].code
    assert (
        up.post(one + "return/", {"comment": "补充"}, content_type="application/json").json()[
            "status"
        ]
        == AnswerStatus.RETURNED
    )
    assert (
        up.post(one + "remind/", {"note": "快"}, content_type="application/json").status_code == 201
    )
    assert up.post(_api(district, f"sent/{a_id}/remind/")).json() == {"reminded": 1}
    assert Reminder.objects.filter(target=t).count() == 2
    union.post(_api(unions[0], f"inbox/{t.pk}/submit/"))
    assert up.post(one + "accept/").json()["status"] == AnswerStatus.ACCEPTED
    r = up.get(
        _api(district, f"sent/{a_id}/export/"),
        HTTP_ACCEPT="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    assert list(ws.iter_rows(values_only=True))[1][:2] == (unions[0].code, unions[0].name)


def test_a_draft_is_deleted(token_login, district, sender):
    up = token_login(sender)
    a_id = up.post(_api(district, "sent/"), {"title": "草稿", "deadline": "2099-01-31", "kind": "task"},
                   content_type="application/json").json()["id"]  # fmt: skip
    assert up.delete(_api(district, f"sent/{a_id}/")).status_code == 204


def test_persona_cases(token_login, district, sender, unions, form, staff):
    t = target_for(form, unions[0])
    sent = [f"sent/{form.pk}/", f"sent/{form.pk}/board/", f"sent/{form.pk}/unions/{t.pk}/"]
    for what in sent:
        assert token_login(sender).get(_api(district, what)).status_code == 200
        assert (
            token_login(staff("upper_staff", DistrictFactory()))
            .get(_api(district, what))
            .status_code
            == 404
        )
        assert token_login(staff("finance", district)).get(_api(district, what)).status_code == 403
        assert token_login(sender).put(_api(district, what)).status_code == 405
    chair = staff("chair", unions[0])
    for what in ("inbox/", f"inbox/{t.pk}/"):
        assert token_login(chair).get(_api(unions[0], what)).status_code == 200
        assert (
            token_login(staff("chair", UnionFactory())).get(_api(unions[0], what)).status_code
            == 404
        )
        assert (
            token_login(staff("group_leader", unions[0])).get(_api(unions[0], what)).status_code
            == 403
        )
        assert token_login(chair).put(_api(unions[0], what)).status_code == 405
    # A union of the district that was not chosen: its own inbox does not hold the answer.
    other = staff("chair", unions[1])
    t2 = target_for(form, unions[1])
    assert token_login(other).get(_api(unions[1], f"inbox/{t.pk}/")).status_code == 404
    assert token_login(other).get(_api(unions[1], f"inbox/{t2.pk}/")).status_code == 200
    # The union cannot review; the sender cannot answer.
    assert token_login(chair).post(_api(unions[0], f"sent/{form.pk}/send/")).status_code == 403
    assert token_login(sender).post(_api(district, f"inbox/{t.pk}/submit/")).status_code == 403
