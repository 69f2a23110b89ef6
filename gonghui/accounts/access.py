"""What a user may do in an organisation, resolved once per request (page or API call)."""

from __future__ import annotations

from dataclasses import dataclass, field

from gonghui.core.scoping import unscoped

from .permissions import PERMISSIONS, ROLES


@dataclass(frozen=True)
class Access:
    user: object
    org: object  # orgs.Organisation
    roles: tuple = ()  # RoleAssignment rows that cover `org`
    permissions: frozenset[str] = field(default_factory=frozenset)
    # True when the organisation requires two-factor login for sensitive roles and this
    # session has not confirmed a one-time code: sensitive permissions are withheld.
    needs_otp: bool = False

    def has(self, perm: str) -> bool:
        if perm not in PERMISSIONS:
            raise KeyError(f"unknown permission {perm!r}")
        return perm in self.permissions

    @property
    def role_codes(self) -> set[str]:
        return {r.role for r in self.roles}


def requires_otp(org) -> bool:
    """The organisation or one of its ancestors has turned on mandatory 2FA."""
    if org.require_2fa:
        return True
    return any(a.require_2fa for a in org.ancestors())


def resolve_access(user, org_code: str, *, otp_verified: bool = False) -> Access | None:
    """The user's access in the organisation `org_code`, or None (answer 404) without a role.

    A role granted at a node covers the node and all its descendants, so the roles that
    count are those held at the organisation itself or at any of its ancestors.
    """
    from gonghui.orgs.models import Organisation

    from .models import RoleAssignment

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    with unscoped():
        org = Organisation.objects.filter(code=org_code, is_active=True).first()
        if org is None:
            return None
        if user.is_superuser:
            return Access(user=user, org=org, permissions=frozenset(PERMISSIONS))
        covering = [int(p) for p in org.path.strip("/").split("/") if p]
        roles = tuple(
            RoleAssignment.objects.filter(user=user, org_id__in=covering).select_related("org")
        )
        if not roles:
            return None
        perms: set[str] = set()
        for r in roles:
            perms |= ROLES[r.role].permissions
        needs_otp = False
        if "members.sensitive:read" in perms and not otp_verified and requires_otp(org):
            perms.discard("members.sensitive:read")
            needs_otp = True
    return Access(
        user=user, org=org, roles=roles, permissions=frozenset(perms), needs_otp=needs_otp
    )


def user_orgs(user) -> list:
    """Organisations where the user holds a role directly: the organisation switcher."""
    from gonghui.orgs.models import Organisation

    if not getattr(user, "is_authenticated", False):
        return []
    with unscoped():
        if user.is_superuser:
            return list(Organisation.objects.filter(parent__isnull=True, is_active=True))
        ids = user.roles.values_list("org_id", flat=True)
        return list(Organisation.objects.filter(pk__in=ids, is_active=True).order_by("path"))
