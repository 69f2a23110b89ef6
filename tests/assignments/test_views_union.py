"""The union's side: its inbox, the answer page rendered from the definition (keeps what
was typed on an error), attachments, the dashboard panel with reminders. A union outside
the targets gets 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.assignments import services
from gonghui.assignments.models import AnswerFile, AnswerStatus
from gonghui.audit.context import acting
from tests.factories import UnionFactory

from .conftest import make_form, target_for

pytestmark = pytest.mark.usefixtures("platform")

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


def _url(org, what=""):
    return f"/o/{org.code}/assignments/inbox/{what}"


@pytest.fixture
def chair(unions, staff):
    return staff("chair", unions[0])


def test_the_inbox_lists_what_was_sent_to_the_union(login, unions, form, chair):
    body = login(chair).get(_url(unions[0])).content.decode()
    assert form.title in body


def test_the_answer_page_renders_every_field(login, unions, form, chair):
    t = target_for(form, unions[0])
    body = login(chair).get(_url(unions[0], f"{t.pk}/")).content.decode()
    for needle in ('name="staff"', 'name="level"', 'type="date"', 'name="acts__0__name"',
                   'name="notes"', 'name="file__photos"', 'inputmode="decimal"'):  # fmt: skip
        assert needle in body, needle


def test_a_draft_then_handing_in(login, unions, form, chair):
    t = target_for(form, unions[0])
    c = login(chair)
    data = {"staff": "30", "level": "市级", "acts__0__name": "篮球赛", "acts__0__people": "12",
            "acts__1__name": "", "notes": "好"}  # fmt: skip
    assert c.post(_url(unions[0], f"{t.pk}/"), {**data, "save": ""}).status_code == 302
    t.refresh_from_db()
    assert t.status == AnswerStatus.DRAFT
    assert t.values["acts"] == [{"name": "篮球赛", "people": "12"}]
    assert c.post(_url(unions[0], f"{t.pk}/"), {**data, "submit": ""}).status_code == 302
    t.refresh_from_db()
    assert t.status == AnswerStatus.SUBMITTED
    body = c.get(_url(unions[0], f"{t.pk}/")).content.decode()
    assert 'name="staff"' not in body and "篮球赛" in body  # read-only once handed in


def test_an_error_keeps_what_was_typed_and_says_it_in_chinese(login, unions, form, chair):
    t = target_for(form, unions[0])
    r = login(chair).post(
        _url(unions[0], f"{t.pk}/"),
        {"staff": "很多", "notes": "<b>保留</b>", "acts__0__name": "读书会", "submit": ""},
    )
    body = r.content.decode()
    assert r.status_code == 400
    assert "职工人数：请填写数字。" in body
    assert 'value="很多"' in body and "&lt;b&gt;保留&lt;/b&gt;" in body and 'value="读书会"' in body
    t.refresh_from_db()
    assert t.status == AnswerStatus.NOT_STARTED


def test_attach_view_and_remove_a_file(login, district, sender, unions, form, chair):
    t = target_for(form, unions[0])
    c = login(chair)
    upload = SimpleUploadedFile("阵地.png", PNG, content_type="image/png")
    r = c.post(_url(unions[0], f"{t.pk}/files/"), {"field": "photos", "file": upload})
    assert r.status_code == 302
    item = AnswerFile.objects.get(target=t)
    assert item.content_type == "image/png" and item.name == "阵地.png"
    assert c.get(_url(unions[0], f"{t.pk}/files/{item.pk}/")).status_code == 200
    # The sender reads it from the board's side.
    r = login(sender).get(
        f"/o/{district.code}/assignments/{form.pk}/unions/{t.pk}/files/{item.pk}/"
    )
    assert r.status_code == 200 and r.content == PNG
    fake = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    c.post(_url(unions[0], f"{t.pk}/files/"), {"field": "photos", "file": fake})
    assert AnswerFile.objects.filter(target=t).count() == 1
    assert c.post(_url(unions[0], f"{t.pk}/files/{item.pk}/delete/")).status_code == 302
    assert not AnswerFile.objects.filter(target=t).exists()


def test_a_union_outside_the_targets_gets_404(login, district, sender, unions, staff):
    a = make_form(district, sender, target_mode="list", target_filter=[unions[0].code])
    t = target_for(a, unions[0])
    other = staff("chair", unions[1])  # same district, not chosen
    c = login(other)
    for path in (f"{t.pk}/", f"{t.pk}/files/"):
        assert c.get(_url(unions[1], path)).status_code in (404, 405)
        assert c.post(_url(unions[1], path), {"staff": "1"}).status_code == 404
    assert c.get(_url(unions[0], f"{t.pk}/")).status_code == 404  # not their organisation


def test_the_dashboard_shows_the_inbox_and_the_reminder(login, unions, form, chair, sender):
    t = target_for(form, unions[0])
    with acting(user=sender):
        services.target_remind(actor=sender, target=t, note="请本周内填报")
    body = login(chair).get(f"/o/{unions[0].code}/").content.decode()
    assert 'id="card-assignments"' in body and form.title in body and "请本周内填报" in body


@pytest.mark.parametrize("what", ["", "{t}/"])
def test_persona_cases(login, unions, form, chair, staff, what):
    t = target_for(form, unions[0])
    path = what.format(t=t.pk)
    assert login(chair).get(_url(unions[0], path)).status_code == 200
    assert login(staff("chair", UnionFactory())).get(_url(unions[0], path)).status_code == 404
    assert login(staff("group_leader", unions[0])).get(_url(unions[0], path)).status_code == 403
    assert login(chair).delete(_url(unions[0], path)).status_code == 405


@pytest.mark.parametrize("what", ["{t}/files/", "{t}/files/{f}/delete/"])
def test_persona_cases_of_the_file_actions(login, unions, form, chair, staff, what):
    t = target_for(form, unions[0])
    with acting(user=chair):
        f = services.answer_file_add(
            actor=chair, target=t, field="photos",
            upload=SimpleUploadedFile("a.png", PNG, content_type="image/png"),
        )  # fmt: skip
    path = what.format(t=t.pk, f=f.pk)
    assert login(chair).get(_url(unions[0], path)).status_code == 405
    assert login(staff("auditor", unions[0])).post(_url(unions[0], path)).status_code == 403
    assert login(staff("chair", UnionFactory())).post(_url(unions[0], path)).status_code == 404
