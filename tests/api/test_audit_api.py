from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.orgs.models import Organisation

from .conftest import last_entry_id, new_entries

pytestmark = pytest.mark.django_db

JSON = "application/json"
URL = "/api/v1/orgs/S0001/audit/"


def subtree_ids(code: str) -> set[int]:
    with unscoped():
        root = Organisation.objects.get(code=code)
        return set(
            Organisation.objects.filter(path__startswith=root.path).values_list("pk", flat=True)
        )


def entry_of(code: str) -> AuditEntry:
    with unscoped():
        return AuditEntry.objects.filter(org__code=code).order_by("pk").first()


@pytest.fixture
def renamed(client_for):
    """An API change to S0001, and its audit entry."""
    since = last_entry_id()
    r = client_for("school_chair").patch(
        "/api/v1/orgs/S0001/", {"name": "实验中学工会"}, content_type=JSON
    )
    assert r.status_code == 200
    [entry] = new_entries("orgs.organisation.updated", since)
    return entry


def test_it_lists_the_entries_of_the_subtree_only(client_for, renamed):
    r = client_for("school_chair").get(URL)
    assert r.status_code == 200
    body = r.json()
    assert body["count"] > 1
    own = subtree_ids("S0001")
    with unscoped():
        orgs = dict(Organisation.objects.values_list("code", "pk"))
    assert {orgs[e["org"]] for e in body["results"]} <= own
    # Newest first: the API change is on top, written as an API call.
    top = body["results"][0]
    assert top["id"] == renamed.pk
    assert (top["action"], top["source"], top["actor"]) == (
        "orgs.organisation.updated",
        "api",
        "school_chair",
    )
    assert top["record_type"] == "orgs.organisation"
    assert top["changes"] == [
        {
            "field": "name",
            "label": top["changes"][0]["label"],
            "before": "示范区实验中学工会",
            "after": "实验中学工会",
        }
    ]


def test_it_filters_like_the_page(client_for, renamed):
    c = client_for("school_chair")
    everything = c.get(URL).json()["count"]
    by_action = c.get(URL, {"action": "organisation.updated"}).json()
    assert [e["id"] for e in by_action["results"]] == [renamed.pk]
    by_actor = c.get(URL, {"actor": "school_ch", "action": "organisation"}).json()
    assert [e["id"] for e in by_actor["results"]] == [renamed.pk]
    # The demo records work done as the chair too: every match is theirs.
    everything_by_actor = c.get(URL, {"actor": "school_ch"}).json()["results"]
    assert renamed.pk in [e["id"] for e in everything_by_actor]
    assert {e["actor"] for e in everything_by_actor} == {"school_chair"}
    assert c.get(URL, {"record": "实验中学工会"}).json()["count"] >= 1
    assert c.get(URL, {"since": "2999-01-01"}).json()["count"] == 0
    assert c.get(URL, {"until": "2000-01-01"}).json()["count"] == 0
    # A malformed date is ignored, as on the page.
    assert c.get(URL, {"since": "someday"}).json()["count"] == everything


def test_it_shows_one_entry(client_for, renamed):
    r = client_for("school_chair").get(f"{URL}{renamed.pk}/")
    assert r.status_code == 200
    body = r.json()
    assert (body["id"], body["org"], body["ip"]) == (renamed.pk, "S0001", "127.0.0.1")


def test_an_entry_of_another_organisation_gets_404_under_ones_own_code(client_for):
    foreign = entry_of("F0001")
    assert foreign is not None
    assert client_for("school_chair").get(f"{URL}{foreign.pk}/").status_code == 404


def test_another_organisation_gets_404(client_for):
    c = client_for("school_chair")
    assert c.get("/api/v1/orgs/F0001/audit/").status_code == 404
    assert c.get(f"/api/v1/orgs/F0001/audit/{entry_of('F0001').pk}/").status_code == 404


def test_reading_the_log_needs_the_permission(client_for):
    assert client_for("group_leader").get("/api/v1/orgs/S0001-G01/audit/").status_code == 403
    assert client_for("school_cadre").get(URL).status_code == 403
    entry = entry_of("S0001")
    assert client_for("school_cadre").get(f"{URL}{entry.pk}/").status_code == 403


def test_anonymous_gets_401(client):
    assert client.get(URL).status_code == 401


def test_the_log_is_read_only(client_for):
    c = client_for("school_chair")
    entry = entry_of("S0001")
    assert c.post(URL, {}, content_type=JSON).status_code == 405
    assert c.delete(f"{URL}{entry.pk}/").status_code == 405
    assert c.patch(f"{URL}{entry.pk}/", {"note": "x"}, content_type=JSON).status_code == 405


@pytest.fixture
def sensitive_credit_code(monkeypatch, client_for):
    """Pretend the credit code is sensitive (as ID numbers will be) and change it."""
    monkeypatch.setattr(Organisation, "audit_sensitive_fields", frozenset({"credit_code"}))
    since = last_entry_id()
    r = client_for("school_chair").patch(
        "/api/v1/orgs/S0001/", {"credit_code": "91340100MA2TEST01Y"}, content_type=JSON
    )
    assert r.status_code == 200
    [entry] = new_entries("orgs.organisation.updated", since)
    return entry


def change(body: dict, field: str) -> dict:
    return next(c for c in body["changes"] if c["field"] == field)


def test_sensitive_values_are_shown_to_those_allowed_on_request_and_logged(
    client_for, sensitive_credit_code
):
    c = client_for("school_chair")
    assert (
        change(c.get(f"{URL}{sensitive_credit_code.pk}/").json(), "credit_code")["after"]
        == "913***********T01Y"
    )
    r = c.get(f"{URL}{sensitive_credit_code.pk}/?reveal=1")
    assert change(r.json(), "credit_code")["after"] == "91340100MA2TEST01Y"
    with unscoped():
        assert AuditEntry.objects.filter(action="audit.entry.revealed").exists()


def test_sensitive_values_are_masked_for_the_others(client_for, sensitive_credit_code):
    # Upper union staff read the log but may not see sensitive data.
    c = client_for("district")
    detail = c.get(f"/api/v1/orgs/D0001/audit/{sensitive_credit_code.pk}/").json()
    assert change(detail, "credit_code")["after"] == "913***********T01Y"
    listed = c.get("/api/v1/orgs/D0001/audit/", {"action": "organisation.updated"}).json()
    assert "91340100MA2TEST01Y" not in str(listed)
    assert change(listed["results"][0], "credit_code")["after"] == "913***********T01Y"


def test_sensitive_values_are_masked_without_second_factor_where_required(
    token_client, sensitive_credit_code
):
    with unscoped():
        org = Organisation.objects.get(code="S0001")
        org.require_2fa = True
        org.save()
    # A token cannot confirm a one-time code, so the sensitive right is withheld.
    r = token_client("school_chair").get(f"{URL}{sensitive_credit_code.pk}/")
    assert change(r.json(), "credit_code")["after"] == "913***********T01Y"
