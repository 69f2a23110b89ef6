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

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    with unscoped():
        if user.is_superuser:
            org = Organisation.objects.filter(code=org_code, is_active=True).first()
            if org is None:
                return None
            return Access(user=user, org=org, permissions=frozenset(PERMISSIONS))
        org, roles = _org_and_roles(user, org_code)
        if org is None or not roles:
            return None
        perms: set[str] = set()
        for r in roles:
            perms |= ROLES[r.role].permissions_at(r.org_id == org.pk)
        needs_otp = False
        if "members.sensitive:read" in perms and not otp_verified and requires_otp(org):
            perms.discard("members.sensitive:read")
            needs_otp = True
    return Access(
        user=user, org=org, roles=roles, permissions=frozenset(perms), needs_otp=needs_otp
    )


def _org_and_roles(user, org_code: str) -> tuple[object, tuple]:
    """The active organisation `org_code` and the user's roles that cover it, in one
    statement.

    Every page and every API call starts here, so it is one round trip rather than two
    (the organisation, then the roles at it and above it): a role covers the node whose
    path holds its organisation's id ("/1/5/23/" holds 1, 5 and 23). Plain SQL that
    PostgreSQL and SQLite both read; the rows become the usual model instances.
    """
    from django.db import connection

    from gonghui.core import rows as made
    from gonghui.orgs.models import Organisation

    from .models import RoleAssignment

    table = Organisation._meta.db_table
    sql = (
        f"SELECT {made.columns(Organisation, 'o')}, "  # noqa: S608
        'r."id", r."org_id", r."role", r."granted_at" '
        f'FROM "{table}" o LEFT JOIN "{RoleAssignment._meta.db_table}" r '
        f'ON r."user_id" = %s AND o."path" LIKE %s || CAST(r."org_id" AS TEXT) || %s '
        f'WHERE o."code" = %s AND o."is_active"'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, "%/", "/%", org_code])
        rows = cursor.fetchall()
    if not rows:
        return None, ()
    n = made.width(Organisation)
    org = made.instance(Organisation, rows[0][:n])
    chain = [int(p) for p in org.path.strip("/").split("/") if p]
    roles = []
    for row in rows:
        role_id, org_id, role, granted_at = row[n:]
        if role_id is None:
            continue
        ra = made.instance(
            RoleAssignment,
            [role_id, user.pk, org_id, role, granted_at],
            ["id", "user_id", "org_id", "role", "granted_at"],
        )
        ra.user = user
        if org_id == org.pk:
            ra.org = org  # the common case; a role above is read when shown
        roles.append(ra)
    # As RoleAssignment orders them: from the top of the tree down, then by role.
    roles.sort(key=lambda r: (chain.index(r.org_id), r.role))
    return org, tuple(roles)


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
