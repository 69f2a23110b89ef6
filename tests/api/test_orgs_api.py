from __future__ import annotations

import pytest

from gonghui.core.scoping import unscoped
from gonghui.orgs.models import Organisation, OrgKind
from tests.factories import GroupFactory, UnionFactory

from .conftest import last_entry_id, new_entries

pytestmark = pytest.mark.django_db

JSON = "application/json"
# The codes of the `school` fixture (see conftest.py): the union, its first group, its district.
S, G1, D = "AS01", "AS01-G01", "AD01"


def get_org(code: str) -> Organisation:
    with unscoped():
        return Organisation.objects.select_related("parent").get(code=code)


# -- the organisation -------------------------------------------------------


def test_it_shows_the_organisation(school, login):
    r = login(school.chair).get(f"/api/v1/orgs/{S}/")
    assert r.status_code == 200
    body = r.json()
    assert body["code"] == S
    assert body["name"] == "测试实验中学工会"
    assert body["kind"] == "grassroots"
    assert body["kind_display"]
    assert body["parent"] == school.district.code
    assert body["unit_type"] == "school"
    assert "path" not in body and "depth" not in body


def test_upper_staff_reaches_an_organisation_below(school, login):
    below = school.groups[1].code
    assert login(school.district_staff).get(f"/api/v1/orgs/{below}/").json()["parent"] == S


def test_another_organisation_gets_404(school, login):
    c = login(school.chair)
    other = school.other.code
    assert c.get(f"/api/v1/orgs/{other}/").status_code == 404
    assert c.patch(f"/api/v1/orgs/{other}/", {"name": "x"}, content_type=JSON).status_code == 404
    assert get_org(other).name == "测试精密机械有限公司工会"
    assert c.get("/api/v1/orgs/NOPE/").status_code == 404


def test_a_role_without_the_read_permission_gets_403(school, login):
    assert login(school.member).get(f"/api/v1/orgs/{G1}/").status_code == 403


def test_anonymous_gets_401(client, school):
    assert client.get(f"/api/v1/orgs/{S}/").status_code == 401


def test_wrong_methods_get_405(school, login):
    c = login(school.chair)
    assert c.put(f"/api/v1/orgs/{S}/", {}, content_type=JSON).status_code == 405
    assert c.delete(f"/api/v1/orgs/{S}/").status_code == 405
    assert c.post(f"/api/v1/orgs/{S}/", {}, content_type=JSON).status_code == 405


def test_patch_edits_the_organisation_and_is_audited(school, login):
    since = last_entry_id()
    r = login(school.chair).patch(
        f"/api/v1/orgs/{S}/",
        {"name": "实验中学工会委员会", "region": "合肥", "code": "HIJACK", "kind": "upper"},
        content_type=JSON,
        REMOTE_ADDR="10.1.2.3",
    )
    assert r.status_code == 200, r.content
    org = get_org(S)
    assert (org.name, org.region) == ("实验中学工会委员会", "合肥")
    # code and kind are not editable, as on the page.
    assert (org.code, org.kind) == (S, "grassroots")
    [entry] = new_entries("orgs.organisation.updated", since)
    assert entry.source == "api"
    assert entry.ip == "10.1.2.3"
    assert entry.actor == school.chair
    assert entry.org == org
    assert entry.changes["name"] == ["测试实验中学工会", "实验中学工会委员会"]


def test_patch_with_a_token_is_audited_as_the_token_user(school, token_login):
    since = last_entry_id()
    r = token_login(school.district_staff).patch(
        f"/api/v1/orgs/{S}/", {"unit_name": "实验中学"}, content_type=JSON
    )
    assert r.status_code == 200, r.content
    assert get_org(S).unit_name == "实验中学"
    [entry] = new_entries("orgs.organisation.updated", since)
    assert (entry.actor, entry.source, entry.ip) == (school.district_staff, "api", "127.0.0.1")


def test_patch_rejects_a_bad_value(school, login):
    r = login(school.chair).patch(f"/api/v1/orgs/{S}/", {"unit_type": "castle"}, content_type=JSON)
    assert r.status_code == 400
    assert "unit_type" in r.json()
    assert get_org(S).unit_type == "school"


def test_patch_needs_the_write_permission(school, login):
    since = last_entry_id()
    r = login(school.cadre).patch(f"/api/v1/orgs/{S}/", {"name": "x"}, content_type=JSON)
    assert r.status_code == 403
    assert get_org(S).name == "测试实验中学工会"
    assert new_entries("orgs.organisation.updated", since) == []


# -- the subtree ------------------------------------------------------------


def test_the_subtree_lists_the_organisation_and_everything_below(school, login):
    r = login(school.chair).get(f"/api/v1/orgs/{S}/subtree/")
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 4
    assert [o["code"] for o in body["results"]] == [S, f"{S}-G01", f"{S}-G02", f"{S}-G03"]
    assert body["next"] is None


def test_the_subtree_of_the_district_holds_no_foreign_organisation(school, login, platform):
    foreign = Organisation.objects.create(code="X9000", name="临江区总工会", kind="upper")
    body = login(school.district_staff).get(f"/api/v1/orgs/{D}/subtree/").json()
    codes = {o["code"] for o in body["results"]}
    # The district, the school with its three groups, and the other union.
    assert codes == {D, S, *(g.code for g in school.groups), school.other.code}
    assert body["count"] == len(codes) == 6
    assert foreign.code not in codes


