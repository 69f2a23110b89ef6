"""Queries on the audit log shared by the pages, the API, record histories and the dashboard.

Every read of the log goes through `entries_for(access)`: the entries of the organisation's
subtree (through the scope) whose record the viewer may read (readers.py).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from . import readers
from .models import AuditEntry, record


def entries_for(access) -> QuerySet[AuditEntry]:
    """The entries `access` may read: its organisation's subtree, and only those about
    records it may read itself."""
    return readers.readable(
        AuditEntry.objects.select_related("org", "content_type", "actor"), access
    )


def filtered_entries(request, access=None) -> QuerySet[AuditEntry]:
    """The readable entries with the page's filters.

    `request` is a Django or a DRF request: both have `.GET`.
    """
    return narrowed(entries_for(access if access is not None else request.access), request.GET)


def narrowed(qs: QuerySet[AuditEntry], params) -> QuerySet[AuditEntry]:
    """`qs` narrowed by the list's filters (action, actor, record, since, until); a date
    that is not one is ignored."""
    if params.get("action"):
        qs = qs.filter(action__icontains=params["action"].strip())
    if params.get("actor"):
        qs = qs.filter(actor_name__icontains=params["actor"].strip())
    if params.get("record"):
        qs = qs.filter(object_repr__icontains=params["record"].strip())
    for key, lookup in (("since", "at__date__gte"), ("until", "at__date__lte")):
        try:
            if params.get(key):
                qs = qs.filter(**{lookup: dt.date.fromisoformat(params[key])})
        except ValueError:
            pass
    return qs


def reveal_requested(request, access, entry) -> bool:
    """?reveal=1 by someone with the sensitive-data right: allowed, and itself logged."""
    flag = (getattr(request, "query_params", None) or request.GET).get("reveal")
    if flag not in ("1", "true"):
        return False
    if not access.has("members.sensitive:read"):
        raise PermissionDenied
    record("audit.entry.revealed", org=access.org, note=f"#{entry.pk} {entry.action}")
    return True
