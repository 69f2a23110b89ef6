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
from gonghui.orgs.demo import NAMES, PASSWORD

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


def test_log_in_with_the_username(client, user):
    r = _login(client, "school_chair")
    assert r.status_code == 302
    assert r["Location"] == "/"
    assert _logged_in_as(client) == str(user("school_chair").pk)
    # The home page then sends the user to the dashboard of their organisation.
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"] == "/o/S0001/"


def test_log_in_with_the_mobile_number(client, user):
    mobile = NAMES["school_chair"][1]
    r = _login(client, mobile)
    assert r.status_code == 302
    assert _logged_in_as(client) == str(user("school_chair").pk)


def test_surrounding_spaces_in_the_login_are_ignored(client, user):
    r = _login(client, f"  {NAMES['hospital_chair'][1]} ")
    assert r.status_code == 302
    assert _logged_in_as(client) == str(user("hospital_chair").pk)


@pytest.mark.parametrize(
    "login,password",
    [
        ("school_chair", "wrong-password-1"),
        (NAMES["school_chair"][1], "wrong-password-1"),
        ("nobody-by-this-name", PASSWORD),
        ("13999999999", PASSWORD),
        ("", PASSWORD),
    ],
)
def test_wrong_credentials_show_the_form_error_and_do_not_log_in(client, login, password):
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


def test_an_inactive_account_cannot_log_in(client, user):
    u = user("member")
    u.is_active = False
    with unscoped():
        u.save()
    r = _login(client, "member")
    assert r.status_code == 200
    assert _logged_in_as(client) is None


def test_a_safe_next_url_is_followed(client):
    r = _login(client, "school_chair", next="/o/S0001/orgs/")
    assert r.status_code == 302
    assert r["Location"] == "/o/S0001/orgs/"


@pytest.mark.parametrize("nxt", ["https://evil.example/", "//evil.example/x"])
def test_an_outside_next_url_is_ignored(client, nxt):
    r = _login(client, "school_chair", next=nxt)
    assert r.status_code == 302
    assert r["Location"] == "/"


def test_a_logged_in_user_is_sent_away_from_the_login_page(client_for):
    r = client_for("school_chair").get(LOGIN)
    assert r.status_code == 302


def test_a_successful_login_is_audited(client, user):
    _login(client, "school_cadre", REMOTE_ADDR="10.1.2.3")
    with unscoped():
        entry = AuditEntry.objects.filter(action="accounts.user.logged_in").first()
    assert entry is not None
    assert entry.object_id == str(user("school_cadre").pk)
    assert entry.ip == "10.1.2.3"
    assert entry.source == "web"
    assert entry.actor_id == user("school_cadre").pk


def test_log_out_needs_a_post_and_ends_the_session(client_for):
    c = client_for("school_chair")
    assert c.get("/accounts/logout/").status_code == 405
    r = c.post("/accounts/logout/")
    assert r.status_code == 302
    assert r["Location"] == LOGIN
    assert _logged_in_as(c) is None
    assert c.get("/o/S0001/").status_code == 302


def test_the_login_redirect_keeps_the_whole_next_url(client):
    from urllib.parse import parse_qs, urlsplit

    r = client.get("/o/S0001/orgs/?q=a&kind=group")
    assert r.status_code == 302
    query = parse_qs(urlsplit(r["Location"]).query)
    assert query["next"] == ["/o/S0001/orgs/?q=a&kind=group"]
