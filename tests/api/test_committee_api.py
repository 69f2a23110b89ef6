from __future__ import annotations

import pytest

from gonghui.core.scoping import unscoped
from gonghui.orgs.models import CommitteeSeat, CommitteeTerm

from .conftest import last_entry_id, new_entries

pytestmark = pytest.mark.django_db

JSON = "application/json"


def term_of(code: str) -> CommitteeTerm:
    with unscoped():
        return CommitteeTerm.objects.get(org__code=code)


def seat_of(code: str, name: str) -> CommitteeSeat:
    with unscoped():
        return CommitteeSeat.objects.get(term__org__code=code, person_name=name)


def seat_names(term: CommitteeTerm) -> set[str]:
    with unscoped():
        return set(CommitteeSeat.objects.filter(term=term).values_list("person_name", flat=True))


# -- terms ------------------------------------------------------------------


def test_it_lists_the_terms_with_their_seats(client_for):
    r = client_for("district").get("/api/v1/orgs/S0001/committee/terms/")
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 1
    [term] = body["results"]
    assert (term["org"], term["number"]) == ("S0001", 5)
    assert len(term["seats"]) == 10
    chair = term["seats"][0]
    assert (chair["person_name"], chair["position"], chair["user"]) == (
        "李红梅",
        "chair",
        "school_chair",
    )


def test_another_organisation_gets_404(client_for):
    c = client_for("school_chair")
    assert c.get("/api/v1/orgs/F0001/committee/terms/").status_code == 404
    r = c.post(
        "/api/v1/orgs/F0001/committee/terms/",
        {"number": 9, "start_date": "2027-12-01", "end_date": "2032-11-30"},
        content_type=JSON,
    )
    assert r.status_code == 404
    with unscoped():
        assert not CommitteeTerm.objects.filter(number=9).exists()


def test_a_role_without_committee_read_gets_403(client_for):
    assert client_for("member").get("/api/v1/orgs/S0001-G01/committee/terms/").status_code == 403


def test_anonymous_gets_401(client):
    assert client.get("/api/v1/orgs/S0001/committee/terms/").status_code == 401


def test_post_creates_a_term_and_is_audited(client_for):
    since = last_entry_id()
    r = client_for("school_cadre").post(
        "/api/v1/orgs/S0001/committee/terms/",
        {"number": 6, "start_date": "2029-03-01", "end_date": "2034-02-28", "note": "换届"},
        content_type=JSON,
    )
    assert r.status_code == 201, r.content
    with unscoped():
        term = CommitteeTerm.objects.get(org__code="S0001", number=6)
    assert r.json()["id"] == term.pk
    assert term.note == "换届"
    [entry] = new_entries("orgs.committeeterm.created", since)
    assert (entry.source, entry.actor.username, entry.org.code) == ("api", "school_cadre", "S0001")
    assert entry.object_id == str(term.pk)


def test_post_refuses_a_term_number_already_used(client_for):
    r = client_for("school_chair").post(
        "/api/v1/orgs/S0001/committee/terms/",
        {"number": 5, "start_date": "2029-03-01", "end_date": "2034-02-28"},
        content_type=JSON,
    )
    assert r.status_code == 400, r.content
    with unscoped():
        assert CommitteeTerm.objects.filter(org__code="S0001").count() == 1


def test_post_refuses_a_term_ending_before_it_starts(client_for):
    r = client_for("school_chair").post(
        "/api/v1/orgs/S0001/committee/terms/",
        {"number": 6, "start_date": "2029-03-01", "end_date": "2029-01-01"},
        content_type=JSON,
    )
    assert r.status_code == 400
    assert "end_date" in r.json()


def test_post_refuses_a_committee_for_a_union_group(client_for):
    r = client_for("school_chair").post(
        "/api/v1/orgs/S0001-G01/committee/terms/",
        {"number": 1, "start_date": "2025-03-01", "end_date": "2030-02-28"},
        content_type=JSON,
    )
    assert r.status_code == 400
    assert "org" in r.json()
    with unscoped():
        assert not CommitteeTerm.objects.filter(org__code="S0001-G01").exists()


