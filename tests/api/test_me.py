from __future__ import annotations

import pytest

from tests.factories import UnionFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/"


def test_it_shows_the_caller_and_their_roles(union, login):
    chair = UserFactory(
        roles=[("chair", union)], username="li_chair", display_name="李红梅", mobile="13700000002"
    )
    r = login(chair).get(URL)
    assert r.status_code == 200
    assert r["Content-Type"] == "application/json"
    body = r.json()
    assert body["username"] == "li_chair"
    assert body["display_name"] == "李红梅"
    # Their own number, so not masked.
    assert body["mobile"] == "13700000002"
    assert [(x["role"], x["org"], x["org_name"]) for x in body["roles"]] == [
        ("chair", union.code, union.name)
    ]
    assert body["roles"][0]["role_name"]


def test_a_user_with_roles_in_two_organisations_sees_both(union, login):
    other = UnionFactory()
    multi = UserFactory(roles=[("chair", other), ("cadre", union)])
    roles = login(multi).get(URL).json()["roles"]
    assert {(x["role"], x["org"]) for x in roles} == {("chair", other.code), ("cadre", union.code)}


def test_it_works_with_a_token(group, token_login):
    member = UserFactory(roles=[("member", group)], username="a_member")
    r = token_login(member).get(URL)
    assert r.status_code == 200
    assert r.json()["username"] == "a_member"


def test_a_wrong_token_is_refused(client):
    r = client.get(URL, HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert r.status_code == 401


def test_anonymous_gets_401(client):
    assert client.get(URL).status_code == 401


def test_wrong_method_gets_405(union, staff, login):
    assert login(staff("chair", union)).post(URL).status_code == 405
