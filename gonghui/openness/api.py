"""API resources of the openness module: every page action, for scripts and apps.

Same rules as the pages: the permission of each action, the same cadre/reader split
(selectors.is_cadre: writing permission on the unit's own code), workflows through
services.py (refusals answer 400 through the project's exception handler), audited by the
models (source "api"). Readers see published notices only, and other people's questions
without a name.
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from gonghui.api.viewsets import OrgViewSet, service_action
from gonghui.core.params import check_year, year_param

from . import rules, selectors, services, views
from .models import Notice, Status
from .serializers import (
    NoticeFileSerializer,
    NoticeSerializer,
    NoticeUploadSerializer,
    NoticeWithdrawSerializer,
    OpennessAnswerSerializer,
    OpennessAskSerializer,
    OpennessDateSerializer,
    OpennessDueItemSerializer,
    OpennessItemAddSerializer,
    OpennessItemSerializer,
    OpennessItemToggleSerializer,
    OpennessQuestionSerializer,
    OpennessReportSerializer,
    OpennessSettingsSerializer,
    ReaderNoticeSerializer,
)

READ, WRITE = "openness.notice:read", "openness.notice:write"


class OpennessViewSet(OrgViewSet):
    """The unit whose notices the caller reads, and whether they read it as its cadre."""

    def unit(self):
        return selectors.unit_of(self.request)

    def is_cadre(self) -> bool:
        return selectors.is_cadre(self.request, self.unit())

    def cadre_unit(self):
        return selectors.cadre_unit_of(self.request)

    def notice(self, notice_id: int, *, cadre: bool | None = None) -> Notice:
        cadre = self.is_cadre() if cadre is None else cadre
        return selectors.notice_of(self.unit(), notice_id, cadre=cadre)

    def serializer_context(self) -> dict:
        return {**super().serializer_context(), "cadre": self.is_cadre(), "user": self.request.user}


# -- notices ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Notices: all of them for the unit's cadres, the published ones for staff",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=Status.values),
            OpenApiParameter("category", OpenApiTypes.STR, enum=rules.Category.values),
            OpenApiParameter("year", OpenApiTypes.INT, description="Year covered"),
        ],
    ),
    create=extend_schema(summary="Draft a notice"),
    partial_update=extend_schema(
        summary="Edit a draft or an approved notice (which then needs approving again)"
    ),
    destroy=extend_schema(summary="Delete a draft"),
)
class NoticeViewSet(OpennessViewSet):
    operation_prefix = "openness_notices"
    permissions = {
        **dict.fromkeys(["list", "retrieve"], READ),
        **dict.fromkeys("create partial_update destroy approve publish withdraw".split(), WRITE),
    }
    serializer_class = NoticeSerializer
    lookup_url_kwarg = "notice_id"
    paged_actions = ("list",)

    def serializer_for(self, obj=None):
        return NoticeSerializer if self.is_cadre() else ReaderNoticeSerializer

    def get_object(self):
        # Readers reach published notices only; every other action is the unit's cadres'.
        if self.action != "retrieve":
            self.cadre_unit()
        return self.notice(self.kwargs["notice_id"])

    def get_queryset(self):
        notices = selectors.notices_of(self.unit(), cadre=self.is_cadre())
        return notices.prefetch_related("files").select_related("created_by", "approved_by")

    def filter_queryset(self, qs):
        params = self.request.query_params
        if self.is_cadre() and params.get("status") in Status.values:
            qs = qs.filter(status=params["status"])
        if params.get("category") in rules.Category.values:
            qs = qs.filter(category=params["category"])
        year = year_param(self.request, default=None)
        if year is not None:
            qs = qs.filter(period_year=year)
        return qs.order_by("-id")

    def create(self, request, *args, **kwargs):
        unit = self.cadre_unit()
        notice = services.notice_create(actor=request.user, org=unit, data=self.validated())
        return self.respond(notice, status_code=status.HTTP_201_CREATED)

    def perform_update(self, notice, data):
        services.notice_update(actor=self.request.user, notice=notice, data=data)

    def perform_destroy(self, notice):
        services.notice_delete(actor=self.request.user, notice=notice)

    approve = service_action(
        services.notice_approve,
        target="notice",
        body=OpennessDateSerializer,
        summary="Approve a draft (someone other than the drafter, or the chair)",
    )
    publish = service_action(
        services.notice_publish,
        target="notice",
        body=OpennessDateSerializer,
        summary="Publish an approved notice (today, or the day it went up)",
    )
    withdraw = service_action(
        services.notice_withdraw,
        target="notice",
        body=NoticeWithdrawSerializer,
        summary="Take a published notice down",
    )


# -- attachments --------------------------------------------------------------------------------


class NoticeFileViewSet(OpennessViewSet):
    operation_prefix = "openness_files"
    operation_ids = {"create": "openness_files_upload", "retrieve": "openness_files_download"}
    permissions = {"list": READ, "create": WRITE, "retrieve": READ, "destroy": WRITE}
    serializer_class = NoticeFileSerializer
    lookup_url_kwarg = "notice_file_id"
    parser_classes = [MultiPartParser, FormParser]

    def parent(self) -> Notice:
        cadre = self.action in ("create", "destroy")
        if cadre:
            self.cadre_unit()
        return self.notice(self.kwargs["notice_id"], cadre=cadre or None)

    def get_queryset(self):
        # The notice was checked for this caller (published, or the unit's cadre).
        return selectors.files_of(self.parent())

    @extend_schema(
        request={"multipart/form-data": NoticeUploadSerializer},
        responses={201: NoticeFileSerializer},
    )
    def create(self, request, *args, **kwargs):
        notice = self.parent()
        upload = self.validated(NoticeUploadSerializer)["file"]
        item = services.file_add(actor=request.user, notice=notice, upload=upload)
        return self.respond(item, status_code=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def retrieve(self, request, *args, **kwargs):
        return views.file_response(self.get_object())

    def perform_destroy(self, item):
        services.file_delete(actor=self.request.user, item=item)


# -- questions ----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Every question of the unit, with the 30-day deadline",
        parameters=[OpenApiParameter("open", OpenApiTypes.BOOL, description="Unanswered only")],
    )
)
class QuestionViewSet(OpennessViewSet):
    operation_prefix = "openness_questions"
    permissions = {"of_notice": READ, "ask": READ, "list": WRITE, "answer": WRITE}
    serializer_class = OpennessQuestionSerializer
    lookup_url_kwarg = "question_id"
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    paged_actions = ("list",)

    def get_queryset(self):
        # Every question of the unit: the cadres' list and the answer action.
        return selectors.questions_of(self.cadre_unit()).order_by("asked_on", "id")

    def filter_queryset(self, qs):
        if self.request.query_params.get("open") in ("1", "true", "yes"):
            qs = qs.filter(answered_on__isnull=True)
        return qs

    @extend_schema(
        summary="Questions on a notice (names for the cadres only)",
        responses=OpennessQuestionSerializer(many=True),
    )
    def of_notice(self, request, *args, **kwargs):
        notice = self.notice(kwargs["notice_id"])
        # The notice was checked for this caller: its questions follow it past the scope.
        return self.respond(selectors.questions_on(notice), many=True)

    @extend_schema(
        summary="Ask a question on a published notice",
        request=OpennessAskSerializer,
        responses={201: OpennessQuestionSerializer},
    )
    def ask(self, request, *args, **kwargs):
        notice = self.notice(kwargs["notice_id"], cadre=False)
        text = self.validated(OpennessAskSerializer)["text"]
        question = services.question_ask(actor=request.user, notice=notice, text=text)
        return self.respond(question, status_code=status.HTTP_201_CREATED)

    answer = service_action(
        services.question_answer, target="question", body=OpennessAnswerSerializer
    )


# -- due items, required items, settings, the yearly report --------------------------------------


class UnitViewSet(OpennessViewSet):
    """What belongs to the unit as a whole: its required items, what is due, its settings
    and its yearly report."""

    permissions = {
        **dict.fromkeys("items settings_read report report_export".split(), READ),
        **dict.fromkeys("due item_add item_toggle settings_update".split(), WRITE),
    }
    operation_prefix = "openness"
    operation_ids = {
        "items": "openness_items_list",
        "item_add": "openness_items_add",
        "item_toggle": "openness_items_toggle",
    }

    def items_answer(self, unit, status_code=status.HTTP_200_OK):
        items = selectors.all_items(unit)
        return self.respond(
            items, status_code=status_code, serializer_class=OpennessItemSerializer, many=True
        )

    @extend_schema(
        summary="Each required item's periods of the year: published, due, overdue or upcoming",
        parameters=[OpenApiParameter("year", OpenApiTypes.INT)],
        responses=OpennessDueItemSerializer(many=True),
    )
    def due(self, request, *args, **kwargs):
        unit, today = self.cadre_unit(), timezone.localdate()
        rows = selectors.due_status(unit, year_param(request, today.year), today)
        return self.respond(rows, serializer_class=OpennessDueItemSerializer, many=True)

    @extend_schema(
        summary="The unit's required items with their frequency and source",
        responses=OpennessItemSerializer(many=True),
    )
    def items(self, request, *args, **kwargs):
        return self.items_answer(self.unit())

    @extend_schema(
        summary="Add an item of the union's own",
        request=OpennessItemAddSerializer,
        responses={201: OpennessItemSerializer(many=True)},
    )
    def item_add(self, request, *args, **kwargs):
        unit = self.cadre_unit()
        services.item_add(actor=request.user, org=unit, **self.validated(OpennessItemAddSerializer))
        return self.items_answer(unit, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Switch an item off (with the reason) or require it again",
        request=OpennessItemToggleSerializer,
        responses=OpennessItemSerializer(many=True),
    )
    def item_toggle(self, request, *args, **kwargs):
        unit = self.cadre_unit()
        data = self.validated(OpennessItemToggleSerializer)
        services.item_set_required(actor=request.user, org=unit, **data)
        return self.items_answer(unit)

    def settings_answer(self, unit):
        data = {
            "state_owned": selectors.is_state_owned(unit),
            "system": selectors.system_name(unit),
        }
        return self.respond(data, serializer_class=OpennessSettingsSerializer)

    @extend_schema(responses=OpennessSettingsSerializer)
    def settings_read(self, request, *args, **kwargs):
        return self.settings_answer(self.unit())

    @extend_schema(request=OpennessSettingsSerializer, responses=OpennessSettingsSerializer)
    def settings_update(self, request, *args, **kwargs):
        unit = self.cadre_unit()
        state_owned = self.validated(OpennessSettingsSerializer)["state_owned"]
        services.settings_update(actor=request.user, org=unit, state_owned=state_owned)
        return self.settings_answer(unit)

    @extend_schema(responses=OpennessReportSerializer)
    def report(self, request, *args, **kwargs):
        year = check_year(kwargs["year"])
        report = selectors.year_report(self.unit(), year, timezone.localdate())
        return self.respond(report, serializer_class=OpennessReportSerializer)

    @extend_schema(
        summary="The yearly report as .docx or PDF (GB/T 9704 layout)",
        parameters=[
            OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["docx", "pdf"])
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def report_export(self, request, *args, **kwargs):
        year, fmt = check_year(kwargs["year"]), kwargs["fmt"]
        if fmt not in views.CONTENT_TYPES:
            raise Http404
        return views.export_response(request._request, self.unit(), year, fmt)
