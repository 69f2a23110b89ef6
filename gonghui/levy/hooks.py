"""What the levy module shows elsewhere: its dashboard card."""

from __future__ import annotations

from django.utils import timezone

from . import selectors


def panel(request) -> dict | None:
    """The union's card: the upper share owed, the reminders not yet answered by a
    remittance, and the payroll months with no arrival recorded. Hidden when all is well."""
    org = request.org
    if not org.is_union:
        return None
    today = timezone.localdate()
    owed = selectors.owed(org)
    reminders = selectors.active_reminders(org)
    missing = selectors.missing_months(org, today.year, today)
    if not (owed > 0 or reminders or missing):
        return None
    return {"org": org, "owed": owed, "reminders": reminders, "missing": missing}
