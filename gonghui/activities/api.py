"""API resources of the activities module: every page action, for scripts and apps.

Same rules as the pages: the permission of each action, lookups through selectors.py,
workflows through services.py (refusals answer 400 through the exception handler). The
member's own endpoints (`me/`, `<id>/signup/`, `checkin/`) read the member's chain of
organisations like the member pages. `POST <id>/signup/` is the crowd's endpoint when
sign-up opens, kept lean (bench/signup_load.py measures it).
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gonghui.api.viewsets import OrgViewSet, service_action
from gonghui.core.files import PDF, file_response
from gonghui.core.params import year_param

from . import selectors, services, views_festivals
from .festivals import festivals, upcoming
from .models import Kind, Source, Status
from .serializers import (
    ActivityListItemSerializer,
    ActivitySerializer,
    ActivityStatisticsSerializer,
    ActivityUploadSerializer,
    AddSignupSerializer,
    AttendanceSerializer,
    CheckinCodeSerializer,
    CheckinSerializer,
    FestivalCalendarSerializer,
    FileSerializer,
    MyActivitiesSerializer,
    MySignupSerializer,
    RecordSerializer,
    SelfSignupSerializer,
    SignupSerializer,
)
from .sheet import sheet_response
from .views import TRANSITIONS, checkin_url
from .views_festivals import API_MAX_DAYS, PAGE_DAYS, YEAR_MAX, YEAR_MIN

READ, WRITE = "activities.activity:read", "activities.activity:write"
SELF = "activities.signup:self"
NO_BODY = extend_schema(request=None)


def member_in_scope(member_id, field: str = "member_id"):
    """A member of the caller's scope named in the body, or a 400 on `field`."""
    member = selectors.member_in_scope(member_id)
    if member is None:
        raise exceptions.ValidationError({field: ["No such member."]})
    return member


def route(url: str, name: str, viewset, **actions):
    """The URL of some actions of a resource (api_urls.py), named api-activities<name>:
    `route("groups/", "-groups", GroupViewSet, get="list", post="create")`."""
    return path(url, viewset.as_view(actions), name=f"api-activities{name}")


def no_content(service, **kwargs) -> Response:
    """A removal: the workflow, then 204."""
    service(**kwargs)
    return Response(status=status.HTTP_204_NO_CONTENT)


class ActivitiesViewSet(OrgViewSet):
    operation_prefix = "activities"
    # Downloads answer a file whatever the Accept header says (JSON is only for errors).
    downloads: tuple[str, ...] = ()

    def activity(self):
        if not hasattr(self, "_activity"):
            self._activity = selectors.activity(self.kwargs["activity_id"])
        return self._activity

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force or self.action in self.downloads)


