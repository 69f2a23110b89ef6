"""#11 finding 6: delegation and resolution through the API, a session number too large."""

from __future__ import annotations

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped

pytestmark = pytest.mark.django_db


@pytest.fixture
def API(school_union):
    return f"/api/v1/orgs/{school_union.code}/democracy/"


def _delegation(congress, name):
    from gonghui.democracy.models import Delegation

    with unscoped(), acting(source="system"):
        return Delegation.objects.create(congress=congress, name=name)


def test_a_representative_is_put_in_a_delegation_through_the_api(
    token_login, chair, school, reps, factory, API
):
    from gonghui.democracy.models import Representative

    mine = _delegation(school, "语文组代表团")
    foreign = _delegation(factory.congress, "外单位代表团")
    c = token_login(chair)
    url = f"{API}representatives/{reps[0].pk}/"
    r = c.patch(url, {"delegation": mine.pk}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["delegation"] == mine.pk
    with unscoped():
        assert Representative.objects.get(pk=reps[0].pk).delegation_id == mine.pk
    r = c.patch(url, {"delegation": foreign.pk}, content_type="application/json")
    assert r.status_code == 400 and "delegation" in r.json()
    with unscoped():
        assert Representative.objects.get(pk=reps[0].pk).delegation_id == mine.pk


def test_a_contract_approved_by_a_resolution_is_made_through_the_api(token_login, factory, history):
    from gonghui.democracy.models import Contract, Resolution

    with unscoped():
        mine = Resolution.objects.filter(session__congress__org=factory.union).first()
        foreign = Resolution.objects.exclude(session__congress__org=factory.union).first()
    assert foreign is not None  # the school's resolutions
    c = token_login(factory.chair)
    base = f"/api/v1/orgs/{factory.union.code}/democracy/contracts/"
    body = {
        "kind": "wages",
        "title": "工资专项集体合同（决议批准）",
        "terms": "增长5%",
        "start_date": "2027-01-01",
        "end_date": "2027-12-31",
    }
    r = c.post(base, {**body, "approved_by": mine.pk}, content_type="application/json")
    assert r.status_code == 201, r.content
    with unscoped():
        assert Contract.objects.get(pk=r.json()["id"]).approved_by_id == mine.pk
    if foreign is not None:
        r = c.post(base, {**body, "approved_by": foreign.pk}, content_type="application/json")
        assert r.status_code == 400 and "approved_by" in r.json()


def test_a_session_number_above_32767_is_refused(token_login, chair, school, API):
    c = token_login(chair)
    url = f"{API}congresses/{school.pk}/sessions/"
    r = c.post(url, {"date": "2026-11-25", "number": 40000}, content_type="application/json")
    assert r.status_code == 400 and "number" in r.json()
    r = c.post(url, {"date": "2026-11-25", "number": 32767}, content_type="application/json")
    assert r.status_code == 201, r.content
