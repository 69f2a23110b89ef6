"""Workflows on the organisation tree and its committees, called by the pages and the API
alike. Each is atomic and audited through the models; the model's own rules (which kind
sits under which, one chair, sane dates) are checked here again, inside the transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction

from gonghui.core.errors import DomainError

from .models import CommitteeSeat, CommitteeTerm, Organisation


class OrgError(DomainError):
    """A workflow on the organisation tree was refused; the message is for the user."""


def _saved(instance: models.Model, data: dict) -> models.Model:
    """`data` set on `instance`, checked by the model's rules and saved; OrgError (on the
    first field named) when a rule refuses it."""
    for name, value in data.items():
        setattr(instance, name, value)
    try:
        instance.full_clean()
    except ValidationError as exc:
        fields = [name for name in getattr(exc, "error_dict", {}) if name != "__all__"]
        raise OrgError("; ".join(exc.messages), field=fields[0] if fields else None) from exc
    instance.save()
    return instance


@transaction.atomic
def org_create(*, actor, parent: Organisation, data: dict) -> Organisation:
    """A new organisation under `parent` (the fields of OrganisationForm)."""
    return _saved(Organisation(parent=parent), data)


@transaction.atomic
def org_update(*, actor, org: Organisation, data: dict) -> Organisation:
    """An organisation's own details changed (the fields of OrganisationEditForm)."""
    return _saved(org, data)


@transaction.atomic
def term_create(*, actor, org: Organisation, data: dict) -> CommitteeTerm:
    """A new committee term (届) of the union `org`."""
    return _saved(CommitteeTerm(org=org), data)


@transaction.atomic
def term_update(*, actor, term: CommitteeTerm, data: dict) -> CommitteeTerm:
    return _saved(term, data)


@transaction.atomic
def seat_add(*, actor, term: CommitteeTerm, data: dict) -> CommitteeSeat:
    """A seat on the term's committee or its funds audit committee (who may sit on both
    is the model's rule)."""
    return _saved(CommitteeSeat(term=term), data)


@transaction.atomic
def seat_remove(*, actor, seat: CommitteeSeat) -> None:
    seat.delete()
