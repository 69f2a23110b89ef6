"""What openness plugs in: plan evidence, the summary's figures, the dashboard cards.

The demo's own openness data is tested in test_demo.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.core.scoping import scope, unscoped
from gonghui.openness import hooks
from gonghui.openness.models import Notice
from gonghui.plans import evidence, figures

from .conftest import make_notice, make_question, person, signed_in, unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def test_the_notice_is_plan_evidence_counted_in_its_publication_month():
    kind = evidence.get("openness.notice")
    assert kind.model_class is Notice and "democracy" in kind.categories
    n = make_notice(status="published", published_on=dt.date(2031, 8, 5), period="q3")
    make_question(n)
    with scope(unit("school")):
        d = kind.describe(Notice.objects.select_related("org").get(pk=n.pk))
        assert d.date == dt.date(2031, 8, 5) and d.figures == {"notices": 1, "questions": 1}
        assert d.url.endswith(f"/o/{unit('school').code}/openness/{n.pk}/")
        assert n.pk in [c.pk for c in kind.candidates(unit("school"), 2031)]
        assert n.pk not in [c.pk for c in kind.candidates(unit("school"), 2030)]


def test_a_quarterly_plan_task_counts_the_notices():
    """坚持校务公开，每季度公开一次: notices in three quarters → 3 of 4 quarters."""
    from gonghui.audit.context import acting
    from gonghui.plans import services
    from gonghui.plans.models import Task
    from gonghui.plans.selectors import task_progress

    chair = person("chair")
    with scope(unit("school")), acting(user=chair):
        plan = services.plan_create(
            actor=chair, org=unit("school"), year=2031, title="2031年工会工作计划"
        )
        services.task_create(
            actor=chair,
            plan=plan,
            data={
                "text": "坚持校务公开，每季度公开一次",
                "recurrence": {"per": "quarter", "times": 1},
            },
        )
        services.plan_accept(actor=chair, plan=plan)
    notices = [
        make_notice(status="published", published_on=dt.date(2031, m, 10), period_year=2031)
        for m in (2, 5, 8)
    ]
    chair = person("chair")
    with scope(unit("school")), acting(user=chair):
        task = Task.objects.get(plan=plan)
        for n in notices:
            services.evidence_link(
                actor=chair, task=task, kind_key="openness.notice", object_id=n.pk
            )
        p = task_progress(Task.objects.get(pk=task.pk))
    assert (p.done, p.total) == (3, 4)


def test_the_year_figures_for_the_summary():
    n = make_notice(status="published", published_on=dt.date(2031, 3, 1))
    make_question(n, asked_on=dt.date(2031, 3, 2), answer="答", answered_on=dt.date(2031, 3, 5))
    make_question(n, asked_on=dt.date(2031, 3, 3))
    with scope(unit("school")):
        rows = {f.key: f.value for f in figures.compute_all(unit("school"), 2031)["democracy"]}
    assert rows["openness.notices"] == 1
    assert rows["openness.questions"] == 2
    assert rows["openness.answered"] == 1 and rows["openness.answered_on_time"] == 1


def test_the_cadre_card_shows_due_items_and_waiting_questions(rf):
    from gonghui.accounts.access import resolve_access

    today = timezone.localdate()
    n = make_notice(status="published", published_on=today)
    make_question(n, asked_on=today - dt.timedelta(days=31))
    with unscoped():
        from gonghui.accounts.models import User

        request = rf.get("/")
        request.user = User.objects.get(pk=person("chair").pk)
        access = resolve_access(request.user, unit("school").code)
    request.access, request.org = access, access.org
    with scope(access.org):
        ctx = hooks.cadre_panel(request)
        assert ctx["unanswered"] >= 1 and ctx["late"] >= 1
        assert hooks.reader_panel(request) is None


def test_the_dashboard_shows_the_cards():
    make_notice(status="published", published_on=timezone.localdate())
    body = signed_in("chair").get(f"/o/{unit('school').code}/").content.decode()
    assert 'id="card-openness"' in body
    body = signed_in("reader").get(f"/o/{unit('group').code}/").content.decode()
    today = timezone.localdate()
    with unscoped():
        recent = Notice.objects.filter(
            org=unit("school"), status="published", published_on__gte=today - dt.timedelta(days=90)
        ).exists()
    assert ('id="card-openness-latest"' in body) == recent
