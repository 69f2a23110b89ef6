"""Roles pages of an organisation: list, grant, revoke, and the limits on each."""

from __future__ import annotations

import re

import pytest

from gonghui.accounts import services
from gonghui.accounts.access import resolve_access
from gonghui.accounts.models import RoleAssignment
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped

pytestmark = pytest.mark.django_db


def assignment(who, org, role: str) -> RoleAssignment:
    with unscoped():
        return RoleAssignment.objects.select_related("org", "user").get(
            user=who, org=org, role=role
        )


def exists(who, org, role: str) -> bool:
    with unscoped():
        return RoleAssignment.objects.filter(user=who, org=org, role=role).exists()


@pytest.fixture
def entries(town):
    """entries(action): the audit entries with `action` written since the test started
    (building the test's organisations and logins wrote entries of its own)."""
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


def test_the_chair_sees_the_roles_of_the_union(town, login):
    r = login(town.chair).get(f"/o/{town.school.code}/roles/")
    assert r.status_code == 200
    body = r.content.decode()
    # People by their names (#13 §4); the chair, who grants roles by login, sees the logins
    # too, labelled.
    for who in (town.cadre, town.leader, town.multi):
        assert who.display_name in body
        assert re.search(rf'用户名:\s*<span translate="no">{who.username}</span>', body)
    # Only the union's subtree: not the hospital, not the district above.
    assert "王志强" not in body and town.hospital_union_chair.username not in body
    assert "周建国" not in body and town.upper.username not in body
    assert f'action="/o/{town.school.code}/roles/grant/"' in body


