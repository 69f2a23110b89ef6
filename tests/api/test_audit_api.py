"""The audit log API over the entries that the set-up here writes through the services:
the `school` union of tests/api/conftest.py, its district and the other union (a factory),
with an education aid application, a hardship file and a condolence visit at the factory."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope, unscoped
from gonghui.orgs.models import Organisation

from .conftest import enrol, last_entry_id, new_entries

pytestmark = pytest.mark.django_db

JSON = "application/json"
# The codes of the `school` fixture: the union, its first group, its district, the other union.
S, G1, D, F = "AS01", "AS01-G01", "AD01", "AF01"
URL = f"/api/v1/orgs/{S}/audit/"


def subtree_ids(code: str) -> set[int]:
    with unscoped():
        root = Organisation.objects.get(code=code)
        return set(
            Organisation.objects.filter(path__startswith=root.path).values_list("pk", flat=True)
        )


def entry_of(code: str) -> AuditEntry:
    with unscoped():
        return AuditEntry.objects.filter(org__code=code).order_by("pk").first()


@pytest.fixture(autouse=True)
def work(school, staff):
    """Work done as the school chair (a member registered) and in the factory, so that each
    union's log holds entries of its own."""
    enrol(school.groups[0], school.chair, "张伟")
    enrol(school.other, school.other_chair, "周勇")
    return school


@pytest.fixture
def api(school, staff, login):
    """api("chair") -> a client signed in as that login of `school`; "auditor" is the
    factory's auditor."""
    people = {
        "chair": school.chair,
        "cadre": school.cadre,
        "leader": school.leader,
        "district": school.district_staff,
        "factory_chair": school.other_chair,
        "auditor": staff("auditor", school.other),
    }
    return lambda who: login(people[who])


@pytest.fixture
def renamed(api):
    """An API change to the school union, and its audit entry."""
    since = last_entry_id()
    r = api("chair").patch(f"/api/v1/orgs/{S}/", {"name": "实验中学工会"}, content_type=JSON)
    assert r.status_code == 200
    [entry] = new_entries("orgs.organisation.updated", since)
    return entry


def test_it_lists_the_entries_of_the_subtree_only(api, school, renamed):
    r = api("chair").get(URL)
    assert r.status_code == 200
    body = r.json()
    assert body["count"] > 1
    own = subtree_ids(S)
    # The other union's entries exist, and are not listed.
    assert entry_of(F) is not None
    with unscoped():
        orgs = dict(Organisation.objects.values_list("code", "pk"))
    assert {orgs[e["org"]] for e in body["results"]} <= own
    # Newest first: the API change is on top, written as an API call.
    top = body["results"][0]
    assert top["id"] == renamed.pk
    assert (top["action"], top["source"], top["actor"]) == (
        "orgs.organisation.updated",
        "api",
        school.chair.username,
    )
    assert top["record_type"] == "orgs.organisation"
    assert top["changes"] == [
        {
            "field": "name",
            "label": top["changes"][0]["label"],
            "before": "测试实验中学工会",
            "after": "实验中学工会",
        }
    ]


def test_it_filters_like_the_page(api, school, renamed):
    c = api("chair")
    everything = c.get(URL).json()["count"]
    by_action = c.get(URL, {"action": "organisation.updated"}).json()
    assert [e["id"] for e in by_action["results"]] == [renamed.pk]
    by_actor = c.get(URL, {"actor": "li_hong", "action": "organisation"}).json()
    assert [e["id"] for e in by_actor["results"]] == [renamed.pk]
    # The set-up records work done as the chair too (a member registered): every match is theirs.
    everything_by_actor = c.get(URL, {"actor": "li_hong"}).json()["results"]
    assert renamed.pk in [e["id"] for e in everything_by_actor]
    assert len(everything_by_actor) > 1
    assert {e["actor"] for e in everything_by_actor} == {school.chair.username}
    assert everything > len(everything_by_actor)
    assert c.get(URL, {"record": "实验中学工会"}).json()["count"] >= 1
    assert c.get(URL, {"since": "2999-01-01"}).json()["count"] == 0
    assert c.get(URL, {"until": "2000-01-01"}).json()["count"] == 0
    # A malformed date is ignored, as on the page.
    assert c.get(URL, {"since": "someday"}).json()["count"] == everything


def test_it_shows_one_entry(api, renamed):
    r = api("chair").get(f"{URL}{renamed.pk}/")
    assert r.status_code == 200
    body = r.json()
    assert (body["id"], body["org"], body["ip"]) == (renamed.pk, S, "127.0.0.1")


def test_an_entry_of_another_organisation_gets_404_under_ones_own_code(api):
    foreign = entry_of(F)
    assert foreign is not None
    assert api("chair").get(f"{URL}{foreign.pk}/").status_code == 404


