"""Changing one's password: the validators of settings.AUTH_PASSWORD_VALIDATORS apply, and
the change is audited without the password hash ever reaching the log."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import escape

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(union, staff):
    return staff("chair", union, username="lihongmei_chair")


def _reloaded(who):
    with unscoped():
        return type(who).objects.get(pk=who.pk)


URL = "/accounts/password/"
GOOD = "Lotus-Harbor-2931"


def _change(client, new, *, old=PASSWORD, confirm=None):
    return client.post(
        URL,
        {
            "old_password": old,
            "new_password1": new,
            "new_password2": new if confirm is None else confirm,
        },
    )


def _validator_messages(password, user) -> list[str]:
    """What the configured validators say about `password`, in the page's language."""
    with translation.override("zh-hans"):
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            return [str(m) for m in exc.messages]
    return []


def test_the_page_needs_a_login(client):
    r = client.get(URL)
    assert r.status_code == 302
    assert r["Location"].startswith("/accounts/login/")


def test_the_page_shows_the_form(login, chair):
    r = login(chair).get(URL)
    assert r.status_code == 200
    body = r.content.decode()
    for name in ("old_password", "new_password1", "new_password2"):
        assert f'name="{name}"' in body


@pytest.mark.parametrize(
    "weak,validator",
    [
        ("Ab1!xyz", "MinimumLengthValidator"),  # short
        ("qwertyuiop", "CommonPasswordValidator"),  # common
        ("5830291746", "NumericPasswordValidator"),  # digits only
        ("<the username>", "UserAttributeSimilarityValidator"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason_shown(login, chair, weak, validator):
    u = chair
    weak = u.username if weak == "<the username>" else weak
    # The example really is caught by the validator it stands for.
    by_name = {type(v).__name__: v for v in password_validation.get_default_password_validators()}
    with pytest.raises(ValidationError):
        by_name[validator].validate(weak, u)

    r = _change(login(chair), weak)
    assert r.status_code == 200
    body = r.content.decode()
    messages = _validator_messages(weak, u)
    assert messages
    for message in messages:
        assert escape(message) in body
    assert "invalid-feedback" in body
    # The password fields are not echoed back.
    assert f'value="{weak}"' not in body
    assert _reloaded(chair).check_password(PASSWORD)


def test_the_old_password_must_be_right(login, chair):
    r = _change(login(chair), GOOD, old="not-the-password")
    assert r.status_code == 200
    assert "invalid-feedback" in r.content.decode()
    assert _reloaded(chair).check_password(PASSWORD)


def test_the_two_new_passwords_must_match(login, chair):
    r = _change(login(chair), GOOD, confirm=GOOD + "x")
    assert r.status_code == 200
    assert "invalid-feedback" in r.content.decode()
    assert _reloaded(chair).check_password(PASSWORD)


def test_a_good_password_is_accepted_and_the_session_kept(login, union, chair):
    c = login(chair)
    r = _change(c, GOOD)
    assert r.status_code == 302
    assert r["Location"] == "/"
    assert _reloaded(chair).check_password(GOOD)
    # Still logged in after the change (the session hash was updated).
    assert c.get(f"/o/{union.code}/").status_code == 200


def test_the_change_clears_must_change_password(login, chair):
    chair.must_change_password = True
    with unscoped():
        chair.save()
    assert _reloaded(chair).must_change_password
    _change(login(chair), GOOD)
    assert not _reloaded(chair).must_change_password


def test_the_change_is_audited_with_the_password_masked(login, chair):
    c = login(chair)
    old_hash = _reloaded(chair).password
    with unscoped():
        before = set(AuditEntry.objects.values_list("pk", flat=True))
    _change(c, GOOD)
    u = _reloaded(chair)
    with unscoped():
        entries = list(AuditEntry.objects.exclude(pk__in=before).order_by("id"))
    updated = [e for e in entries if e.action == "accounts.user.updated"]
    assert len(updated) == 1
    entry = updated[0]
    assert entry.object_id == str(u.pk)
    assert entry.actor_id == u.pk
    assert entry.ip == "127.0.0.1"
    assert entry.changes["password"] == ["******", "******"]
    # Neither the old nor the new hash (nor the password) is anywhere in the new entries.
    dump = json.dumps([e.changes for e in entries], ensure_ascii=False)
    for secret in (old_hash, u.password, GOOD, old_hash.split("$")[-1], u.password.split("$")[-1]):
        assert secret not in dump
    assert "sha256:" not in dump
