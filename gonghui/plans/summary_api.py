"""API of the year-end summary (工作总结): the pages of summary_views.py, for scripts.

Same rules as the pages: the summary is looked up through the organisation, generating
and saving go through the services (audited; an edited summary is replaced only with
"confirm": true), and an export is logged.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from gonghui.api.base import OrgAPIView
from gonghui.core.params import check_year

from . import summary as summaries
from .models import Summary
from .services import PlanError
from .summary_docs import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from .summary_views import export_response, get_summary

TAG = "work plans"
READ, WRITE = "plans.plan:read", "plans.plan:write"


class PlanSummaryRowSerializer(serializers.Serializer):
    category = serializers.CharField(help_text="Task category code (plans taxonomy)")
    name = serializers.CharField(help_text="The category's Chinese name")
    planned = serializers.IntegerField(help_text="Tasks planned (dropped ones excluded)")
    done = serializers.IntegerField()
    doing = serializers.IntegerField(help_text="Under way: some record linked")
    todo = serializers.IntegerField(help_text="Not started: no record linked")
    dropped = serializers.IntegerField()


class PlanSummarySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField(
        help_text="Plain text: paragraphs separated by a blank line; headings start with "
        "一、 (first level) or （一） (second level)"
    )
    figures = serializers.JSONField(
        help_text="The figures the draft was written from (per category), as generated"
    )
    edited = serializers.BooleanField(help_text="The text differs from the generated draft")
    generated_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    updated_by = serializers.CharField(allow_null=True)
    planned_vs_done = PlanSummaryRowSerializer(many=True, help_text="Counted now from the records")


class PlanSummaryWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(trim_whitespace=False)


class PlanSummaryGenerateSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(
        default=False, help_text="Replace a summary edited since its draft was generated"
    )


class PlanSummaryErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


def summary_data(summary: Summary) -> dict:
    overview = summaries.year_overview(summary.org, summary.year)
    return PlanSummarySerializer(
        {
            "year": summary.year,
            "title": summary.title,
            "body": summary.body,
            "figures": summary.figures,
            "edited": summaries.is_edited(summary),
            "generated_at": summary.generated_at,
            "updated_at": summary.updated_at,
            "updated_by": summary.updated_by.get_username() if summary.updated_by else None,
            "planned_vs_done": [
                {k: v for k, v in row.items() if k != "label"} for row in overview["rows"]
            ],
        }
    ).data


def _refused(exc: PlanError) -> Response:
    return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)


class SummaryAPI(OrgAPIView):
    permissions = {"GET": READ, "PUT": WRITE, "PATCH": WRITE}

    def summary(self, year: int) -> Summary:
        summary = get_summary(self.org, check_year(year))
        if summary is None:
            raise exceptions.NotFound(_("No summary for this year yet; generate the draft first."))
        return summary

    @extend_schema(
        tags=[TAG],
        operation_id="plans_summary",
        summary="The year-end summary of a year, with the planned-vs-done table counted now",
        responses={200: PlanSummarySerializer, 404: PlanSummaryErrorSerializer},
    )
    def get(self, request, org_code, year):
        return Response(summary_data(self.summary(year)))

    def _save(self, request, year, *, partial: bool) -> Response:
        summary = self.summary(year)
        s = PlanSummaryWriteSerializer(data=request.data, partial=partial)
        s.is_valid(raise_exception=True)
        data = {"title": summary.title, "body": summary.body, **s.validated_data}
        try:
            summaries.summary_update(actor=request.user, summary=summary, **data)
        except PlanError as exc:
            return _refused(exc)
        return Response(summary_data(summary))

    @extend_schema(
        tags=[TAG],
        operation_id="plans_summary_update",
        summary="Save the edited title and text",
        request=PlanSummaryWriteSerializer,
        responses={
            200: PlanSummarySerializer,
            400: PlanSummaryErrorSerializer,
            404: PlanSummaryErrorSerializer,
        },
    )
    def put(self, request, org_code, year):
        return self._save(request, year, partial=False)

    @extend_schema(
        tags=[TAG],
        operation_id="plans_summary_partial_update",
        summary="Save the edited title or text",
        request=PlanSummaryWriteSerializer,
        responses={
            200: PlanSummarySerializer,
            400: PlanSummaryErrorSerializer,
            404: PlanSummaryErrorSerializer,
        },
    )
    def patch(self, request, org_code, year):
        return self._save(request, year, partial=True)


class SummaryGenerateAPI(OrgAPIView):
    permissions = {"POST": WRITE}

    @extend_schema(
        tags=[TAG],
        operation_id="plans_summary_generate",
        summary="Write the draft from the year's records (201 new, 200 rewritten); an edited "
        'summary is replaced only with "confirm": true (400 otherwise)',
        request=PlanSummaryGenerateSerializer,
        responses={
            200: PlanSummarySerializer,
            201: PlanSummarySerializer,
            400: PlanSummaryErrorSerializer,
        },
    )
    def post(self, request, org_code, year):
        year = check_year(year)
        s = PlanSummaryGenerateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        existed = get_summary(self.org, year) is not None
        try:
            summary = summaries.summary_generate(
                actor=request.user, org=self.org, year=year, confirm=s.validated_data["confirm"]
            )
        except PlanError as exc:
            return _refused(exc)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(summary_data(summary), status=code)


class _FileRenderer(BaseRenderer):
    """Lets a client choose the file by ?format= or its media type (made by hand)."""

    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class DocxRenderer(_FileRenderer):
    media_type = DOCX_CONTENT_TYPE
    format = "docx"


class PdfRenderer(_FileRenderer):
    media_type = PDF_CONTENT_TYPE
    format = "pdf"


class SummaryExportAPI(OrgAPIView):
    permissions = {"GET": READ}
    renderer_classes = [JSONRenderer, DocxRenderer, PdfRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors (403, 404, 400) stay JSON even when the client asked for a file.
        if isinstance(response, Response):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    @extend_schema(
        tags=[TAG],
        operation_id="plans_summary_export",
        summary="The summary as a Chinese official document (GB/T 9704), .docx or PDF "
        "(logged); before a draft is saved, the current draft",
        parameters=[
            OpenApiParameter("format", OpenApiTypes.STR, enum=["docx", "pdf"], required=True)
        ],
        responses={
            (200, DOCX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
            (200, PDF_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY),
            (400, "application/json"): PlanSummaryErrorSerializer,
        },
    )
    def get(self, request, org_code, year):
        year = check_year(year)
        fmt = getattr(request.accepted_renderer, "format", "")
        if fmt not in ("docx", "pdf"):
            return Response(
                {"detail": _("Ask for format=docx or format=pdf.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return export_response(request, year, fmt)
