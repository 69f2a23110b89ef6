"""Two cadres press 起草下一年计划 on the same plan at the same moment, on PostgreSQL, each in
its own thread with its own connection: one draft is made, the other press is refused
pointing to it (the plan's row lock in plan_draft_next_year)."""

from __future__ import annotations

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

ROUNDS = 3


def test_two_presses_at_once_make_one_draft(transactional_db, staff):
    from gonghui.plans import services
    from gonghui.plans.models import Plan
    from gonghui.plans.services import PlanError
    from tests.factories import UnionFactory

    from .conftest import build_plan

    for _ in range(ROUNDS):  # a race is won differently each time
        union = UnionFactory()
        chair, cadre = staff("chair", union), staff("cadre", union)
        plan = build_plan(union, chair, ["开展师德标兵评选"], year=2024, accept=True)

        def press(i, plan=plan, who=(chair, cadre)):
            with unscoped():
                return services.plan_draft_next_year(actor=who[i], plan=plan)

        results = at_once(press, 2)
        drafted = [r for r in results if isinstance(r, Plan)]
        refused = [r for r in results if isinstance(r, PlanError)]
        assert len(drafted) == 1 and len(refused) == 1, results
        assert f"《{drafted[0].title}》" in str(refused[0])
        with unscoped():
            assert list(Plan.objects.filter(drafted_from=plan)) == drafted
