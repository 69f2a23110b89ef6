"""Activity pages of the cadres: the list, the form, the detail with its transitions, the
poster and check-in code, the after-activity record with its files, the statistics; and
`attempt`, the button helper every activities page uses. Sign-up pages: views_signups.py.

Cadre pages read activities through the scoped manager (organised in the organisation's
subtree).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.db_router import reports_on_replica
from gonghui.core.decorators import org_view
from gonghui.core.files import file_response
from gonghui.core.forms import run
from gonghui.core.params import year_param
from gonghui.core.qr import qr_data_uri
from gonghui.members.selectors import unions_below

from . import selectors, services
from .forms import ActivityForm, RecordForm, UploadForm
from .models import TRANSITIONS as ALLOWED
from .models import Activity, Kind, SignupState, Status
from .rules import checkin_window
from .services import ActivityError

TRANSITIONS = {
    "publish": services.activity_publish,
    "open": services.activity_open_signup,
    "start": services.activity_start,
    "finish": services.activity_finish,
    "archive": services.activity_archive,
}
TRANSITION_DONE = {
    "publish": gettext_lazy("Published."),
    "open": gettext_lazy("Sign-up is open."),
    "start": gettext_lazy("The activity has started."),
    "finish": gettext_lazy("The activity is over."),
    "archive": gettext_lazy("Archived."),
}


_activity = selectors.activity


def _back(org_code: str, activity: Activity):
    return redirect("activities:detail", org_code=org_code, activity_id=activity.pk)


def public_url(request, name: str, activity: Activity, query: str = "") -> str:
    """Absolute URL of a printed code. The "go" routes (urls_public.py) send any member,
    whichever organisation their login sits at, to their own page for the activity;
    until they are mounted the organiser's page is the fallback."""
    try:
        path = reverse(f"activities_go:{name}", kwargs={"activity_id": activity.pk})
    except NoReverseMatch:
        target = "activities:signup" if name == "signup" else "activities:checkin"
        kwargs = {"org_code": activity.org.code}
        if name == "signup":
            kwargs["activity_id"] = activity.pk
        path = reverse(target, kwargs=kwargs)
    return request.build_absolute_uri(path + query)


def checkin_url(request, activity: Activity) -> str:
    return public_url(request, "checkin", activity, "?t=" + quote(services.checkin_token(activity)))


# -- cadre pages --------------------------------------------------------------------------


@org_view("activities.activity:read")
def index(request, org_code):
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    year = year_param(request, default=None)
    qs = selectors.activity_list(selectors.activities(), status=status, kind=kind, year=year)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/index.html",
        {
            "page_obj": page,
            "statuses": Status.choices,
            "kinds": Kind.choices,
            "flt": {"status": status, "kind": kind, "year": "" if year is None else str(year)},
            "can_write": request.access.has("activities.activity:write"),
        },
    )


def _initial_from_query(params) -> dict:
    """The festival calendar links here with ?kind=&title=&date= to suggest an activity."""
    initial = {}
    if params.get("title"):
        initial["title"] = params["title"][:120]
    kind = params.get("kind", "")
    # The calendar suggests a plan category; anything not a kind of ours is a festival.
    if kind:
        initial["kind"] = kind if kind in Kind.values else Kind.FESTIVAL
    try:
        day = dt.date.fromisoformat(params.get("date", ""))
    except ValueError:
        day = None
    if day:
        tz = timezone.get_current_timezone()
        initial["starts_at"] = dt.datetime.combine(day, dt.time(9, 0), tz)
        initial["ends_at"] = dt.datetime.combine(day, dt.time(11, 30), tz)
    return initial


@org_view("activities.activity:write", methods=("GET", "POST"))
def create(request, org_code):
    form = ActivityForm(
        request.POST or None, org=request.org, initial=_initial_from_query(request.GET)
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "groups"}
        groups = form.cleaned_data["groups"]
        service, user = services.activity_create, request.user
        if activity := run(form, service, actor=user, org=request.org, data=data, groups=groups):
            messages.success(request, _("Activity saved as a draft."))
            return _back(org_code, activity)
    return render(request, "activities/form.html", {"form": form, "title": _("New activity")})