def test_another_organisation_gets_404(api):
    c = api("chair")
    assert c.get(f"/api/v1/orgs/{F}/audit/").status_code == 404
    assert c.get(f"/api/v1/orgs/{F}/audit/{entry_of(F).pk}/").status_code == 404


def test_reading_the_log_needs_the_permission(api):
    assert api("leader").get(f"/api/v1/orgs/{G1}/audit/").status_code == 403
    assert api("cadre").get(URL).status_code == 403
    entry = entry_of(S)
    assert api("cadre").get(f"{URL}{entry.pk}/").status_code == 403


def test_anonymous_gets_401(client):
    assert client.get(URL).status_code == 401


def test_the_log_is_read_only(api):
    c = api("chair")
    entry = entry_of(S)
    assert c.post(URL, {}, content_type=JSON).status_code == 405
    assert c.delete(f"{URL}{entry.pk}/").status_code == 405
    assert c.patch(f"{URL}{entry.pk}/", {"note": "x"}, content_type=JSON).status_code == 405


@pytest.fixture
def sensitive_credit_code(monkeypatch, api):
    """Pretend the credit code is sensitive (as ID numbers will be) and change it."""
    monkeypatch.setattr(Organisation, "audit_sensitive_fields", frozenset({"credit_code"}))
    since = last_entry_id()
    r = api("chair").patch(
        f"/api/v1/orgs/{S}/", {"credit_code": "91340100MA2TEST01Y"}, content_type=JSON
    )
    assert r.status_code == 200
    [entry] = new_entries("orgs.organisation.updated", since)
    return entry


def change(body: dict, field: str) -> dict:
    return next(c for c in body["changes"] if c["field"] == field)


def test_sensitive_values_are_shown_to_those_allowed_on_request_and_logged(
    api, sensitive_credit_code
):
    c = api("chair")
    assert (
        change(c.get(f"{URL}{sensitive_credit_code.pk}/").json(), "credit_code")["after"]
        == "913***********T01Y"
    )
    r = c.get(f"{URL}{sensitive_credit_code.pk}/?reveal=1")
    assert change(r.json(), "credit_code")["after"] == "91340100MA2TEST01Y"
    with unscoped():
        assert AuditEntry.objects.filter(action="audit.entry.revealed").exists()


def test_sensitive_values_are_masked_for_the_others(api, sensitive_credit_code):
    # Upper union staff read the log but may not see sensitive data.
    c = api("district")
    detail = c.get(f"/api/v1/orgs/{D}/audit/{sensitive_credit_code.pk}/").json()
    assert change(detail, "credit_code")["after"] == "913***********T01Y"
    listed = c.get(f"/api/v1/orgs/{D}/audit/", {"action": "organisation.updated"}).json()
    assert "91340100MA2TEST01Y" not in str(listed)
    assert change(listed["results"][0], "credit_code")["after"] == "913***********T01Y"


def test_sensitive_values_are_masked_without_second_factor_where_required(
    school, token_login, sensitive_credit_code
):
    with unscoped():
        org = Organisation.objects.get(code=S)
        org.require_2fa = True
        org.save()
    # A token cannot confirm a one-time code, so the sensitive right is withheld.
    r = token_login(school.chair).get(f"{URL}{sensitive_credit_code.pk}/")
    assert change(r.json(), "credit_code")["after"] == "913***********T01Y"


# -- Issue #11, finding 2: the log shows what the roles are refused ------------------------

DISTRICT = f"/api/v1/orgs/{D}/audit/"
FACTORY = f"/api/v1/orgs/{F}/audit/"
# What a hardship file is made of: read with welfare.case:read only.
HARDSHIP = (
    "welfare.hardshipfile.",
    "welfare.householdmember.",
    "welfare.helpmeasure.",
    "welfare.casereview.",
    "welfare.casedocument.",
    "welfare.case.",
)


