"""Lookups of accounts shared by the pages and the API."""

from __future__ import annotations

from django.db.models import QuerySet

from gonghui.core.scoping import unscoped

from .models import RoleAssignment, User


def account_by_login(login: str) -> User | None:
    """The active account whose username, or else mobile number, is `login`."""
    login = login.strip()
    user = User.objects.filter(username=login).first() or User.objects.filter(mobile=login).first()
    return user if user is not None and user.is_active else None


def roles_held(user) -> list[RoleAssignment]:
    """Every role `user` holds, in any organisation: one's own roles span organisations,
    so no single scope covers them (read past the scope on purpose)."""
    with unscoped():
        return list(RoleAssignment.objects.filter(user=user).select_related("user", "org"))


def roles_in_scope() -> QuerySet[RoleAssignment]:
    """The roles held anywhere in the subtree of the scope's organisation."""
    return RoleAssignment.objects.select_related("user", "org")