def test_post_needs_committee_write(client_for):
    # Upper union staff read the committees below but do not edit them.
    r = client_for("district").post(
        "/api/v1/orgs/S0001/committee/terms/",
        {"number": 6, "start_date": "2029-03-01", "end_date": "2034-02-28"},
        content_type=JSON,
    )
    assert r.status_code == 403


def test_the_term_list_answers_405_to_other_methods(client_for):
    assert (
        client_for("school_chair").delete("/api/v1/orgs/S0001/committee/terms/").status_code == 405
    )


# -- one term ---------------------------------------------------------------


def test_it_shows_a_term(client_for):
    term = term_of("S0001")
    r = client_for("school_chair").get(f"/api/v1/orgs/S0001/committee/terms/{term.pk}/")
    assert r.status_code == 200
    assert r.json()["number"] == 5
    assert {s["person_name"] for s in r.json()["seats"]} == seat_names(term)


def test_a_term_of_another_organisation_gets_404_under_ones_own_code(client_for):
    foreign = term_of("F0001")
    c = client_for("school_chair")
    url = f"/api/v1/orgs/S0001/committee/terms/{foreign.pk}/"
    assert c.get(url).status_code == 404
    assert c.patch(url, {"note": "x"}, content_type=JSON).status_code == 404
    assert term_of("F0001").note == ""


def test_patch_edits_a_term_and_is_audited(client_for):
    term = term_of("S0001")
    since = last_entry_id()
    r = client_for("school_chair").patch(
        f"/api/v1/orgs/S0001/committee/terms/{term.pk}/",
        {"note": "第五届委员会"},
        content_type=JSON,
    )
    assert r.status_code == 200, r.content
    assert term_of("S0001").note == "第五届委员会"
    [entry] = new_entries("orgs.committeeterm.updated", since)
    assert entry.source == "api"
    assert entry.changes == {"note": ["", "第五届委员会"]}


def test_patch_runs_the_model_rules(client_for):
    term = term_of("S0001")
    r = client_for("school_chair").patch(
        f"/api/v1/orgs/S0001/committee/terms/{term.pk}/",
        {"end_date": "2040-01-01"},
        content_type=JSON,
    )
    assert r.status_code == 400
    assert "end_date" in r.json()
    assert term_of("S0001").end_date == term.end_date


def test_patch_needs_committee_write(client_for):
    term = term_of("S0001")
    r = client_for("district").patch(
        f"/api/v1/orgs/S0001/committee/terms/{term.pk}/", {"note": "x"}, content_type=JSON
    )
    assert r.status_code == 403


def test_a_term_answers_405_to_delete(client_for):
    term = term_of("S0001")
    r = client_for("school_chair").delete(f"/api/v1/orgs/S0001/committee/terms/{term.pk}/")
    assert r.status_code == 405


# -- seats ------------------------------------------------------------------


def test_post_adds_a_seat_and_is_audited(client_for):
    term = term_of("S0001")
    since = last_entry_id()
    r = client_for("school_chair").post(
        f"/api/v1/orgs/S0001/committee/terms/{term.pk}/seats/",
        {"person_name": "周宁", "position": "member", "portfolio": "propaganda", "user": "member"},
        content_type=JSON,
    )
    assert r.status_code == 201, r.content
    seat = seat_of("S0001", "周宁")
    assert (seat.position, seat.portfolio, seat.user.username) == ("member", "propaganda", "member")
    [entry] = new_entries("orgs.committeeseat.created", since)
    assert (entry.source, entry.org.code, entry.object_id) == ("api", "S0001", str(seat.pk))


