from __future__ import annotations

import pytest

from gonghui.accounts.models import RoleAssignment
from gonghui.core.scoping import unscoped
from tests.factories import UserFactory

from .conftest import last_entry_id, new_entries

pytestmark = pytest.mark.django_db

JSON = "application/json"
# The codes of the `school` fixture (see conftest.py): the union, two groups, the other union.
S, G1, G2, F = "AS01", "AS01-G01", "AS01-G02", "AF01"
URL = f"/api/v1/orgs/{S}/roles/"


def assignment(who, role: str, code: str) -> RoleAssignment | None:
    with unscoped():
        return RoleAssignment.objects.filter(user=who, role=role, org__code=code).first()


def test_it_lists_the_roles_held_in_the_subtree(school, login):
    # A login with roles in two unions: only the role held here is listed.
    multi = UserFactory(roles=[("chair", school.other), ("cadre", school.union)])
    r = login(school.cadre).get(URL)
    assert r.status_code == 200
    body = r.json()
    held = {(a["user"], a["role"], a["org"]) for a in body["results"]}
    assert held == {
        (school.chair.username, "chair", S),
        (school.cadre.username, "cadre", S),
        (multi.username, "cadre", S),
        (school.leader.username, "group_leader", G1),
        (school.member.username, "member", G1),
    }
    assert body["count"] == 5
    row = next(a for a in body["results"] if a["user"] == school.chair.username)
    assert (row["user_display_name"], row["org_name"]) == ("李红梅", "测试实验中学工会")
    assert row["role_name"]


def test_another_organisation_gets_404(school, login):
    c = login(school.chair)
    assert c.get(f"/api/v1/orgs/{F}/roles/").status_code == 404
    r = c.post(
        f"/api/v1/orgs/{F}/roles/",
        {"login": school.member.username, "role": "member", "org": F},
        content_type=JSON,
    )
    assert r.status_code == 404
    assert assignment(school.member, "member", F) is None


def test_reading_roles_needs_the_permission(school, login):
    assert login(school.leader).get(f"/api/v1/orgs/{G1}/roles/").status_code == 403


def test_anonymous_gets_401(client, school):
    assert client.get(URL).status_code == 401
    r = client.post(
        URL, {"login": school.member.username, "role": "cadre", "org": S}, content_type=JSON
    )
    assert r.status_code == 401
    assert assignment(school.member, "cadre", S) is None


def test_wrong_methods_get_405(school, login):
    c = login(school.chair)
    assert c.put(URL, {}, content_type=JSON).status_code == 405
    mine = assignment(school.member, "member", G1)
    assert c.get(f"{URL}{mine.pk}/").status_code == 405


# -- grant ------------------------------------------------------------------


def test_post_grants_a_role_and_is_audited(school, login):
    since = last_entry_id()
    r = login(school.chair).post(
        URL, {"login": school.leader.username, "role": "cadre", "org": G1}, content_type=JSON
    )
    assert r.status_code == 201, r.content
    granted = assignment(school.leader, "cadre", G1)
    assert granted is not None
    assert r.json()["id"] == granted.pk
    [entry] = new_entries("accounts.roleassignment.created", since)
    assert (entry.source, entry.actor, entry.ip) == ("api", school.chair, "127.0.0.1")
    assert entry.object_id == str(granted.pk)


def test_post_finds_the_account_by_mobile_number(school, login):
    someone = UserFactory(roles=[("member", school.groups[1])], mobile="13700000010")
    r = login(school.chair).post(
        URL, {"login": "13700000010", "role": "group_leader", "org": G2}, content_type=JSON
    )
    assert r.status_code == 201, r.content
    assert assignment(someone, "group_leader", G2) is not None


def test_granting_a_role_already_held_changes_nothing(school, login):
    since = last_entry_id()
    r = login(school.chair).post(
        URL, {"login": school.member.username, "role": "member", "org": G1}, content_type=JSON
    )
    assert r.status_code == 200
    assert new_entries("accounts.roleassignment.created", since) == []


def test_nobody_grants_rights_they_do_not_hold(school, login):
    r = login(school.chair).post(
        URL, {"login": school.member.username, "role": "upper_staff", "org": S}, content_type=JSON
    )
    assert r.status_code == 400
    assert r.json()["detail"]
    assert assignment(school.member, "upper_staff", S) is None


def test_a_role_cannot_be_granted_outside_the_scope(school, login):
    r = login(school.chair).post(
        URL, {"login": school.member.username, "role": "member", "org": F}, content_type=JSON
    )
    assert r.status_code == 400
    assert "org" in r.json()
    assert assignment(school.member, "member", F) is None


def test_an_unknown_login_is_refused(school, login):
    r = login(school.chair).post(
        URL, {"login": "nobody", "role": "member", "org": S}, content_type=JSON
    )
    assert r.status_code == 400
    assert "login" in r.json()


def test_granting_needs_the_write_permission(school, login):
    r = login(school.cadre).post(
        URL, {"login": school.member.username, "role": "member", "org": G2}, content_type=JSON
    )
    assert r.status_code == 403
    assert assignment(school.member, "member", G2) is None


# -- revoke -----------------------------------------------------------------


def test_delete_revokes_a_role_and_is_audited(school, login):
    target = assignment(school.member, "member", G1)
    since = last_entry_id()
    r = login(school.chair).delete(f"{URL}{target.pk}/")
    assert r.status_code == 204
    assert assignment(school.member, "member", G1) is None
    [entry] = new_entries("accounts.roleassignment.deleted", since)
    assert (entry.source, entry.actor, entry.object_id) == ("api", school.chair, str(target.pk))


def test_nobody_revokes_their_own_role_here(school, login):
    own = assignment(school.chair, "chair", S)
    r = login(school.chair).delete(f"{URL}{own.pk}/")
    assert r.status_code == 400
    assert r.json()["detail"]
    assert assignment(school.chair, "chair", S) is not None


def test_an_assignment_of_another_organisation_gets_404_under_ones_own_code(school, login):
    foreign = assignment(school.other_chair, "chair", F)
    assert login(school.chair).delete(f"{URL}{foreign.pk}/").status_code == 404
    assert assignment(school.other_chair, "chair", F) is not None


def test_revoking_needs_the_write_permission(school, login):
    target = assignment(school.member, "member", G1)
    assert login(school.cadre).delete(f"{URL}{target.pk}/").status_code == 403
    assert assignment(school.member, "member", G1) is not None
