"""Evidence on the task page: work records with attachments, and links from other pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.plans import services
from gonghui.plans.models import Evidence, Record

from .conftest import ids_of, url

pytestmark = pytest.mark.django_db


def test_a_work_record_with_an_attachment_is_linked_and_downloadable(
    login, chair, union, other, tracked
):
    ids = ids_of(tracked)
    chair = login(chair)
    photo = SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff fake jpeg", content_type="image/jpeg")
    r = chair.post(
        url("record_add", union, task_id=ids["task_id"]),
        {
            "title": "五届三次教代会",
            "date": "2031-03-20",
            "participants": "86",
            "attachments": photo,
        },
    )
    assert r.status_code == 302
    with unscoped():
        record = Record.objects.get(title="五届三次教代会")
        ev = Evidence.objects.get(task_id=ids["task_id"])
        att = record.attachments.get()
    assert ev.object_id == str(record.pk) and ev.date == dt.date(2031, 3, 20)
    r = chair.get(url("attachment", union, attachment_id=att.pk))
    assert r.status_code == 200 and b"fake jpeg" in b"".join(r.streaming_content)
    assert (
        login(other.chair).get(url("attachment", other.union, attachment_id=att.pk)).status_code
        == 404
    )
    page = chair.get(url("task", union, task_id=ids["task_id"])).content.decode()
    assert "五届三次教代会" in page and "1 of 1" not in page  # translated label


def test_a_bad_record_keeps_the_form(login, chair, union, tracked):
    ids = ids_of(tracked)
    r = login(chair).post(
        url("record_add", union, task_id=ids["task_id"]), {"title": "缺日期的记录", "date": ""}
    )
    assert r.status_code == 400
    assert "缺日期的记录" in r.content.decode()
    with unscoped():
        assert not Record.objects.filter(title="缺日期的记录").exists()


def test_link_from_another_page_goes_back_there(login, chair, union, tracked):
    ids = ids_of(tracked)
    with scope(union), acting(user=chair):
        record = services.record_create(
            actor=chair,
            org=union,
            data={"title": "体检", "date": dt.date(2031, 5, 1)},
        )
    back = url("calendar", union)
    r = login(chair).post(
        url("evidence_link", union),
        {"task": ids["task_id"], "kind": "plans.record", "object_id": record.pk, "next": back},
    )
    assert r.status_code == 302 and r["Location"] == back
    with unscoped():
        assert Evidence.objects.filter(task_id=ids["task_id"], object_id=str(record.pk)).exists()
