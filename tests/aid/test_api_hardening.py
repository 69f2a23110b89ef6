"""#11 finding 6: a round created through the API without its optional name."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _url(union):
    return f"/api/v1/orgs/{union.code}/aid/rounds/"


def test_a_round_without_a_name_is_named_after_its_year(token_login, union, chair):
    c = token_login(chair)
    body = {"year": 2029, "opens_on": "2029-07-01", "closes_on": "2029-09-30"}
    r = c.post(_url(union), body, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["name"] == "2029年金秋助学"


@pytest.mark.parametrize("year", [0, 1999, 2101, 9999])
def test_a_round_of_an_impossible_year_is_refused(token_login, union, chair, year):
    from gonghui.aid.models import AidRound
    from gonghui.core.scoping import unscoped

    c = token_login(chair)
    body = {"year": year, "opens_on": "2029-07-01", "closes_on": "2029-09-30"}
    r = c.post(_url(union), body, content_type="application/json")
    assert r.status_code == 400 and "year" in r.json()
    with unscoped():
        assert not AidRound.objects.filter(org=union).exists()
