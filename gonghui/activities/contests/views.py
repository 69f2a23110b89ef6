"""Contest pages: the cadres' (set up the contest of a competition activity, entrants,
judges, the score sheet and ranking, publish), the judge's phone-sized score entry, and
the published results."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view

from .. import selectors as activity_selectors
from ..models import Activity, ContestMode
from ..services import ActivityError
from ..views import attempt
from . import selectors
from . import services as svc


def _back(org_code, c):
    return redirect("activities:contest", org_code=org_code, contest_id=c.pk)


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


@org_view("activities.activity:write", methods=("POST",))
def contest_create(request, org_code, activity_id):
    activity = get_object_or_404(Activity.objects.select_related("org"), pk=activity_id)
    lo = _decimal(request.POST.get("score_min") or "0")
    hi = _decimal(request.POST.get("score_max") or "10")
    try:
        if lo is None or hi is None:
            raise ActivityError(_("The score range is not valid."))
        c = svc.contest_create(
            actor=request.user,
            activity=activity,
            mode=request.POST.get("mode", ContestMode.INDIVIDUAL),
            score_min=lo,
            score_max=hi,
        )
    except ActivityError as exc:
        messages.error(request, str(exc))
        return redirect("activities:detail", org_code=org_code, activity_id=activity.pk)
    messages.success(request, _("Contest set up: add the entrants and judges."))
    return _back(org_code, c)


@org_view("activities.activity:read")
def contest(request, org_code, contest_id):
    c = selectors.contest(contest_id)
    can_write = request.access.has("activities.activity:write")
    ctx = {
        "contest": c,
        "activity": c.activity,
        "judges": svc.judges_of(c),
        "rows": svc.results(c),
        "can_write": can_write and not c.result_published,
        "candidates": svc.judge_candidates(c.activity.org).order_by("username")[:200]
        if can_write
        else [],
    }
    return render(request, "activities/contest_detail.html", ctx)


@org_view("activities.activity:write", methods=("POST",))
def contest_entrant_add(request, org_code, contest_id):
    c = selectors.contest(contest_id)
    member = None
    team = []
    if c.mode == ContestMode.INDIVIDUAL:
        member = activity_selectors.member_in_scope(request.POST.get("member"))
        if member is None:
            messages.error(request, _("No such member."))
            return _back(org_code, c)
    else:
        for raw in request.POST.getlist("team_members"):
            m = activity_selectors.member_in_scope(raw)
            if m is None:
                messages.error(request, _("No such member."))
                return _back(org_code, c)
            team.append(m)
    attempt(
        request,
        _("Entrant added."),
        svc.entrant_add,
        contest=c,
        member=member,
        team_name=request.POST.get("team_name", ""),
        team_members=team,
    )
    return _back(org_code, c)


@org_view("activities.activity:write", methods=("POST",))
def contest_entrant_remove(request, org_code, contest_id, entrant_id):
    c = selectors.contest(contest_id)
    e = selectors.entrant(c, entrant_id)
    attempt(request, _("Entrant removed."), svc.entrant_remove, entrant=e)
    return _back(org_code, c)


@org_view("activities.activity:write", methods=("POST",))
def contest_judge_add(request, org_code, contest_id):
    c = selectors.contest(contest_id)
    raw = request.POST.get("user", "")
    user = (
        svc.judge_candidates(c.activity.org).filter(pk=int(raw)).first() if raw.isdigit() else None
    )
    if user is None:
        messages.error(request, _("Choose a person who can judge."))
        return _back(org_code, c)
    attempt(
        request,
        _("Judge added."),
        svc.judge_add,
        contest=c,
        user=user,
        name=request.POST.get("name", ""),
    )
    return _back(org_code, c)


@org_view("activities.activity:write", methods=("POST",))
def contest_judge_remove(request, org_code, contest_id, contest_judge_id):
    c = selectors.contest(contest_id)
    j = selectors.judge(c, contest_judge_id)
    attempt(request, _("Judge removed."), svc.judge_remove, judge=j)
    return _back(org_code, c)


@org_view("activities.activity:write", methods=("POST",))
def contest_publish(request, org_code, contest_id):
    c = selectors.contest(contest_id)
    attempt(request, _("Results published."), svc.results_publish, contest=c)
    return _back(org_code, c)


# -- the judge's and the members' pages -----------------------------------------------------


@org_view("activities.signup:self", methods=("GET", "POST"))
def contest_score(request, org_code, contest_id):
    """A judge's phone-sized page: every entrant with the judge's own score."""
    c, judge = selectors.judging(request.user, request.org, contest_id)
    entrants = list(selectors.entrants_of(c))
    if request.method == "POST":
        changed, errors, before = 0, [], selectors.scores_by(judge)
        for e in entrants:
            raw = request.POST.get(f"score-{e.pk}", "").strip()
            if not raw:
                continue
            value = _decimal(raw)
            try:
                if value is None:
                    raise ActivityError(_("Not a number."))
                svc.score_enter(actor=request.user, contest=c, entrant=e, value=value)
                changed += before.get(e.pk) != value
            except ActivityError as exc:
                errors.append(f"{e}: {exc}")
        for err in errors:
            messages.error(request, err)
        if changed:
            messages.success(request, _("%(n)s scores saved.") % {"n": changed})
        return redirect("activities:contest_score", org_code=org_code, contest_id=c.pk)
    mine = selectors.scores_by(judge)
    rows = [{"entrant": e, "value": mine.get(e.pk)} for e in entrants]
    return render(
        request,
        "activities/contest_score.html",
        {"contest": c, "judge": judge, "rows": rows, "locked": c.result_published},
    )


@org_view("activities.signup:self")
def contest_results(request, org_code, contest_id):
    """The published ranking; before publication only the organiser's readers see it."""
    c = selectors.contest_results(request.access, request.org, contest_id)
    return render(
        request,
        "activities/contest_results.html",
        {"contest": c, "judges": svc.judges_of(c), "rows": svc.results(c)},
    )
