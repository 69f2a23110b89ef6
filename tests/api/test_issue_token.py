from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from gonghui.core.scoping import unscoped

from .conftest import last_entry_id, new_entries

pytestmark = pytest.mark.django_db


def issue(*args: str) -> str:
    out = io.StringIO()
    call_command("issue_token", *args, stdout=out)
    return out.getvalue().strip()


def token_of(username: str) -> str | None:
    with unscoped():
        return Token.objects.filter(user__username=username).values_list("key", flat=True).first()


def test_it_prints_a_new_token_that_works(demo):
    key = issue("school_chair")
    assert key == token_of("school_chair")
    assert len(key) == 40
    r = Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/orgs/S0001/")
    assert r.status_code == 200


def test_it_prints_the_same_token_again(demo):
    assert issue("school_chair") == issue("school_chair")


def test_rotate_replaces_the_token(demo):
    old = issue("school_chair")
    new = issue("school_chair", "--rotate")
    assert new != old
    assert token_of("school_chair") == new
    r = Client(HTTP_AUTHORIZATION=f"Token {old}").get("/api/v1/me/")
    assert r.status_code == 401


def test_each_call_is_audited_without_the_token(demo):
    since = last_entry_id()
    first = issue("member")
    second = issue("member", "--rotate")
    entries = new_entries("accounts.token.issued", since)
    assert [(e.source, e.note) for e in entries] == [("cli", "created"), ("cli", "rotated")]
    for entry in entries:
        assert entry.object_repr == "郑子涵"
        assert entry.content_type.model == "user"
        written = json.dumps(
            [entry.changes, entry.note, entry.object_repr, entry.object_id, entry.actor_name]
        )
        assert first not in written and second not in written


def test_an_unknown_user_is_an_error(demo):
    since = last_entry_id()
    with pytest.raises(CommandError, match="nobody"):
        issue("nobody")
    assert new_entries("accounts.token.issued", since) == []


def test_a_disabled_account_gets_no_token(demo, platform):
    from gonghui.accounts.models import User

    user = User.objects.get(username="member")
    user.is_active = False
    user.save()
    with pytest.raises(CommandError):
        issue("member")
    assert token_of("member") is None


def test_it_has_help():
    from gonghui.accounts.management.commands.issue_token import Command

    assert "token" in Command.help.lower()
