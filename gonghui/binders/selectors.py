"""Reads of the inspection binder shared by the pages and the API."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from gonghui.orgs.models import UNION_KINDS, Organisation

from .models import BinderJob


def buildable_unions(org: Organisation) -> QuerySet[Organisation]:
    """The unions whose binder can be asked for from `org`: the union itself, or every
    union in the subtree of an upper union (a role at a node covers its subtree)."""
    return Organisation.objects.filter(
        path__startswith=org.path, kind__in=UNION_KINDS, is_active=True
    ).order_by("path")


def union_of(org: Organisation, code: str) -> Organisation | None:
    return buildable_unions(org).filter(code=code).first()


def jobs_of(org: Organisation, user) -> QuerySet[BinderJob]:
    """The binders `user` asked for from `org` (in its subtree): only one's own, since a
    binder holds what the one who asked may read."""
    return (
        BinderJob.objects.filter(org__path__startswith=org.path, requested_by=user)
        .select_related("org")
        .order_by("-requested_at", "-id")
    )


def job_of(org: Organisation, user, job_id) -> BinderJob:
    job = jobs_of(org, user).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job