@org_view("activities.activity:write", methods=("GET", "POST"))
def edit(request, org_code, activity_id):
    activity = _activity(activity_id)
    form = ActivityForm(request.POST or None, instance=activity, org=activity.org)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "groups"}
        # The form wrote its values into the instance; the service works on a fresh one.
        fresh, groups = _activity(activity_id), form.cleaned_data["groups"]
        update = services.activity_update
        if run(form, update, actor=request.user, activity=fresh, data=data, groups=groups):
            messages.success(request, _("Saved."))
            return _back(org_code, fresh)
    return render(
        request,
        "activities/form.html",
        {
            "form": form,
            "title": _("Edit %(title)s") % {"title": activity.title},
            "activity": activity,
        },
    )


@org_view("activities.activity:read")
def detail(request, org_code, activity_id):
    activity = _activity(activity_id)
    rows = list(selectors.signups_of(activity))
    by_state = {s: [r for r in rows if r.state == s] for s in SignupState.values}
    confirmed = by_state[SignupState.CONFIRMED]
    q = request.GET.get("q", "").strip()
    can_write = request.access.has("activities.activity:write")
    ctx = {
        "activity": activity,
        "confirmed": confirmed,
        "waiting": by_state[SignupState.WAITLISTED],
        "ended": by_state[SignupState.CANCELLED] + by_state[SignupState.REMOVED],
        "places_taken": sum(
            1 + (r.family_count if activity.family_counts else 0) for r in confirmed
        ),
        "attended": sum(1 for r in confirmed if r.attended),
        "family_attended": sum(r.family_count for r in confirmed if r.attended),
        "groups": list(activity.groups.all()),
        "q": q,
        "found": selectors.eligible_search(activity, q) if q and can_write else [],
        "can_write": can_write,
        "files": list(activity.files.all()),
        "voucher": selectors.booked_voucher(activity),
        "checkin": checkin_window(activity),
        "transitions": [t for t in TRANSITIONS if _allowed(activity, t)] if can_write else [],
    }
    return render(request, "activities/detail.html", ctx)


def _allowed(activity: Activity, transition: str) -> bool:
    target = {
        "publish": Status.PUBLISHED,
        "open": Status.SIGNUP_OPEN,
        "start": Status.IN_PROGRESS,
        "finish": Status.FINISHED,
        "archive": Status.ARCHIVED,
    }[transition]
    if transition == "publish":
        return activity.status == Status.DRAFT
    if transition == "open":
        return activity.status == Status.PUBLISHED
    return target in ALLOWED[activity.status]


@org_view("activities.activity:write", methods=("POST",))
def transition(request, org_code, activity_id, transition):
    activity = _activity(activity_id)
    if transition == "delete":
        try:
            services.activity_delete(actor=request.user, activity=activity)
        except ActivityError as exc:
            messages.error(request, str(exc))
            return _back(org_code, activity)
        messages.success(request, _("Draft deleted."))
        return redirect("activities:index", org_code=org_code)
    if transition not in TRANSITIONS:
        raise Http404
    attempt(request, TRANSITION_DONE[transition], TRANSITIONS[transition], activity=activity)
    return _back(org_code, activity)


@org_view("activities.activity:read")
def poster(request, org_code, activity_id):
    """The printable poster: the activity and the QR code members scan to sign up."""
    activity = _activity(activity_id)
    url = public_url(request, "signup", activity)
    return render(
        request,
        "activities/poster.html",
        {"activity": activity, "signup_url": url, "qr": qr_data_uri(url, box_size=10)},
    )


@org_view("activities.activity:write")
def checkin_code(request, org_code, activity_id):
    """The check-in code shown (or printed) at the door; only cadres see it."""
    activity = _activity(activity_id)
    url = checkin_url(request, activity)
    return render(
        request,
        "activities/checkin_code.html",
        {
            "activity": activity,
            "checkin": checkin_window(activity),
            "checkin_url": url,
            "qr": qr_data_uri(url, box_size=10),
        },
    )


