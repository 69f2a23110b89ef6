"""The workflows of the organisation tree and its committees: the pages and the API both
call them; each checks the model's rules again (OrgError on the field) and is audited."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope, unscoped
from gonghui.orgs import services
from gonghui.orgs.models import CommitteeSeat, CommitteeTerm, Organisation
from gonghui.orgs.services import OrgError
from tests.factories import UnionFactory, UserFactory

pytestmark = pytest.mark.django_db

TERM = {"number": 3, "start_date": dt.date(2024, 1, 1), "end_date": dt.date(2029, 1, 1)}


@pytest.fixture
def union():
    return UnionFactory()


@pytest.fixture
def chair(union):
    return UserFactory(roles=[("chair", union)])


def call(service, chair, union, **kwargs):
    with scope(union), acting(user=chair):
        return service(actor=chair, **kwargs)


def entry(obj, action: str, pk=None) -> AuditEntry:
    with unscoped():
        found = AuditEntry.objects.filter(object_id=str(pk or obj.pk), action=action)
        return found.latest("pk")


def test_org_create_places_a_group_under_the_union_and_audits_it(chair, union):
    data = {"code": f"{union.code}-G77", "name": "新工会小组", "kind": "group"}
    group = call(services.org_create, chair, union, parent=union, data=data)
    with unscoped():
        assert Organisation.objects.get(code=f"{union.code}-G77").parent_id == union.pk
    assert entry(group, "orgs.organisation.created").actor_id == chair.pk


def test_org_create_refuses_a_kind_that_cannot_sit_there(chair, union):
    data = {"code": f"{union.code}-X1", "name": "错位", "kind": "upper"}
    with pytest.raises(OrgError) as refused:
        call(services.org_create, chair, union, parent=union, data=data)
    assert refused.value.field == "parent"
    with unscoped():
        assert not Organisation.objects.filter(code=f"{union.code}-X1").exists()


def test_org_update_saves_the_details_and_audits_the_change(chair, union):
    call(services.org_update, chair, union, org=union, data={"region": "示范区"})
    with unscoped():
        assert Organisation.objects.get(pk=union.pk).region == "示范区"
    assert entry(union, "orgs.organisation.updated").changes["region"][1] == "示范区"


def test_org_update_refuses_an_empty_name(chair, union):
    with pytest.raises(OrgError) as refused:
        call(services.org_update, chair, union, org=union, data={"name": ""})
    assert refused.value.field == "name"


def test_term_create_and_update(chair, union):
    term = call(services.term_create, chair, union, org=union, data=TERM)
    assert entry(term, "orgs.committeeterm.created").actor_id == chair.pk
    call(services.term_update, chair, union, term=term, data={"note": "换届"})
    with unscoped():
        assert CommitteeTerm.objects.get(pk=term.pk).note == "换届"


def test_term_create_refuses_an_end_before_the_start(chair, union):
    data = {**TERM, "end_date": dt.date(2023, 1, 1)}
    with pytest.raises(OrgError) as refused:
        call(services.term_create, chair, union, org=union, data=data)
    assert refused.value.field == "end_date"


def test_seat_add_keeps_the_chair_off_the_audit_committee_and_seat_remove(chair, union):
    term = call(services.term_create, chair, union, org=union, data=TERM)
    seat = call(
        services.seat_add,
        chair,
        union,
        term=term,
        data={"person_name": "王五", "position": "chair"},
    )
    with pytest.raises(OrgError) as refused:
        call(
            services.seat_add,
            chair,
            union,
            term=term,
            data={"person_name": "王五", "position": "audit_member"},
        )
    assert refused.value.field == "position"
    seat_id = seat.pk
    call(services.seat_remove, chair, union, seat=seat)
    with unscoped():
        assert not CommitteeSeat.objects.filter(term=term).exists()
    assert entry(seat, "orgs.committeeseat.deleted", seat_id).actor_id == chair.pk
