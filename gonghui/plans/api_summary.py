"""API of the year-end summary (工作总结): the pages of views_summary.py, for scripts.

Same rules as the pages: the summary is looked up through the organisation, generating
and saving go through the services (audited; an edited summary is replaced only with
"confirm": true), and an export is logged.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from gonghui.api.viewsets import file_answers
from gonghui.core.params import check_year

from . import selectors, services_summary
from . import serializers as s
from .api import READ, WRITE, PlansViewSet
from .summary_docs import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from .views_summary import export_response


class SummaryViewSet(PlansViewSet):
    operation_prefix = "plans_summary"
    operation_ids = {
        "retrieve": "plans_summary",
        "partial_update": "plans_summary_partial_update",
        "import_": "plans_summary_import",
    }
    permissions = {
        **dict.fromkeys(["retrieve", "export"], READ),
        **dict.fromkeys(["update", "partial_update", "generate", "import_"], WRITE),
    }
    serializer_class = s.PlanSummarySerializer
    # The export answers the file a client asks for by ?format= or its media type.
    file_actions = {"export": ((DOCX_CONTENT_TYPE, "docx"), (PDF_CONTENT_TYPE, "pdf"))}

    def get_object(self):
        summary = selectors.summary_of(self.org, check_year(self.kwargs["year"]))
        if summary is None:
            raise exceptions.NotFound(_("No summary for this year yet; generate the draft first."))
        return summary

    @extend_schema(
        summary="The year-end summary of a year, with the planned-vs-done table counted now"
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(summary="Save the edited title and text", request=s.PlanSummaryWriteSerializer)
    def update(self, request, *args, partial=False, **kwargs):
        summary = self.get_object()
        edits = self.validated(s.PlanSummaryWriteSerializer, partial=partial)
        data = {"title": summary.title, "body": summary.body, **edits}
        services_summary.summary_update(actor=request.user, summary=summary, **data)
        return self.respond(summary)

    @extend_schema(summary="Save the edited title or text", request=s.PlanSummaryWriteSerializer)
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(
        summary="Write the draft from the year's records (201 new, 200 rewritten); an edited "
        'summary is replaced only with "confirm": true (400 otherwise)',
        request=s.PlanSummaryGenerateSerializer,
        responses={200: s.PlanSummarySerializer, 201: s.PlanSummarySerializer},
    )
    def generate(self, request, *args, **kwargs):
        year = check_year(kwargs["year"])
        confirm = self.validated(s.PlanSummaryGenerateSerializer)["confirm"]
        existed = selectors.summary_of(self.org, year) is not None
        summary = services_summary.summary_generate(
            actor=request.user, org=self.org, year=year, confirm=confirm
        )
        return self.respond(
            summary, status_code=status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Keep a summary written elsewhere (file or text) as the summary of the year",
        request=s.PlanSummaryImportSerializer,
        responses={201: s.PlanSummarySerializer},
    )
    def import_(self, request, *args, **kwargs):
        d = self.validated(s.PlanSummaryImportSerializer)
        upload = d.get("file")
        data, name = (upload.read(), upload.name) if upload else (d["text"].encode(), "")
        summary = services_summary.summary_import(
            actor=request.user,
            org=self.org,
            year=check_year(kwargs["year"]),
            data=data,
            filename=name,
            confirm=d["confirm"],
        )
        return self.respond(summary, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The summary as a Chinese official document (GB/T 9704), .docx or PDF "
        "(logged); before a draft is saved, the current draft",
        parameters=[
            OpenApiParameter("format", OpenApiTypes.STR, enum=["docx", "pdf"], required=True)
        ],
        responses=file_answers(DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE),
    )
    def export(self, request, *args, **kwargs):
        year = check_year(kwargs["year"])
        fmt = getattr(request.accepted_renderer, "format", "")
        if fmt not in ("docx", "pdf"):
            refusal = {"detail": _("Ask for format=docx or format=pdf.")}
            return Response(refusal, status=status.HTTP_400_BAD_REQUEST)
        return export_response(request, year, fmt)
