from __future__ import annotations

import datetime as dt

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.orgs import services
from gonghui.orgs.models import CommitteeSeat, CommitteeTerm

from .conftest import last_entry_id, new_entries

pytestmark = pytest.mark.django_db

JSON = "application/json"
# The codes of the `school` fixture (see conftest.py): the union, its first group, the other union.
S, G1, F = "AS01", "AS01-G01", "AF01"

SCHOOL_SEATS = [
    ("李红梅", "chair", "", "chair"),
    ("王建国", "vice_chair", "", None),
    ("陈静", "member", "organisation", None),
    ("刘洋", "member", "propaganda", None),
    ("赵敏", "member", "culture", None),
    ("孙伟", "member", "welfare", None),
    ("周婷", "member", "women", None),
    ("宋丽", "accountant", "", None),
    ("吴刚", "audit_chair", "", None),
    ("郑强", "audit_member", "", None),
]


def _term(org, number, start, end, seats, who) -> CommitteeTerm:
    with scope(org), acting(user=who):
        term = services.term_create(
            actor=who, org=org, data={"number": number, "start_date": start, "end_date": end}
        )
        for order, (name, position, portfolio, user) in enumerate(seats):
            data = {"person_name": name, "position": position, "portfolio": portfolio}
            services.seat_add(actor=who, term=term, data={**data, "order": order, "user": user})
    return term


@pytest.fixture(autouse=True)
def terms(school):
    """The school's fifth term with ten seats (the chair's linked to the chair's login), and a
    term of the other union."""
    seats = [(*seat[:3], school.chair if seat[3] else None) for seat in SCHOOL_SEATS]
    start, end = dt.date(2024, 3, 1), dt.date(2029, 2, 28)
    _term(school.union, 5, start, end, seats, school.chair)
    _term(school.other, 3, start, end, [("田平", "chair", "", None)], school.other_chair)


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


def test_it_lists_the_terms_with_their_seats(school, login):
    r = login(school.district_staff).get(f"/api/v1/orgs/{S}/committee/terms/")
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 1
    [term] = body["results"]
    assert (term["org"], term["number"]) == (S, 5)
    assert len(term["seats"]) == 10
    chair = term["seats"][0]
    assert (chair["person_name"], chair["position"], chair["user"]) == (
        "李红梅",
        "chair",
        school.chair.username,
    )


def test_another_organisation_gets_404(school, login):
    c = login(school.chair)
    assert c.get(f"/api/v1/orgs/{F}/committee/terms/").status_code == 404
    r = c.post(
        f"/api/v1/orgs/{F}/committee/terms/",
        {"number": 9, "start_date": "2027-12-01", "end_date": "2032-11-30"},
        content_type=JSON,
    )
    assert r.status_code == 404
    with unscoped():
        assert not CommitteeTerm.objects.filter(number=9).exists()


def test_a_role_without_committee_read_gets_403(school, login):
    assert login(school.member).get(f"/api/v1/orgs/{G1}/committee/terms/").status_code == 403


def test_anonymous_gets_401(client):
    assert client.get(f"/api/v1/orgs/{S}/committee/terms/").status_code == 401


def test_post_creates_a_term_and_is_audited(school, login):
    since = last_entry_id()
    r = login(school.cadre).post(
        f"/api/v1/orgs/{S}/committee/terms/",
        {"number": 6, "start_date": "2029-03-01", "end_date": "2034-02-28", "note": "换届"},
        content_type=JSON,
    )
    assert r.status_code == 201, r.content
    with unscoped():
        term = CommitteeTerm.objects.get(org__code=S, number=6)
    assert r.json()["id"] == term.pk
    assert term.note == "换届"
    [entry] = new_entries("orgs.committeeterm.created", since)
    assert (entry.source, entry.actor, entry.org.code) == ("api", school.cadre, S)
    assert entry.object_id == str(term.pk)


def test_post_refuses_a_term_number_already_used(school, login):
    r = login(school.chair).post(
        f"/api/v1/orgs/{S}/committee/terms/",
        {"number": 5, "start_date": "2029-03-01", "end_date": "2034-02-28"},
        content_type=JSON,
    )
    assert r.status_code == 400, r.content
    with unscoped():
        assert CommitteeTerm.objects.filter(org__code=S).count() == 1


