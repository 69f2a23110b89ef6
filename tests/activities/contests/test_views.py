"""Contest pages: the cadres', the judge's phone-sized score entry and the results, with
their refusals; the member's page links them."""

from __future__ import annotations

import pytest

from gonghui.activities.contests import services as svc
from gonghui.activities.models import Contest, Entrant, Judge, Score
from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped

from ..groups.conftest import a_group
from .conftest import D, contest_with, give


@pytest.mark.django_db
class TestPages:
    def test_a_cadre_sets_up_and_publishes(self, home, login):
        BASE = home.base
        a = home.activity(kind="contest", status="in_progress")
        c = login(home.chair)
        r = c.post(f"{BASE}/contests/for/{a.pk}/", {"mode": "individual", "score_max": "10"})
        with unscoped():
            contest = Contest.objects.get(activity=a)
        assert r.status_code == 302 and r["Location"].endswith(f"/contests/{contest.pk}/")
        m = home.members(1)[0]
        c.post(f"{BASE}/contests/{contest.pk}/entrants/", {"member": m.pk})
        u = home.cadre
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

    def test_activity_detail_offers_the_contest(self, home, login):
        a = home.activity(kind="contest")
        body = login(home.chair).get(f"{home.base}/{a.pk}/").content.decode()
        assert f"/contests/for/{a.pk}/" in body

    def test_another_union_gets_404(self, home, login):
        c_, es, _ = contest_with(home)
        c = login(home.other_chair)
        theirs = f"/o/{home.other.code}/activities/contests/{c_.pk}"
        assert c.get(f"{theirs}/").status_code == 404
        assert c.post(f"{theirs}/publish/").status_code == 404
        assert c.get(f"{theirs}/score/").status_code == 404
        assert c.get(f"{theirs}/results/").status_code == 404

    def test_a_member_may_not_manage(self, home, login):
        c_, _, _ = contest_with(home)
        c = login(home.member.user)
        assert c.get(f"{home.me}/contests/{c_.pk}/").status_code == 403
        assert c.post(f"{home.me}/contests/{c_.pk}/publish/").status_code == 403

    def test_wrong_method_405(self, home, login):
        c_, _, _ = contest_with(home)
        c = login(home.chair)
        assert c.get(f"{home.base}/contests/{c_.pk}/publish/").status_code == 405
        assert c.get(f"{home.base}/contests/{c_.pk}/entrants/").status_code == 405

    def test_a_member_judge_scores_on_the_phone_page(self, home, login):
        c_, es, _ = contest_with(home)
        c = login(home.member.user)
        url = f"{home.me}/contests/{c_.pk}/score/"
        body = c.get(url).content.decode()
        assert es[0].member.name in body
        r = c.post(url, {f"score-{es[0].pk}": "8.5", f"score-{es[1].pk}": "99"})
        assert r.status_code == 302
        with unscoped():
            mine = Score.objects.filter(judge__user=home.member.user, entrant__contest=c_)
            assert {s.entrant_id: s.value for s in mine} == {es[0].pk: D("8.50")}

    def test_a_member_who_is_not_a_judge_is_refused(self, home, login):
        c_, es, _ = contest_with(home, judges=(home.chair,))
        c = login(home.member.user)
        url = f"{home.me}/contests/{c_.pk}/score/"
        assert c.get(url).status_code == 403
        assert c.post(url, {f"score-{es[0].pk}": "8"}).status_code == 403
        with unscoped():
            assert not Score.objects.filter(entrant__contest=c_).exists()

    def test_results_only_once_published_for_members(self, home, login):
        c_, es, _ = contest_with(home, judges=(home.chair,))
        c = login(home.member.user)
        url = f"{home.me}/contests/{c_.pk}/results/"
        assert c.get(url).status_code == 404
        assert login(home.chair).get(f"{home.base}/contests/{c_.pk}/results/").status_code == 200
        for i, e in enumerate(es):
            give(c_, home.chair, e, str(7 + i))
        with unscoped(), acting(source="system"):
            svc.results_publish(actor=None, contest=c_)
        body = c.get(url).content.decode()
        assert es[2].member.name in body and "9.00" in body


@pytest.mark.django_db
def test_the_members_page_links_judging_and_results(home, login):
    c_, _, _ = contest_with(home)
    # Another contest whose results are published, and an interest group the member leads.
    done, es, _ = contest_with(home, judges=(home.chair,), n=2)
    for e in es:
        give(done, home.chair, e, "8")
    with unscoped(), acting(source="system"):
        svc.results_publish(actor=None, contest=done)
    a_group(home, leader=home.member)
    body = login(home.member.user).get(f"{home.me}/mine/").content.decode()
    assert f"/contests/{c_.pk}/score/" in body
    assert f"/contests/{done.pk}/results/" in body and f"/contests/{c_.pk}/results/" not in body
    assert "/groups/led/" in body
