"""Interest group API: the committee's and the leader's endpoints, with their refusals."""

from __future__ import annotations

import pytest

from .conftest import YEAR, a_group, plan

pytestmark = pytest.mark.django_db


class TestAPI:
    def test_committee_and_leader(self, home, token_login):
        API, API_ME = home.api, home.api_me
        c = token_login(home.chair)
        m = home.member
        r = c.post(
            f"{API}/groups/", {"name": "羽毛球", "leader_id": m.pk}, content_type="application/json"
        )
        assert r.status_code == 201, r.content
        gid = r.json()["id"]
        assert [x["member_id"] for x in r.json()["members"]] == [m.pk]
        other = home.members(1)[0]
        r = c.post(
            f"{API}/groups/{gid}/members/", {"member_id": other.pk}, content_type="application/json"
        )
        assert r.status_code == 201
        assert c.delete(f"{API}/groups/{gid}/members/{r.json()['id']}/").status_code == 204
        leader = token_login(m.user)
        assert gid in [g["id"] for g in leader.get(f"{API_ME}/groups/led/").json()]
        r = leader.post(
            f"{API_ME}/groups/{gid}/plan/",
            {"year": YEAR, "text": "周末训练", "budget": "2400.00"},
            content_type="application/json",
        )
        assert r.status_code == 200, r.content
        pid = r.json()["id"]
        assert (
            leader.post(f"{API_ME}/groups/{gid}/plans/{pid}/submit/").json()["status"]
            == "submitted"
        )
        r = c.post(
            f"{API}/groups/{gid}/plans/{pid}/decide/",
            {"approve": False},
            content_type="application/json",
        )
        assert r.status_code == 400
        r = c.post(
            f"{API}/groups/{gid}/plans/{pid}/decide/",
            {"approve": True},
            content_type="application/json",
        )
        assert r.json()["status"] == "approved"
        a = home.activity()
        r = c.post(
            f"{API}/groups/{gid}/activities/",
            {"activity_id": a.pk},
            content_type="application/json",
        )
        assert [x["id"] for x in r.json()["activities"]] == [a.pk]
        r = c.patch(f"{API}/groups/{gid}/", {"active": False}, content_type="application/json")
        assert r.json()["active"] is False

    def test_refusals(self, home, token_login):
        API, API_ME = home.api, home.api_me
        g = a_group(home, leader=home.members(1)[0])
        p = plan(g)
        assert (
            token_login(home.other_chair)
            .get(f"/api/v1/orgs/{home.other.code}/activities/groups/{g.pk}/")
            .status_code
            == 404
        )
        m = token_login(home.member.user)
        assert m.get(f"{API_ME}/groups/").status_code == 403
        assert m.post(f"{API_ME}/groups/{g.pk}/plans/{p.pk}/submit/").status_code == 403
        assert token_login(home.chair).get(f"{API}/groups/{g.pk}/members/").status_code == 405
        # Unlinking an activity that is not the group's: refused by the service (400).
        a = home.activity()
        r = token_login(home.chair).post(
            f"{API}/groups/{g.pk}/activities/",
            {"activity_id": a.pk, "unlink": True},
            content_type="application/json",
        )
        assert r.status_code == 400 and r.json()["detail"]
