"""API endpoints of the activities module: every page action, for scripts and apps.

Same rules as the pages: one permission per method, activities of the organisation's
subtree fetched through the scoped manager (another organisation's ids are a 404),
the workflows run through services.py and are audited by the models (source "api").
The member's own endpoints (`me/`, `<id>/signup/`, `checkin/`) read the member's chain of
organisations like the member pages do.

`POST <id>/signup/` is the endpoint a crowd hits when sign-up opens; it is kept lean
(bench/signup_load.py measures it): the member by the account link, the activity by
primary key, the audience check, then the locked part in services.signup_create.
"""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gonghui.api.base import OrgAPIView
from gonghui.api.fields import ScopedSlugRelatedField
from gonghui.core.params import year_param
from gonghui.members.models import Member
from gonghui.orgs.models import Organisation

from . import selectors, services
from .models import Activity, ActivityFile, Kind, Signup, Source, Status
from .services import ActivityError

TAG = "activities"
TAG_SELF = "activities (members)"


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


REFUSED = OpenApiResponse(ErrorSerializer, description="Refused by an activity rule")


def _refused(exc: ActivityError) -> exceptions.ValidationError:
    return exceptions.ValidationError({"detail": str(exc)})


def _activity(activity_id: int) -> Activity:
    return get_object_or_404(Activity.objects.select_related("org"), pk=activity_id)


# -- serializers ------------------------------------------------------------------------


class ActivitySerializer(serializers.ModelSerializer):
    organiser = serializers.CharField(source="org.code", read_only=True)
    organiser_name = serializers.CharField(source="org.name", read_only=True)
    groups = ScopedSlugRelatedField(Organisation, slug_field="code", many=True, required=False)
    effective_status = serializers.CharField(read_only=True)
    signup_open = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id", "organiser", "organiser_name", "title", "kind", "audience", "groups",
            "starts_at", "ends_at", "place", "description", "signup_opens_at",
            "signup_closes_at", "quota", "family_allowed", "family_max", "family_counts",
            "cost_per_person", "budget", "actual_cost", "report", "status",
            "effective_status", "signup_open",
        ]  # fmt: skip
        read_only_fields = ["id", "actual_cost", "report", "status"]

    def get_signup_open(self, obj) -> bool:
        return obj.signup_is_open()


class ActivityListItemSerializer(ActivitySerializer):
    confirmed = serializers.IntegerField(source="n_confirmed", read_only=True)
    waiting = serializers.IntegerField(source="n_waiting", read_only=True)
    attended = serializers.IntegerField(source="n_attended", read_only=True)

    class Meta(ActivitySerializer.Meta):
        fields = [*ActivitySerializer.Meta.fields, "confirmed", "waiting", "attended"]


class SignupSerializer(serializers.ModelSerializer):
    member_id = serializers.IntegerField(read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    group = serializers.CharField(source="member.org.name", read_only=True)
    attended = serializers.BooleanField(read_only=True)

    class Meta:
        model = Signup
        fields = [
            "id", "activity_id", "member_id", "member_name", "group", "state", "seq",
            "family_count", "family_names", "source", "signed_up_at", "cancelled_at",
            "checked_in_at", "checkin_method", "attended",
        ]  # fmt: skip
        read_only_fields = fields


class MySignupSerializer(serializers.ModelSerializer):
    """A member's own sign-up: no other people's names."""

    activity_id = serializers.IntegerField(read_only=True)
    activity_title = serializers.CharField(source="activity.title", read_only=True)
    starts_at = serializers.DateTimeField(source="activity.starts_at", read_only=True)
    waiting_position = serializers.SerializerMethodField()
    attended = serializers.BooleanField(read_only=True)

    class Meta:
        model = Signup
        fields = [
            "id", "activity_id", "activity_title", "starts_at", "state", "waiting_position",
            "family_count", "family_names", "signed_up_at", "checked_in_at", "attended",
        ]  # fmt: skip
        read_only_fields = fields

    def get_waiting_position(self, obj) -> int | None:
        pos = self.context.get("position")
        if pos is not None:
            return pos
        return selectors.waiting_position(obj)


class AddSignupSerializer(serializers.Serializer):
    member_id = serializers.IntegerField()
    family_count = serializers.IntegerField(min_value=0, default=0)
    family_names = serializers.CharField(max_length=200, required=False, default="")


class SelfSignupSerializer(serializers.Serializer):
    family_count = serializers.IntegerField(min_value=0, default=0)
    family_names = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True
    )


