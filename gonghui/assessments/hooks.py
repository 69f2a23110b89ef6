"""What the assessments app hands to the platform's registries (the dashboard)."""

from __future__ import annotations

from gonghui.orgs.models import UNION_KINDS

from . import selectors


def union_panel(request) -> dict | None:
    """The union's open assessments on its dashboard: what it still owes, returned first."""
    org = request.org
    if org.kind not in UNION_KINDS:
        return None
    rows = selectors.open_for(org)
    if not rows:
        return None
    rows.sort(key=lambda a: (a.status != "returned", a.scheme.deadline))
    return {"rows": rows[:5], "more": max(len(rows) - 5, 0)}
