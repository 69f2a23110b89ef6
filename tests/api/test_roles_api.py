from __future__ import annotations

import pytest

from gonghui.accounts.models import RoleAssignment
from gonghui.core.scoping import unscoped

from .conftest import last_entry_id, new_entries

pytestmark = pytest.mark.django_db

JSON = "application/json"
URL = "/api/v1/orgs/S0001/roles/"


def assignment(username: str, role: str, code: str) -> RoleAssignment | None:
    with unscoped():
        return RoleAssignment.objects.filter(
            user__username=username, role=role, org__code=code
        ).first()


def test_it_lists_the_roles_held_in_the_subtree(client_for):
    r = client_for("school_cadre").get(URL)
    assert r.status_code == 200
    body = r.json()
    held = {(a["user"], a["role"], a["org"]) for a in body["results"]}
    assert held == {
        ("school_chair", "chair", "S0001"),
        ("school_cadre", "cadre", "S0001"),
        ("multi", "cadre", "S0001"),
        ("group_leader", "group_leader", "S0001-G01"),
        ("member", "member", "S0001-G01"),
    }
    assert body["count"] == 5
    row = next(a for a in body["results"] if a["user"] == "school_chair")
    assert (row["user_display_name"], row["org_name"]) == ("李红梅", "示范区实验中学工会")
    assert row["role_name"]


def test_another_organisation_gets_404(client_for):
    c = client_for("school_chair")
    assert c.get("/api/v1/orgs/F0001/roles/").status_code == 404
    r = c.post(
        "/api/v1/orgs/F0001/roles/",
        {"login": "member", "role": "member", "org": "F0001"},
        content_type=JSON,
    )
    assert r.status_code == 404
    assert assignment("member", "member", "F0001") is None


def test_reading_roles_needs_the_permission(client_for):
    assert client_for("group_leader").get("/api/v1/orgs/S0001-G01/roles/").status_code == 403


def test_anonymous_gets_401(client):
    assert client.get(URL).status_code == 401
    r = client.post(URL, {"login": "member", "role": "cadre", "org": "S0001"}, content_type=JSON)
    assert r.status_code == 401
    assert assignment("member", "cadre", "S0001") is None


def test_wrong_methods_get_405(client_for):
    c = client_for("school_chair")
    assert c.put(URL, {}, content_type=JSON).status_code == 405
    mine = assignment("member", "member", "S0001-G01")
    assert c.get(f"{URL}{mine.pk}/").status_code == 405


# -- grant ------------------------------------------------------------------


def test_post_grants_a_role_and_is_audited(client_for):
    since = last_entry_id()
    r = client_for("school_chair").post(
        URL, {"login": "group_leader", "role": "cadre", "org": "S0001-G01"}, content_type=JSON
    )
    assert r.status_code == 201, r.content
    granted = assignment("group_leader", "cadre", "S0001-G01")
    assert granted is not None
    assert r.json()["id"] == granted.pk
    [entry] = new_entries("accounts.roleassignment.created", since)
    assert (entry.source, entry.actor.username, entry.ip) == ("api", "school_chair", "127.0.0.1")
    assert entry.object_id == str(granted.pk)


def test_post_finds_the_account_by_mobile_number(client_for):
    r = client_for("school_chair").post(
        URL, {"login": "13800000010", "role": "group_leader", "org": "S0001-G02"}, content_type=JSON
    )
    assert r.status_code == 201, r.content
    assert assignment("member", "group_leader", "S0001-G02") is not None


def test_granting_a_role_already_held_changes_nothing(client_for):
    since = last_entry_id()
    r = client_for("school_chair").post(
        URL, {"login": "member", "role": "member", "org": "S0001-G01"}, content_type=JSON
    )
    assert r.status_code == 200
    assert new_entries("accounts.roleassignment.created", since) == []


def test_nobody_grants_rights_they_do_not_hold(client_for):
    r = client_for("school_chair").post(
        URL, {"login": "member", "role": "upper_staff", "org": "S0001"}, content_type=JSON
    )
    assert r.status_code == 400
    assert r.json()["detail"]
    assert assignment("member", "upper_staff", "S0001") is None


def test_a_role_cannot_be_granted_outside_the_scope(client_for):
    r = client_for("school_chair").post(
        URL, {"login": "member", "role": "member", "org": "F0001"}, content_type=JSON
    )
    assert r.status_code == 400
    assert "org" in r.json()
    assert assignment("member", "member", "F0001") is None


def test_an_unknown_login_is_refused(client_for):
    r = client_for("school_chair").post(
        URL, {"login": "nobody", "role": "member", "org": "S0001"}, content_type=JSON
    )
    assert r.status_code == 400
    assert "login" in r.json()


def test_granting_needs_the_write_permission(client_for):
    r = client_for("school_cadre").post(
        URL, {"login": "member", "role": "member", "org": "S0001-G02"}, content_type=JSON
    )
    assert r.status_code == 403
    assert assignment("member", "member", "S0001-G02") is None


# -- revoke -----------------------------------------------------------------


def test_delete_revokes_a_role_and_is_audited(client_for):
    target = assignment("member", "member", "S0001-G01")
    since = last_entry_id()
    r = client_for("school_chair").delete(f"{URL}{target.pk}/")
    assert r.status_code == 204
    assert assignment("member", "member", "S0001-G01") is None
    [entry] = new_entries("accounts.roleassignment.deleted", since)
    assert (entry.source, entry.actor.username, entry.object_id) == (
        "api",
        "school_chair",
        str(target.pk),
    )


def test_nobody_revokes_their_own_role_here(client_for):
    own = assignment("school_chair", "chair", "S0001")
    r = client_for("school_chair").delete(f"{URL}{own.pk}/")
    assert r.status_code == 400
    assert r.json()["detail"]
    assert assignment("school_chair", "chair", "S0001") is not None


def test_an_assignment_of_another_organisation_gets_404_under_ones_own_code(client_for):
    foreign = assignment("factory_chair", "chair", "F0001")
    assert client_for("school_chair").delete(f"{URL}{foreign.pk}/").status_code == 404
    assert assignment("factory_chair", "chair", "F0001") is not None


def test_revoking_needs_the_write_permission(client_for):
    target = assignment("member", "member", "S0001-G01")
    assert client_for("school_cadre").delete(f"{URL}{target.pk}/").status_code == 403
    assert assignment("member", "member", "S0001-G01") is not None
