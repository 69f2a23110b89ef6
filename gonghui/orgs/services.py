"""Workflows on the organisation tree. Each is atomic and audited through the models."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.core.errors import DomainError

from .models import Organisation


class OrgError(DomainError):
    """A workflow on the organisation tree was refused; the message is for the user."""


@transaction.atomic
def org_create(*, actor, parent: Organisation, data: dict) -> Organisation:
    org = Organisation(parent=parent, **data)
    try:
        org.full_clean()
    except ValidationError as exc:
        raise OrgError("; ".join(exc.messages)) from exc
    org.save()
    return org
