from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/"


def test_it_shows_the_caller_and_their_roles(client_for):
    r = client_for("school_chair").get(URL)
    assert r.status_code == 200
    assert r["Content-Type"] == "application/json"
    body = r.json()
    assert body["username"] == "school_chair"
    assert body["display_name"] == "李红梅"
    # Their own number, so not masked.
    assert body["mobile"] == "13800000002"
    assert [(x["role"], x["org"], x["org_name"]) for x in body["roles"]] == [
        ("chair", "S0001", "示范区实验中学工会")
    ]
    assert body["roles"][0]["role_name"]


def test_a_user_with_roles_in_two_organisations_sees_both(client_for):
    roles = client_for("multi").get(URL).json()["roles"]
    assert {(x["role"], x["org"]) for x in roles} == {("chair", "H0001-B01"), ("cadre", "S0001")}


def test_it_works_with_a_token(token_client):
    r = token_client("member").get(URL)
    assert r.status_code == 200
    assert r.json()["username"] == "member"


def test_a_wrong_token_is_refused(client):
    r = client.get(URL, HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert r.status_code == 401


def test_anonymous_gets_401(client):
    assert client.get(URL).status_code == 401


def test_wrong_method_gets_405(client_for):
    assert client_for("school_chair").post(URL).status_code == 405
