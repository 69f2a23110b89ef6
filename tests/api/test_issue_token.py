from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from gonghui.accounts.models import ApiToken, token_digest
from gonghui.core.scoping import unscoped
from tests.factories import UserFactory

from .conftest import last_entry_id, new_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(staff, union):
    return staff("chair", union)


@pytest.fixture
def member(group):
    return UserFactory(roles=[("member", group)], display_name="郑子涵")


def issue(*args: str) -> str:
    out = io.StringIO()
    call_command("issue_token", *args, stdout=out)
    return out.getvalue().strip()


def tokens_of(who) -> list[ApiToken]:
    with unscoped():
        return list(ApiToken.objects.filter(user=who).order_by("pk"))


def test_it_prints_a_new_token_that_works(chair, union):
    key = issue(chair.username)
    [token] = tokens_of(chair)
    assert token.digest == token_digest(key) and key.startswith(token.prefix)
    assert len(key) >= 40
    r = Client(HTTP_AUTHORIZATION=f"Token {key}").get(f"/api/v1/orgs/{union.code}/")
    assert r.status_code == 200


def test_each_call_makes_another_token_and_the_earlier_ones_keep_working(chair):
    first, second = issue(chair.username), issue(chair.username)
    assert first != second
    assert len(tokens_of(chair)) == 2
    for key in (first, second):
        assert Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/me/").status_code == 200


def test_rotate_revokes_the_other_tokens(chair):
    old = issue(chair.username)
    new = issue(chair.username, "--rotate")
    assert new != old
    assert [t.digest for t in tokens_of(chair) if t.is_active] == [token_digest(new)]
    r = Client(HTTP_AUTHORIZATION=f"Token {old}").get("/api/v1/me/")
    assert r.status_code == 401
    assert Client(HTTP_AUTHORIZATION=f"Token {new}").get("/api/v1/me/").status_code == 200


def test_days_sets_the_expiry_and_name_the_name(member, settings):
    issue(member.username, "--days", "7", "--name", "报表脚本")
    issue(member.username)
    short, default = tokens_of(member)
    assert short.name == "报表脚本"
    assert abs((short.expires_at - timezone.now()).total_seconds() - 7 * 86400) < 60
    expected = settings.API_TOKEN_DAYS * 86400
    assert abs((default.expires_at - timezone.now()).total_seconds() - expected) < 60


@pytest.mark.parametrize("days", ["0", "-3", "99999999"])
def test_an_impossible_number_of_days_is_an_error(member, days):
    with pytest.raises(CommandError):
        issue(member.username, "--days", days)
    assert tokens_of(member) == []


def test_each_call_is_audited_without_the_token(member):
    since = last_entry_id()
    first = issue(member.username)
    second = issue(member.username, "--rotate")
    entries = new_entries("accounts.token.issued", since)
    assert [(e.source, e.note) for e in entries] == [("cli", "created"), ("cli", "rotated")]
    assert [e.note for e in new_entries("accounts.token.revoked_all", since)] == ["rotated"]
    for entry in entries:
        assert entry.object_repr == "郑子涵"
        assert entry.content_type.model == "user"
        written = json.dumps(
            [entry.changes, entry.note, entry.object_repr, entry.object_id, entry.actor_name]
        )
        assert first not in written and second not in written


def test_an_unknown_user_is_an_error(db):
    since = last_entry_id()
    with pytest.raises(CommandError, match="nobody"):
        issue("nobody")
    assert new_entries("accounts.token.issued", since) == []


def test_a_disabled_account_gets_no_token(member, platform):
    member.is_active = False
    member.save()
    with pytest.raises(CommandError):
        issue(member.username)
    assert tokens_of(member) == []


def test_it_has_help():
    from gonghui.accounts.management.commands.issue_token import Command

    assert "token" in Command.help.lower()
