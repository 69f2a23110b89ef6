"""Contest services: set-up, entrants, judges, scores and publication, with their refusals."""

from __future__ import annotations

import pytest

from gonghui.activities.contests import services as svc
from gonghui.activities.models import Entrant, Judge, Score
from gonghui.activities.services import ActivityError
from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped
from tests.api.conftest import last_entry_id, new_entries

from ..conftest import members_of
from .conftest import D, contest_with, give, judges_of


@pytest.mark.django_db
class TestServices:
    def test_only_a_contest_activity_gets_a_contest(self, home):
        a = home.activity(kind="sports")
        with unscoped(), pytest.raises(ActivityError):
            svc.contest_create(actor=None, activity=a)

    def test_score_range_and_judges_only(self, home):
        c, es, _ = contest_with(home)
        outsider = home.other_chair
        with pytest.raises(ActivityError, match="评委才能录入"):
            give(c, outsider, es[0], "8")
        chair = home.chair
        with pytest.raises(ActivityError):
            give(c, chair, es[0], "11")
        give(c, chair, es[0], "8")
        give(c, chair, es[0], "8.5")  # corrected, still one row
        with unscoped():
            assert Score.objects.filter(entrant=es[0]).count() == 1
            assert Score.objects.get(entrant=es[0]).value == D("8.50")

    def test_a_judge_must_belong_to_the_union(self, home):
        c, _, _ = contest_with(home, judges=())
        outsider = home.other_chair
        with unscoped(), pytest.raises(ActivityError):
            svc.judge_add(actor=None, contest=c, user=outsider)

    def test_an_entrant_from_another_union_is_refused(self, home):
        c, _, _ = contest_with(home, n=0)
        with unscoped(), pytest.raises(ActivityError):
            svc.entrant_add(actor=None, contest=c, member=members_of(home.other, 1)[0])

    def test_team_entrants(self, home):
        c, _, _ = contest_with(home, mode="team")
        ms = home.members(3)
        with unscoped(), acting(source="system"):
            e = svc.entrant_add(actor=None, contest=c, team_name="一年级组", team_members=ms)
            assert set(e.team_members.all()) == set(ms)
            with pytest.raises(ActivityError):
                svc.entrant_add(actor=None, contest=c, team_name="一年级组")
            with pytest.raises(ActivityError):
                svc.entrant_add(actor=None, contest=c, team_name="  ")

    def test_publish_needs_every_score_then_freezes(self, home):
        c, es, js = contest_with(home)
        judges = judges_of(home)
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
            svc.entrant_add(actor=None, contest=c, member=home.members(5)[4])

    def test_scored_entrants_and_judges_cannot_be_removed(self, home):
        c, es, js = contest_with(home)
        give(c, home.chair, es[0], "8")
        with unscoped(), pytest.raises(ActivityError):
            svc.entrant_remove(actor=None, entrant=es[0])
        with unscoped(), pytest.raises(ActivityError):
            svc.judge_remove(actor=None, judge=js[0])
        with unscoped(), acting(source="system"):
            svc.entrant_remove(actor=None, entrant=es[1])
            svc.judge_remove(actor=None, judge=js[1])
            assert not Entrant.objects.filter(pk=es[1].pk).exists()
            assert not Judge.objects.filter(pk=js[1].pk).exists()

    def test_scores_are_audited(self, home):
        c, es, _ = contest_with(home)
        since = last_entry_id()
        chair = home.chair
        give(c, chair, es[0], "8")
        give(c, chair, es[0], "9")
        created = new_entries("activities.score.created", since)
        updated = new_entries("activities.score.updated", since)
        assert len(created) == 1 and len(updated) == 1
        assert updated[0].changes["value"][1] in ("9.00", 9.0, "9")
