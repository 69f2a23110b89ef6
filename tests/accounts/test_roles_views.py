"""Roles pages of an organisation: list, grant, revoke, and the limits on each."""

from __future__ import annotations

import re

import pytest

from gonghui.accounts import services
from gonghui.accounts.access import resolve_access
from gonghui.accounts.models import RoleAssignment
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.orgs.demo import NAMES

pytestmark = pytest.mark.django_db


def assignment(username: str, org_code: str, role: str) -> RoleAssignment:
    with unscoped():
        return RoleAssignment.objects.select_related("org", "user").get(
            user__username=username, org__code=org_code, role=role
        )


def exists(username: str, org_code: str, role: str) -> bool:
    with unscoped():
        return RoleAssignment.objects.filter(
            user__username=username, org__code=org_code, role=role
        ).exists()


@pytest.fixture
def entries(db):
    """entries(action): the audit entries with `action` written since the test started
    (the demo data has entries of its own)."""
    with unscoped():
        mark = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def get(action: str) -> list[AuditEntry]:
        with unscoped():
            return list(
                AuditEntry.objects.filter(action=action, pk__gt=mark)
                .select_related("actor", "org")
                .order_by("id")
            )

    return get


def grant(client, org_code: str, login: str, role: str, target_org, **request):
    return client.post(
        f"/o/{org_code}/roles/grant/",
        {"login": login, "role": role, "org": target_org.pk},
        **request,
    )


# -- the list -------------------------------------------------------------------


def test_the_chair_sees_the_roles_of_the_union(client_for):
    r = client_for("school_chair").get("/o/S0001/roles/")
    assert r.status_code == 200
    body = r.content.decode()
    # People by their names (#13 §4); the chair, who grants roles by login, sees the logins
    # too, labelled.
    for name, username in (
        ("刘芳", "school_cadre"),
        ("吴秀英", "group_leader"),
        ("黄俊杰", "multi"),
    ):
        assert name in body
        assert re.search(rf'用户名:\s*<span translate="no">{username}</span>', body)
    # Only the union's subtree: not the hospital, not the district above.
    assert "王志强" not in body and "hospital_chair" not in body
    assert "周建国" not in body and "district" not in body
    assert 'action="/o/S0001/roles/grant/"' in body


