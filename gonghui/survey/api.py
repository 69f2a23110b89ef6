"""API of the statistics survey: every page action, for scripts and apps.

`periods/` are the surveys the organisation in the URL opened (the upper union: open,
compute, board, aggregate, export, return and accept a union's report); `reports/` are
the organisation's own reports (the union: compute, save, submit, export). Same
permissions, selectors and services as the pages."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from gonghui.api.viewsets import OrgViewSet, file_answers, service_action
from gonghui.core import files

from . import selectors, services
from .serializers import (
    SurveyAggregateSerializer,
    SurveyCommentSerializer,
    SurveyComputedSerializer,
    SurveyEntriesSerializer,
    SurveyPeriodSerializer,
    SurveyReportSerializer,
)

READ, WRITE, REVIEW = "survey.report:read", "survey.report:write", "survey.report:review"


@extend_schema_view(
    list=extend_schema(summary="Survey periods the organisation opened"),
    retrieve=extend_schema(summary="One survey period"),
)
class PeriodViewSet(OrgViewSet):
    operation_prefix = "survey_periods"
    permissions = {
        **dict.fromkeys(["list", "retrieve", "board"], READ),
        **dict.fromkeys(["create", "compute", "aggregate", "export"], REVIEW),
    }
    serializer_class = SurveyPeriodSerializer
    lookup_url_kwarg = "period_id"
    file_actions = {"export": ((files.XLSX, "xlsx"),)}

    def get_queryset(self):
        return selectors.periods(self.org)

    def get_object(self):
        return selectors.period_of(self.org, self.kwargs["period_id"])

    def action_kwargs(self) -> dict:
        return {"org": self.org} if self.action == "create" else {}

    create = service_action(
        services.survey_period_open,
        body=SurveyPeriodSerializer,
        status_code=status.HTTP_201_CREATED,
        summary="Open the survey of a year for every union below (figures computed)",
    )

    @extend_schema(
        request=None,
        responses={200: SurveyComputedSerializer},
        summary="Compute again every report the unions still hold",
    )
    def compute(self, request, *args, **kwargs):
        n = services.survey_period_compute(actor=request.user, period=self.get_object())
        return Response({"computed": n})

    @extend_schema(
        parameters=[OpenApiParameter("status", OpenApiTypes.STR, enum=selectors.BOARD_STATES)],
        responses={200: SurveyReportSerializer(many=True)},
        summary="Each union's report and its status",
    )
    def board(self, request, *args, **kwargs):
        found = selectors.board(self.get_object(), request.query_params.get("status", ""))
        return self.respond(found["rows"], serializer_class=SurveyReportSerializer, many=True)

    @extend_schema(
        responses={200: SurveyAggregateSerializer},
        summary="The subtree level by level: the handed-in reports summed",
    )
    def aggregate(self, request, *args, **kwargs):
        return Response(selectors.aggregate_json(self.get_object()))

    @extend_schema(responses=file_answers(files.XLSX), summary="The aggregate as a workbook")
    def export(self, request, *args, **kwargs):
        name, content = services.survey_export(actor=request.user, period=self.get_object())
        return files.file_response(content, filename=name, content_type=files.XLSX)


class ReviewViewSet(OrgViewSet):
    """One union's report, on the upper union's side."""

    operation_prefix = "survey_reviews"
    operation_ids = {"return_": "survey_reviews_return"}
    permissions = {"retrieve": REVIEW, "return_": REVIEW, "accept": REVIEW}
    serializer_class = SurveyReportSerializer
    lookup_url_kwarg = "report_id"

    def get_object(self):
        period = selectors.period_of(self.org, self.kwargs["period_id"])
        return selectors.report_in(period, self.kwargs["report_id"])

    return_ = service_action(
        services.survey_report_return,
        target="report",
        body=SurveyCommentSerializer,
        summary="Return a submitted report with a comment",
    )
    accept = service_action(
        services.survey_report_accept,
        target="report",
        body=SurveyCommentSerializer,
        summary="Accept a submitted report",
    )


@extend_schema_view(
    list=extend_schema(summary="The union's own survey reports"),
    retrieve=extend_schema(summary="One report: figures, failing checks, missing entries"),
)
class ReportViewSet(OrgViewSet):
    operation_prefix = "survey_reports"
    permissions = {
        **dict.fromkeys(["list", "retrieve", "export"], READ),
        **dict.fromkeys(["compute", "save", "submit"], WRITE),
    }
    serializer_class = SurveyReportSerializer
    lookup_url_kwarg = "report_id"
    file_actions = {"export": ((files.XLSX, "xlsx"),)}

    def get_queryset(self):
        return selectors.own_reports(self.org)

    def get_object(self):
        return selectors.own_report(self.org, self.kwargs["report_id"])

    compute = service_action(
        services.survey_report_compute, target="report", summary="Compute the figures again"
    )
    save = service_action(
        services.survey_report_save,
        target="report",
        body=SurveyEntriesSerializer,
        summary="Enter or correct figures (a correction needs its reason)",
    )
    submit = service_action(
        services.survey_report_submit,
        target="report",
        summary="Hand the report in (every entered figure, every check passed)",
    )

    @extend_schema(responses=file_answers(files.XLSX), summary="The report as a workbook")
    def export(self, request, *args, **kwargs):
        report = self.get_object()
        name, content = services.survey_export(
            actor=request.user, period=report.period, report=report
        )
        return files.file_response(content, filename=name, content_type=files.XLSX)