def test_post_refuses_a_term_ending_before_it_starts(school, login):
    r = login(school.chair).post(
        f"/api/v1/orgs/{S}/committee/terms/",
        {"number": 6, "start_date": "2029-03-01", "end_date": "2029-01-01"},
        content_type=JSON,
    )
    assert r.status_code == 400
    assert "end_date" in r.json()


def test_post_refuses_a_committee_for_a_union_group(school, login):
    r = login(school.chair).post(
        f"/api/v1/orgs/{G1}/committee/terms/",
        {"number": 1, "start_date": "2025-03-01", "end_date": "2030-02-28"},
        content_type=JSON,
    )
    assert r.status_code == 400
    assert "org" in r.json()
    with unscoped():
        assert not CommitteeTerm.objects.filter(org__code=G1).exists()


def test_post_needs_committee_write(school, login):
    # Upper union staff read the committees below but do not edit them.
    r = login(school.district_staff).post(
        f"/api/v1/orgs/{S}/committee/terms/",
        {"number": 6, "start_date": "2029-03-01", "end_date": "2034-02-28"},
        content_type=JSON,
    )
    assert r.status_code == 403


def test_the_term_list_answers_405_to_other_methods(school, login):
    assert login(school.chair).delete(f"/api/v1/orgs/{S}/committee/terms/").status_code == 405


# -- one term ---------------------------------------------------------------


def test_it_shows_a_term(school, login):
    term = term_of(S)
    r = login(school.chair).get(f"/api/v1/orgs/{S}/committee/terms/{term.pk}/")
    assert r.status_code == 200
    assert r.json()["number"] == 5
    assert {s["person_name"] for s in r.json()["seats"]} == seat_names(term)


def test_a_term_of_another_organisation_gets_404_under_ones_own_code(school, login):
    foreign = term_of(F)
    c = login(school.chair)
    url = f"/api/v1/orgs/{S}/committee/terms/{foreign.pk}/"
    assert c.get(url).status_code == 404
    assert c.patch(url, {"note": "x"}, content_type=JSON).status_code == 404
    assert term_of(F).note == ""


def test_patch_edits_a_term_and_is_audited(school, login):
    term = term_of(S)
    since = last_entry_id()
    r = login(school.chair).patch(
        f"/api/v1/orgs/{S}/committee/terms/{term.pk}/",
        {"note": "第五届委员会"},
        content_type=JSON,
    )
    assert r.status_code == 200, r.content
    assert term_of(S).note == "第五届委员会"
    [entry] = new_entries("orgs.committeeterm.updated", since)
    assert entry.source == "api"
    assert entry.changes == {"note": ["", "第五届委员会"]}


def test_patch_runs_the_model_rules(school, login):
    term = term_of(S)
    r = login(school.chair).patch(
        f"/api/v1/orgs/{S}/committee/terms/{term.pk}/",
        {"end_date": "2040-01-01"},
        content_type=JSON,
    )
    assert r.status_code == 400
    assert "end_date" in r.json()
    assert term_of(S).end_date == term.end_date


def test_patch_needs_committee_write(school, login):
    term = term_of(S)
    r = login(school.district_staff).patch(
        f"/api/v1/orgs/{S}/committee/terms/{term.pk}/", {"note": "x"}, content_type=JSON
    )
    assert r.status_code == 403


def test_a_term_answers_405_to_delete(school, login):
    term = term_of(S)
    r = login(school.chair).delete(f"/api/v1/orgs/{S}/committee/terms/{term.pk}/")
    assert r.status_code == 405


# -- seats ------------------------------------------------------------------


def test_post_adds_a_seat_and_is_audited(school, login):
    term = term_of(S)
    since = last_entry_id()
    r = login(school.chair).post(
        f"/api/v1/orgs/{S}/committee/terms/{term.pk}/seats/",
        {
            "person_name": "周宁",
            "position": "member",
            "portfolio": "propaganda",
            "user": school.member.username,
        },
        content_type=JSON,
    )
    assert r.status_code == 201, r.content
    seat = seat_of(S, "周宁")
    assert (seat.position, seat.portfolio, seat.user) == ("member", "propaganda", school.member)
    [entry] = new_entries("orgs.committeeseat.created", since)
    assert (entry.source, entry.org.code, entry.object_id) == ("api", S, str(seat.pk))


