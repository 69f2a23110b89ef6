from __future__ import annotations

import pytest

from gonghui.core.scoping import unscoped
from gonghui.orgs.models import Organisation

from .conftest import last_entry_id, new_entries

pytestmark = pytest.mark.django_db

JSON = "application/json"


def get_org(code: str) -> Organisation:
    with unscoped():
        return Organisation.objects.select_related("parent").get(code=code)


# -- the organisation -------------------------------------------------------


def test_it_shows_the_organisation(client_for):
    r = client_for("school_chair").get("/api/v1/orgs/S0001/")
    assert r.status_code == 200
    body = r.json()
    assert body["code"] == "S0001"
    assert body["name"] == "示范区实验中学工会"
    assert body["kind"] == "grassroots"
    assert body["kind_display"]
    assert body["parent"] == "D0001"
    assert body["unit_type"] == "school"
    assert "path" not in body and "depth" not in body


def test_upper_staff_reaches_an_organisation_below(client_for):
    assert client_for("district").get("/api/v1/orgs/H0001-B01/").json()["parent"] == "H0001"


def test_another_organisation_gets_404(client_for):
    c = client_for("school_chair")
    assert c.get("/api/v1/orgs/F0001/").status_code == 404
    assert c.patch("/api/v1/orgs/F0001/", {"name": "x"}, content_type=JSON).status_code == 404
    assert c.get("/api/v1/orgs/NOPE/").status_code == 404


def test_a_role_without_the_read_permission_gets_403(client_for):
    assert client_for("member").get("/api/v1/orgs/S0001-G01/").status_code == 403


def test_anonymous_gets_401(client):
    assert client.get("/api/v1/orgs/S0001/").status_code == 401


def test_wrong_methods_get_405(client_for):
    c = client_for("school_chair")
    assert c.put("/api/v1/orgs/S0001/", {}, content_type=JSON).status_code == 405
    assert c.delete("/api/v1/orgs/S0001/").status_code == 405
    assert c.post("/api/v1/orgs/S0001/", {}, content_type=JSON).status_code == 405


def test_patch_edits_the_organisation_and_is_audited(client_for):
    since = last_entry_id()
    r = client_for("school_chair").patch(
        "/api/v1/orgs/S0001/",
        {"name": "实验中学工会委员会", "region": "合肥", "code": "HIJACK", "kind": "upper"},
        content_type=JSON,
        REMOTE_ADDR="10.1.2.3",
    )
    assert r.status_code == 200, r.content
    org = get_org("S0001")
    assert (org.name, org.region) == ("实验中学工会委员会", "合肥")
    # code and kind are not editable, as on the page.
    assert (org.code, org.kind) == ("S0001", "grassroots")
    [entry] = new_entries("orgs.organisation.updated", since)
    assert entry.source == "api"
    assert entry.ip == "10.1.2.3"
    assert entry.actor.username == "school_chair"
    assert entry.org == org
    assert entry.changes["name"] == ["示范区实验中学工会", "实验中学工会委员会"]


def test_patch_with_a_token_is_audited_as_the_token_user(token_client):
    since = last_entry_id()
    r = token_client("district").patch(
        "/api/v1/orgs/S0001/", {"unit_name": "实验中学"}, content_type=JSON
    )
    assert r.status_code == 200, r.content
    assert get_org("S0001").unit_name == "实验中学"
    [entry] = new_entries("orgs.organisation.updated", since)
    assert (entry.actor.username, entry.source, entry.ip) == ("district", "api", "127.0.0.1")


def test_patch_rejects_a_bad_value(client_for):
    r = client_for("school_chair").patch(
        "/api/v1/orgs/S0001/", {"unit_type": "castle"}, content_type=JSON
    )
    assert r.status_code == 400
    assert "unit_type" in r.json()
    assert get_org("S0001").unit_type == "school"


def test_patch_needs_the_write_permission(client_for):
    since = last_entry_id()
    r = client_for("school_cadre").patch("/api/v1/orgs/S0001/", {"name": "x"}, content_type=JSON)
    assert r.status_code == 403
    assert get_org("S0001").name == "示范区实验中学工会"
    assert new_entries("orgs.organisation.updated", since) == []


# -- the subtree ------------------------------------------------------------


def test_the_subtree_lists_the_organisation_and_everything_below(client_for):
    r = client_for("school_chair").get("/api/v1/orgs/S0001/subtree/")
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 4
    assert [o["code"] for o in body["results"]] == ["S0001", "S0001-G01", "S0001-G02", "S0001-G03"]
    assert body["next"] is None