class AttendanceSerializer(serializers.Serializer):
    present = serializers.BooleanField()


class RecordSerializer(serializers.Serializer):
    report = serializers.CharField()
    actual_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )


class CheckinSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The token of the activity's check-in QR code")


class FileSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityFile
        fields = ["id", "name", "caption", "is_photo", "size", "content_type", "uploaded_at"]
        read_only_fields = fields


class ActivityUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    is_photo = serializers.BooleanField(default=False)
    caption = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class CheckinCodeSerializer(serializers.Serializer):
    token = serializers.CharField()
    url = serializers.URLField()


# -- activities ----------------------------------------------------------------------------


def _save_data(validated: dict) -> tuple[dict, list | None]:
    data = dict(validated)
    groups = data.pop("groups", None)
    return data, groups


class ActivityListAPI(OrgAPIView):
    permissions = {"GET": "activities.activity:read", "POST": "activities.activity:write"}
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=[TAG],
        operation_id="activities_list",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=Status.values),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=Kind.values),
            OpenApiParameter("year", OpenApiTypes.INT),
        ],
        responses=ActivityListItemSerializer(many=True),
    )
    def get(self, request, org_code):
        qs = selectors.with_counts(Activity.objects.select_related("org")).prefetch_related(
            "groups"
        )
        params = request.query_params
        if params.get("status") in Status.values:
            qs = qs.filter(status=params["status"])
        if params.get("kind") in Kind.values:
            qs = qs.filter(kind=params["kind"])
        year = year_param(request, default=None)
        if year is not None:
            start, end = selectors.year_bounds(year)
            qs = qs.filter(starts_at__gte=start, starts_at__lt=end)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs.order_by("-starts_at", "-id"), request, view=self)
        return paginator.get_paginated_response(ActivityListItemSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="activities_create",
        summary="Create an activity (a draft) organised by this organisation",
        request=ActivitySerializer,
        responses={201: ActivitySerializer, 400: REFUSED},
    )
    def post(self, request, org_code):
        serializer = ActivitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, groups = _save_data(serializer.validated_data)
        try:
            activity = services.activity_create(
                actor=request.user, org=self.org, data=data, groups=groups or ()
            )
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)


