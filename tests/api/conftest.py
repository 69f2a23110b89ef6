"""Helpers of the API tests: token clients and the audit entries a call wrote."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.core.scoping import unscoped


def token_for(user) -> Client:
    """A client authenticating with a new API token of `user`, as a script does."""
    from gonghui.accounts.models import ApiToken

    with unscoped():
        key = ApiToken.objects.issue(user, name="test")[1]
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def token_login(db):
    """token_login(user) -> a client authenticating with a token of that login (no demo)."""
    return token_for


@pytest.fixture
def token_client(db, demo):
    """A client authenticating like a script as a demo persona: token_client("school_chair").

    Reads the demo; tests that build their own logins use `token_login(user)` instead.
    """
    from gonghui.accounts.models import User

    def make(username: str) -> Client:
        with unscoped():
            user = User.objects.get(username=username)
        return token_for(user)

    return make


def new_entries(action: str, since_id: int) -> list:
    """Audit entries of `action` written after entry `since_id`, oldest first."""
    from gonghui.audit.models import AuditEntry

    with unscoped():
        return list(
            AuditEntry.objects.filter(action=action, pk__gt=since_id)
            .select_related("actor", "org")
            .order_by("pk")
        )


def last_entry_id() -> int:
    from gonghui.audit.models import AuditEntry

    with unscoped():
        return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
