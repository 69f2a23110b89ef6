"""Reads of the contests.

Cadre lookups go through the scoped managers (another organisation's id is a 404). The
judge's and the results read the contests reaching the organisation in the URL: it, its
subtree and its ancestors (a member whose login sits at a group reaches the union's
contests); the caller then checks that the user is a judge.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from gonghui.orgs.models import Organisation

from ..models import Contest, Entrant, Judge, Score
from ..selectors import READ, one
from .services import judge_of


def contest(contest_id: int) -> Contest:
    qs = Contest.objects.select_related("activity", "activity__org")
    return one(qs, pk=contest_id)


def contest_near(org: Organisation, contest_id: int) -> Contest:
    qs = Contest.objects.reaching(org).select_related("activity", "activity__org")
    return one(qs, pk=contest_id)


def judging(user, org: Organisation, contest_id: int) -> tuple[Contest, Judge]:
    """A contest reaching `org` and the user's seat on its jury (the judge's pages), or a
    403 when the user does not judge it."""
    c = contest_near(org, contest_id)
    judge = judge_of(user, c)
    if judge is None:
        raise PermissionDenied
    return c, judge


def contest_results(access, org: Organisation, contest_id: int) -> Contest:
    """A contest whose ranking the caller may read: published, or not yet published but
    organised in the caller's scope and the caller reads activities there; else 404."""
    c = contest_near(org, contest_id)
    if not c.result_published:
        in_scope = access.has(READ) and c.activity.org.path.startswith(org.path)
        if not in_scope:
            raise Http404
    return c


def contests_near(org: Organisation):
    return Contest.objects.reaching(org).select_related("activity")


def entrants_of(c: Contest):
    # The contest was checked for this caller: its entrants and judges follow it.
    return Entrant._base_manager.filter(contest=c).select_related("member").order_by("id")


def judges_of(c: Contest):
    return Judge._base_manager.filter(contest=c)


def scores_by(judge: Judge) -> dict:
    """The judge's own scores by entrant id (the judge was checked for this caller)."""
    return dict(Score._base_manager.filter(judge=judge).values_list("entrant_id", "value"))


def entrant(c: Contest, entrant_id) -> Entrant:
    found = one(entrants_of(c), pk=entrant_id)
    found.contest = c
    return found


def judge(c: Contest, judge_id: int) -> Judge:
    found = one(judges_of(c), pk=judge_id)
    found.contest = c
    return found
