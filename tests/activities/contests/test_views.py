"""Contest pages: the cadres', the judge's phone-sized score entry and the results, with
their refusals; the member's page links them."""

from __future__ import annotations

import pytest

from gonghui.activities.contests import services as svc
from gonghui.activities.models import Contest, Entrant, Judge, Score
from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped

from ..conftest import make_activity, members_of
from .conftest import BASE, D, contest_with, give, users


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


@pytest.mark.django_db
def test_the_members_page_links_judging_and_results(client_for, demo):
    c_, _, _ = contest_with(demo)
    body = client_for("member").get("/o/S0001-G01/activities/mine/").content.decode()
    assert f"/contests/{c_.pk}/score/" in body
    # The demo's speech contest is published, and the demo member leads 书法.
    assert "/results/" in body and "/groups/led/" in body
