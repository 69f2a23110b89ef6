"""Contest pages: the cadres' (set up the contest of a competition activity, entrants,
judges, the score sheet and ranking, publish), the judge's phone-sized score entry, and
the published results."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view

from . import reach
from . import services_contests as svc
from .models import Activity, ContestMode, Entrant, Score
from .services import ActivityError


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
    c = reach.contest(contest_id)
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
    c = reach.contest(contest_id)
    member = None
    team = []
    if c.mode == ContestMode.INDIVIDUAL:
        member = reach.member_in_scope(request.POST.get("member"))
        if member is None:
            messages.error(request, _("No such member."))
            return _back(org_code, c)
    else:
        for raw in request.POST.getlist("team_members"):
            m = reach.member_in_scope(raw)
            if m is None:
                messages.error(request, _("No such member."))
                return _back(org_code, c)
            team.append(m)
    try:
        svc.entrant_add(
            actor=request.user,
            contest=c,
            member=member,
            team_name=request.POST.get("team_name", ""),
            team_members=team,
        )
    except ActivityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Entrant added."))
    return _back(org_code, c)


@org_view("activities.activity:write", methods=("POST",))
def contest_entrant_remove(request, org_code, contest_id, entrant_id):
    c = reach.contest(contest_id)
    e = reach.entrant(c, entrant_id)
    try:
        svc.entrant_remove(actor=request.user, entrant=e)
    except ActivityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Entrant removed."))
    return _back(org_code, c)


@org_view("activities.activity:write", methods=("POST",))
def contest_judge_add(request, org_code, contest_id):
    c = reach.contest(contest_id)
    raw = request.POST.get("user", "")
    user = (
        svc.judge_candidates(c.activity.org).filter(pk=int(raw)).first() if raw.isdigit() else None
    )
    if user is None:
        messages.error(request, _("Choose a person who can judge."))
        return _back(org_code, c)
    try:
        svc.judge_add(actor=request.user, contest=c, user=user, name=request.POST.get("name", ""))
    except ActivityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Judge added."))
    return _back(org_code, c)


@org_view("activities.activity:write", methods=("POST",))
def contest_judge_remove(request, org_code, contest_id, contest_judge_id):
    c = reach.contest(contest_id)
    j = reach.judge(c, contest_judge_id)
    try:
        svc.judge_remove(actor=request.user, judge=j)
    except ActivityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Judge removed."))
    return _back(org_code, c)


@org_view("activities.activity:write", methods=("POST",))
def contest_publish(request, org_code, contest_id):
    c = reach.contest(contest_id)
    try:
        svc.results_publish(actor=request.user, contest=c)
    except ActivityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Results published."))
    return _back(org_code, c)


# -- the judge's and the members' pages -----------------------------------------------------


@org_view("activities.signup:self", methods=("GET", "POST"))
def contest_score(request, org_code, contest_id):
    """A judge's phone-sized page: every entrant with the judge's own score."""
    c = reach.contest_near(request.org, contest_id)
    judge = svc.judge_of(request.user, c)
    if judge is None:
        raise PermissionDenied
    entrants = list(Entrant._base_manager.filter(contest=c).select_related("member").order_by("id"))
    if request.method == "POST":
        changed, errors = 0, []
        for e in entrants:
            raw = request.POST.get(f"score-{e.pk}", "").strip()
            if not raw:
                continue
            value = _decimal(raw)
            try:
                if value is None:
                    raise ActivityError(_("Not a number."))
                before = (
                    Score._base_manager.filter(judge=judge, entrant=e)
                    .values_list("value", flat=True)
                    .first()
                )
                svc.score_enter(actor=request.user, contest=c, entrant=e, value=value)
                changed += before != value
            except ActivityError as exc:
                errors.append(f"{e}: {exc}")
        for err in errors:
            messages.error(request, err)
        if changed:
            messages.success(request, _("%(n)s scores saved.") % {"n": changed})
        return redirect("activities:contest_score", org_code=org_code, contest_id=c.pk)
    mine = {s.entrant_id: s.value for s in Score._base_manager.filter(judge=judge)}
    rows = [{"entrant": e, "value": mine.get(e.pk)} for e in entrants]
    return render(
        request,
        "activities/contest_score.html",
        {"contest": c, "judge": judge, "rows": rows, "locked": c.result_published},
    )


@org_view("activities.signup:self")
def contest_results(request, org_code, contest_id):
    """The published ranking; before publication only the organiser's readers see it."""
    c = reach.contest_near(request.org, contest_id)
    if not c.result_published:
        in_scope = request.access.has(
            "activities.activity:read"
        ) and c.activity.org.path.startswith(request.org.path)
        if not in_scope:
            raise Http404
    return render(
        request,
        "activities/contest_results.html",
        {"contest": c, "judges": svc.judges_of(c), "rows": svc.results(c)},
    )
