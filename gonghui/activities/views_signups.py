"""Sign-up pages: the cadres' (add or remove someone, the sign-in sheet on screen and as
PDF) and the members' (phone-sized: open to me, sign-up, cancel, check-in by QR code).

Member pages read the member's own chain of organisations (selectors.py): a member whose
login sits at a group signs up for the union's activities from there.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view

from . import selectors, services
from .contests.selectors import contests_near
from .forms import SignupForm
from .groups.selectors import led_by
from .models import Activity, Signup, SignupState, Source
from .rules import checkin_window
from .services import ActivityError
from .sheet import sheet_response
from .views import attempt

_activity = selectors.activity


def _back(org_code: str, activity: Activity):
    return redirect("activities:detail", org_code=org_code, activity_id=activity.pk)


# -- cadre pages --------------------------------------------------------------------------


@org_view("activities.activity:write", methods=("POST",))
def signup_add(request, org_code, activity_id):
    """A cadre adds a member (found with the search on the detail page)."""
    activity = _activity(activity_id)
    member = selectors.member_to_add(request.POST.get("member"))
    if member is None:
        messages.error(request, _("Choose a member."))
        return _back(org_code, activity)
    try:
        family = int(request.POST.get("family_count") or 0)
    except ValueError:
        family = 0
    # The audience rule (inside the service) keeps the member within the organiser.
    attempt(
        request,
        lambda s: (
            _("%(name)s added: %(state)s.") % {"name": member.name, "state": s.get_state_display()}
        ),
        services.signup_create,
        activity=activity,
        member=member,
        family_count=family,
        source=Source.CADRE,
    )
    return _back(org_code, activity)


@org_view("activities.activity:write", methods=("POST",))
def signup_remove(request, org_code, activity_id, signup_id):
    activity = _activity(activity_id)
    signup = selectors.signup(activity, signup_id)
    done = _("%(name)s removed.") % {"name": signup.member.name}
    attempt(request, done, services.signup_remove, signup=signup)
    return _back(org_code, activity)


@org_view("activities.activity:write", methods=("GET", "POST"))
def sheet(request, org_code, activity_id):
    """The sign-in sheet on screen: tick who came (during or after the activity)."""
    activity = _activity(activity_id)
    if request.method == "POST":
        ids = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        attempt(
            request,
            lambda n: _("Attendance saved (%(n)s changed).") % {"n": n},
            services.sheet_save,
            activity=activity,
            present_ids=ids,
        )
        return redirect("activities:sheet", org_code=org_code, activity_id=activity.pk)
    rows = [r for r in selectors.signups_of(activity) if r.state == SignupState.CONFIRMED]
    return render(request, "activities/sheet.html", {"activity": activity, "rows": rows})


@org_view("activities.activity:read")
def sheet_pdf(request, org_code, activity_id):
    """签到表 (PDF): the confirmed people with a signature column, printed for the door."""
    return sheet_response(_activity(activity_id), request)


# -- member pages (phone-sized) -------------------------------------------------------------


@org_view("activities.signup:self")
def mine(request, org_code):
    member = selectors.member_of(request.user, request.org)
    if member is None:
        return render(request, "activities/mine.html", {"member": None})
    mine = list(selectors.my_signups(member)[:30])
    signed = {s.activity_id: s for s in mine}
    open_ = [
        a for a in selectors.open_for(member) if a.pk not in signed or not _active(signed[a.pk])
    ]
    return render(
        request,
        "activities/mine.html",
        {"member": member, "open": open_, "signups": mine, **_groups_and_contests(request)},
    )


def _groups_and_contests(request) -> dict:
    """The interest groups the user leads, the contests they judge, published results."""
    near = contests_near(request.org)
    return {
        "led_groups": led_by(request.user, request.org),
        "judging": list(near.filter(judges__user=request.user, result_published=False)),
        "results": list(near.filter(result_published=True).order_by("-published_at")[:5]),
    }


def _active(signup: Signup) -> bool:
    return signup.state in (SignupState.CONFIRMED, SignupState.WAITLISTED)


@org_view("activities.signup:self", methods=("GET", "POST"))
def signup(request, org_code, activity_id):
    member = selectors.member_of(request.user, request.org)
    activity = selectors.member_activity(member, activity_id)
    if activity is None:
        # Someone without a member record here (a cadre) is told so, but only for an
        # activity that this organisation could see: another's id stays a 404.
        if member is None and selectors.reachable_from(request.org, activity_id):
            return render(request, "activities/signup.html", {"member": None})
        raise Http404
    existing = selectors.own_signup(activity, member)
    form = SignupForm(request.POST if request.method == "POST" else None, activity=activity)
    if request.method == "POST" and form.is_valid():
        attempt(
            request,
            _("You have signed up."),
            services.signup_self,
            member=member,
            activity_id=activity.pk,
            family_count=form.cleaned_data.get("family_count") or 0,
            family_names=form.cleaned_data.get("family_names") or "",
        )
        return redirect("activities:signup", org_code=org_code, activity_id=activity.pk)
    refusal = services.audience.refusal(activity, member)
    ctx = {
        "member": member,
        "activity": activity,
        "signup": existing,
        "active": existing is not None and _active(existing),
        "position": selectors.waiting_position(existing) if existing else None,
        "form": form,
        "refusal": refusal,
        "can_sign_up": refusal is None and activity.signup_is_open(),
        "can_cancel": existing is not None
        and _active(existing)
        and existing.checked_in_at is None
        and activity.signup_is_open(),
        "checkin": checkin_window(activity),
        "photos": [f for f in activity.files.all() if f.is_photo] if activity.is_held else [],
        "attachments": [f for f in activity.files.all() if not f.is_photo],
    }
    return render(request, "activities/signup.html", ctx)


@org_view("activities.signup:self", methods=("POST",))
def cancel(request, org_code, activity_id):
    existing = selectors.own_signup_at(selectors.member_of(request.user, request.org), activity_id)
    attempt(request, _("Your sign-up is cancelled."), services.signup_cancel, signup=existing)
    return redirect("activities:signup", org_code=org_code, activity_id=existing.activity_id)


@org_view("activities.signup:self", methods=("GET", "POST"))
def checkin(request, org_code):
    """Reached from the activity's QR code: the member confirms they are here. The
    button is there only while the check-in window (rules.py) is open, the window the
    service enforces; otherwise the page says when it opens or when it closed."""
    token = request.GET.get("t") or request.POST.get("t") or ""
    member = selectors.member_of(request.user, request.org)
    error = None
    activity = None
    try:
        activity_id, key = services.checkin_activity(token)
    except ActivityError as exc:
        error = str(exc)
    else:
        activity = selectors.member_activity(member, activity_id)
        if activity is None:
            if member is None:
                error = _("Your account is not linked to a member record here.")
            else:
                raise Http404
    if request.method == "POST" and error is None:
        done = _("You are checked in. Enjoy the activity!")
        attempt(request, done, services.checkin_self, activity=activity, member=member, key=key)
        return redirect(
            reverse("activities:checkin", kwargs={"org_code": org_code}) + "?t=" + quote(token)
        )
    existing = selectors.own_signup(activity, member)
    return render(
        request,
        "activities/checkin.html",
        {
            "activity": activity,
            "error": error,
            "token": token,
            "signup": existing,
            "member": member,
            "checkin": checkin_window(activity) if activity is not None else None,
        },
    )
