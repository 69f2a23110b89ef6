"""The task page: editing a task, keeping what was typed when it is refused."""

from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.plans import services
from gonghui.plans.models import Task

from .conftest import committee, ids_of, url

pytestmark = pytest.mark.django_db


def test_editing_a_task_keeps_what_was_typed_on_error(login, chair, union, tracked):
    ids = ids_of(tracked)
    r = login(chair).post(
        url("task", union, task_id=ids["task_id"]), {"text": "改过的文字", "category": "no-such"}
    )
    assert r.status_code == 400
    assert "改过的文字" in r.content.decode()
    with unscoped():
        assert Task.objects.get(pk=ids["task_id"]).text == "三月份召开教代会"


def test_editing_a_task_saves_months_owner_and_audits(login, chair, union, tracked):
    ids = ids_of(tracked)
    committee(union, chair)
    with unscoped():
        seat = services.owner_choices(union).first()
    r = login(chair).post(
        url("task", union, task_id=ids["task_id"]),
        {
            "text": "三月份召开教代会",
            "category": "democracy",
            "months": ["3", "4"],
            "owner": seat.pk,
        },
    )
    assert r.status_code == 302
    with unscoped():
        task = Task.objects.get(pk=ids["task_id"])
        assert task.months == [3, 4] and task.owner_id == seat.pk
        entry = AuditEntry.objects.filter(
            action="plans.task.updated", object_id=str(task.pk)
        ).last()
        assert entry.actor == chair and "months" in entry.changes
