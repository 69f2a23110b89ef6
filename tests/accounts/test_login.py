"""Logging in through the real login form: username or mobile number, and the password."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from gonghui.accounts.forms import LoginForm
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from tests.accounts.conftest import PASSWORD
from tests.factories import UnionFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _logged_in_as(client: Client) -> str | None:
    """The primary key (as stored in the session) of the user the client is logged in as."""
    return client.session.get(SESSION_KEY)


def _login(client: Client, username: str, password: str = PASSWORD, next=None, **request):
    data = {"username": username, "password": password}
    if next is not None:
        data["next"] = next
    return client.post(LOGIN, data, **request)


def test_the_login_page_is_served_in_chinese(client):
    r = client.get(LOGIN)
    assert r.status_code == 200
    assert r["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in r.content.decode()
    assert 'name="username"' in r.content.decode()


@pytest.fixture
def chair(union, staff):
    return staff("chair", union, mobile="13900000002")


def test_log_in_with_the_username(client, union, chair):
    r = _login(client, chair.username)
    assert r.status_code == 302
    assert r["Location"] == "/"
    assert _logged_in_as(client) == str(chair.pk)
    # The home page then sends the user to the dashboard of their organisation.
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"] == f"/o/{union.code}/"


def test_log_in_with_the_mobile_number(client, chair):
    r = _login(client, chair.mobile)
    assert r.status_code == 302
    assert _logged_in_as(client) == str(chair.pk)


def test_surrounding_spaces_in_the_login_are_ignored(client, chair, staff):
    other = staff("chair", UnionFactory(), mobile="13900000003")
    r = _login(client, f"  {other.mobile} ")
    assert r.status_code == 302
    assert _logged_in_as(client) == str(other.pk)


@pytest.mark.parametrize(
    "login,password",
    [
        ("<the chair's username>", "wrong-password-1"),
        ("<the chair's mobile>", "wrong-password-1"),
        ("nobody-by-this-name", PASSWORD),
        ("13999999999", PASSWORD),
        ("", PASSWORD),
    ],
)
def test_wrong_credentials_show_the_form_error_and_do_not_log_in(client, chair, login, password):
    login = {"<the chair's username>": chair.username, "<the chair's mobile>": chair.mobile}.get(
        login, login
    )
    assert chair.check_password(PASSWORD)
    r = _login(client, login, password)
    assert r.status_code == 200
    assert _logged_in_as(client) is None
    body = r.content.decode()
    if login:
        # The message of the form, in Chinese, and it does not tell which one was wrong.
        with translation.override("zh-hans"):
            expected = str(LoginForm.error_messages["invalid_login"])
        assert expected == "用户名/手机号或密码不正确。"
        assert escape(expected) in body
    assert "invalid-feedback" in body or "alert-danger" in body
    # The typed login is kept, the password is not.
    assert PASSWORD not in body


def test_an_inactive_account_cannot_log_in(client, group, staff):
    u = staff("member", group)
    u.is_active = False
    with unscoped():
        u.save()
    r = _login(client, u.username)
    assert r.status_code == 200
    assert _logged_in_as(client) is None


def test_a_safe_next_url_is_followed(client, union, chair):
    r = _login(client, chair.username, next=f"/o/{union.code}/orgs/")
    assert r.status_code == 302
    assert r["Location"] == f"/o/{union.code}/orgs/"


@pytest.mark.parametrize("nxt", ["https://evil.example/", "//evil.example/x"])
def test_an_outside_next_url_is_ignored(client, chair, nxt):
    r = _login(client, chair.username, next=nxt)
    assert r.status_code == 302
    assert r["Location"] == "/"


def test_a_logged_in_user_is_sent_away_from_the_login_page(login, chair):
    r = login(chair).get(LOGIN)
    assert r.status_code == 302


def test_a_successful_login_is_audited(client, union, staff):
    cadre = staff("cadre", union)
    _login(client, cadre.username, REMOTE_ADDR="10.1.2.3")
    with unscoped():
        entry = AuditEntry.objects.filter(action="accounts.user.logged_in").first()
    assert entry is not None
    assert entry.object_id == str(cadre.pk)
    assert entry.ip == "10.1.2.3"
    assert entry.source == "web"
    assert entry.actor_id == cadre.pk


def test_log_out_needs_a_post_and_ends_the_session(login, union, chair):
    c = login(chair)
    assert c.get(f"/o/{union.code}/").status_code == 200
    assert c.get("/accounts/logout/").status_code == 405
    r = c.post("/accounts/logout/")
    assert r.status_code == 302
    assert r["Location"] == LOGIN
    assert _logged_in_as(c) is None
    assert c.get(f"/o/{union.code}/").status_code == 302


def test_the_login_redirect_keeps_the_whole_next_url(client, union):
    from urllib.parse import parse_qs, urlsplit

    r = client.get(f"/o/{union.code}/orgs/?q=a&kind=group")
    assert r.status_code == 302
    query = parse_qs(urlsplit(r["Location"]).query)
    assert query["next"] == [f"/o/{union.code}/orgs/?q=a&kind=group"]