def test_the_chair_cannot_sit_on_the_funds_audit_committee(school, login):
    term = term_of(S)
    r = login(school.chair).post(
        f"/api/v1/orgs/{S}/committee/terms/{term.pk}/seats/",
        {"person_name": "李红梅", "position": "audit_member"},
        content_type=JSON,
    )
    assert r.status_code == 400
    assert "position" in r.json()
    assert len(seat_names(term)) == 10


def test_a_seat_cannot_link_an_account_outside_the_scope(school, login):
    term = term_of(S)
    r = login(school.chair).post(
        f"/api/v1/orgs/{S}/committee/terms/{term.pk}/seats/",
        {"person_name": "张海燕", "position": "member", "user": school.other_chair.username},
        content_type=JSON,
    )
    assert r.status_code == 400
    assert "user" in r.json()


def test_a_seat_cannot_be_added_to_a_term_of_another_organisation(school, login):
    foreign = term_of(F)
    r = login(school.chair).post(
        f"/api/v1/orgs/{S}/committee/terms/{foreign.pk}/seats/",
        {"person_name": "周宁", "position": "member"},
        content_type=JSON,
    )
    assert r.status_code == 404
    assert "周宁" not in seat_names(foreign)


def test_adding_a_seat_needs_committee_write(school, login):
    term = term_of(S)
    r = login(school.district_staff).post(
        f"/api/v1/orgs/{S}/committee/terms/{term.pk}/seats/",
        {"person_name": "周宁", "position": "member"},
        content_type=JSON,
    )
    assert r.status_code == 403


def test_the_seat_list_answers_405_to_get(school, login):
    term = term_of(S)
    r = login(school.chair).get(f"/api/v1/orgs/{S}/committee/terms/{term.pk}/seats/")
    assert r.status_code == 405


def test_delete_removes_a_seat_and_is_audited(school, login):
    term = term_of(S)
    seat = seat_of(S, "宋丽")
    since = last_entry_id()
    r = login(school.chair).delete(f"/api/v1/orgs/{S}/committee/terms/{term.pk}/seats/{seat.pk}/")
    assert r.status_code == 204
    assert "宋丽" not in seat_names(term)
    [entry] = new_entries("orgs.committeeseat.deleted", since)
    assert (entry.source, entry.actor, entry.object_id) == ("api", school.chair, str(seat.pk))


def test_a_seat_of_another_organisation_gets_404_under_ones_own_code(school, login):
    own_term = term_of(S)
    foreign_term = term_of(F)
    foreign_seat = seat_of(F, "田平")
    c = login(school.chair)
    for term_id in (own_term.pk, foreign_term.pk):
        url = f"/api/v1/orgs/{S}/committee/terms/{term_id}/seats/{foreign_seat.pk}/"
        assert c.delete(url).status_code == 404
    assert "田平" in seat_names(foreign_term)


def test_deleting_a_seat_needs_committee_write(school, login):
    term = term_of(S)
    seat = seat_of(S, "宋丽")
    r = login(school.district_staff).delete(
        f"/api/v1/orgs/{S}/committee/terms/{term.pk}/seats/{seat.pk}/"
    )
    assert r.status_code == 403
    assert "宋丽" in seat_names(term)


def test_a_seat_answers_405_to_get(school, login):
    term = term_of(S)
    seat = seat_of(S, "宋丽")
    r = login(school.chair).get(f"/api/v1/orgs/{S}/committee/terms/{term.pk}/seats/{seat.pk}/")
    assert r.status_code == 405


def test_a_group_leader_reads_only_below_their_group(school, login):
    c = login(school.leader)
    assert c.get(f"/api/v1/orgs/{G1}/committee/terms/").json()["count"] == 0
    assert c.get(f"/api/v1/orgs/{S}/committee/terms/").status_code == 404
    term = term_of(S)
    assert c.get(f"/api/v1/orgs/{G1}/committee/terms/{term.pk}/").status_code == 404