# -- activities ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=Status.values),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=Kind.values),
            OpenApiParameter("year", OpenApiTypes.INT),
        ],
        responses=ActivityListItemSerializer(many=True),
    ),
    create=extend_schema(summary="Create an activity (a draft) organised by this organisation"),
)
class ActivityViewSet(ActivitiesViewSet):
    permissions = {
        **dict.fromkeys(("list", "retrieve", "sheet", "statistics", "festivals"), READ),
        **dict.fromkeys(("create", "partial_update", "transition", "record"), WRITE),
        "checkin_code": WRITE,
    }
    operation_ids = {
        "sheet": "activities_sheet_pdf",
        "festivals": "orgs_activities_festivals_retrieve",
    }
    serializer_class = ActivitySerializer
    lookup_url_kwarg = "activity_id"
    paged_actions = ("list",)
    downloads = ("sheet",)

    def get_queryset(self):
        return selectors.activities()

    def serializer_for(self, obj=None):
        return ActivityListItemSerializer if self.action == "list" else ActivitySerializer

    def filter_queryset(self, qs):
        params, year = self.request.query_params, year_param(self.request, default=None)
        state, kind = params.get("status"), params.get("kind")
        qs = qs.prefetch_related("groups")
        return selectors.activity_list(qs, status=state, kind=kind, year=year)

    def perform_create(self, data):
        groups = data.pop("groups", None) or ()
        return services.activity_create(
            actor=self.request.user, org=self.org, data=data, groups=groups
        )

    def perform_update(self, activity, data):
        groups = data.pop("groups", None)
        services.activity_update(
            actor=self.request.user, activity=activity, data=data, groups=groups
        )

    @extend_schema(
        summary="Publish, open the sign-up, start, finish or archive",
        parameters=[
            OpenApiParameter(
                "transition", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(TRANSITIONS)
            )
        ],
        request=None,
    )
    def transition(self, request, *args, **kwargs):
        activity = self.get_object()
        if kwargs["transition"] not in TRANSITIONS:
            raise Http404
        return self.respond(
            TRANSITIONS[kwargs["transition"]](actor=request.user, activity=activity)
        )

    record = service_action(
        services.activity_record,
        target="activity",
        body=RecordSerializer,
        summary="After the activity: the short report and the actual cost",
    )

    @extend_schema(
        summary="The check-in QR code's token and URL (to print it elsewhere)",
        responses=CheckinCodeSerializer,
    )
    def checkin_code(self, request, *args, **kwargs):
        activity = self.get_object()
        data = {"token": services.checkin_token(activity), "url": checkin_url(request, activity)}
        return self.respond(data, serializer_class=CheckinCodeSerializer)

    @extend_schema(
        summary="The sign-in sheet (签到表) as PDF", responses={(200, PDF): OpenApiTypes.BINARY}
    )
    def sheet(self, request, *args, **kwargs):
        return sheet_response(self.get_object(), request)

    @extend_schema(
        summary="Activities and participation per month, kind, group and member",
        parameters=[OpenApiParameter("year", OpenApiTypes.INT)],
        responses=ActivityStatisticsSerializer,
    )
    def statistics(self, request, *args, **kwargs):
        stats = selectors.statistics(self.org, year_param(request), never_limit=1000)
        never = [{"member_id": m.pk, "name": m.name, "org": m.org.name} for m in stats.never]
        stats = dataclasses.replace(stats, never=never)
        return self.respond(stats, serializer_class=ActivityStatisticsSerializer)

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description=f"{YEAR_MIN}–{YEAR_MAX}"),
            OpenApiParameter("upcoming", OpenApiTypes.BOOL, description="From today on"),
            OpenApiParameter("days", OpenApiTypes.INT, description=f"1–{API_MAX_DAYS} ahead"),
        ],
        responses=FestivalCalendarSerializer,
    )
    def festivals(self, request, *args, **kwargs):
        """The festivals of a year, or (upcoming=1) those of the next `days` days."""
        day, params = views_festivals._today(), request.query_params
        if params.get("upcoming") in ("1", "true", "yes"):
            try:
                days = int(params.get("days") or PAGE_DAYS)
            except ValueError:
                days = 0
            if not 1 <= days <= API_MAX_DAYS:
                message = _("Give a number of days from 1 to %(max)s.") % {"max": API_MAX_DAYS}
                raise exceptions.ValidationError({"days": message})
            year, items = day.year, upcoming(day, days)
        else:
            year = year_param(request, day.year, lo=YEAR_MIN, hi=YEAR_MAX)
            items = festivals(year)
        data = {"year": year, "festivals": [asdict(f) for f in items]}
        return self.respond(data, serializer_class=FestivalCalendarSerializer)


# -- sign-ups (cadres) --------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Everyone who signed up, in order (cancelled and removed included)"),
    create=extend_schema(
        summary="A cadre adds a member of the audience (a place, or the waiting list)",
        request=AddSignupSerializer,
    ),
)
class SignupViewSet(ActivitiesViewSet):
    """Sign-ups as the organiser sees them; `remove` takes someone off the list (the waiting
    list moves up)."""

    permissions = {"list": READ, "create": WRITE, "remove": WRITE, "attendance": WRITE}
    operation_ids = {
        "list": "activities_signups",
        "create": "activities_signup_add",
        "remove": "activities_signup_remove",
    }
    serializer_class = SignupSerializer

    def get_queryset(self):
        return selectors.signups_of(self.activity())

    def get_object(self):
        return selectors.signup(self.activity(), self.kwargs["signup_id"])

    def create(self, request, *args, **kwargs):
        activity, data = self.activity(), self.validated(AddSignupSerializer)
        member = selectors.member_to_add(data.pop("member_id"))
        if member is None:
            raise exceptions.ValidationError({"member_id": ["No such member."]})
        signup = services.signup_create(
            actor=request.user, activity=activity, member=member, source=Source.CADRE, **data
        )
        return self.respond(signup, status_code=status.HTTP_201_CREATED)

    remove = NO_BODY(service_action(services.signup_remove, target="signup"))
    attendance = service_action(
        services.signup_attendance,
        target="signup",
        body=AttendanceSerializer,
        summary="Tick (or untick) someone on the sign-in sheet",
    )