def test_a_cadre_reads_the_list_without_the_grant_form(client_for):
    r = client_for("school_cadre").get("/o/S0001/roles/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "李红梅" in body
    assert "school_chair" not in body  # a reader of the list needs no login
    assert "/roles/grant/" not in body
    assert "/revoke/" not in body


def test_another_organisation_gets_404(client_for):
    c = client_for("school_chair")
    assert c.get("/o/H0001/roles/").status_code == 404
    assert c.get("/o/D0001/roles/").status_code == 404
    assert c.get("/o/NOPE/roles/").status_code == 404


@pytest.mark.parametrize(
    "username,org_code", [("member", "S0001-G01"), ("group_leader", "S0001-G01")]
)
def test_roles_without_the_permission_get_403(client_for, username, org_code):
    c = client_for(username)
    assert c.get(f"/o/{org_code}/roles/").status_code == 403


def test_a_cadre_cannot_grant_or_revoke(client_for, org):
    c = client_for("school_cadre")
    r = grant(c, "S0001", "member", "group_leader", org("S0001-G01"))
    assert r.status_code == 403
    target = assignment("member", "S0001-G01", "member")
    assert c.post(f"/o/S0001/roles/{target.pk}/revoke/").status_code == 403
    assert not exists("member", "S0001-G01", "group_leader")
    assert exists("member", "S0001-G01", "member")


def test_wrong_methods_get_405(client_for):
    c = client_for("school_chair")
    target = assignment("member", "S0001-G01", "member")
    assert c.get("/o/S0001/roles/grant/").status_code == 405
    assert c.get(f"/o/S0001/roles/{target.pk}/revoke/").status_code == 405
    assert c.post("/o/S0001/roles/").status_code == 405
    assert c.delete(f"/o/S0001/roles/{target.pk}/revoke/").status_code == 405


def test_anonymous_is_sent_to_login(client):
    r = client.post("/o/S0001/roles/grant/")
    assert r.status_code == 302
    assert r["Location"].startswith("/accounts/login/")


# -- granting -------------------------------------------------------------------


def test_the_chair_grants_a_role_and_it_is_audited(client_for, org, user, entries):
    c = client_for("school_chair")
    group = org("S0001-G02")
    r = grant(c, "S0001", "member", "group_leader", group, REMOTE_ADDR="10.0.0.9")
    assert r.status_code == 302
    assert r["Location"] == "/o/S0001/roles/"
    assert exists("member", "S0001-G02", "group_leader")
    [entry] = entries("accounts.roleassignment.created")
    assert entry.actor == user("school_chair")
    assert entry.actor_name == "school_chair"
    assert entry.ip == "10.0.0.9"
    assert entry.source == "web"
    assert entry.org == group
    assert entry.object_id == str(assignment("member", "S0001-G02", "group_leader").pk)
    # The new holder has the role's rights at once.
    access = resolve_access(user("member"), "S0001-G02")
    assert access is not None and access.has("orgs.org:read")


def test_a_role_can_be_granted_by_mobile_number(client_for, org):
    c = client_for("school_chair")
    r = grant(c, "S0001", NAMES["member"][1], "cadre", org("S0001"))
    assert r.status_code == 302
    assert exists("member", "S0001", "cadre")


def test_granting_an_existing_role_changes_nothing(client_for, org, entries):
    c = client_for("school_chair")
    r = grant(c, "S0001", "school_cadre", "cadre", org("S0001"))
    assert r.status_code == 302
    assert entries("accounts.roleassignment.created") == []


def test_an_unknown_login_is_refused(client_for, org, entries):
    r = grant(client_for("school_chair"), "S0001", "nobody-by-this-name", "member", org("S0001"))
    assert r.status_code == 400
    assert "invalid-feedback" in r.content.decode()
    assert entries("accounts.roleassignment.created") == []


def test_the_chair_cannot_grant_rights_they_do_not_hold(client_for, org, entries):
    c = client_for("school_chair")
    page = c.get("/o/S0001/roles/").content.decode()
    assert 'value="upper_staff"' not in page
    r = grant(c, "S0001", "member", "upper_staff", org("S0001"))
    assert r.status_code == 400
    assert not exists("member", "S0001", "upper_staff")
    assert entries("accounts.roleassignment.created") == []


def test_the_service_refuses_rights_the_granter_does_not_hold(org, user):
    access = resolve_access(user("school_chair"), "S0001")
    with pytest.raises(services.RoleError):
        services.role_grant(
            actor=user("school_chair"),
            access=access,
            user=user("member"),
            org=org("S0001"),
            role="upper_staff",
        )
    assert not exists("member", "S0001", "upper_staff")


@pytest.mark.parametrize("outside", ["H0001", "D0001", "F0001-G01"])
def test_the_chair_cannot_grant_outside_their_subtree(client_for, org, outside, entries):
    c = client_for("school_chair")
    r = grant(c, "S0001", "member", "member", org(outside))
    assert r.status_code == 400
    assert not exists("member", outside, "member")
    assert entries("accounts.roleassignment.created") == []


@pytest.mark.parametrize("outside", ["H0001", "D0001"])
def test_the_service_refuses_an_organisation_outside_the_subtree(org, user, outside):
    access = resolve_access(user("school_chair"), "S0001")
    with pytest.raises(services.RoleError):
        services.role_grant(
            actor=user("school_chair"),
            access=access,
            user=user("member"),
            org=org(outside),
            role="member",
        )


def test_working_in_a_group_the_chair_grants_only_inside_it(client_for, org):
    c = client_for("school_chair")
    r = grant(c, "S0001-G01", "member", "group_leader", org("S0001-G02"))
    assert r.status_code == 400
    assert not exists("member", "S0001-G02", "group_leader")


def test_multi_grants_where_they_are_chair_but_not_where_they_are_cadre(client_for, org):
    c = client_for("multi")
    assert grant(c, "H0001-B01", "member", "member", org("H0001-B01-G01")).status_code == 302
    assert exists("member", "H0001-B01-G01", "member")
    assert grant(c, "S0001", "member", "member", org("S0001")).status_code == 403


# -- revoking -------------------------------------------------------------------


def test_the_chair_revokes_a_role_and_it_is_audited(client_for, org, user, entries):
    c = client_for("school_chair")
    target = assignment("group_leader", "S0001-G01", "group_leader")
    r = c.post(f"/o/S0001/roles/{target.pk}/revoke/", REMOTE_ADDR="10.0.0.10")
    assert r.status_code == 302
    assert r["Location"] == "/o/S0001/roles/"
    assert not exists("group_leader", "S0001-G01", "group_leader")
    [entry] = entries("accounts.roleassignment.deleted")
    assert entry.actor == user("school_chair")
    assert entry.ip == "10.0.0.10"
    assert entry.org == org("S0001-G01")
    assert entry.object_id == str(target.pk)
    assert entry.changes["role"] == ["group_leader", None]


def test_the_chair_cannot_revoke_their_own_role(client_for, entries):
    c = client_for("school_chair")
    own = assignment("school_chair", "S0001", "chair")
    r = c.post(f"/o/S0001/roles/{own.pk}/revoke/", follow=True)
    assert r.status_code == 200
    assert "alert-danger" in r.content.decode()
    assert exists("school_chair", "S0001", "chair")
    assert entries("accounts.roleassignment.deleted") == []


def test_a_role_outside_the_subtree_cannot_be_revoked(client_for, entries):
    c = client_for("school_chair")
    for username, code, role in [
        ("hospital_chair", "H0001", "chair"),
        ("district", "D0001", "upper_staff"),
    ]:
        target = assignment(username, code, role)
        assert c.post(f"/o/S0001/roles/{target.pk}/revoke/").status_code == 404
        assert exists(username, code, role)
    assert entries("accounts.roleassignment.deleted") == []


def test_a_role_with_more_rights_than_the_revoker_cannot_be_revoked(client_for, org, user, entries):
    # upper_staff holds orgs.import:run, which a chair does not.
    with unscoped():
        extra = RoleAssignment(user=user("member"), org=org("S0001-G03"), role="upper_staff")
        extra.save()
    c = client_for("school_chair")
    r = c.post(f"/o/S0001/roles/{extra.pk}/revoke/", follow=True)
    assert "alert-danger" in r.content.decode()
    assert exists("member", "S0001-G03", "upper_staff")
    assert entries("accounts.roleassignment.deleted") == []
