"""Granting and revoking roles."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from .models import RoleAssignment
from .permissions import ROLES


class RoleError(Exception):
    """A role change was refused; the message is for the user."""


def _check_grantable(access, role: str, org) -> None:
    if role not in ROLES:
        raise RoleError(_("Unknown role."))
    if not ROLES[role].permissions <= access.permissions:
        raise RoleError(_("You cannot grant a role with rights you do not hold yourself."))
    if not org.is_descendant_of(access.org):
        raise RoleError(_("You can only grant roles inside your own organisation."))


@transaction.atomic
def role_grant(*, actor, access, user, org, role: str) -> RoleAssignment:
    _check_grantable(access, role, org)
    existing = RoleAssignment.objects.filter(user=user, org=org, role=role).first()
    if existing is not None:
        return existing
    assignment = RoleAssignment(user=user, org=org, role=role)
    assignment.save()
    return assignment


@transaction.atomic
def role_revoke(*, actor, access, assignment: RoleAssignment) -> None:
    _check_grantable(access, assignment.role, assignment.org)
    if assignment.user_id == actor.pk and assignment.org_id == access.org.pk:
        raise RoleError(_("You cannot revoke your own role here; ask another administrator."))
    assignment.delete()
