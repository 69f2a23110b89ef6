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
