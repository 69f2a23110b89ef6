"""The work plan API: the same scoping, permissions and audit as the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.scoping import unscoped
from gonghui.plans.models import Evidence, PlanStatus, Record, Task

from .conftest import last_entry_id, new_entries

pytestmark = pytest.mark.django_db

BASE = "/api/v1/orgs/{code}/plans/"


@pytest.fixture
def tracked(make_plan):
    return make_plan(
        tasks=[
            ("每月开展安全检查", {"months": [3, 4], "recurrence": {"per": "month", "times": 1}}),
            "组织教职工体检",
        ],
        accept=True,
    )


def _task(plan) -> Task:
    with unscoped():
        return plan.tasks.order_by("position").first()


def test_list_and_detail_with_progress(token_client, tracked):
    api = token_client("school_chair")
    r = api.get(BASE.format(code="S0001") + "?year=2031")
    assert r.status_code == 200
    assert [p["id"] for p in r.json()] == [tracked.pk]
    r = api.get(BASE.format(code="S0001") + f"{tracked.pk}/")
    body = r.json()
    assert body["status"] == "accepted"
    first = body["tasks"][0]
    assert first["progress"]["total"] == 2 and first["progress"]["done"] == 0
    assert first["months"] == [3, 4]


def test_other_union_gets_404_and_reader_gets_403(token_client, tracked):
    url = BASE.format(code="S0001") + f"{tracked.pk}/"
    assert token_client("hospital_chair").get(url).status_code == 404
    assert (
        token_client("hospital_chair").get(BASE.format(code="H0001") + f"{tracked.pk}/").status_code
        == 404
    )
    r = token_client("factory_finance").post(
        BASE.format(code="F0001") + "tasks/merge/",
        {"tasks": [1, 2]},
        content_type="application/json",
    )
    assert r.status_code == 403
    assert token_client("member").get(BASE.format(code="S0001-G01")).status_code == 403
    assert (
        token_client("school_chair").put(url, {}, content_type="application/json").status_code
        == 405
    )


def test_patch_task_and_audit(token_client, tracked):
    task = _task(tracked)
    since = last_entry_id()
    r = token_client("school_chair").patch(
        BASE.format(code="S0001") + f"tasks/{task.pk}/",
        {"category": "rights", "months": [3, 4, 5]},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["category"] == "rights" and r.json()["months"] == [3, 4, 5]
    [entry] = new_entries("plans.task.updated", since)
    assert entry.source == "api" and entry.actor.username == "school_chair"


def test_bad_values_are_refused_in_chinese(token_client, tracked):
    task = _task(tracked)
    r = token_client("school_chair").patch(
        BASE.format(code="S0001") + f"tasks/{task.pk}/",
        {"months": [13]},
        content_type="application/json",
    )
    assert r.status_code == 400
    r = token_client("school_chair").post(
        BASE.format(code="S0001") + f"tasks/{task.pk}/status/",
        {"status": "done"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "关联" in r.json()["detail"]


def test_record_with_attachment_links_and_completes_progress(token_client, tracked):
    task = _task(tracked)
    api = token_client("school_chair")
    for month in (3, 4):
        r = api.post(
            BASE.format(code="S0001") + f"tasks/{task.pk}/records/",
            {
                "title": f"{month}月安全检查",
                "date": f"2031-{month:02d}-10",
                "attachments": SimpleUploadedFile("检查表.pdf", b"%PDF-1.4 test"),
            },
        )
        assert r.status_code == 201, r.content
    r = api.get(BASE.format(code="S0001") + f"tasks/{task.pk}/")
    assert r.json()["progress"]["complete"] is True
    assert r.json()["status"] == "done"
    with unscoped():
        assert Record.objects.filter(org__code="S0001", title__endswith="月安全检查").count() == 2


def test_link_and_unlink_evidence(token_client, tracked, org, user):
    from gonghui.audit.context import acting
    from gonghui.core.scoping import scope
    from gonghui.plans import services

    school = org("S0001")
    with scope(school), acting(user=user("school_chair")):
        record = services.record_create(
            actor=user("school_chair"),
            org=school,
            data={"title": "体检", "date": dt.date(2031, 5, 1)},
        )
    task = _task(tracked)
    api = token_client("school_chair")
    kinds = api.get(
        BASE.format(code="S0001") + "evidence-kinds/?kind=plans.record&year=2031"
    ).json()
    assert str(record.pk) in [r["object_id"] for r in kinds["records"]]
    r = api.post(
        BASE.format(code="S0001") + f"tasks/{task.pk}/evidence/",
        {"kind": "plans.record", "object_id": str(record.pk)},
        content_type="application/json",
    )
    assert r.status_code == 201
    ev_id = r.json()["id"]
    assert api.delete(BASE.format(code="S0001") + f"evidence/{ev_id}/").status_code == 204
    with unscoped():
        assert not Evidence.objects.filter(pk=ev_id).exists()


def test_merge_split_move_accept(token_client, make_plan):
    plan = make_plan(tasks=["甲", "乙", "丙"])
    with unscoped():
        a, b, c = plan.tasks.order_by("position")
    api = token_client("school_chair")
    url = BASE.format(code="S0001")
    r = api.post(url + "tasks/merge/", {"tasks": [a.pk, b.pk]}, content_type="application/json")
    assert r.status_code == 200 and r.json()["text"] == "甲；乙。"
    r = api.post(
        url + f"tasks/{a.pk}/split/", {"parts": ["甲", "乙"]}, content_type="application/json"
    )
    assert r.status_code == 200 and len(r.json()) == 2
    r = api.post(url + f"tasks/{c.pk}/move/", {"direction": "up"}, content_type="application/json")
    assert r.status_code == 200
    r = api.post(url + f"{plan.pk}/accept/")
    assert r.status_code == 200 and r.json()["status"] == PlanStatus.ACCEPTED
    with unscoped():
        assert list(plan.tasks.order_by("position").values_list("text", flat=True)) == [
            "甲",
            "丙",
            "乙",
        ]


def test_merge_refuses_foreign_task_ids(token_client, make_plan):
    own = make_plan(tasks=["甲"])
    foreign = make_plan("H0001", tasks=["乙"], actor="hospital_chair")
    with unscoped():
        ids = [own.tasks.get().pk, foreign.tasks.get().pk]
    r = token_client("school_chair").post(
        BASE.format(code="S0001") + "tasks/merge/", {"tasks": ids}, content_type="application/json"
    )
    assert r.status_code == 404


def test_calendar_and_due(token_client, tracked):
    api = token_client("school_chair")
    cal = api.get(BASE.format(code="S0001") + "calendar/?year=2031").json()
    march = next(m for m in cal["months"] if m["month"] == 3)
    assert [t["text"] for t in march["tasks"]] == ["每月开展安全检查"]
    due = api.get(BASE.format(code="S0001") + "due/").json()
    assert "overdue" in due and "this_month" in due