class ActivityAPI(OrgAPIView):
    permissions = {"GET": "activities.activity:read", "PATCH": "activities.activity:write"}

    @extend_schema(tags=[TAG], operation_id="activities_read", responses=ActivitySerializer)
    def get(self, request, org_code, activity_id):
        return Response(ActivitySerializer(_activity(activity_id)).data)

    @extend_schema(
        tags=[TAG],
        operation_id="activities_update",
        request=ActivitySerializer,
        responses={200: ActivitySerializer, 400: REFUSED},
    )
    def patch(self, request, org_code, activity_id):
        activity = _activity(activity_id)
        serializer = ActivitySerializer(activity, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data, groups = _save_data(serializer.validated_data)
        try:
            services.activity_update(
                actor=request.user, activity=_activity(activity_id), data=data, groups=groups
            )
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(ActivitySerializer(_activity(activity_id)).data)


TRANSITIONS = {
    "publish": services.activity_publish,
    "open": services.activity_open_signup,
    "start": services.activity_start,
    "finish": services.activity_finish,
    "archive": services.activity_archive,
}


class ActivityTransitionAPI(OrgAPIView):
    permissions = {"POST": "activities.activity:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_transition",
        summary="Publish, open the sign-up, start, finish or archive",
        parameters=[
            OpenApiParameter(
                "transition", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(TRANSITIONS)
            )
        ],
        request=None,
        responses={200: ActivitySerializer, 400: REFUSED},
    )
    def post(self, request, org_code, activity_id, transition):
        activity = _activity(activity_id)
        if transition not in TRANSITIONS:
            raise Http404
        try:
            TRANSITIONS[transition](actor=request.user, activity=activity)
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(ActivitySerializer(activity).data)


class ActivityRecordAPI(OrgAPIView):
    permissions = {"POST": "activities.activity:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_record",
        summary="After the activity: the short report and the actual cost",
        request=RecordSerializer,
        responses={200: ActivitySerializer, 400: REFUSED},
    )
    def post(self, request, org_code, activity_id):
        activity = _activity(activity_id)
        serializer = RecordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.activity_record(
                actor=request.user, activity=activity, **serializer.validated_data
            )
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(ActivitySerializer(activity).data)


class CheckinCodeAPI(OrgAPIView):
    permissions = {"GET": "activities.activity:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_checkin_code",
        summary="The check-in QR code's token and URL (to print it elsewhere)",
        responses=CheckinCodeSerializer,
    )
    def get(self, request, org_code, activity_id):
        from .views import checkin_url

        activity = _activity(activity_id)
        return Response(
            {
                "token": services.checkin_token(activity),
                "url": checkin_url(request._request, activity),
            }
        )


# -- sign-ups (cadres) ------------------------------------------------------------------------


def _signup(activity: Activity, signup_id: int) -> Signup:
    signup = get_object_or_404(
        Signup._base_manager.select_related("member", "member__org"),
        pk=signup_id,
        activity_id=activity.pk,
    )
    signup.activity = activity
    return signup


class SignupListAPI(OrgAPIView):
    permissions = {"GET": "activities.activity:read", "POST": "activities.activity:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_signups",
        summary="Everyone who signed up, in order (cancelled and removed included)",
        responses=SignupSerializer(many=True),
    )
    def get(self, request, org_code, activity_id):
        activity = _activity(activity_id)
        return Response(SignupSerializer(selectors.signups_of(activity), many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="activities_signup_add",
        summary="A cadre adds a member of the audience (a place, or the waiting list)",
        request=AddSignupSerializer,
        responses={201: SignupSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, activity_id):
        activity = _activity(activity_id)
        serializer = AddSignupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        member = Member._base_manager.select_related("org").filter(pk=data["member_id"]).first()
        if member is None:
            raise exceptions.ValidationError({"member_id": ["No such member."]})
        try:
            signup = services.signup_create(
                actor=request.user,
                activity=activity,
                member=member,
                family_count=data["family_count"],
                family_names=data["family_names"],
                source=Source.CADRE,
            )
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(SignupSerializer(signup).data, status=status.HTTP_201_CREATED)


class SignupRemoveAPI(OrgAPIView):
    permissions = {"POST": "activities.activity:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_signup_remove",
        summary="Take someone off the list; the waiting list moves up",
        request=None,
        responses={200: SignupSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, activity_id, signup_id):
        activity = _activity(activity_id)
        signup = _signup(activity, signup_id)
        try:
            services.signup_remove(actor=request.user, signup=signup)
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(SignupSerializer(_signup(activity, signup_id)).data)


class AttendanceAPI(OrgAPIView):
    permissions = {"POST": "activities.activity:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_attendance",
        summary="Tick (or untick) someone on the sign-in sheet",
        request=AttendanceSerializer,
        responses={200: SignupSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, activity_id, signup_id):
        activity = _activity(activity_id)
        signup = _signup(activity, signup_id)
        serializer = AttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.signup_attendance(
                actor=request.user, signup=signup, present=serializer.validated_data["present"]
            )
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(SignupSerializer(signup).data)


class SheetPdfAPI(OrgAPIView):
    permissions = {"GET": "activities.activity:read"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_sheet_pdf",
        summary="The sign-in sheet (签到表) as PDF",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request, org_code, activity_id):
        from .models import SignupState
        from .sheet import render_sheet, sheet_filename

        activity = _activity(activity_id)
        rows = [r for r in selectors.signups_of(activity) if r.state == SignupState.CONFIRMED]
        pdf = render_sheet(activity, rows, request)
        services.record_printed(activity, "签到表")
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f"inline; filename*=UTF-8''{quote(sheet_filename(activity))}"
        )
        return response

    def perform_content_negotiation(self, request, force=False):
        # A PDF whatever the Accept header says (the JSON renderer is only for errors).
        return super().perform_content_negotiation(request, force=True)


# -- files ----------------------------------------------------------------------------------


class FileListAPI(OrgAPIView):
    permissions = {"GET": "activities.activity:read", "POST": "activities.activity:write"}
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        tags=[TAG],
        operation_id="activities_files",
        responses=FileSerializer(many=True),
    )
    def get(self, request, org_code, activity_id):
        activity = _activity(activity_id)
        return Response(FileSerializer(activity.files.all(), many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="activities_file_add",
        summary="Upload a photo (jpg, png, webp; 10 MB) or an attachment (20 MB)",
        request={"multipart/form-data": ActivityUploadSerializer},
        responses={201: FileSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, activity_id):
        activity = _activity(activity_id)
        serializer = ActivityUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            item = services.file_add(
                actor=request.user,
                activity=activity,
                upload=data["file"],
                is_photo=data["is_photo"],
                caption=data["caption"],
            )
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(FileSerializer(item).data, status=status.HTTP_201_CREATED)


class FileAPI(OrgAPIView):
    permissions = {"GET": "activities.signup:self", "DELETE": "activities.activity:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_file_read",
        summary="The file itself (organiser's readers, and members the activity is published to)",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, org_code, activity_id, file_id):
        activity = None
        if self.access.has("activities.activity:read"):
            activity = Activity.objects.filter(pk=activity_id).first()
        if activity is None:
            member = selectors.member_of(request.user, self.org)
            activity = selectors.member_activity(member, activity_id)
        if activity is None:
            raise Http404
        item = get_object_or_404(ActivityFile._base_manager, pk=file_id, activity_id=activity.pk)
        try:
            handle = item.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle, content_type=item.content_type or "application/octet-stream"
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(item.name)}"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(tags=[TAG], operation_id="activities_file_delete", responses={204: None})
    def delete(self, request, org_code, activity_id, file_id):
        activity = _activity(activity_id)
        item = get_object_or_404(ActivityFile.objects, pk=file_id, activity_id=activity.pk)
        item.activity = activity
        try:
            services.file_delete(actor=request.user, item=item)
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- statistics ------------------------------------------------------------------------------


class ActivityStatisticsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    activities = serializers.IntegerField()
    participants = serializers.IntegerField(help_text="Check-ins (person-times)")
    people = serializers.IntegerField(help_text="Different members who took part")
    on_roll = serializers.IntegerField()
    by_month = serializers.ListField(child=serializers.DictField())
    by_kind = serializers.ListField(child=serializers.DictField())
    by_group = serializers.ListField(child=serializers.DictField())
    most_active = serializers.ListField(child=serializers.DictField())
    never_count = serializers.IntegerField()
    never = serializers.ListField(child=serializers.DictField())
    actual_cost = serializers.FloatField()


class StatisticsAPI(OrgAPIView):
    permissions = {"GET": "activities.activity:read"}

    @extend_schema(
        tags=[TAG],
        operation_id="activities_statistics",
        summary="Activities and participation per month, kind, group and member",
        parameters=[OpenApiParameter("year", OpenApiTypes.INT)],
        responses=ActivityStatisticsSerializer,
    )
    def get(self, request, org_code):
        year = year_param(request)
        stats = selectors.statistics(self.org, year, never_limit=1000)
        data = {
            **{k: getattr(stats, k) for k in ActivityStatisticsSerializer().fields if k != "never"},
            "never": [{"member_id": m.pk, "name": m.name, "org": m.org.name} for m in stats.never],
        }
        return Response(data)


# -- the member's own -------------------------------------------------------------------------


def _me(request, org) -> Member:
    member = selectors.member_of(request.user, org)
    if member is None:
        raise exceptions.PermissionDenied(_("Your account is not linked to a member record here."))
    return member


class MyActivitiesSerializer(serializers.Serializer):
    open = ActivitySerializer(many=True)
    signups = MySignupSerializer(many=True)


class MyActivitiesAPI(OrgAPIView):
    permissions = {"GET": "activities.signup:self"}

    @extend_schema(
        tags=[TAG_SELF],
        operation_id="activities_me",
        summary="Activities open to me, and my sign-ups",
        responses=MyActivitiesSerializer,
    )
    def get(self, request, org_code):
        member = _me(request, self.org)
        return Response(
            {
                "open": ActivitySerializer(selectors.open_for(member), many=True).data,
                "signups": MySignupSerializer(selectors.my_signups(member)[:50], many=True).data,
            }
        )


class SelfSignupAPI(OrgAPIView):
    permissions = {"POST": "activities.signup:self", "DELETE": "activities.signup:self"}

    @extend_schema(
        tags=[TAG_SELF],
        operation_id="activities_sign_up",
        summary="Sign myself up (a place, or the waiting list when full)",
        request=SelfSignupSerializer,
        responses={201: MySignupSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, activity_id):
        member = _me(request, self.org)
        # Read by hand rather than through a serializer: this is the crowd's endpoint.
        data = request.data if isinstance(request.data, dict) else {}
        try:
            family_count = int(data.get("family_count") or 0)
        except (TypeError, ValueError):
            raise exceptions.ValidationError({"family_count": ["A whole number."]}) from None
        family_names = str(data.get("family_names") or "")
        try:
            signup = services.signup_self(
                actor=request.user,
                member=member,
                activity_id=activity_id,
                family_count=family_count,
                family_names=family_names,
            )
        except ActivityError as exc:
            raise _refused(exc) from exc
        if signup is None:
            raise Http404
        return Response(
            {
                "id": signup.pk,
                "activity_id": signup.activity_id,
                "activity_title": signup.activity.title,
                "starts_at": signup.activity.starts_at,
                "state": signup.state,
                "waiting_position": signup.position,
                "family_count": signup.family_count,
                "family_names": signup.family_names,
                "signed_up_at": signup.signed_up_at,
                "checked_in_at": None,
                "attended": False,
            },
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        tags=[TAG_SELF],
        operation_id="activities_cancel",
        summary="Cancel my sign-up (before the deadline); the waiting list moves up",
        responses={200: MySignupSerializer, 400: REFUSED},
    )
    def delete(self, request, org_code, activity_id):
        member = _me(request, self.org)
        activity = selectors.member_activity(member, activity_id)
        if activity is None:
            raise Http404
        signup = Signup._base_manager.filter(activity=activity, member=member).first()
        if signup is None:
            raise Http404
        signup.activity = activity
        try:
            services.signup_cancel(actor=request.user, signup=signup)
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(MySignupSerializer(signup).data)


class SelfCheckinAPI(OrgAPIView):
    permissions = {"POST": "activities.signup:self"}

    @extend_schema(
        tags=[TAG_SELF],
        operation_id="activities_check_in",
        summary="Check myself in with the token of the activity's QR code",
        request=CheckinSerializer,
        responses={200: MySignupSerializer, 400: REFUSED},
    )
    def post(self, request, org_code):
        member = _me(request, self.org)
        serializer = CheckinSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            activity_id, key = services.checkin_activity(serializer.validated_data["token"])
        except ActivityError as exc:
            raise _refused(exc) from exc
        activity = selectors.member_activity(member, activity_id)
        if activity is None:
            raise Http404
        try:
            signup = services.checkin_self(
                actor=request.user, activity=activity, member=member, key=key
            )
        except ActivityError as exc:
            raise _refused(exc) from exc
        return Response(MySignupSerializer(signup).data)
