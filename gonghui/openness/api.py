"""API endpoints of the openness module: every page action, for scripts and apps.

Same rules as the pages: one permission per method, the same cadre/reader split
(selectors.is_cadre: writing permission on the unit's own code), workflows through
services.py, audited by the models (source "api"). Readers see published notices only,
and other people's questions without a name.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gonghui.api.base import OrgAPIView
from gonghui.core.params import check_year, year_param
from gonghui.plans.summary_docs import CONTENT_TYPES

from . import rules, selectors, services, views
from .models import Notice, NoticeFile, Question, Status
from .services import OpennessError

TAG = "openness"


class OpennessErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


REFUSED = OpenApiResponse(OpennessErrorSerializer, description="Refused by an openness rule")


def _refused(exc: OpennessError) -> exceptions.ValidationError:
    return exceptions.ValidationError({"detail": str(exc)})


# -- serializers ----------------------------------------------------------------------------------


class NoticeFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = NoticeFile
        fields = ["id", "name", "size", "content_type", "uploaded_at"]
        read_only_fields = fields


class NoticeSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="org.code", read_only=True)
    drafted_by = serializers.StringRelatedField(source="created_by", read_only=True)
    approved_by = serializers.StringRelatedField(read_only=True)
    self_approved = serializers.BooleanField(read_only=True)
    files = NoticeFileSerializer(many=True, read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id", "unit", "item_code", "category", "title", "body", "channel", "period_year",
            "period", "status", "drafted_by", "approved_by", "approved_on", "self_approved",
            "published_on", "withdrawn_on", "withdraw_reason", "files",
        ]  # fmt: skip
        read_only_fields = [
            "id", "status", "approved_on", "published_on", "withdrawn_on", "withdraw_reason",
        ]  # fmt: skip
        extra_kwargs = {
            "category": {"required": False},
            "channel": {"required": False},
            "period": {"required": False},
            "period_year": {"required": False},
            "item_code": {"required": False},
        }


class ReaderNoticeSerializer(NoticeSerializer):
    """What staff read: no drafter."""

    class Meta(NoticeSerializer.Meta):
        fields = [f for f in NoticeSerializer.Meta.fields if f not in ("drafted_by", "status")]
        read_only_fields = fields


class OpennessQuestionSerializer(serializers.ModelSerializer):
    notice_id = serializers.IntegerField(read_only=True)
    asked_by = serializers.SerializerMethodField()
    mine = serializers.SerializerMethodField()
    due_on = serializers.DateField(read_only=True)
    overdue = serializers.SerializerMethodField()
    answered_on_time = serializers.BooleanField(source="on_time", read_only=True)

    class Meta:
        model = Question
        fields = [
            "id", "notice_id", "asked_by", "mine", "text", "asked_on", "due_on", "overdue",
            "answer", "answered_on", "answered_on_time",
        ]  # fmt: skip
        read_only_fields = fields

    def get_asked_by(self, obj) -> str | None:
        # Cadres see who asked; other readers see the question without a name.
        if self.context.get("cadre"):
            return str(obj.asked_by)
        return None

    def get_mine(self, obj) -> bool:
        user = self.context.get("user")
        return bool(user and obj.asked_by_id == user.pk)

    def get_overdue(self, obj) -> bool:
        return obj.overdue_on(timezone.localdate())


class OpennessAskSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


class OpennessAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField()


class OpennessDateSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, default=None)


class NoticeWithdrawSerializer(OpennessDateSerializer):
    reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class NoticeUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class OpennessPeriodSerializer(serializers.Serializer):
    period = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    deadline = serializers.DateField()
    state = serializers.ChoiceField(
        choices=[selectors.PUBLISHED, selectors.DUE, selectors.OVERDUE, selectors.UPCOMING]
    )
    notice_ids = serializers.SerializerMethodField()

    def get_notice_ids(self, obj) -> list[int]:
        return [n.pk for n in obj.notices]


class OpennessItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    frequency = serializers.ChoiceField(choices=rules.Frequency.choices)
    category = serializers.ChoiceField(choices=rules.Category.choices)
    source = serializers.CharField()
    custom = serializers.BooleanField()
    disabled = serializers.BooleanField()
    reason = serializers.CharField()


class OpennessDueItemSerializer(serializers.Serializer):
    item = OpennessItemSerializer()
    periods = OpennessPeriodSerializer(many=True)
    notice_ids = serializers.SerializerMethodField()

    def get_notice_ids(self, obj) -> list[int]:
        return [n.pk for n in obj.notices]


class OpennessItemAddSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    frequency = serializers.ChoiceField(choices=rules.Frequency.choices)
    category = serializers.ChoiceField(choices=rules.Category.choices, default="other")
    source = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    reason = serializers.CharField(max_length=200)


class OpennessItemToggleSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    required = serializers.BooleanField()
    reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class OpennessSettingsSerializer(serializers.Serializer):
    state_owned = serializers.BooleanField()
    system = serializers.CharField(read_only=True)


class OpennessReportRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    frequency = serializers.CharField()
    notice_ids = serializers.SerializerMethodField()
    still_due = serializers.SerializerMethodField()
    questions = serializers.IntegerField()
    answered_on_time = serializers.IntegerField()
    answered_late = serializers.IntegerField()
    unanswered = serializers.IntegerField()

    def get_notice_ids(self, obj) -> list[int]:
        return [n.pk for n in obj.notices]

    def get_still_due(self, obj) -> list[str]:
        return [p.period for p in obj.periods if p.flagged]


class OpennessReportSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    system = serializers.CharField()
    totals = serializers.DictField(child=serializers.IntegerField())
    rows = OpennessReportRowSerializer(many=True)
    other_notice_ids = serializers.SerializerMethodField()

    def get_other_notice_ids(self, obj) -> list[int]:
        return [n.pk for n in obj.other]


# -- helpers -------------------------------------------------------------------------------------


class OpennessAPIView(OrgAPIView):
    def unit(self):
        unit = selectors.openness_unit(self.org)
        if unit is None:
            raise Http404
        return unit

    def is_cadre(self) -> bool:
        return selectors.is_cadre(self.request, self.unit())

    def cadre_unit(self):
        if not self.is_cadre():
            raise PermissionDenied
        return self.unit()

    def notice(self, notice_id: int, *, cadre: bool | None = None) -> Notice:
        cadre = self.is_cadre() if cadre is None else cadre
        unit = self.unit()
        if cadre:
            return get_object_or_404(Notice.objects.select_related("org"), pk=notice_id, org=unit)
        return get_object_or_404(selectors.published_of(unit), pk=notice_id)

    def notice_data(self, notice: Notice) -> dict:
        cls = NoticeSerializer if self.is_cadre() else ReaderNoticeSerializer
        return cls(notice).data


# -- notices -------------------------------------------------------------------------------------


class NoticeListAPI(OpennessAPIView):
    permissions = {"GET": "openness.notice:read", "POST": "openness.notice:write"}
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=[TAG],
        operation_id="openness_notices_list",
        summary="Notices: all of them for the unit's cadres, the published ones for staff",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=Status.values),
            OpenApiParameter("category", OpenApiTypes.STR, enum=rules.Category.values),
            OpenApiParameter("year", OpenApiTypes.INT, description="Year covered"),
        ],
        responses=NoticeSerializer(many=True),
    )
    def get(self, request, org_code):
        unit = self.unit()
        cadre = self.is_cadre()
        qs = Notice.objects.filter(org=unit) if cadre else selectors.published_of(unit)
        params = request.query_params
        if cadre and params.get("status") in Status.values:
            qs = qs.filter(status=params["status"])
        if params.get("category") in rules.Category.values:
            qs = qs.filter(category=params["category"])
        year = year_param(request, default=None)
        if year is not None:
            qs = qs.filter(period_year=year)
        qs = qs.prefetch_related("files").select_related("org", "created_by", "approved_by")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs.order_by("-id"), request, view=self)
        cls = NoticeSerializer if cadre else ReaderNoticeSerializer
        return paginator.get_paginated_response(cls(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="openness_notices_create",
        summary="Draft a notice",
        request=NoticeSerializer,
        responses={201: NoticeSerializer, 400: REFUSED},
    )
    def post(self, request, org_code):
        unit = self.cadre_unit()
        serializer = NoticeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            notice = services.notice_create(
                actor=request.user, org=unit, data=dict(serializer.validated_data)
            )
        except OpennessError as exc:
            raise _refused(exc) from exc
        return Response(NoticeSerializer(notice).data, status=status.HTTP_201_CREATED)


class NoticeAPI(OpennessAPIView):
    permissions = {
        "GET": "openness.notice:read",
        "PATCH": "openness.notice:write",
        "DELETE": "openness.notice:write",
    }

    @extend_schema(tags=[TAG], operation_id="openness_notices_read", responses=NoticeSerializer)
    def get(self, request, org_code, notice_id):
        return Response(self.notice_data(self.notice(notice_id)))

    @extend_schema(
        tags=[TAG],
        operation_id="openness_notices_update",
        summary="Edit a draft or an approved notice (which then needs approving again)",
        request=NoticeSerializer,
        responses={200: NoticeSerializer, 400: REFUSED},
    )
    def patch(self, request, org_code, notice_id):
        self.cadre_unit()
        notice = self.notice(notice_id, cadre=True)
        serializer = NoticeSerializer(notice, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            services.notice_update(
                actor=request.user, notice=notice, data=dict(serializer.validated_data)
            )
        except OpennessError as exc:
            raise _refused(exc) from exc
        return Response(NoticeSerializer(self.notice(notice_id, cadre=True)).data)

    @extend_schema(
        tags=[TAG],
        operation_id="openness_notices_delete",
        summary="Delete a draft",
        responses={204: None, 400: REFUSED},
    )
    def delete(self, request, org_code, notice_id):
        self.cadre_unit()
        notice = self.notice(notice_id, cadre=True)
        try:
            services.notice_delete(actor=request.user, notice=notice)
        except OpennessError as exc:
            raise _refused(exc) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


class _StepAPI(OpennessAPIView):
    permissions = {"POST": "openness.notice:write"}
    serializer_class = OpennessDateSerializer

    def run(self, notice, data):  # pragma: no cover - overridden
        raise NotImplementedError

    def post(self, request, org_code, notice_id):
        self.cadre_unit()
        notice = self.notice(notice_id, cadre=True)
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            self.run(notice, serializer.validated_data)
        except OpennessError as exc:
            raise _refused(exc) from exc
        return Response(NoticeSerializer(notice).data)


class ApproveAPI(_StepAPI):
    def run(self, notice, data):
        services.notice_approve(actor=self.request.user, notice=notice, on=data.get("on"))

    @extend_schema(
        tags=[TAG],
        operation_id="openness_notices_approve",
        summary="Approve a draft (someone other than the drafter, or the chair)",
        request=OpennessDateSerializer,
        responses={200: NoticeSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, notice_id):
        return super().post(request, org_code, notice_id)


class PublishAPI(_StepAPI):
    def run(self, notice, data):
        services.notice_publish(actor=self.request.user, notice=notice, on=data.get("on"))

    @extend_schema(
        tags=[TAG],
        operation_id="openness_notices_publish",
        summary="Publish an approved notice (today, or the day it went up)",
        request=OpennessDateSerializer,
        responses={200: NoticeSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, notice_id):
        return super().post(request, org_code, notice_id)


class WithdrawAPI(_StepAPI):
    serializer_class = NoticeWithdrawSerializer

    def run(self, notice, data):
        services.notice_withdraw(
            actor=self.request.user, notice=notice, reason=data.get("reason", ""), on=data.get("on")
        )

    @extend_schema(
        tags=[TAG],
        operation_id="openness_notices_withdraw",
        summary="Take a published notice down",
        request=NoticeWithdrawSerializer,
        responses={200: NoticeSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, notice_id):
        return super().post(request, org_code, notice_id)


# -- attachments -------------------------------------------------------------------------------------


class FileListAPI(OpennessAPIView):
    permissions = {"GET": "openness.notice:read", "POST": "openness.notice:write"}
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=[TAG], operation_id="openness_files_list", responses=NoticeFileSerializer(many=True)
    )
    def get(self, request, org_code, notice_id):
        notice = self.notice(notice_id)
        return Response(
            NoticeFileSerializer(NoticeFile._base_manager.filter(notice=notice), many=True).data
        )

    @extend_schema(
        tags=[TAG],
        operation_id="openness_files_upload",
        request={"multipart/form-data": NoticeUploadSerializer},
        responses={201: NoticeFileSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, notice_id):
        self.cadre_unit()
        notice = self.notice(notice_id, cadre=True)
        serializer = NoticeUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            item = services.file_add(
                actor=request.user, notice=notice, upload=serializer.validated_data["file"]
            )
        except OpennessError as exc:
            raise _refused(exc) from exc
        return Response(NoticeFileSerializer(item).data, status=status.HTTP_201_CREATED)


class FileAPI(OpennessAPIView):
    permissions = {"GET": "openness.notice:read", "DELETE": "openness.notice:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="openness_files_download",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, org_code, notice_id, notice_file_id):
        notice = self.notice(notice_id)
        item = get_object_or_404(NoticeFile._base_manager, pk=notice_file_id, notice_id=notice.pk)
        return views.file_response(item)

    @extend_schema(
        tags=[TAG], operation_id="openness_files_delete", responses={204: None, 400: REFUSED}
    )
    def delete(self, request, org_code, notice_id, notice_file_id):
        self.cadre_unit()
        notice = self.notice(notice_id, cadre=True)
        item = get_object_or_404(NoticeFile._base_manager, pk=notice_file_id, notice_id=notice.pk)
        try:
            services.file_delete(actor=request.user, item=item)
        except OpennessError as exc:
            raise _refused(exc) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- questions -----------------------------------------------------------------------------------------


class NoticeQuestionsAPI(OpennessAPIView):
    permissions = {"GET": "openness.notice:read", "POST": "openness.notice:read"}
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        tags=[TAG],
        operation_id="openness_questions_of_notice",
        summary="Questions on a notice (names for the cadres only)",
        responses=OpennessQuestionSerializer(many=True),
    )
    def get(self, request, org_code, notice_id):
        notice = self.notice(notice_id)
        qs = Question._base_manager.filter(notice=notice).select_related("asked_by")
        ctx = {"cadre": self.is_cadre(), "user": request.user}
        return Response(
            OpennessQuestionSerializer(qs.order_by("asked_on", "id"), many=True, context=ctx).data
        )

    @extend_schema(
        tags=[TAG],
        operation_id="openness_questions_ask",
        summary="Ask a question on a published notice",
        request=OpennessAskSerializer,
        responses={201: OpennessQuestionSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, notice_id):
        notice = get_object_or_404(selectors.published_of(self.unit()), pk=notice_id)
        serializer = OpennessAskSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            q = services.question_ask(
                actor=request.user, notice=notice, text=serializer.validated_data["text"]
            )
        except OpennessError as exc:
            raise _refused(exc) from exc
        ctx = {"cadre": self.is_cadre(), "user": request.user}
        return Response(
            OpennessQuestionSerializer(q, context=ctx).data, status=status.HTTP_201_CREATED
        )


class QuestionListAPI(OpennessAPIView):
    permissions = {"GET": "openness.notice:write"}
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=[TAG],
        operation_id="openness_questions_list",
        summary="Every question of the unit, with the 30-day deadline",
        parameters=[OpenApiParameter("open", OpenApiTypes.BOOL, description="Unanswered only")],
        responses=OpennessQuestionSerializer(many=True),
    )
    def get(self, request, org_code):
        unit = self.cadre_unit()
        qs = selectors.questions_of(unit).order_by("asked_on", "id")
        if request.query_params.get("open") in ("1", "true", "yes"):
            qs = qs.filter(answered_on__isnull=True)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        ctx = {"cadre": True, "user": request.user}
        return paginator.get_paginated_response(
            OpennessQuestionSerializer(page, many=True, context=ctx).data
        )


class AnswerAPI(OpennessAPIView):
    permissions = {"POST": "openness.notice:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="openness_questions_answer",
        request=OpennessAnswerSerializer,
        responses={200: OpennessQuestionSerializer, 400: REFUSED},
    )
    def post(self, request, org_code, question_id):
        unit = self.cadre_unit()
        question = get_object_or_404(
            Question.objects.select_related("notice"), pk=question_id, notice__org=unit
        )
        serializer = OpennessAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.question_answer(
                actor=request.user, question=question, answer=serializer.validated_data["answer"]
            )
        except OpennessError as exc:
            raise _refused(exc) from exc
        return Response(OpennessQuestionSerializer(question, context={"cadre": True}).data)


# -- due items, required items, settings ---------------------------------------------------------------


class DueAPI(OpennessAPIView):
    permissions = {"GET": "openness.notice:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="openness_due",
        summary="Each required item's periods of the year: published, due, overdue or upcoming",
        parameters=[OpenApiParameter("year", OpenApiTypes.INT)],
        responses=OpennessDueItemSerializer(many=True),
    )
    def get(self, request, org_code):
        unit = self.cadre_unit()
        today = timezone.localdate()
        year = year_param(request, today.year)
        return Response(
            OpennessDueItemSerializer(selectors.due_status(unit, year, today), many=True).data
        )


class ItemListAPI(OpennessAPIView):
    permissions = {"GET": "openness.notice:read", "POST": "openness.notice:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="openness_items_list",
        summary="The unit's required items with their frequency and source",
        responses=OpennessItemSerializer(many=True),
    )
    def get(self, request, org_code):
        return Response(OpennessItemSerializer(selectors.all_items(self.unit()), many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="openness_items_add",
        summary="Add an item of the union's own",
        request=OpennessItemAddSerializer,
        responses={201: OpennessItemSerializer(many=True), 400: REFUSED},
    )
    def post(self, request, org_code):
        unit = self.cadre_unit()
        serializer = OpennessItemAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.item_add(actor=request.user, org=unit, **serializer.validated_data)
        except OpennessError as exc:
            raise _refused(exc) from exc
        return Response(
            OpennessItemSerializer(selectors.all_items(unit), many=True).data,
            status=status.HTTP_201_CREATED,
        )


class ItemToggleAPI(OpennessAPIView):
    permissions = {"POST": "openness.notice:write"}

    @extend_schema(
        tags=[TAG],
        operation_id="openness_items_toggle",
        summary="Switch an item off (with the reason) or require it again",
        request=OpennessItemToggleSerializer,
        responses={200: OpennessItemSerializer(many=True), 400: REFUSED},
    )
    def post(self, request, org_code):
        unit = self.cadre_unit()
        serializer = OpennessItemToggleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.item_set_required(actor=request.user, org=unit, **serializer.validated_data)
        except OpennessError as exc:
            raise _refused(exc) from exc
        return Response(OpennessItemSerializer(selectors.all_items(unit), many=True).data)


class SettingsAPI(OpennessAPIView):
    permissions = {"GET": "openness.notice:read", "PATCH": "openness.notice:write"}

    def _data(self, unit) -> dict:
        return {
            "state_owned": selectors.is_state_owned(unit),
            "system": selectors.system_name(unit),
        }

    @extend_schema(
        tags=[TAG], operation_id="openness_settings_read", responses=OpennessSettingsSerializer
    )
    def get(self, request, org_code):
        return Response(self._data(self.unit()))

    @extend_schema(
        tags=[TAG],
        operation_id="openness_settings_update",
        request=OpennessSettingsSerializer,
        responses=OpennessSettingsSerializer,
    )
    def patch(self, request, org_code):
        unit = self.cadre_unit()
        serializer = OpennessSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.settings_update(
            actor=request.user, org=unit, state_owned=serializer.validated_data["state_owned"]
        )
        return Response(self._data(unit))


# -- the yearly report ---------------------------------------------------------------------------------


class ReportAPI(OpennessAPIView):
    permissions = {"GET": "openness.notice:read"}

    @extend_schema(tags=[TAG], operation_id="openness_report", responses=OpennessReportSerializer)
    def get(self, request, org_code, year):
        year = check_year(year)
        report = selectors.year_report(self.unit(), year, timezone.localdate())
        return Response(OpennessReportSerializer(report).data)


class ReportExportAPI(OpennessAPIView):
    permissions = {"GET": "openness.notice:read"}

    @extend_schema(
        tags=[TAG],
        operation_id="openness_report_export",
        summary="The yearly report as .docx or PDF (GB/T 9704 layout)",
        parameters=[
            OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["docx", "pdf"])
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, org_code, year, fmt):
        year = check_year(year)
        if fmt not in CONTENT_TYPES:
            raise Http404
        return views.export_response(request._request, self.unit(), year, fmt)