@pytest.fixture
def factory_files(school, settings, tmp_path):
    """At the factory, as its chair: an education aid application, a hardship file and a
    condolence visit paid from a fund, each written through its service."""
    from gonghui.aid import services as aid
    from gonghui.funds import services as funds
    from gonghui.welfare import services as welfare

    settings.MEDIA_ROOT = tmp_path
    chair, factory = school.other_chair, school.other
    worker = enrol(factory, chair, "吴霞", female=True)
    patient = enrol(factory, chair, "郑军")
    with scope(factory), acting(user=chair):
        rnd = aid.round_create(
            actor=chair,
            org=factory,
            year=2026,
            name="2026年金秋助学",
            opens_on=dt.date(2026, 1, 1),
            closes_on=dt.date(2026, 12, 31),
        )
        aid.application_create(
            actor=chair,
            rnd=rnd,
            member=worker,
            data={"child_name": "王小明", "school": "合肥工业大学", "level": "undergraduate"},
            proof=SimpleUploadedFile("录取通知书.pdf", b"%PDF-1.4 test", "application/pdf"),
            today=dt.date(2026, 8, 20),
        )
        welfare.case_create(
            actor=chair,
            member=worker,
            data={
                "causes": ["illness"],
                "yearly_income": Decimal(18000),
                "rigid_costs": Decimal(0),
                "address": "幸福路1号",
                "phone": "13912345678",
                "applied_on": dt.date(2026, 3, 1),
            },
        )
        fund = funds.fund_create(
            actor=chair, org=factory, kind="union", name="工会经费", opened_on=dt.date(2026, 1, 1)
        )
        funds.fund_income(
            actor=chair,
            fund=fund,
            amount=Decimal("10000.00"),
            date=dt.date(2026, 1, 2),
            summary="拨入",
        )
        welfare.visit_record(
            actor=chair,
            member=patient,
            data={
                "occasion": "hospital",
                "form": "cash",
                "amount": Decimal("500.00"),
                "date": dt.date(2026, 6, 1),
                "visitors": "工会主席",
                "fund": fund,
            },
        )


def written_entry(action_prefix: str, under: str) -> AuditEntry:
    with unscoped():
        root = Organisation.objects.get(code=under)
        entry = (
            AuditEntry.objects.filter(
                action__startswith=action_prefix, org__path__startswith=root.path
            )
            .order_by("-pk")
            .first()
        )
    assert entry is not None, f"the set-up wrote {action_prefix} entries under {under}"
    return entry


def test_the_upper_union_reads_no_education_aid_application_in_the_log(api, factory_files):
    entry = written_entry("aid.application.created", D)
    c = api("district")
    listed = c.get(DISTRICT, {"action": "aid.application.created"})
    assert listed.status_code == 200 and listed.json()["count"] == 0
    # Nor any other aid record (medical claims: patient, hospital, bills), nor the entry.
    assert c.get(DISTRICT, {"action": "aid."}).json()["count"] == 0
    assert c.get(f"{DISTRICT}{entry.pk}/").status_code == 404
    child = entry.changes["child_name"][1]
    everything = c.get(DISTRICT, {"record": child}).json()
    assert everything["count"] == 0 and child not in str(everything)


def test_the_union_that_reads_aid_files_still_reads_their_entries(api, factory_files):
    entry = written_entry("aid.application.created", F)
    for persona in ("factory_chair", "auditor"):  # both read the application page
        c = api(persona)
        listed = c.get(FACTORY, {"action": "aid.application.created"}).json()
        assert entry.pk in [e["id"] for e in listed["results"]], persona
        assert c.get(f"{FACTORY}{entry.pk}/").status_code == 200


@pytest.mark.parametrize("persona,url", [("auditor", FACTORY), ("district", DISTRICT)])
def test_roles_without_the_hardship_right_read_no_hardship_entry(api, factory_files, persona, url):
    entry = written_entry("welfare.hardshipfile.", F)
    c = api(persona)
    results = c.get(url, {"action": "welfare."}).json()["results"]
    assert [e["action"] for e in results if e["action"].startswith(HARDSHIP)] == []
    # ...while the visits they may read are there.
    assert any(e["action"].startswith("welfare.visit.") for e in results)
    assert c.get(f"{url}{entry.pk}/").status_code == 404


def test_the_chair_reads_the_hardship_entries_masked_until_revealed(api, factory_files):
    entry = written_entry("welfare.hardshipfile.created", F)
    c = api("factory_chair")
    body = c.get(f"{FACTORY}{entry.pk}/").json()
    causes = change(body, "causes")
    assert causes["after"] == "******"  # text, not a list repr such as "['i****ss']"
    revealed = c.get(f"{FACTORY}{entry.pk}/?reveal=1").json()
    assert change(revealed, "causes")["after"] == entry.changes["causes"][1]


def test_an_import_is_read_by_those_who_may_run_its_kind(api, school):
    from gonghui.imports.models import ImportBatch

    district = school.district_staff
    with unscoped(), acting(district, source="web"):
        batches = {
            kind: ImportBatch.objects.create(
                org=school.union, kind=kind, original_name=f"{kind}-导入.xlsx", created_by=district
            )
            for kind in ("orgs", "members")
        }

    def seen(persona, url):
        results = api(persona).get(url, {"action": "imports."}).json()["results"]
        return {e["object_id"] for e in results}

    ids = {kind: str(b.pk) for kind, b in batches.items()}
    # The chair imports members but not organisations, as the batch pages decide.
    assert ids["members"] in seen("chair", URL)
    assert ids["orgs"] not in seen("chair", URL)
    assert {ids["orgs"], ids["members"]} <= seen("district", DISTRICT)
