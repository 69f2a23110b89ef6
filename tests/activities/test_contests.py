"""Contests: the ranking rule (pure), the services, the pages (cadres, judges, results)
and the API, each with its refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.activities import services_contests as svc
from gonghui.activities.models import Contest, Entrant, Judge, Score
from gonghui.activities.ranking import final_score, rank
from gonghui.activities.services import ActivityError
from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped
from tests.api.conftest import last_entry_id, new_entries

from .conftest import make_activity, members_of

D = Decimal
BASE = "/o/S0001/activities"
API = "/api/v1/orgs/S0001/activities"


# -- the ranking rule (no database) ----------------------------------------------------------


class TestRanking:
    def test_two_judges_plain_mean(self):
        assert final_score([D("8"), D("9")]) == (D("8.50"), ())

    def test_three_judges_drop_highest_and_lowest(self):
        assert final_score([D("7"), D("9.5"), D("8.2")]) == (D("8.20"), (D("7"), D("9.5")))

    def test_five_judges_drop_one_of_each_only(self):
        final, dropped = final_score([D("9"), D("9"), D("8"), D("6"), D("6")])
        assert dropped == (D("6"), D("9"))
        assert final == D("7.67")  # (6 + 8 + 9) / 3, half up

    def test_all_equal(self):
        out = rank({1: [D("8")] * 3, 2: [D("8")] * 3, 3: [D("8")] * 3}, 3)
        assert [r.rank for r in out] == [1, 1, 1]

    def test_ties_at_the_top_skip_the_next_rank(self):
        out = rank({1: [D(9), D(9), D(9)], 2: [D(7), D(7), D(7)], 3: [D(9), D(9), D(9)]}, 3)
        assert [(r.key, r.rank) for r in out] == [(1, 1), (3, 1), (2, 3)]

    def test_ties_in_the_middle(self):
        out = rank({"a": [D(9)], "b": [D(8)], "c": [D(8)], "d": [D(7)]}, 1)
        assert [r.rank for r in out] == [1, 2, 2, 4]

    def test_missing_scores_are_not_ranked_yet(self):
        out = rank({1: [D(9), D(8)], 2: [D(7), D(7), D(7)]}, 3)
        assert (out[0].key, out[0].rank) == (2, 1)
        assert (out[1].key, out[1].rank, out[1].final) == (1, None, None)

    def test_no_judges_nobody_ranked(self):
        assert [r.rank for r in rank({1: []}, 0)] == [None]

    def test_rounding_decides_ties(self):
        # 8.333.. and 8.33 both round to 8.33: a tie, as the scoreboard shows them.
        out = rank({1: [D("8.33"), D("8.34"), D("8.33")], 2: [D("8.33")] * 3}, 3)
        assert [r.final for r in out] == [D("8.33"), D("8.33")]
        assert [r.rank for r in out] == [1, 1]


# -- services ------------------------------------------------------------------------------


def users(*names):
    from gonghui.accounts.models import User

    with unscoped():
        return [User.objects.get(username=n) for n in names]


def contest_with(db, *, judges=("school_chair", "school_cadre", "member"), n=3, mode="individual"):
    activity = make_activity(kind="contest", status="in_progress")
    with unscoped(), acting(source="system"):
        c = svc.contest_create(actor=None, activity=activity, mode=mode)
        entrants = (
            [svc.entrant_add(actor=None, contest=c, member=m) for m in members_of("S0001", n)]
            if mode == "individual"
            else []
        )
        js = [svc.judge_add(actor=None, contest=c, user=u) for u in users(*judges)]
    return c, entrants, js


def give(c, judge_user, entrant, value):
    with unscoped(), acting(source="system"):
        return svc.score_enter(actor=judge_user, contest=c, entrant=entrant, value=D(value))


@pytest.mark.django_db
class TestServices:
    def test_only_a_contest_activity_gets_a_contest(self, demo):
        a = make_activity(kind="sports")
        with unscoped(), pytest.raises(ActivityError):
            svc.contest_create(actor=None, activity=a)

    def test_score_range_and_judges_only(self, demo):
        c, es, _ = contest_with(demo)
        (outsider,) = users("hospital_chair")
        with pytest.raises(ActivityError, match="评委才能录入"):
            give(c, outsider, es[0], "8")
        chair = users("school_chair")[0]
        with pytest.raises(ActivityError):
            give(c, chair, es[0], "11")
        give(c, chair, es[0], "8")
        give(c, chair, es[0], "8.5")  # corrected, still one row
        with unscoped():
            assert Score.objects.filter(entrant=es[0]).count() == 1
            assert Score.objects.get(entrant=es[0]).value == D("8.50")

    def test_a_judge_must_belong_to_the_union(self, demo):
        c, _, _ = contest_with(demo, judges=())
        (outsider,) = users("hospital_chair")
        with unscoped(), pytest.raises(ActivityError):
            svc.judge_add(actor=None, contest=c, user=outsider)

    def test_an_entrant_from_another_union_is_refused(self, demo):
        c, _, _ = contest_with(demo, n=0)
        with unscoped(), pytest.raises(ActivityError):
            svc.entrant_add(actor=None, contest=c, member=members_of("H0001", 1)[0])

    def test_team_entrants(self, demo):
        c, _, _ = contest_with(demo, mode="team")
        ms = members_of("S0001", 3)
        with unscoped(), acting(source="system"):
            e = svc.entrant_add(actor=None, contest=c, team_name="一年级组", team_members=ms)
            assert set(e.team_members.all()) == set(ms)
            with pytest.raises(ActivityError):
                svc.entrant_add(actor=None, contest=c, team_name="一年级组")
            with pytest.raises(ActivityError):
                svc.entrant_add(actor=None, contest=c, team_name="  ")

    def test_publish_needs_every_score_then_freezes(self, demo):
        c, es, js = contest_with(demo)
        judges = users("school_chair", "school_cadre", "member")
        for u in judges[:2]:
            for e in es:
                give(c, u, e, "8")
        with unscoped(), pytest.raises(ActivityError, match="未给全部参赛者打分"):
            svc.results_publish(actor=None, contest=c)
        for i, e in enumerate(es):
            give(c, judges[2], e, str(6 + i))
        with unscoped(), acting(source="system"):
            svc.results_publish(actor=None, contest=c)
            rows = svc.results(c)
        assert [r["rank"] for r in rows] == [1, 1, 1]  # 8 kept after dropping 6/7/8 extremes
        with pytest.raises(ActivityError, match="成绩已公布"):
            give(c, judges[0], es[0], "9")
        with unscoped(), pytest.raises(ActivityError):
            svc.entrant_add(actor=None, contest=c, member=members_of("S0001", 5)[4])

    def test_scored_entrants_and_judges_cannot_be_removed(self, demo):
        c, es, js = contest_with(demo)
        give(c, users("school_chair")[0], es[0], "8")
        with unscoped(), pytest.raises(ActivityError):
            svc.entrant_remove(actor=None, entrant=es[0])
        with unscoped(), pytest.raises(ActivityError):
            svc.judge_remove(actor=None, judge=js[0])
        with unscoped(), acting(source="system"):
            svc.entrant_remove(actor=None, entrant=es[1])
            svc.judge_remove(actor=None, judge=js[1])
            assert not Entrant.objects.filter(pk=es[1].pk).exists()
            assert not Judge.objects.filter(pk=js[1].pk).exists()

    def test_scores_are_audited(self, demo):
        c, es, _ = contest_with(demo)
        since = last_entry_id()
        chair = users("school_chair")[0]
        give(c, chair, es[0], "8")
        give(c, chair, es[0], "9")
        created = new_entries("activities.score.created", since)
        updated = new_entries("activities.score.updated", since)
        assert len(created) == 1 and len(updated) == 1
        assert updated[0].changes["value"][1] in ("9.00", 9.0, "9")


# -- pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
class TestPages:
    def test_a_cadre_sets_up_and_publishes(self, client_for, demo):
        a = make_activity(kind="contest", status="in_progress")
        c = client_for("school_chair")
        r = c.post(f"{BASE}/contests/for/{a.pk}/", {"mode": "individual", "score_max": "10"})
        with unscoped():
            contest = Contest.objects.get(activity=a)
        assert r.status_code == 302 and r["Location"].endswith(f"/contests/{contest.pk}/")
        m = members_of("S0001", 1)[0]
        c.post(f"{BASE}/contests/{contest.pk}/entrants/", {"member": m.pk})
        (u,) = users("school_cadre")
        c.post(f"{BASE}/contests/{contest.pk}/judges/", {"user": u.pk})
        with unscoped():
            assert Entrant.objects.filter(contest=contest, member=m).exists()
            assert Judge.objects.filter(contest=contest, user=u).exists()
        body = c.get(f"{BASE}/contests/{contest.pk}/").content.decode()
        assert m.name in body
        # Not scored yet: publishing is refused.
        c.post(f"{BASE}/contests/{contest.pk}/publish/")
        with unscoped():
            assert not Contest.objects.get(pk=contest.pk).result_published
        e = Entrant._base_manager.get(contest=contest)
        give(contest, u, e, "9")
        c.post(f"{BASE}/contests/{contest.pk}/publish/")
        with unscoped():
            assert Contest.objects.get(pk=contest.pk).result_published

    def test_activity_detail_offers_the_contest(self, client_for, demo):
        a = make_activity(kind="contest")
        body = client_for("school_chair").get(f"{BASE}/{a.pk}/").content.decode()
        assert f"/contests/for/{a.pk}/" in body

    def test_another_union_gets_404(self, client_for, demo):
        c_, es, _ = contest_with(demo)
        c = client_for("hospital_chair")
        assert c.get(f"/o/H0001/activities/contests/{c_.pk}/").status_code == 404
        assert c.post(f"/o/H0001/activities/contests/{c_.pk}/publish/").status_code == 404
        assert c.get(f"/o/H0001/activities/contests/{c_.pk}/score/").status_code == 404
        assert c.get(f"/o/H0001/activities/contests/{c_.pk}/results/").status_code == 404

    def test_a_member_may_not_manage(self, client_for, demo):
        c_, _, _ = contest_with(demo)
        c = client_for("member")
        assert c.get(f"/o/S0001-G01/activities/contests/{c_.pk}/").status_code == 403
        assert c.post(f"/o/S0001-G01/activities/contests/{c_.pk}/publish/").status_code == 403

    def test_wrong_method_405(self, client_for, demo):
        c_, _, _ = contest_with(demo)
        c = client_for("school_chair")
        assert c.get(f"{BASE}/contests/{c_.pk}/publish/").status_code == 405
        assert c.get(f"{BASE}/contests/{c_.pk}/entrants/").status_code == 405

    def test_a_member_judge_scores_on_the_phone_page(self, client_for, demo):
        c_, es, _ = contest_with(demo)
        c = client_for("member")
        url = f"/o/S0001-G01/activities/contests/{c_.pk}/score/"
        body = c.get(url).content.decode()
        assert es[0].member.name in body
        r = c.post(url, {f"score-{es[0].pk}": "8.5", f"score-{es[1].pk}": "99"})
        assert r.status_code == 302
        with unscoped():
            mine = Score.objects.filter(judge__user__username="member", entrant__contest=c_)
            assert {s.entrant_id: s.value for s in mine} == {es[0].pk: D("8.50")}

    def test_a_member_who_is_not_a_judge_is_refused(self, client_for, demo):
        c_, es, _ = contest_with(demo, judges=("school_chair",))
        c = client_for("member")
        url = f"/o/S0001-G01/activities/contests/{c_.pk}/score/"
        assert c.get(url).status_code == 403
        assert c.post(url, {f"score-{es[0].pk}": "8"}).status_code == 403
        with unscoped():
            assert not Score.objects.filter(entrant__contest=c_).exists()

    def test_results_only_once_published_for_members(self, client_for, demo):
        c_, es, _ = contest_with(demo, judges=("school_chair",))
        c = client_for("member")
        url = f"/o/S0001-G01/activities/contests/{c_.pk}/results/"
        assert c.get(url).status_code == 404
        assert (
            client_for("school_chair").get(f"{BASE}/contests/{c_.pk}/results/").status_code == 200
        )
        for i, e in enumerate(es):
            give(c_, users("school_chair")[0], e, str(7 + i))
        with unscoped(), acting(source="system"):
            svc.results_publish(actor=None, contest=c_)
        body = c.get(url).content.decode()
        assert es[2].member.name in body and "9.00" in body


# -- API -----------------------------------------------------------------------------------


@pytest.mark.django_db
class TestAPI:
    def test_the_whole_flow(self, token_client):
        a = make_activity(kind="contest", status="in_progress")
        c = token_client("school_chair")
        r = c.post(
            f"{API}/contests/for/{a.pk}/", {"mode": "individual"}, content_type="application/json"
        )
        assert r.status_code == 201, r.content
        cid = r.json()["id"]
        ms = members_of("S0001", 2)
        for m in ms:
            assert (
                c.post(
                    f"{API}/contests/{cid}/entrants/",
                    {"member_id": m.pk},
                    content_type="application/json",
                ).status_code
                == 201
            )
        (u,) = users("member")
        r = c.post(
            f"{API}/contests/{cid}/judges/", {"user_id": u.pk}, content_type="application/json"
        )
        assert r.status_code == 201, r.content
        j = token_client("member")
        me = f"/api/v1/orgs/S0001-G01/activities/contests/{cid}/scores/"
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
        res = j.get(f"/api/v1/orgs/S0001-G01/activities/contests/{cid}/results/").json()
        assert [(x["name"], x["rank"]) for x in res] == [(ms[1].name, 1), (ms[0].name, 2)]

    def test_refusals(self, token_client, demo):
        c_, es, _ = contest_with(demo, judges=("school_chair",))
        assert (
            token_client("hospital_chair")
            .get(f"/api/v1/orgs/H0001/activities/contests/{c_.pk}/")
            .status_code
            == 404
        )
        m = token_client("member")
        assert m.get(f"/api/v1/orgs/S0001-G01/activities/contests/{c_.pk}/").status_code == 403
        assert (
            m.get(f"/api/v1/orgs/S0001-G01/activities/contests/{c_.pk}/scores/").status_code == 403
        )
        assert (
            token_client("school_chair").get(f"{API}/contests/{c_.pk}/publish/").status_code == 405
        )
        # A member of another union cannot be entered (the lookup is scoped).
        r = token_client("school_chair").post(
            f"{API}/contests/{c_.pk}/entrants/",
            {"member_id": members_of("H0001", 1)[0].pk},
            content_type="application/json",
        )
        assert r.status_code == 400


@pytest.mark.django_db
def test_the_members_page_links_judging_and_results(client_for, demo):
    c_, _, _ = contest_with(demo)
    body = client_for("member").get("/o/S0001-G01/activities/mine/").content.decode()
    assert f"/contests/{c_.pk}/score/" in body
    # The demo's speech contest is published, and the demo member leads 书法.
    assert "/results/" in body and "/groups/led/" in body
