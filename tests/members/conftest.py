"""Helpers of the members page tests: a member of the school union, an organisation's path."""

from __future__ import annotations

from gonghui.core.scoping import unscoped
from gonghui.members.models import Member, Status


def school_member(**filters) -> Member:
    with unscoped():
        return (
            Member.objects.filter(
                org__path__startswith=_path("S0001"),
                status=Status.ACTIVE,
                user__isnull=True,
                **filters,
            )
            .order_by("pk")
            .first()
        )


def _path(code):
    from gonghui.orgs.models import Organisation

    with unscoped():
        return Organisation.objects.get(code=code).path
