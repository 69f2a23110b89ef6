"""Answers to logged-in users are not stored by browsers or proxies (Cache-Control), and
GET pages answer HEAD as well."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.accounts.models import ApiToken
from gonghui.core.scoping import unscoped
from tests.factories import UnionFactory

pytestmark = pytest.mark.django_db

NO_STORE = "no-store, private"


@pytest.fixture
def chair(union, staff):
    return staff("chair", union)


@pytest.mark.parametrize(
    "path,status",
    [
        ("/o/{union}/members/", 200),
        ("/o/{union}/", 200),
        ("/accounts/me/", 200),
        ("/o/{other}/", 404),
    ],
)
def test_pages_of_a_logged_in_user_are_not_stored(union, chair, login, path, status):
    other = UnionFactory(parent=union.parent)
    r = login(chair).get(path.format(union=union.code, other=other.code))
    assert r.status_code == status
    assert r["Cache-Control"] == NO_STORE


def test_api_answers_are_not_stored_with_a_token_or_a_session(union, chair, login):
    with unscoped():
        _token, key = ApiToken.objects.issue(chair, name="test")
    path = f"/api/v1/orgs/{union.code}/members/"
    by_token = Client(HTTP_AUTHORIZATION=f"Token {key}").get(path)
    assert by_token.status_code == 200
    assert by_token["Cache-Control"] == NO_STORE
    by_session = login(chair).get(path)
    assert by_session.status_code == 200
    assert by_session["Cache-Control"] == NO_STORE


def test_anonymous_pages_keep_their_headers(client):
    assert "Cache-Control" not in client.get("/healthz")
    # The login page keeps Django's own never_cache header, untouched.
    login = client.get("/accounts/login/")
    assert login.status_code == 200
    assert login["Cache-Control"] != NO_STORE and "max-age=0" in login["Cache-Control"]


def test_head_is_answered_like_get(client, union, chair, login):
    with unscoped():
        from gonghui.accounts.models import User

        no_role = User.objects.create_user("no_role_yet", password="Mima-2031-ok!")
    nobody = login(no_role)
    for c, path, status in [
        (client, "/healthz", 200),
        (client, "/activate/", 200),
        (nobody, "/", 200),  # the page for a login without a role
        (login(chair), "/", 302),  # to the last organisation's dashboard
        (login(chair), f"/o/{union.code}/", 200),
        (login(chair), "/accounts/me/", 200),
    ]:
        get, head = c.get(path), c.head(path)
        assert get.status_code == status, path
        assert head.status_code == status, path
        assert head.content == b"", path


def test_other_methods_are_still_refused(client, union, chair, login):
    assert client.post("/healthz").status_code == 405
    assert login(chair).put(f"/o/{union.code}/").status_code == 405