# -- files --------------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        summary="Upload a photo (jpg, png, webp; 10 MB) or an attachment (20 MB)",
        request={"multipart/form-data": ActivityUploadSerializer},
    ),
    retrieve=extend_schema(
        summary="The file itself (organiser's readers, and members the activity is published to)",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    ),
    destroy=extend_schema(responses={204: None}),
)
class FileViewSet(ActivitiesViewSet):
    operation_prefix = "activities_file"
    operation_ids = {"list": "activities_files", "create": "activities_file_add"}
    permissions = {"list": READ, "create": WRITE, "retrieve": SELF, "destroy": WRITE}
    serializer_class = FileSerializer
    lookup_url_kwarg = "file_id"
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    downloads = ("retrieve",)

    def get_queryset(self):
        return self.activity().files.all()

    def create(self, request, *args, **kwargs):
        activity, data = self.activity(), self.validated(ActivityUploadSerializer)
        upload = data.pop("file")
        item = services.file_add(actor=request.user, activity=activity, upload=upload, **data)
        return self.respond(item, status_code=status.HTTP_201_CREATED)

    def retrieve(self, request, *args, **kwargs):
        item = selectors.activity_file(
            self.access, request.user, self.org, kwargs["activity_id"], kwargs["file_id"]
        )
        content_type = item.content_type or "application/octet-stream"
        content = selectors.file_content(item)
        return file_response(content, filename=item.name, content_type=content_type)

    def get_object(self):
        return selectors.file_of(self.activity(), self.kwargs["file_id"])

    def perform_destroy(self, item):
        services.file_delete(actor=self.request.user, item=item)


# -- the member's own ---------------------------------------------------------------------


class MeViewSet(ActivitiesViewSet):
    permissions = {"me": SELF, "sign_up": SELF, "cancel": SELF, "check_in": SELF}
    serializer_class = MySignupSerializer

    def member(self):
        member = selectors.member_of(self.request.user, self.org)
        if member is None:
            raise exceptions.PermissionDenied(
                _("Your account is not linked to a member record here.")
            )
        return member

    @extend_schema(
        summary="Activities open to me, and my sign-ups", responses=MyActivitiesSerializer
    )
    def me(self, request, *args, **kwargs):
        member = self.member()
        data = {"open": selectors.open_for(member), "signups": selectors.my_signups(member)[:50]}
        return self.respond(data, serializer_class=MyActivitiesSerializer)

    @extend_schema(
        summary="Sign myself up (a place, or the waiting list when full)",
        request=SelfSignupSerializer,
        responses={201: MySignupSerializer},
    )
    def sign_up(self, request, *args, **kwargs):
        member = self.member()
        # Read by hand rather than through a serializer: this is the crowd's endpoint.
        data = request.data if isinstance(request.data, dict) else {}
        try:
            family_count = int(data.get("family_count") or 0)
        except (TypeError, ValueError):
            raise exceptions.ValidationError({"family_count": ["A whole number."]}) from None
        signup = services.signup_self(
            actor=request.user,
            member=member,
            activity_id=kwargs["activity_id"],
            family_count=family_count,
            family_names=str(data.get("family_names") or ""),
        )
        if signup is None:
            raise Http404
        activity = signup.activity
        answer = {
            "id": signup.pk,
            "activity_id": activity.pk,
            "activity_title": activity.title,
            "starts_at": activity.starts_at,
            "state": signup.state,
            "waiting_position": signup.position,
            "family_count": signup.family_count,
            "family_names": signup.family_names,
            "signed_up_at": signup.signed_up_at,
            "checked_in_at": None,
            "attended": False,
        }
        return Response(answer, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Cancel my sign-up (before the deadline); the waiting list moves up",
        responses={200: MySignupSerializer},
    )
    def cancel(self, request, *args, **kwargs):
        signup = selectors.own_signup_at(self.member(), kwargs["activity_id"])
        services.signup_cancel(actor=request.user, signup=signup)
        return self.respond(signup)

    @extend_schema(
        summary="Check myself in with the token of the activity's QR code",
        request=CheckinSerializer,
    )
    def check_in(self, request, *args, **kwargs):
        member = self.member()
        activity_id, key = services.checkin_activity(self.validated(CheckinSerializer)["token"])
        activity = selectors.member_activity(member, activity_id)
        if activity is None:
            raise Http404
        signup = services.checkin_self(
            actor=request.user, activity=activity, member=member, key=key
        )
        return self.respond(signup)
