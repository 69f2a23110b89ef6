"""Helpers of the contest tests: a contest of the test's own union (`home`) with entrants
and judges, a score."""

from __future__ import annotations

from decimal import Decimal

from gonghui.activities.contests import services as svc
from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped

D = Decimal


def judges_of(home) -> tuple:
    """The default jury: the chair, a cadre and a member (home.member's login), in that order."""
    return (home.chair, home.cadre, home.member.user)


def contest_with(home, *, judges=None, n=3, mode="individual"):
    """A contest of a running competition of `home.union`: `n` members without a login
    entered (individual mode) and the `judges` (logins; judges_of(home) unless told)."""
    activity = home.activity(kind="contest", status="in_progress")
    judges = judges_of(home) if judges is None else judges
    with unscoped(), acting(source="system"):
        c = svc.contest_create(actor=None, activity=activity, mode=mode)
        entrants = (
            [svc.entrant_add(actor=None, contest=c, member=m) for m in home.members(n)]
            if mode == "individual" and n
            else []
        )
        js = [svc.judge_add(actor=None, contest=c, user=u) for u in judges]
    return c, entrants, js


def give(c, judge_user, entrant, value):
    with unscoped(), acting(source="system"):
        return svc.score_enter(actor=judge_user, contest=c, entrant=entrant, value=D(value))