def test_a_cadre_reads_the_list_without_the_grant_form(town, login):
    r = login(town.cadre).get(f"/o/{town.school.code}/roles/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "李红梅" in body
    assert town.chair.username not in body  # a reader of the list needs no login
    assert "/roles/grant/" not in body
    assert "/revoke/" not in body


def test_another_organisation_gets_404(town, login):
    c = login(town.chair)
    assert c.get(f"/o/{town.school.code}/roles/").status_code == 200
    assert c.get(f"/o/{town.hospital.code}/roles/").status_code == 404
    assert c.get(f"/o/{town.district.code}/roles/").status_code == 404
    assert c.get("/o/NOPE/roles/").status_code == 404


@pytest.mark.parametrize("persona", ["member", "leader"])
def test_roles_without_the_permission_get_403(town, login, persona):
    c = login(getattr(town, persona))
    assert c.get(f"/o/{town.g1.code}/roles/").status_code == 403


def test_a_cadre_cannot_grant_or_revoke(town, login):
    c = login(town.cadre)
    r = grant(c, town.school.code, town.member.username, "group_leader", town.g1)
    assert r.status_code == 403
    target = assignment(town.member, town.g1, "member")
    assert c.post(f"/o/{town.school.code}/roles/{target.pk}/revoke/").status_code == 403
    assert not exists(town.member, town.g1, "group_leader")
    assert exists(town.member, town.g1, "member")


def test_wrong_methods_get_405(town, login):
    c = login(town.chair)
    code = town.school.code
    target = assignment(town.member, town.g1, "member")
    assert c.get(f"/o/{code}/roles/grant/").status_code == 405
    assert c.get(f"/o/{code}/roles/{target.pk}/revoke/").status_code == 405
    assert c.post(f"/o/{code}/roles/").status_code == 405
    assert c.delete(f"/o/{code}/roles/{target.pk}/revoke/").status_code == 405


def test_anonymous_is_sent_to_login(client, union):
    r = client.post(f"/o/{union.code}/roles/grant/")
    assert r.status_code == 302
    assert r["Location"].startswith("/accounts/login/")


# -- granting -------------------------------------------------------------------


def test_the_chair_grants_a_role_and_it_is_audited(town, login, entries):
    c = login(town.chair)
    code = town.school.code
    r = grant(c, code, town.member.username, "group_leader", town.g2, REMOTE_ADDR="10.0.0.9")
    assert r.status_code == 302
    assert r["Location"] == f"/o/{code}/roles/"
    assert exists(town.member, town.g2, "group_leader")
    [entry] = entries("accounts.roleassignment.created")
    assert entry.actor == town.chair
    assert entry.actor_name == town.chair.username
    assert entry.ip == "10.0.0.9"
    assert entry.source == "web"
    assert entry.org == town.g2
    assert entry.object_id == str(assignment(town.member, town.g2, "group_leader").pk)
    # The new holder has the role's rights at once.
    access = resolve_access(town.member, town.g2.code)
    assert access is not None and access.has("orgs.org:read")


def test_a_role_can_be_granted_by_mobile_number(town, login):
    c = login(town.chair)
    r = grant(c, town.school.code, town.member.mobile, "cadre", town.school)
    assert r.status_code == 302
    assert exists(town.member, town.school, "cadre")


def test_granting_an_existing_role_changes_nothing(town, login, entries):
    c = login(town.chair)
    r = grant(c, town.school.code, town.cadre.username, "cadre", town.school)
    assert r.status_code == 302
    assert entries("accounts.roleassignment.created") == []
    with unscoped():
        assert RoleAssignment.objects.filter(user=town.cadre, role="cadre").count() == 1


def test_an_unknown_login_is_refused(town, login, entries):
    r = grant(login(town.chair), town.school.code, "nobody-by-this-name", "member", town.school)
    assert r.status_code == 400
    assert "invalid-feedback" in r.content.decode()
    assert entries("accounts.roleassignment.created") == []


def test_the_chair_cannot_grant_rights_they_do_not_hold(town, login, entries):
    c = login(town.chair)
    page = c.get(f"/o/{town.school.code}/roles/").content.decode()
    assert 'value="cadre"' in page
    assert 'value="upper_staff"' not in page
    r = grant(c, town.school.code, town.member.username, "upper_staff", town.school)
    assert r.status_code == 400
    assert not exists(town.member, town.school, "upper_staff")
    assert entries("accounts.roleassignment.created") == []


def test_the_service_refuses_rights_the_granter_does_not_hold(town, platform):
    access = resolve_access(town.chair, town.school.code)
    with pytest.raises(services.RoleError):
        services.role_grant(
            actor=town.chair,
            access=access,
            user=town.member,
            org=town.school,
            role="upper_staff",
        )
    assert not exists(town.member, town.school, "upper_staff")


@pytest.mark.parametrize("outside", ["hospital", "district", "factory_g1"])
def test_the_chair_cannot_grant_outside_their_subtree(town, login, outside, entries):
    c = login(town.chair)
    target = getattr(town, outside)
    r = grant(c, town.school.code, town.member.username, "member", target)
    assert r.status_code == 400
    assert not exists(town.member, target, "member")
    assert entries("accounts.roleassignment.created") == []


@pytest.mark.parametrize("outside", ["hospital", "district"])
def test_the_service_refuses_an_organisation_outside_the_subtree(town, platform, outside):
    access = resolve_access(town.chair, town.school.code)
    with pytest.raises(services.RoleError):
        services.role_grant(
            actor=town.chair,
            access=access,
            user=town.member,
            org=getattr(town, outside),
            role="member",
        )


def test_working_in_a_group_the_chair_grants_only_inside_it(town, login):
    c = login(town.chair)
    r = grant(c, town.g1.code, town.member.username, "group_leader", town.g2)
    assert r.status_code == 400
    assert not exists(town.member, town.g2, "group_leader")


def test_multi_grants_where_they_are_chair_but_not_where_they_are_cadre(town, login):
    c = login(town.multi)
    r = grant(c, town.branch.code, town.member.username, "member", town.branch_g1)
    assert r.status_code == 302
    assert exists(town.member, town.branch_g1, "member")
    r = grant(c, town.school.code, town.member.username, "member", town.school)
    assert r.status_code == 403


# -- revoking -------------------------------------------------------------------


def test_the_chair_revokes_a_role_and_it_is_audited(town, login, entries):
    c = login(town.chair)
    code = town.school.code
    target = assignment(town.leader, town.g1, "group_leader")
    r = c.post(f"/o/{code}/roles/{target.pk}/revoke/", REMOTE_ADDR="10.0.0.10")
    assert r.status_code == 302
    assert r["Location"] == f"/o/{code}/roles/"
    assert not exists(town.leader, town.g1, "group_leader")
    [entry] = entries("accounts.roleassignment.deleted")
    assert entry.actor == town.chair
    assert entry.ip == "10.0.0.10"
    assert entry.org == town.g1
    assert entry.object_id == str(target.pk)
    assert entry.changes["role"] == ["group_leader", None]


def test_the_chair_cannot_revoke_their_own_role(town, login, entries):
    c = login(town.chair)
    own = assignment(town.chair, town.school, "chair")
    r = c.post(f"/o/{town.school.code}/roles/{own.pk}/revoke/", follow=True)
    assert r.status_code == 200
    assert "alert-danger" in r.content.decode()
    assert exists(town.chair, town.school, "chair")
    assert entries("accounts.roleassignment.deleted") == []


def test_a_role_outside_the_subtree_cannot_be_revoked(town, login, entries):
    c = login(town.chair)
    for who, org, role in [
        (town.hospital_union_chair, town.hospital, "chair"),
        (town.upper, town.district, "upper_staff"),
    ]:
        target = assignment(who, org, role)
        assert c.post(f"/o/{town.school.code}/roles/{target.pk}/revoke/").status_code == 404
        assert exists(who, org, role)
    assert entries("accounts.roleassignment.deleted") == []


def test_a_role_with_more_rights_than_the_revoker_cannot_be_revoked(town, login, entries):
    # upper_staff holds orgs.import:run, which a chair does not.
    with unscoped():
        extra = RoleAssignment(user=town.member, org=town.g3, role="upper_staff")
        extra.save()
    c = login(town.chair)
    r = c.post(f"/o/{town.school.code}/roles/{extra.pk}/revoke/", follow=True)
    assert "alert-danger" in r.content.decode()
    assert exists(town.member, town.g3, "upper_staff")
    assert entries("accounts.roleassignment.deleted") == []
