"""Interest group pages: the committee's (list, group page with members, plans, budget
against costs and the group's activities) and the leader's (write and submit the plan)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view
from gonghui.core.params import parse_year, year_message, year_param

from .. import selectors as activity_selectors
from ..models import Activity, PlanStatus
from ..services import ActivityError
from ..views import attempt
from . import selectors
from . import services as svc


def _back(org_code, g):
    return redirect("activities:group", org_code=org_code, interest_group_id=g.pk)


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value).strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None


@org_view("activities.activity:read")
def groups(request, org_code):
    rows = selectors.groups()
    return render(
        request,
        "activities/groups_index.html",
        {"groups": rows, "can_write": request.access.has("activities.activity:write")},
    )


@org_view("activities.activity:write", methods=("POST",))
def group_create(request, org_code):
    leader = activity_selectors.member_in_scope(request.POST.get("leader"))
    if request.POST.get("leader") and leader is None:
        messages.error(request, _("No such member."))
        return redirect("activities:groups", org_code=org_code)
    try:
        g = svc.group_create(
            actor=request.user,
            org=request.org,
            name=request.POST.get("name", "")[:60],
            leader=leader,
            description=request.POST.get("description", ""),
        )
    except ActivityError as exc:
        messages.error(request, str(exc))
        return redirect("activities:groups", org_code=org_code)
    messages.success(request, _("Interest group created."))
    return _back(org_code, g)


@org_view("activities.activity:read")
def group(request, org_code, interest_group_id):
    g = selectors.group(interest_group_id)
    year = year_param(request)
    can_write = request.access.has("activities.activity:write")
    ctx = {
        "group": g,
        "year": year,
        "memberships": g.memberships.select_related("member", "member__org"),
        "plans": selectors.plans_of(g),
        "activities": activity_selectors.with_vouchers(
            Activity.objects.filter(interest_group=g).select_related("org").order_by("-starts_at")
        ),
        "spending": svc.group_spending(g, year),
        "can_write": can_write,
        "linkable": Activity.objects.filter(org=g.org, interest_group__isnull=True).order_by(
            "-starts_at"
        )[:50]
        if can_write
        else [],
    }
    return render(request, "activities/groups_detail.html", ctx)


@org_view("activities.activity:write", methods=("POST",))
def group_edit(request, org_code, interest_group_id):
    g = selectors.group(interest_group_id)
    leader = activity_selectors.member_in_scope(request.POST.get("leader"))
    if request.POST.get("leader") and leader is None:
        messages.error(request, _("No such member."))
        return _back(org_code, g)
    attempt(
        request,
        _("Saved."),
        svc.group_update,
        group=g,
        name=request.POST.get("name", g.name)[:60],
        leader=leader,
        description=request.POST.get("description", ""),
        active=request.POST.get("active") == "on",
    )
    return _back(org_code, g)


@org_view("activities.activity:write", methods=("POST",))
def group_member_add(request, org_code, interest_group_id):
    g = selectors.group(interest_group_id)
    member = activity_selectors.member_in_scope(request.POST.get("member"))
    if member is None:
        messages.error(request, _("No such member."))
        return _back(org_code, g)
    attempt(
        request,
        _("%(name)s joined the group.") % {"name": member.name},
        svc.group_member_add,
        group=g,
        member=member,
    )
    return _back(org_code, g)


@org_view("activities.activity:write", methods=("POST",))
def group_member_remove(request, org_code, interest_group_id, group_membership_id):
    g = selectors.group(interest_group_id)
    row = selectors.membership(g, group_membership_id)
    attempt(
        request,
        _("%(name)s left the group.") % {"name": row.member.name},
        svc.group_member_remove,
        membership=row,
    )
    return _back(org_code, g)


@org_view("activities.activity:write", methods=("POST",))
def group_activity(request, org_code, interest_group_id):
    """Link one of the union's activities to the group (or unlink it)."""
    g = selectors.group(interest_group_id)
    raw = request.POST.get("activity", "")
    activity = Activity.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if activity is None:
        messages.error(request, _("Choose an activity."))
        return _back(org_code, g)
    unlink = request.POST.get("unlink") == "1"
    attempt(
        request, _("Saved."), svc.group_activity_link, group=g, activity=activity, unlink=unlink
    )
    return _back(org_code, g)


@org_view("activities.activity:write", methods=("POST",))
def group_plan_decide(request, org_code, interest_group_id, group_plan_id):
    g = selectors.group(interest_group_id)
    p = selectors.plan(g, group_plan_id)
    attempt(
        request,
        _("Decision recorded."),
        svc.plan_decide,
        plan=p,
        approve=request.POST.get("decision") == "approve",
        reason=request.POST.get("reason", ""),
    )
    return _back(org_code, g)


# -- the leader's pages -------------------------------------------------------------------


@org_view("activities.signup:self")
def groups_led(request, org_code):
    led = selectors.led_by(request.user, request.org)
    year = year_param(request)
    rows = []
    for g in led:
        plans = {p.year: p for p in selectors.plans_of(g)}
        rows.append({"group": g, "plan": plans.get(year), "spending": svc.group_spending(g, year)})
    return render(
        request,
        "activities/groups_led.html",
        {"rows": rows, "year": year, "editable": (PlanStatus.DRAFT, PlanStatus.REJECTED)},
    )


def _led_page(org_code, year):
    return redirect(
        reverse("activities:groups_led", kwargs={"org_code": org_code}) + f"?year={year}"
    )


@org_view("activities.signup:self", methods=("POST",))
def group_plan_save(request, org_code, interest_group_id):
    g = selectors.led_group(request.user, request.org, interest_group_id)
    year = parse_year(request.POST.get("year"))
    budget = _decimal(request.POST.get("budget", ""))
    try:
        if year is None:
            year = timezone.localdate().year
            raise ActivityError(year_message())
        if budget is None:
            raise ActivityError(_("The budget must be an amount in yuan."))
        svc.plan_save(
            actor=request.user,
            group=g,
            year=year,
            text=request.POST.get("text", ""),
            budget=budget,
            by_leader=True,
        )
    except ActivityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Plan saved."))
    return _led_page(org_code, year)


@org_view("activities.signup:self", methods=("POST",))
def group_plan_submit(request, org_code, interest_group_id, group_plan_id):
    g = selectors.led_group(request.user, request.org, interest_group_id)
    p = selectors.plan(g, group_plan_id)
    attempt(request, _("Plan submitted to the union committee."), svc.plan_submit, plan=p)
    return _led_page(org_code, p.year)
