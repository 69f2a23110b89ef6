"""Two cadres accept two drafts of the same union and year at the same moment, on
PostgreSQL, each in its own thread with its own connection: exactly one plan is tracked,
the other accept is refused naming it (the union's row lock in plan_accept)."""

from __future__ import annotations

from functools import partial

import pytest
from django.db import connection

from gonghui.core.scoping import unscoped
from tests.concurrency import at_once

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent sessions need PostgreSQL; run with DATABASE_URL=...",
    ),
]

ROUNDS = 5


def test_two_drafts_accepted_at_once_leave_one_tracked_plan(transactional_db, staff):
    from gonghui.plans import services
    from gonghui.plans.models import Plan, PlanStatus
    from gonghui.plans.services import PlanError
    from tests.factories import UnionFactory

    from .conftest import build_plan

    for year in range(2031, 2031 + ROUNDS):  # a race is won differently each time
        union = UnionFactory()
        chair, cadre = staff("chair", union), staff("cadre", union)
        drafts = [build_plan(union, who, ["任务"], year=year) for who in (chair, cadre)]

        def accept(plan, who):
            with unscoped():
                return services.plan_accept(actor=who, plan=plan)

        jobs = [partial(accept, drafts[0], chair), partial(accept, drafts[1], cadre)]
        results = at_once(lambda i, jobs=jobs: jobs[i](), 2)
        accepted = [r for r in results if isinstance(r, Plan)]
        refused = [r for r in results if isinstance(r, PlanError)]
        assert len(accepted) == 1 and len(refused) == 1, results
        assert "已是" in str(refused[0]) or "already" in str(refused[0])
        with unscoped():
            tracked = Plan.objects.filter(org=union, year=year, status=PlanStatus.ACCEPTED)
            assert list(tracked) == accepted


def test_accepting_does_not_undo_a_title_changed_meanwhile(db, union, chair):
    """The accept saves the plan as read under its lock, not the caller's older copy."""
    from gonghui.plans import services
    from gonghui.plans.models import Plan

    from .conftest import build_plan

    plan = build_plan(union, chair, ["任务"], year=2036)
    with unscoped():
        stale = Plan.objects.get(pk=plan.pk)  # a request read it ...
        fresh = Plan.objects.get(pk=plan.pk)
        services.plan_update(actor=chair, plan=fresh, title="改过的标题", year=2036)
        services.plan_accept(actor=chair, plan=stale)  # ... and accepts it now
        saved = Plan.objects.get(pk=plan.pk)
    assert saved.title == "改过的标题" and saved.status == "accepted"
    assert stale.status == "accepted"
