"""Workflows of the work plan: correcting tasks, linking evidence, progress and status."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope
from gonghui.plans import services
from gonghui.plans.models import Evidence, PlanStatus, Record, Task, TaskStatus
from gonghui.plans.selectors import due_tasks, task_progress

from .conftest import committee

pytestmark = pytest.mark.django_db


def test_split_keeps_the_first_part_and_inserts_the_rest_after_it(new_plan, union, chair):
    plan = new_plan(["召开教代会；开展校务公开", "组织教职工体检"])
    first, second = plan.tasks.order_by("position")
    with scope(union), acting(user=chair):
        a, b = services.task_split(actor=chair, task=first, parts=["召开教代会", "开展校务公开"])
    texts = list(plan.tasks.order_by("position").values_list("text", flat=True))
    assert texts == ["召开教代会", "开展校务公开", "组织教职工体检"]
    assert b.category == first.category
    assert AuditEntry.objects.filter(action="plans.task.split", object_id=str(first.pk)).exists()


def test_split_needs_two_parts(new_plan, union, chair):
    plan = new_plan(["召开教代会"])
    with scope(union), pytest.raises(services.PlanError):
        services.task_split(actor=chair, task=plan.tasks.get(), parts=["召开教代会", "  "])


def test_merge_joins_texts_months_and_moves_evidence(new_plan, union, chair):
    plan = new_plan(
        tasks=[("三八节活动", {"months": [3]}), ("五一登山", {"months": [5]}), "其他"], accept=True
    )
    a, b, c = plan.tasks.order_by("position")
    with scope(union), acting(user=chair):
        services.record_create(
            actor=chair, org=union, data={"title": "登山", "date": dt.date(2031, 5, 2)}, task=b
        )
        keep = services.tasks_merge(actor=chair, tasks=[b, a])
    keep.refresh_from_db()
    assert keep.pk == a.pk
    assert keep.months == [3, 5]
    assert "三八节活动" in keep.text and "五一登山" in keep.text
    assert not Task.objects.filter(pk=b.pk).exists()
    assert Evidence.objects.get(task__plan=plan).task_id == a.pk
    assert AuditEntry.objects.filter(action="plans.task.merged", object_id=str(a.pk)).exists()


def test_move_down_swaps_within_a_section(new_plan, union, chair):
    plan = new_plan(["甲", "乙", "丙"])
    a = plan.tasks.get(text="甲")
    with scope(union):
        services.task_move(actor=chair, task=a, direction="down")
    assert list(plan.tasks.order_by("position").values_list("text", flat=True)) == [
        "乙",
        "甲",
        "丙",
    ]


def test_owner_must_sit_on_this_unions_committee(new_plan, union, other, chair):
    plan = new_plan(["甲"])
    foreign_seat = committee(other.union, other.chair)[0]
    committee(union, chair)
    own_seat = services.owner_choices(union).first()
    assert foreign_seat is not None and own_seat is not None
    task = plan.tasks.get()
    with scope(union), pytest.raises(services.PlanError):
        services.task_update(actor=chair, task=task, data={"owner": foreign_seat})
    with scope(union):
        services.task_update(actor=chair, task=task, data={"owner": own_seat})
    task.refresh_from_db()
    assert task.owner_id == own_seat.pk


def test_linking_records_moves_a_monthly_task_to_done(new_plan, union, chair):
    plan = new_plan(
        tasks=[
            ("每月开展一次安全检查", {"months": [3, 4], "recurrence": {"per": "month", "times": 1}})
        ],
        accept=True,
    )
    task = plan.tasks.get()
    with scope(union), acting(user=chair):
        services.record_create(
            actor=chair,
            org=union,
            data={"title": "三月检查", "date": dt.date(2031, 3, 5)},
            task=task,
        )
        task.refresh_from_db()
        assert task.status == TaskStatus.DOING
        assert (task_progress(task).done, task_progress(task).total) == (1, 2)
        services.record_create(
            actor=chair,
            org=union,
            data={"title": "四月检查", "date": dt.date(2031, 4, 5)},
            task=task,
        )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    ev = task.evidence.first()
    with scope(union):
        services.evidence_unlink(actor=chair, evidence=ev)
    task.refresh_from_db()
    assert task.status == TaskStatus.DOING


def test_records_link_only_to_accepted_plans_and_only_once(new_plan, union, chair):
    draft = new_plan(["甲"])
    with scope(union), acting(user=chair):
        record = services.record_create(
            actor=chair, org=union, data={"title": "x", "date": dt.date(2031, 1, 2)}
        )
        with pytest.raises(services.PlanError):
            services.evidence_link(
                actor=chair, task=draft.tasks.get(), kind_key="plans.record", object_id=record.pk
            )
        services.plan_accept(actor=chair, plan=draft)
        task = draft.tasks.get()
        services.evidence_link(actor=chair, task=task, kind_key="plans.record", object_id=record.pk)
        with pytest.raises(services.PlanError):
            services.evidence_link(
                actor=chair, task=task, kind_key="plans.record", object_id=record.pk
            )


def test_a_record_of_another_union_cannot_be_linked(new_plan, other, union, chair):
    hospital, hchair = other.union, other.chair
    with scope(hospital), acting(user=hchair):
        foreign = services.record_create(
            actor=hchair, org=hospital, data={"title": "医院的", "date": dt.date(2031, 1, 2)}
        )
    plan = new_plan(["甲"], accept=True)
    with scope(union), pytest.raises(services.PlanError):
        services.evidence_link(
            actor=chair, task=plan.tasks.get(), kind_key="plans.record", object_id=foreign.pk
        )


def test_done_by_hand_needs_a_record(new_plan, union, chair):
    plan = new_plan(["甲"], accept=True)
    task = plan.tasks.get()
    with scope(union):
        with pytest.raises(services.PlanError):
            services.task_set_status(actor=chair, task=task, status=TaskStatus.DONE)
        services.task_set_status(actor=chair, task=task, status=TaskStatus.DROPPED)
    task.refresh_from_db()
    assert task.status == TaskStatus.DROPPED


def test_a_task_with_records_is_not_deleted(new_plan, union, chair):
    plan = new_plan(["甲"], accept=True)
    task = plan.tasks.get()
    with scope(union), acting(user=chair):
        services.record_create(
            actor=chair, org=union, data={"title": "x", "date": dt.date(2031, 1, 2)}, task=task
        )
        with pytest.raises(services.PlanError):
            services.task_delete(actor=chair, task=task)


def test_ticked_tasks_are_deleted_all_or_none(new_plan, union, chair):
    plan = new_plan(["甲", "乙", "丙"], accept=True)
    first, second, third = plan.tasks.order_by("position")
    with scope(union), acting(user=chair):
        services.record_create(
            actor=chair, org=union, data={"title": "x", "date": dt.date(2031, 1, 2)}, task=third
        )
        with pytest.raises(services.PlanError):
            services.tasks_delete(actor=chair, tasks=[first, second, third])
        assert plan.tasks.count() == 3
        # (the refused call's deletes were rolled back; the rows are read again)
        services.tasks_delete(actor=chair, tasks=list(plan.tasks.exclude(pk=third.pk)))
        assert list(plan.tasks.values_list("text", flat=True)) == ["丙"]


def test_attachments_refuse_unknown_types_and_save_nothing(union, chair, platform):
    bad = SimpleUploadedFile("run.exe", b"MZ...", content_type="application/octet-stream")
    before = Record.objects.count()
    with scope(union), pytest.raises(services.PlanError):
        services.record_create(
            actor=chair,
            org=union,
            data={"title": "x", "date": dt.date(2031, 1, 2)},
            files=[bad],
        )
    assert Record.objects.count() == before


def test_due_lists_this_month_and_overdue(new_plan, union):
    plan = new_plan(
        tasks=[
            ("三月份召开教代会", {"months": [3]}),
            ("六月份组织体检", {"months": [6]}),
            "全年工作",
        ],
        accept=True,
    )
    with scope(union):
        due = due_tasks(union, dt.date(2031, 6, 15))
    assert [t.text for t in due.overdue] == ["三月份召开教代会"]
    assert {t.text for t in due.this_month} == {"六月份组织体检"}
    with scope(union):
        december = due_tasks(union, dt.date(2031, 12, 1))
    # A whole-year task is due by the year's end, not listed every month.
    assert "全年工作" in {t.text for t in december.this_month}
    assert plan.status == PlanStatus.ACCEPTED


def test_accepting_needs_tasks(new_plan, union, chair):
    plan = new_plan([])
    with scope(union), pytest.raises(services.PlanError):
        services.plan_accept(actor=chair, plan=plan)
