"""Answers to logged-in users are not stored by browsers or proxies (Cache-Control), and
GET pages answer HEAD as well."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.accounts.models import ApiToken
from gonghui.core.scoping import unscoped

pytestmark = pytest.mark.django_db

NO_STORE = "no-store, private"


@pytest.mark.parametrize("path", ["/o/S0001/members/", "/o/S0001/", "/accounts/me/", "/o/H0001/"])
def test_pages_of_a_logged_in_user_are_not_stored(client_for, path):
    r = client_for("school_chair").get(path)
    assert r.status_code in (200, 404)
    assert r["Cache-Control"] == NO_STORE


def test_api_answers_are_not_stored_with_a_token_or_a_session(client_for, user):
    with unscoped():
        _token, key = ApiToken.objects.issue(user("school_chair"), name="test")
    by_token = Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/orgs/S0001/members/")
    assert by_token.status_code == 200
    assert by_token["Cache-Control"] == NO_STORE
    by_session = client_for("school_chair").get("/api/v1/orgs/S0001/members/")
    assert by_session.status_code == 200
    assert by_session["Cache-Control"] == NO_STORE


def test_anonymous_pages_keep_their_headers(client):
    assert "Cache-Control" not in client.get("/healthz")
    # The login page keeps Django's own never_cache header, untouched.
    login = client.get("/accounts/login/")
    assert login.status_code == 200
    assert login["Cache-Control"] != NO_STORE and "max-age=0" in login["Cache-Control"]


def test_head_is_answered_like_get(client, client_for, user):
    with unscoped():
        from gonghui.accounts.models import User

        User.objects.create_user("no_role_yet", password="Mima-2031-ok!")
    nobody = client_for("no_role_yet")
    for c, path, status in [
        (client, "/healthz", 200),
        (client, "/activate/", 200),
        (nobody, "/", 200),  # the page for a login without a role
        (client_for("school_chair"), "/", 302),  # to the last organisation's dashboard
        (client_for("school_chair"), "/o/S0001/", 200),
        (client_for("school_chair"), "/accounts/me/", 200),
    ]:
        get, head = c.get(path), c.head(path)
        assert get.status_code == status, path
        assert head.status_code == status, path
        assert head.content == b"", path


def test_other_methods_are_still_refused(client, client_for):
    assert client.post("/healthz").status_code == 405
    assert client_for("school_chair").put("/o/S0001/").status_code == 405
