"""Workflows of the upper union's roll-ups: downloading one is logged (who took which
union figures out, and when)."""

from __future__ import annotations

import contextlib

from django.db import transaction

from gonghui.audit import models as audit
from gonghui.audit.context import acting, current_actor

from . import exports
from .finance import statements_rollup
from .snapshots import rollup_for


def _as_actor(actor):
    """Record the audit entry under `actor` when the request or job has not set one."""
    current = current_actor()
    if getattr(current.user, "pk", None) or not getattr(actor, "pk", None):
        return contextlib.nullcontext()
    return acting(actor, ip=current.ip, source=current.source)


def finance_export(*, actor, org, year: int) -> tuple[str, bytes]:
    """The roll-up of the unions' annual statements below `org` as .xlsx, logged:
    (file name, bytes). The page's download is this one call."""
    with _as_actor(actor), transaction.atomic():
        rollup = statements_rollup(org, year)
        name, content = exports.rollup_xlsx(rollup, user=actor)
        audit.record(
            "upper.finance.exported",
            org=org,
            changes={"year": year, "unions": len(rollup.unions), "format": "xlsx"},
        )
    return name, content


def unions_export(*, actor, org, year: int, families) -> tuple[str, bytes]:
    """The table of the unions below `org` × the figures of `families` (those the actor
    may read) for `year` as .xlsx, logged: (file name, bytes)."""
    with _as_actor(actor), transaction.atomic():
        rollup = rollup_for(org, year, families)
        name, content = exports.unions_xlsx(rollup, user=actor)
        audit.record(
            "upper.unions.exported",
            org=org,
            changes={"year": year, "unions": len(rollup.rows), "format": "xlsx"},
        )
    return name, content


def rollup_refresh_request(*, actor, org, year: int) -> bool:
    """Queue the job that computes `org`'s kept roll-up for `year` again (a large tree's:
    upper.snapshots); False when the tree is small enough to be rolled up live."""
    from . import snapshots, tasks

    if not snapshots.is_large(org):
        return False
    tasks.refresh_rollup(org.pk, year)
    return True
