"""Lookups of the organisation tree shared by the pages and the API."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import CommitteeTerm, Organisation, OrgKind


def subtree(q: str = "", kind: str = "") -> QuerySet[Organisation]:
    """The organisation of the scope and everything below it, in tree order, narrowed to
    a part of a name, code or unit (`q`) and to a kind (an unknown kind is ignored)."""
    qs = Organisation.objects.select_related("parent").order_by("path")
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(unit_name__icontains=q))
    if kind in OrgKind.values:
        qs = qs.filter(kind=kind)
    return qs


def terms(org: Organisation) -> QuerySet[CommitteeTerm]:
    """The committee terms `org` elected, with their seats."""
    return CommitteeTerm.objects.filter(org=org).prefetch_related("seats__user")
