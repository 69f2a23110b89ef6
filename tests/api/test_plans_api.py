"""The work plan API: the same scoping, permissions and audit as the pages.

The plans belong to the `school` union of tests/api/conftest.py and are made through the
plans services, as its chair would."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.plans import services
from gonghui.plans.models import Evidence, PlanStatus, Record, Task
from tests.factories import UserFactory

from .conftest import last_entry_id, new_entries

pytestmark = pytest.mark.django_db

BASE = "/api/v1/orgs/{code}/plans/"
# The codes of the `school` fixture: the union, its first group, the other union.
S, G1, F = "AS01", "AS01-G01", "AF01"


@pytest.fixture
def new_plan(school):
    """new_plan(["task a", ("task b", {"months": [3]})], accept=True): a plan of the school
    made by its chair (or of `union` by `actor`) through the plans services."""

    def make(tasks=(), *, union=None, actor=None, year=2031, accept=False):
        union, who = union or school.union, actor or school.chair
        with scope(union), acting(user=who):
            plan = services.plan_create(
                actor=who, org=union, year=year, title=f"{year}年工会工作计划"
            )
            for item in tasks:
                text, data = (item, {}) if isinstance(item, str) else item
                services.task_create(actor=who, plan=plan, data={"text": text, **data})
            if accept:
                services.plan_accept(actor=who, plan=plan)
        return plan

    return make


@pytest.fixture
def tracked(new_plan):
    return new_plan(
        tasks=[
            ("每月开展安全检查", {"months": [3, 4], "recurrence": {"per": "month", "times": 1}}),
            "组织教职工体检",
        ],
        accept=True,
    )


def _task(plan) -> Task:
    with unscoped():
        return plan.tasks.order_by("position").first()


def test_list_and_detail_with_progress(school, token_login, tracked):
    api = token_login(school.chair)
    r = api.get(BASE.format(code=S) + "?year=2031")
    assert r.status_code == 200
    assert [p["id"] for p in r.json()] == [tracked.pk]
    r = api.get(BASE.format(code=S) + f"{tracked.pk}/")
    body = r.json()
    assert body["status"] == "accepted"
    first = body["tasks"][0]
    assert first["progress"]["total"] == 2 and first["progress"]["done"] == 0
    assert first["months"] == [3, 4]


def test_other_union_gets_404_and_reader_gets_403(school, token_login, tracked):
    url = BASE.format(code=S) + f"{tracked.pk}/"
    other_chair = token_login(school.other_chair)
    assert other_chair.get(url).status_code == 404
    assert other_chair.get(BASE.format(code=F) + f"{tracked.pk}/").status_code == 404
    finance = UserFactory(roles=[("finance", school.other)])
    r = token_login(finance).post(
        BASE.format(code=F) + "tasks/merge/",
        {"tasks": [1, 2]},
        content_type="application/json",
    )
    assert r.status_code == 403
    assert token_login(school.member).get(BASE.format(code=G1)).status_code == 403
    assert (
        token_login(school.chair).put(url, {}, content_type="application/json").status_code == 405
    )


def test_patch_task_and_audit(school, token_login, tracked):
    task = _task(tracked)
    since = last_entry_id()
    r = token_login(school.chair).patch(
        BASE.format(code=S) + f"tasks/{task.pk}/",
        {"category": "rights", "months": [3, 4, 5]},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["category"] == "rights" and r.json()["months"] == [3, 4, 5]
    [entry] = new_entries("plans.task.updated", since)
    assert entry.source == "api" and entry.actor == school.chair


def test_bad_values_are_refused_in_chinese(school, token_login, tracked):
    task = _task(tracked)
    r = token_login(school.chair).patch(
        BASE.format(code=S) + f"tasks/{task.pk}/",
        {"months": [13]},
        content_type="application/json",
    )
    assert r.status_code == 400
    r = token_login(school.chair).post(
        BASE.format(code=S) + f"tasks/{task.pk}/status/",
        {"status": "done"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "关联" in r.json()["detail"]


def test_record_with_attachment_links_and_completes_progress(school, token_login, tracked):
    task = _task(tracked)
    api = token_login(school.chair)
    for month in (3, 4):
        r = api.post(
            BASE.format(code=S) + f"tasks/{task.pk}/records/",
            {
                "title": f"{month}月安全检查",
                "date": f"2031-{month:02d}-10",
                "attachments": SimpleUploadedFile("检查表.pdf", b"%PDF-1.4 test"),
            },
        )
        assert r.status_code == 201, r.content
    r = api.get(BASE.format(code=S) + f"tasks/{task.pk}/")
    assert r.json()["progress"]["complete"] is True
    assert r.json()["status"] == "done"
    with unscoped():
        assert Record.objects.filter(org__code=S, title__endswith="月安全检查").count() == 2


def test_link_and_unlink_evidence(school, token_login, tracked):
    with scope(school.union), acting(user=school.chair):
        record = services.record_create(
            actor=school.chair,
            org=school.union,
            data={"title": "体检", "date": dt.date(2031, 5, 1)},
        )
    task = _task(tracked)
    api = token_login(school.chair)
    kinds = api.get(BASE.format(code=S) + "evidence-kinds/?kind=plans.record&year=2031").json()
    assert str(record.pk) in [r["object_id"] for r in kinds["records"]]
    r = api.post(
        BASE.format(code=S) + f"tasks/{task.pk}/evidence/",
        {"kind": "plans.record", "object_id": str(record.pk)},
        content_type="application/json",
    )
    assert r.status_code == 201
    ev_id = r.json()["id"]
    assert api.delete(BASE.format(code=S) + f"evidence/{ev_id}/").status_code == 204
    with unscoped():
        assert not Evidence.objects.filter(pk=ev_id).exists()


def test_merge_split_move_accept(school, token_login, new_plan):
    plan = new_plan(["甲", "乙", "丙"])
    with unscoped():
        a, b, c = plan.tasks.order_by("position")
    api = token_login(school.chair)
    url = BASE.format(code=S)
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


def test_merge_refuses_foreign_task_ids(school, token_login, new_plan):
    own = new_plan(["甲"])
    foreign = new_plan(["乙"], union=school.other, actor=school.other_chair)
    with unscoped():
        ids = [own.tasks.get().pk, foreign.tasks.get().pk]
    r = token_login(school.chair).post(
        BASE.format(code=S) + "tasks/merge/", {"tasks": ids}, content_type="application/json"
    )
    assert r.status_code == 404


def test_calendar_and_due(school, token_login, tracked):
    api = token_login(school.chair)
    cal = api.get(BASE.format(code=S) + "calendar/?year=2031").json()
    march = next(m for m in cal["months"] if m["month"] == 3)
    assert [t["text"] for t in march["tasks"]] == ["每月开展安全检查"]
    due = api.get(BASE.format(code=S) + "due/").json()
    assert "overdue" in due and "this_month" in due