def test_the_subtree_of_the_district_holds_no_foreign_organisation(client_for, platform):
    foreign = Organisation.objects.create(code="X9000", name="临江区总工会", kind="upper")
    body = client_for("district").get("/api/v1/orgs/D0001/subtree/").json()
    codes = {o["code"] for o in body["results"]}
    assert body["count"] == len(codes) == 19
    assert foreign.code not in codes


def test_the_subtree_filters_like_the_page(client_for):
    c = client_for("district")
    groups = c.get("/api/v1/orgs/H0001/subtree/?kind=group").json()
    assert {o["code"] for o in groups["results"]} == {
        "H0001-B01-G01",
        "H0001-B01-G02",
        "H0001-B02-G01",
        "H0001-G01",
    }
    found = c.get("/api/v1/orgs/D0001/subtree/", {"q": "骨科"}).json()
    assert [o["code"] for o in found["results"]] == ["H0001-B02-G01"]
    assert c.get("/api/v1/orgs/D0001/subtree/", {"q": "s0001-g0"}).json()["count"] == 3


def test_the_subtree_is_paginated(client_for):
    c = client_for("district")
    assert c.get("/api/v1/orgs/D0001/subtree/?page=1").json()["count"] == 19
    assert c.get("/api/v1/orgs/D0001/subtree/?page=2").status_code == 404


def test_the_subtree_of_another_organisation_gets_404(client_for):
    c = client_for("school_chair")
    assert c.get("/api/v1/orgs/H0001/subtree/").status_code == 404
    r = c.post(
        "/api/v1/orgs/H0001/subtree/",
        {"code": "H0001-G09", "name": "新小组", "kind": "group"},
        content_type=JSON,
    )
    assert r.status_code == 404
    with unscoped():
        assert not Organisation.objects.filter(code="H0001-G09").exists()


def test_post_creates_a_child_and_is_audited(client_for):
    since = last_entry_id()
    r = client_for("school_chair").post(
        "/api/v1/orgs/S0001/subtree/",
        {"code": " s0001-g04 ", "name": "英语教研组工会小组", "kind": "group"},
        content_type=JSON,
    )
    assert r.status_code == 201, r.content
    assert r.json()["code"] == "S0001-G04"
    org = get_org("S0001-G04")
    assert org.parent.code == "S0001"
    assert org.name == "英语教研组工会小组"
    assert org.path.startswith(get_org("S0001").path)
    [entry] = new_entries("orgs.organisation.created", since)
    assert (entry.source, entry.actor.username, entry.org) == ("api", "school_chair", org)


def test_post_refuses_a_kind_that_cannot_sit_there(client_for):
    r = client_for("school_chair").post(
        "/api/v1/orgs/S0001/subtree/",
        {"code": "S0001-X", "name": "不该有的工会", "kind": "grassroots"},
        content_type=JSON,
    )
    assert r.status_code == 400
    assert "parent" in r.json()
    with unscoped():
        assert not Organisation.objects.filter(code="S0001-X").exists()


def test_post_refuses_a_code_taken_anywhere_on_the_platform(client_for):
    # F0001 is outside the school chair's scope: the check must still see it.
    r = client_for("school_chair").post(
        "/api/v1/orgs/S0001/subtree/",
        {"code": "f0001", "name": "重名小组", "kind": "group"},
        content_type=JSON,
    )
    assert r.status_code == 400
    assert "code" in r.json()
    assert get_org("F0001").name == "华东精密机械有限公司工会"


def test_post_refuses_a_missing_name(client_for):
    r = client_for("school_chair").post(
        "/api/v1/orgs/S0001/subtree/", {"code": "S0001-G05", "kind": "group"}, content_type=JSON
    )
    assert r.status_code == 400
    assert "name" in r.json()


def test_post_needs_the_write_permission(client_for):
    r = client_for("school_cadre").post(
        "/api/v1/orgs/S0001/subtree/",
        {"code": "S0001-G05", "name": "新小组", "kind": "group"},
        content_type=JSON,
    )
    assert r.status_code == 403
    with unscoped():
        assert not Organisation.objects.filter(code="S0001-G05").exists()


def test_the_subtree_answers_405_to_other_methods(client_for):
    c = client_for("school_chair")
    assert c.delete("/api/v1/orgs/S0001/subtree/").status_code == 405
    assert c.patch("/api/v1/orgs/S0001/subtree/", {}, content_type=JSON).status_code == 405


def test_the_subtree_needs_login(client):
    assert client.get("/api/v1/orgs/S0001/subtree/").status_code == 401