@org_view("activities.activity:write", methods=("GET", "POST"))
def after(request, org_code, activity_id):
    """After the activity: the report, the actual cost, photos; the link to the plan."""
    activity = _activity(activity_id)
    form = RecordForm(
        request.POST if request.POST.get("form") == "record" else None,
        initial={"report": activity.report, "actual_cost": activity.actual_cost},
    )
    upload = UploadForm(
        request.POST if request.POST.get("form") == "upload" else None,
        request.FILES or None,
        initial={"is_photo": True},
    )
    record = services.activity_record
    valid = form.is_bound and form.is_valid()
    if valid and run(form, record, actor=request.user, activity=activity, **form.cleaned_data):
        messages.success(request, _("Report saved."))
        return redirect("activities:after", org_code=org_code, activity_id=activity.pk)
    if upload.is_bound and upload.is_valid():
        try:
            services.file_add(
                actor=request.user,
                activity=activity,
                upload=upload.cleaned_data["file"],
                is_photo=upload.cleaned_data["is_photo"],
                caption=upload.cleaned_data["caption"],
            )
        except ActivityError as exc:
            upload.add_error("file", str(exc))
        else:
            messages.success(request, _("File added."))
            return redirect("activities:after", org_code=org_code, activity_id=activity.pk)
    confirmed = [r for r in selectors.signups_of(activity) if r.state == SignupState.CONFIRMED]
    ctx = {
        "activity": activity,
        "form": form,
        "upload": upload,
        "files": list(activity.files.all()),
        "voucher": selectors.booked_voucher(activity),
        "attended": sum(1 for r in confirmed if r.attended),
        "confirmed": len(confirmed),
        "plan_link": _plan_link_template(),
    }
    return render(request, "activities/after.html", ctx)


def _plan_link_template() -> bool:
    """The plans app's one-click link (plans/_link_evidence.html), when it exists."""
    try:
        get_template("plans/_link_evidence.html")
    except TemplateDoesNotExist:
        return False
    return True


@org_view("activities.activity:write", methods=("POST",))
def file_delete(request, org_code, activity_id, file_id):
    activity = _activity(activity_id)
    item = selectors.file_of(activity, file_id)
    attempt(request, _("File removed."), services.file_delete, item=item)
    return redirect("activities:after", org_code=org_code, activity_id=activity.pk)


@org_view("activities.signup:self")
def file_view(request, org_code, activity_id, file_id):
    """A photo or attachment, for the organiser's readers and for the members the
    activity is published to; never through a public media URL."""
    item = selectors.activity_file(request.access, request.user, request.org, activity_id, file_id)
    response = file_response(
        selectors.file_content(item),
        filename=item.name,
        content_type=item.content_type or "application/octet-stream",
        inline=item.is_photo or item.content_type == "application/pdf",
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@org_view("activities.activity:read")
# A read-only report: on the streaming replica when one is configured (core.db_router).
@reports_on_replica()
def statistics(request, org_code):
    year = year_param(request)
    # At an upper union, one of its unions (基层工会) when one is chosen: its groups alone.
    unions = unions_below(request.org)
    union = next((u for u in unions if u.code == request.GET.get("union")), None)
    stats = selectors.statistics(union or request.org, year)
    chart = {
        "months": [f"{r['month']}月" for r in stats.by_month],
        "activities": [r["activities"] for r in stats.by_month],
        "participants": [r["participants"] for r in stats.by_month],
        "groups": [r["org"] for r in stats.by_group],
        "group_percent": [r["percent"] for r in stats.by_group],
        "labels": {
            "activities": _("Activities"),
            "participants": _("Attendances"),
            "percent": _("Members reached (%)"),
        },
    }
    return render(
        request,
        "activities/statistics.html",
        {
            "stats": stats,
            "chart": chart,
            "year": year,
            "unions": unions,
            "union": union,
            "years": list(range(timezone.localdate().year - 4, timezone.localdate().year + 1)),
        },
    )


def attempt(request, done, service, /, **kwargs):
    """A button's workflow for the acting user: the message `done` (or `done(result)`) when
    it worked, the refusal when it did not; the view then redirects where it always does.
    (org_view would show the refusal too, but on the page in the Referer.)"""
    try:
        result = service(actor=request.user, **kwargs)
    except ActivityError as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, done(result) if callable(done) else str(done))
    return result
