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


# -- Issue #11, finding 2: the log shows what the roles are refused ------------------------

DISTRICT = "/api/v1/orgs/D0001/audit/"
FACTORY = "/api/v1/orgs/F0001/audit/"
# What a hardship file is made of: read with welfare.case:read only.
HARDSHIP = (
    "welfare.hardshipfile.",
    "welfare.householdmember.",
    "welfare.helpmeasure.",
    "welfare.casereview.",
    "welfare.casedocument.",
    "welfare.case.",
)


def demo_entry(action_prefix: str, under: str) -> AuditEntry:
    with unscoped():
        root = Organisation.objects.get(code=under)
        entry = (
            AuditEntry.objects.filter(
                action__startswith=action_prefix, org__path__startswith=root.path
            )
            .order_by("-pk")
            .first()
        )
    assert entry is not None, f"the demo has {action_prefix} entries under {under}"
    return entry


def test_the_upper_union_reads_no_education_aid_application_in_the_log(client_for):
    entry = demo_entry("aid.application.created", "D0001")
    c = client_for("district")
    listed = c.get(DISTRICT, {"action": "aid.application.created"})
    assert listed.status_code == 200 and listed.json()["count"] == 0
    # Nor any other aid record (medical claims: patient, hospital, bills), nor the entry.
    assert c.get(DISTRICT, {"action": "aid."}).json()["count"] == 0
    assert c.get(f"{DISTRICT}{entry.pk}/").status_code == 404
    child = entry.changes["child_name"][1]
    everything = c.get(DISTRICT, {"record": child}).json()
    assert everything["count"] == 0 and child not in str(everything)


def test_the_union_that_reads_aid_files_still_reads_their_entries(client_for):
    entry = demo_entry("aid.application.created", "F0001")
    for persona in ("factory_chair", "factory_auditor"):  # both read the application page
        c = client_for(persona)
        listed = c.get(FACTORY, {"action": "aid.application.created"}).json()
        assert entry.pk in [e["id"] for e in listed["results"]], persona
        assert c.get(f"{FACTORY}{entry.pk}/").status_code == 200


@pytest.mark.parametrize("persona,url", [("factory_auditor", FACTORY), ("district", DISTRICT)])
def test_roles_without_the_hardship_right_read_no_hardship_entry(client_for, persona, url):
    entry = demo_entry("welfare.hardshipfile.", "F0001")
    c = client_for(persona)
    results = c.get(url, {"action": "welfare."}).json()["results"]
    assert [e["action"] for e in results if e["action"].startswith(HARDSHIP)] == []
    # ...while the visits they may read are there.
    assert any(e["action"].startswith("welfare.visit.") for e in results)
    assert c.get(f"{url}{entry.pk}/").status_code == 404


def test_the_chair_reads_the_hardship_entries_masked_until_revealed(client_for):
    entry = demo_entry("welfare.hardshipfile.created", "F0001")
    c = client_for("factory_chair")
    body = c.get(f"{FACTORY}{entry.pk}/").json()
    causes = change(body, "causes")
    assert causes["after"] == "******"  # text, not a list repr such as "['i****ss']"
    revealed = c.get(f"{FACTORY}{entry.pk}/?reveal=1").json()
    assert change(revealed, "causes")["after"] == entry.changes["causes"][1]


def test_an_import_is_read_by_those_who_may_run_its_kind(client_for):
    from gonghui.accounts.models import User
    from gonghui.audit.context import acting
    from gonghui.imports.models import ImportBatch

    with unscoped():
        school = Organisation.objects.get(code="S0001")
        district = User.objects.get(username="district")
        with acting(district, source="web"):
            batches = {
                kind: ImportBatch.objects.create(
                    org=school, kind=kind, original_name=f"{kind}-导入.xlsx", created_by=district
                )
                for kind in ("orgs", "members")
            }

    def seen(persona, url):
        results = client_for(persona).get(url, {"action": "imports."}).json()["results"]
        return {e["object_id"] for e in results}

    ids = {kind: str(b.pk) for kind, b in batches.items()}
    # The chair imports members but not organisations, as the batch pages decide.
    assert ids["members"] in seen("school_chair", URL)
    assert ids["orgs"] not in seen("school_chair", URL)
    assert {ids["orgs"], ids["members"]} <= seen("district", DISTRICT)
