"""What the survey app hands to the platform's registries (the dashboard)."""

from __future__ import annotations

from gonghui.orgs.models import UNION_KINDS

from .models import EDITABLE_STATES
from .selectors import own_reports


def union_panel(request) -> dict | None:
    """The survey the union still holds (a draft, or returned), on its dashboard."""
    if request.org.kind not in UNION_KINDS:
        return None
    from .selectors import today

    report = own_reports(request.org).filter(status__in=EDITABLE_STATES).first()
    return {"report": report, "overdue": report.is_overdue(today())} if report else None


def upper_panel(request) -> dict | None:
    """The upper union's latest survey on its dashboard while unions still owe theirs."""
    from .selectors import board, periods

    if request.org.kind != "upper":  # OrgKind.UPPER
        return None
    period = periods(request.org).first()
    if period is None:
        return None
    counts = board(period)["counts"]
    waiting = counts["draft"] + counts["returned"] + counts["overdue"]
    if not (waiting or counts["submitted"]):
        return None
    return {"period": period, "counts": counts, "waiting": waiting}