def test_the_subtree_filters_like_the_page(school, login):
    hospital = UnionFactory(parent=school.district, code="HX01", name="测试医院工会")
    b1, b2 = (
        GroupFactory(parent=hospital, code=f"HX01-B0{i}", name=f"第{i}分会", kind=OrgKind.BRANCH)
        for i in (1, 2)
    )
    GroupFactory(parent=b1, code="HX01-B01-G01", name="内科工会小组")
    GroupFactory(parent=b1, code="HX01-B01-G02", name="外科工会小组")
    GroupFactory(parent=b2, code="HX01-B02-G01", name="骨科工会小组")
    GroupFactory(parent=hospital, code="HX01-G01", name="后勤工会小组")
    c = login(school.district_staff)
    groups = c.get("/api/v1/orgs/HX01/subtree/?kind=group").json()
    assert {o["code"] for o in groups["results"]} == {
        "HX01-B01-G01",
        "HX01-B01-G02",
        "HX01-B02-G01",
        "HX01-G01",
    }
    found = c.get(f"/api/v1/orgs/{D}/subtree/", {"q": "骨科"}).json()
    assert [o["code"] for o in found["results"]] == ["HX01-B02-G01"]
    assert c.get(f"/api/v1/orgs/{D}/subtree/", {"q": f"{S.lower()}-g0"}).json()["count"] == 3


def test_the_subtree_is_paginated(school, login):
    c = login(school.district_staff)
    assert c.get(f"/api/v1/orgs/{D}/subtree/?page=1").json()["count"] == 6
    assert c.get(f"/api/v1/orgs/{D}/subtree/?page=2").status_code == 404


def test_the_subtree_of_another_organisation_gets_404(school, login):
    c = login(school.chair)
    other = school.other.code
    assert c.get(f"/api/v1/orgs/{other}/subtree/").status_code == 404
    r = c.post(
        f"/api/v1/orgs/{other}/subtree/",
        {"code": f"{other}-G09", "name": "新小组", "kind": "group"},
        content_type=JSON,
    )
    assert r.status_code == 404
    with unscoped():
        assert not Organisation.objects.filter(code=f"{other}-G09").exists()


def test_post_creates_a_child_and_is_audited(school, login):
    since = last_entry_id()
    r = login(school.chair).post(
        f"/api/v1/orgs/{S}/subtree/",
        {"code": f" {S.lower()}-g04 ", "name": "英语教研组工会小组", "kind": "group"},
        content_type=JSON,
    )
    assert r.status_code == 201, r.content
    assert r.json()["code"] == f"{S}-G04"
    org = get_org(f"{S}-G04")
    assert org.parent.code == S
    assert org.name == "英语教研组工会小组"
    assert org.path.startswith(get_org(S).path)
    [entry] = new_entries("orgs.organisation.created", since)
    assert (entry.source, entry.actor, entry.org) == ("api", school.chair, org)


def test_post_refuses_a_kind_that_cannot_sit_there(school, login):
    r = login(school.chair).post(
        f"/api/v1/orgs/{S}/subtree/",
        {"code": f"{S}-X", "name": "不该有的工会", "kind": "grassroots"},
        content_type=JSON,
    )
    assert r.status_code == 400
    assert "parent" in r.json()
    with unscoped():
        assert not Organisation.objects.filter(code=f"{S}-X").exists()


def test_post_refuses_a_code_taken_anywhere_on_the_platform(school, login):
    # The other union is outside the school chair's scope: the check must still see it.
    r = login(school.chair).post(
        f"/api/v1/orgs/{S}/subtree/",
        {"code": school.other.code.lower(), "name": "重名小组", "kind": "group"},
        content_type=JSON,
    )
    assert r.status_code == 400
    assert "code" in r.json()
    assert get_org(school.other.code).name == "测试精密机械有限公司工会"


def test_post_refuses_a_missing_name(school, login):
    r = login(school.chair).post(
        f"/api/v1/orgs/{S}/subtree/", {"code": f"{S}-G05", "kind": "group"}, content_type=JSON
    )
    assert r.status_code == 400
    assert "name" in r.json()
    with unscoped():
        assert not Organisation.objects.filter(code=f"{S}-G05").exists()


def test_post_needs_the_write_permission(school, login):
    r = login(school.cadre).post(
        f"/api/v1/orgs/{S}/subtree/",
        {"code": f"{S}-G05", "name": "新小组", "kind": "group"},
        content_type=JSON,
    )
    assert r.status_code == 403
    with unscoped():
        assert not Organisation.objects.filter(code=f"{S}-G05").exists()


def test_the_subtree_answers_405_to_other_methods(school, login):
    c = login(school.chair)
    assert c.delete(f"/api/v1/orgs/{S}/subtree/").status_code == 405
    assert c.patch(f"/api/v1/orgs/{S}/subtree/", {}, content_type=JSON).status_code == 405


def test_the_subtree_needs_login(client, school):
    assert client.get(f"/api/v1/orgs/{S}/subtree/").status_code == 401
