"""What the assignments app hands to the platform's registries (the dashboard)."""

from __future__ import annotations

from django.utils import timezone

from gonghui.orgs.models import UNION_KINDS

from . import selectors


def union_panel(request) -> dict | None:
    """The union's inbox on its dashboard: what it still owes, reminders first."""
    org = request.org
    if org.kind not in UNION_KINDS:
        return None
    rows = selectors.open_for(org)
    if not rows:
        return None
    today = timezone.localdate()
    rows.sort(key=lambda t: (not t.reminders.all(), t.assignment.deadline))
    return {
        "rows": rows[:6],
        "more": max(len(rows) - 6, 0),
        "overdue": sum(1 for t in rows if t.is_overdue(today)),
        "today": today,
    }


def plan_panel(request, plan) -> dict | None:
    """On a union's plan: the tasks and forms the upper union sent for the plan's year,
    so the plan shows all the year's work (issue #16 item 2)."""
    if plan.org.kind not in UNION_KINDS:
        return None
    rows = [t for t in selectors.inbox(plan.org) if plan.covers(t.assignment.deadline)]
    if not rows:
        return None
    return {"rows": rows, "today": timezone.localdate()}


def task_panel(request, task) -> dict | None:
    """On a task of an upper union's own plan: pass it down, or where it went."""
    if task.plan.org.kind != "upper":  # OrgKind.UPPER
        return None
    sent = list(selectors.assignments_sent(task.plan.org).filter(plan_task=task))
    return {
        "task": task,
        "sent": sent,
        "can_send": request.access.has("assignments.task:write")
        and task.plan.status == "accepted"  # PlanStatus.ACCEPTED
        and not any(a.status != "withdrawn" for a in sent),
    }
