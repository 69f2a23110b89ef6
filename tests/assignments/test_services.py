"""Workflows: sending resolves the unions, answers are checked against the form, the
states move as the sender and the union act, overdue is computed, each step audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from gonghui.assignments import selectors, services
from gonghui.assignments.models import AnswerStatus, AssignmentTarget, Reminder
from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from tests.factories import UnionFactory, UserFactory

from .conftest import answer, make_form, target_for

pytestmark = pytest.mark.usefixtures("platform")


def test_sending_resolves_every_union_below(district, sender, unions):
    other = UnionFactory()  # another district's union
    a = make_form(district, sender)
    assert a.status == "sent" and a.sent_at
    got = set(AssignmentTarget.objects.filter(assignment=a).values_list("org_id", flat=True))
    assert got == {u.pk for u in unions} and other.pk not in got
    assert AuditEntry.objects.filter(
        action="assignments.assignment.updated", object_id=str(a.pk)
    ).exists()


def test_sending_by_type_and_by_list(district, sender, unions):
    school, factory, hospital = unions
    a = make_form(district, sender, target_mode="unit_type", target_filter=["school", "hospital"])
    assert {t.org for t in selectors.targets_of(a)} == {school, hospital}
    b = make_form(
        district, sender, target_mode="list", target_filter=[factory.code, UnionFactory().code]
    )
    assert [t.org for t in selectors.targets_of(b)] == [factory]


def test_only_an_upper_union_sends(unions, sender):
    with pytest.raises(services.AssignmentError):
        make_form(unions[0], sender)


def test_a_past_deadline_is_refused_at_send(district, sender, unions):
    a = make_form(
        district, sender, send=False, deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    with acting(user=sender), pytest.raises(services.AssignmentError):
        services.assignment_send(actor=sender, assignment=a)


def test_the_answer_goes_draft_submitted_returned_accepted(district, sender, unions, form):
    chair = UserFactory(roles=[("chair", unions[0])])
    t = target_for(form, unions[0])
    answer(t, chair, {"staff": "12"})
    t.refresh_from_db()
    assert t.status == AnswerStatus.DRAFT and t.values == {"staff": "12"}
    answer(t, chair, {"staff": "12", "level": "省级"}, submit=True)
    t.refresh_from_db()
    assert t.status == AnswerStatus.SUBMITTED and t.submitted_by == chair
    with pytest.raises(services.AssignmentError):
        answer(t, chair, {"staff": "13"})  # handed in: locked until returned
    with acting(user=sender), pytest.raises(services.AssignmentError):
        services.answer_return(actor=sender, target=t, comment=" ")
    with acting(user=sender):
        services.answer_return(actor=sender, target=t, comment="人数有误")
    t.refresh_from_db()
    assert t.status == AnswerStatus.RETURNED and t.review_comment == "人数有误"
    answer(t, chair, {"staff": "13"}, submit=True)
    with acting(user=sender):
        services.answer_accept(actor=sender, target=t)
    t.refresh_from_db()
    assert t.status == AnswerStatus.ACCEPTED and t.reviewed_by == sender
    entry = AuditEntry.objects.filter(
        action="assignments.assignmenttarget.updated", object_id=str(t.pk)
    ).latest("id")
    assert entry.changes["status"] == ["submitted", "accepted"]
    assert entry.org_id == unions[0].pk


def test_a_number_field_refuses_text_in_chinese(unions, form):
    chair = UserFactory(roles=[("chair", unions[0])])
    with translation.override("zh-hans"), pytest.raises(services.AssignmentError) as err:
        answer(target_for(form, unions[0]), chair, {"staff": "很多"})
    assert err.value.message == "职工人数：请填写数字。" and err.value.field == "staff"


def test_handing_in_asks_for_the_required_fields(unions, form):
    chair = UserFactory(roles=[("chair", unions[0])])
    with pytest.raises(services.AssignmentError) as err:
        answer(target_for(form, unions[0]), chair, {"level": "省级"}, submit=True)
    assert err.value.field == "staff"


def test_overdue_is_computed_from_the_deadline(district, sender, unions):
    a = make_form(district, sender, deadline=timezone.localdate())
    chair = UserFactory(roles=[("chair", unions[1])])
    answer(target_for(a, unions[1]), chair, {"staff": "5"}, submit=True)
    today = timezone.localdate()
    assert selectors.board(a)["counts"]["overdue"] == 0
    later = today + dt.timedelta(days=1)
    open_t, done_t = target_for(a, unions[0]), target_for(a, unions[1])
    assert open_t.is_overdue(later) and open_t.board_status(later) == "overdue"
    assert not done_t.is_overdue(later)
    with unscoped(), acting(source="system"):
        a.deadline = today - dt.timedelta(days=1)
        a.save()
    board = selectors.board(a)
    assert board["counts"]["overdue"] == 2 and board["counts"]["submitted"] == 1
    assert [t.org for t in selectors.board(a, "overdue")["rows"]] == [unions[0], unions[2]]


def test_a_reminder_is_recorded_and_only_for_open_answers(sender, unions, form):
    t = target_for(form, unions[0])
    with acting(user=sender):
        services.target_remind(actor=sender, target=t, note="请尽快")
        assert services.assignment_remind_open(actor=sender, assignment=form) == 3
    assert Reminder.objects.filter(target=t).count() == 2
    chair = UserFactory(roles=[("chair", unions[0])])
    answer(t, chair, {"staff": "1"}, submit=True)
    with acting(user=sender), pytest.raises(services.AssignmentError):
        services.target_remind(actor=sender, target=t)


def test_a_task_without_fields_asks_for_what_was_done(district, sender, unions):
    a = make_form(district, sender, kind="task", definition={})
    assert [f["type"] for f in a.fields] == ["text", "file"]


def test_the_log_shows_the_forms_labels_not_its_keys(district, sender, unions, form):
    chair = UserFactory(roles=[("chair", unions[0])])
    t = target_for(form, unions[0])
    answer(t, chair, {"staff": "12", "acts": [{"name": "插花", "people": "30"}]})
    entry = AuditEntry.objects.filter(
        action="assignments.assignmenttarget.updated", object_id=str(t.pk)
    ).latest("id")
    assert entry.changes["values"][1] == {
        "职工人数": "12",
        "活动": [{"名称": "插花", "人数": "30"}],
    }
    created = AuditEntry.objects.filter(
        action="assignments.assignment.created", object_id=str(form.pk)
    ).get()
    assert created.changes["definition"][1].splitlines()[0] == "职工人数|数字|必填"
