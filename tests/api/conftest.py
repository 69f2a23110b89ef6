"""Helpers of the API tests: token clients and the audit entries a call wrote."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.core.scoping import unscoped


@pytest.fixture
def token_client(db, demo):
    """A client authenticating like a script: token_client("school_chair")."""
    from gonghui.accounts.models import ApiToken, User

    def make(username: str) -> Client:
        with unscoped():
            user = User.objects.get(username=username)
            key = ApiToken.objects.issue(user, name="test")[1]
        return Client(HTTP_AUTHORIZATION=f"Token {key}")

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
