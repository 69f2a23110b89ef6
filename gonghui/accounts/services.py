"""Granting and revoking roles; issuing and revoking API tokens; switching two-factor
login on and off. Called by the pages, the API and the commands alike."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.audit import models as audit
from gonghui.core.errors import DomainError

from .models import ApiToken, RoleAssignment, User
from .permissions import ROLES


class RoleError(DomainError):
    """A role change was refused; the message is for the user."""


def _check_grantable(access, role: str, org) -> None:
    if role not in ROLES:
        raise RoleError(_("Unknown role."), field="role")
    if not ROLES[role].permissions <= access.permissions:
        raise RoleError(
            _("You cannot grant a role with rights you do not hold yourself."), field="role"
        )
    if not org.is_descendant_of(access.org):
        raise RoleError(_("You can only grant roles inside your own organisation."), field="org")


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


# -- passwords --------------------------------------------------------------------


@transaction.atomic
def password_change(*, actor, user: User, password: str) -> bool:
    """`user`'s new password (the page's form has checked the old one and the rules),
    clearing the request to change it, in one audited save. Saving a new password revokes
    the user's API tokens (User.save): returns whether any were in force."""
    had_tokens = ApiToken.objects.in_force().filter(user=user).exists()
    user.set_password(password)
    user.must_change_password = False
    user.save()
    return had_tokens


# -- API tokens -------------------------------------------------------------------

# On the account page: more would only be forgotten somewhere; revoke one to make another.
MAX_ACTIVE_TOKENS = 20
MAX_TOKEN_DAYS = 3660


class TokenError(DomainError):
    """A token change was refused; the message is for the user."""


@transaction.atomic
def api_token_create(
    *,
    actor,
    user,
    name: str,
    days: int | None = None,
    limit: int | None = MAX_ACTIVE_TOKENS,
    note: str = "created",
) -> tuple[ApiToken, str]:
    """A new API token of `user`: returns it and its key, to show once (never stored).

    `limit` caps the tokens in force; the operator's command passes None.
    """
    name = name.strip()
    if not name:
        raise TokenError(_("Give the token a name, to recognise it later."))
    if days is not None and not 1 <= days <= MAX_TOKEN_DAYS:
        raise TokenError(_("A token is valid for one day at least and ten years at most."))
    if limit is not None:
        User.objects.select_for_update().filter(pk=user.pk).first()  # one count at a time
        active = ApiToken.objects.in_force().filter(user=user).count()
        if active >= limit:
            raise TokenError(
                _("You already have %(count)d tokens in force. Revoke one you no longer use first.")
                % {"count": active}
            )
    token, key = ApiToken.objects.issue(user, name=name, days=days)
    # Who got a token and which one (its first characters), never the key.
    audit.record(
        "accounts.token.issued",
        obj=user,
        changes={"token": token.prefix, "name": token.name, "expires_at": token.expires_at},
        note=note,
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken, note: str = "") -> None:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        "accounts.token.revoked",
        obj=token.user,
        changes={"token": token.prefix, "name": token.name},
        note=note,
    )


# -- two-factor login ---------------------------------------------------------------


@transaction.atomic
def otp_enable(*, actor, device: TOTPDevice) -> None:
    """Two-factor login on: `device`, whose first code the page has checked, is confirmed."""
    device.confirmed = True
    device.save()
    audit.record("accounts.user.otp_enabled", obj=device.user)


@transaction.atomic
def otp_disable(*, actor, user) -> None:
    """Two-factor login off: every device of `user` is removed."""
    TOTPDevice.objects.filter(user=user).delete()
    audit.record("accounts.user.otp_disabled", obj=user)
