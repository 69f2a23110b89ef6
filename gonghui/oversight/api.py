"""API of the audit committee: the pages' actions for scripts and other clients, with the
same permissions and the same workflows (services.py; a refusal answers 400)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status

from gonghui.api.viewsets import OrgViewSet, file_answers, service_action
from gonghui.core.files import DOCX, PDF, file_response
from gonghui.core.params import check_year, year_param
from gonghui.finance.serializers import VoucherSerializer

from . import queue, selectors, services
from . import serializers as s

READ, WRITE = "oversight.review:read", "oversight.review:write"
CREATED = status.HTTP_201_CREATED


class ReviewViewSet(OrgViewSet):
    operation_prefix = "oversight_reviews"
    permissions = {
        **dict.fromkeys(["list", "retrieve", "pdf"], READ),
        **dict.fromkeys("create partial_update opinion sign finding_add".split(), WRITE),
    }
    serializer_class = s.ReviewSerializer
    lookup_url_kwarg = "review_id"
    paged_actions = ("list",)
    file_actions = {"pdf": ((PDF, "pdf"),)}

    def get_queryset(self):
        return selectors.reviews(self.org, year=year_param(self.request, None))

    def perform_create(self, data):
        return services.review_open(actor=self.request.user, org=self.org, data=data)

    def perform_update(self, review, data):
        return services.review_update(actor=self.request.user, review=review, data=data)

    @extend_schema(
        summary="The opinion as PDF with its signature lines", responses=file_answers(PDF)
    )
    def pdf(self, request, *args, **kwargs):
        name, data = services.opinion_export(actor=request.user, review=self.get_object())
        return file_response(data, filename=name, content_type=PDF)

    opinion = service_action(services.opinion_save, target="review", body=s.OpinionSerializer)
    sign = service_action(services.opinion_sign, target="review", body=s.SignSerializer)
    finding_add = service_action(
        services.finding_add,
        target="review",
        body=s.FindingSerializer,
        returns=s.FindingSerializer,
        status_code=CREATED,
        summary="Record a problem the review found",
    )


class FindingViewSet(OrgViewSet):
    operation_prefix = "oversight_findings"
    permissions = {"list": READ, "retrieve": READ, "rectify": READ, "recheck": WRITE}
    serializer_class = s.FindingSerializer
    lookup_url_kwarg = "finding_id"
    paged_actions = ("list",)

    def get_queryset(self):
        return selectors.findings(self.org, open_only=self.request.GET.get("open") == "1")

    rectify = service_action(
        services.finding_rectify,
        target="finding",
        body=s.RectifySerializer,
        summary="The union records its rectification (not the committee)",
    )
    recheck = service_action(
        services.finding_recheck,
        target="finding",
        body=s.RecheckSerializer,
        summary="The committee re-checks a rectification",
    )


class WorkspaceViewSet(OrgViewSet):
    operation_prefix = "oversight"
    permissions = {"waiting": READ, "overrides": READ, "report": READ, "settings_read": READ}
    permissions |= {"settings_update": WRITE, "report_text": READ, "report_text_save": WRITE}
    serializer_class = s.OversightSettingsSerializer
    file_actions = {"report": ((DOCX, "docx"),)}

    def action_kwargs(self) -> dict:
        return {"org": self.org}

    @extend_schema(
        summary="What waits for the committee's review",
        responses=s.WaitingSerializer(many=True),
    )
    def waiting(self, request, *args, **kwargs):
        return self.respond(
            queue.waiting(self.org), many=True, serializer_class=s.WaitingSerializer
        )

    @extend_schema(
        summary="The year's vouchers that went ahead despite a concern",
        responses=VoucherSerializer(many=True),
    )
    def overrides(self, request, *args, **kwargs):
        rows = selectors.overrides(self.org, check_year(kwargs["year"]))
        return self.respond(rows, many=True, serializer_class=VoucherSerializer)

    @extend_schema(
        summary="The draft of the year's work report (.docx)", responses=file_answers(DOCX)
    )
    def report(self, request, *args, **kwargs):
        year = check_year(kwargs["year"])
        name, data = services.report_export(actor=request.user, org=self.org, year=year)
        return file_response(data, filename=name, content_type=DOCX)

    @extend_schema(
        summary="The text of the year's report: the committee's kept edit, else the draft",
        responses=s.OversightReportTextSerializer,
    )
    def report_text(self, request, *args, **kwargs):
        text = _report_text(self.org, check_year(kwargs["year"]))
        return self.respond(text, serializer_class=s.OversightReportTextSerializer)

    @extend_schema(
        summary="Keep the committee's text of the year's report (empty: back to the draft)",
        request=s.OversightReportTextSerializer,
        responses=s.OversightReportTextSerializer,
    )
    def report_text_save(self, request, *args, **kwargs):
        year, text = check_year(kwargs["year"]), self.validated(s.OversightReportTextSerializer)
        services.report_save(actor=request.user, org=self.org, year=year, **text)
        answer = _report_text(self.org, year)
        return self.respond(answer, serializer_class=s.OversightReportTextSerializer)

    @extend_schema(summary="The committee's settings")
    def settings_read(self, request, *args, **kwargs):
        return self.respond(selectors.settings_of(self.org))

    settings_update = service_action(
        services.settings_update, body=s.OversightSettingsSerializer, summary="Change the settings"
    )


def _report_text(org, year: int) -> dict:
    kept = selectors.report_text(org, year)
    if kept:
        return {"text": kept, "kept": True}
    from .documents import body_of

    return {"text": body_of(selectors.year_report(org, year)), "kept": False}
