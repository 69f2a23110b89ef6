"""Contest API: the whole flow and its refusals."""

from __future__ import annotations

import pytest

from ..conftest import members_of
from .conftest import contest_with


@pytest.mark.django_db
class TestAPI:
    def test_the_whole_flow(self, home, token_login):
        API = home.api
        a = home.activity(kind="contest", status="in_progress")
        c = token_login(home.chair)
        r = c.post(
            f"{API}/contests/for/{a.pk}/", {"mode": "individual"}, content_type="application/json"
        )
        assert r.status_code == 201, r.content
        cid = r.json()["id"]
        ms = home.members(2)
        for m in ms:
            assert (
                c.post(
                    f"{API}/contests/{cid}/entrants/",
                    {"member_id": m.pk},
                    content_type="application/json",
                ).status_code
                == 201
            )
        u = home.member.user
        r = c.post(
            f"{API}/contests/{cid}/judges/", {"user_id": u.pk}, content_type="application/json"
        )
        assert r.status_code == 201, r.content
        j = token_login(u)
        me = f"{home.api_me}/contests/{cid}/scores/"
        rows = j.get(me).json()
        assert [x["value"] for x in rows] == [None, None]
        for x, v in zip(rows, ("8", "9"), strict=True):
            r = j.post(
                me, {"entrant_id": x["entrant_id"], "value": v}, content_type="application/json"
            )
            assert r.status_code == 200, r.content
        r = j.post(
            me,
            {"entrant_id": rows[0]["entrant_id"], "value": "12"},
            content_type="application/json",
        )
        assert r.status_code == 400
        r = c.post(f"{API}/contests/{cid}/publish/")
        assert r.status_code == 200, r.content
        res = j.get(f"{home.api_me}/contests/{cid}/results/").json()
        assert [(x["name"], x["rank"]) for x in res] == [(ms[1].name, 1), (ms[0].name, 2)]

    def test_refusals(self, home, token_login):
        API = home.api
        c_, es, _ = contest_with(home, judges=(home.chair,))
        assert (
            token_login(home.other_chair)
            .get(f"/api/v1/orgs/{home.other.code}/activities/contests/{c_.pk}/")
            .status_code
            == 404
        )
        m = token_login(home.member.user)
        assert m.get(f"{home.api_me}/contests/{c_.pk}/").status_code == 403
        assert m.get(f"{home.api_me}/contests/{c_.pk}/scores/").status_code == 403
        assert token_login(home.chair).get(f"{API}/contests/{c_.pk}/publish/").status_code == 405
        # A member of another union cannot be entered (the lookup is scoped).
        r = token_login(home.chair).post(
            f"{API}/contests/{c_.pk}/entrants/",
            {"member_id": members_of(home.other, 1)[0].pk},
            content_type="application/json",
        )
        assert r.status_code == 400