def test_the_chair_cannot_sit_on_the_funds_audit_committee(client_for):
    term = term_of("S0001")
    r = client_for("school_chair").post(
        f"/api/v1/orgs/S0001/committee/terms/{term.pk}/seats/",
        {"person_name": "李红梅", "position": "audit_member"},
        content_type=JSON,
    )
    assert r.status_code == 400
    assert "position" in r.json()
    assert len(seat_names(term)) == 10


def test_a_seat_cannot_link_an_account_outside_the_scope(client_for):
    term = term_of("S0001")
    r = client_for("school_chair").post(
        f"/api/v1/orgs/S0001/committee/terms/{term.pk}/seats/",
        {"person_name": "张海燕", "position": "member", "user": "factory_chair"},
        content_type=JSON,
    )
    assert r.status_code == 400
    assert "user" in r.json()


def test_a_seat_cannot_be_added_to_a_term_of_another_organisation(client_for):
    foreign = term_of("F0001")
    r = client_for("school_chair").post(
        f"/api/v1/orgs/S0001/committee/terms/{foreign.pk}/seats/",
        {"person_name": "周宁", "position": "member"},
        content_type=JSON,
    )
    assert r.status_code == 404
    assert "周宁" not in seat_names(foreign)


def test_adding_a_seat_needs_committee_write(client_for):
    term = term_of("S0001")
    r = client_for("district").post(
        f"/api/v1/orgs/S0001/committee/terms/{term.pk}/seats/",
        {"person_name": "周宁", "position": "member"},
        content_type=JSON,
    )
    assert r.status_code == 403


def test_the_seat_list_answers_405_to_get(client_for):
    term = term_of("S0001")
    r = client_for("school_chair").get(f"/api/v1/orgs/S0001/committee/terms/{term.pk}/seats/")
    assert r.status_code == 405


def test_delete_removes_a_seat_and_is_audited(client_for):
    term = term_of("S0001")
    seat = seat_of("S0001", "宋丽")
    since = last_entry_id()
    r = client_for("school_chair").delete(
        f"/api/v1/orgs/S0001/committee/terms/{term.pk}/seats/{seat.pk}/"
    )
    assert r.status_code == 204
    assert "宋丽" not in seat_names(term)
    [entry] = new_entries("orgs.committeeseat.deleted", since)
    assert (entry.source, entry.actor.username, entry.object_id) == (
        "api",
        "school_chair",
        str(seat.pk),
    )


def test_a_seat_of_another_organisation_gets_404_under_ones_own_code(client_for):
    own_term = term_of("S0001")
    foreign_term = term_of("F0001")
    foreign_seat = seat_of("F0001", "田平")
    c = client_for("school_chair")
    for term_id in (own_term.pk, foreign_term.pk):
        url = f"/api/v1/orgs/S0001/committee/terms/{term_id}/seats/{foreign_seat.pk}/"
        assert c.delete(url).status_code == 404
    assert "田平" in seat_names(foreign_term)


def test_deleting_a_seat_needs_committee_write(client_for):
    term = term_of("S0001")
    seat = seat_of("S0001", "宋丽")
    r = client_for("district").delete(
        f"/api/v1/orgs/S0001/committee/terms/{term.pk}/seats/{seat.pk}/"
    )
    assert r.status_code == 403
    assert "宋丽" in seat_names(term)


def test_a_seat_answers_405_to_get(client_for):
    term = term_of("S0001")
    seat = seat_of("S0001", "宋丽")
    r = client_for("school_chair").get(
        f"/api/v1/orgs/S0001/committee/terms/{term.pk}/seats/{seat.pk}/"
    )
    assert r.status_code == 405


def test_a_group_leader_reads_only_below_their_group(client_for):
    c = client_for("group_leader")
    assert c.get("/api/v1/orgs/S0001-G01/committee/terms/").json()["count"] == 0
    assert c.get("/api/v1/orgs/S0001/committee/terms/").status_code == 404
    term = term_of("S0001")
    assert c.get(f"/api/v1/orgs/S0001-G01/committee/terms/{term.pk}/").status_code == 404
