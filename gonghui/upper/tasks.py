"""Background jobs of the roll-ups (huey): a kept roll-up refreshed when its reader asks,
and every kept roll-up of the current year refreshed each night."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped


@db_task()
def refresh_rollup(org_id: int, year: int) -> None:
    from gonghui.orgs.models import Organisation

    from .snapshots import snapshot_refresh

    with unscoped():
        org = Organisation.objects.get(pk=org_id)
    with scope(org), acting(source="job"):
        snapshot_refresh(org=org, year=year)


@db_periodic_task(crontab(hour="2", minute="30"))
def refresh_rollups_nightly() -> None:
    """The kept roll-ups of this year, for the trees that have one and no parent kept
    (a parent's refresh covers the nodes below it)."""
    from django.utils import timezone

    from .models import RollupSnapshot

    year = timezone.localdate().year
    with unscoped():
        kept = list(RollupSnapshot.objects.filter(year=year).select_related("org"))
    paths = sorted({s.org.path for s in kept})
    for snap in kept:
        if any(snap.org.path.startswith(p) and snap.org.path != p for p in paths):
            continue
        refresh_rollup.call_local(snap.org_id, year)
