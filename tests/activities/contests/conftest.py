"""Helpers of the contest tests: users, a contest with entrants and judges, a score."""

from __future__ import annotations

from decimal import Decimal

from gonghui.activities.contests import services as svc
from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped

from ..conftest import make_activity, members_of

D = Decimal
BASE = "/o/S0001/activities"
API = "/api/v1/orgs/S0001/activities"


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
