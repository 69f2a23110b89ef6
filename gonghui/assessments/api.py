"""API of assessments: every page action, for scripts and apps.

The upper union's resources (`schemes/`) work on the schemes the organisation in the URL
defined and the unions' assessments under them; the union's (`mine/`) on its own
assessments. Same permissions, selectors and services as the pages; refusals answer 400."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from gonghui.api.viewsets import OrgViewSet, file_answers, service_action
from gonghui.core import files

from . import selectors, services
from .serializers import (
    AssessmentsAssessmentSerializer,
    AssessmentsAttachSerializer,
    AssessmentsCommentSerializer,
    AssessmentsEvidenceSerializer,
    AssessmentsRankSerializer,
    AssessmentsSchemeSerializer,
    AssessmentsScoresSerializer,
    AssessmentsSelfScoresSerializer,
    AssessmentsYearResultsSerializer,
)

READ = "assessments.assessment:read"
SELF = "assessments.assessment:self"
WRITE = "assessments.assessment:write"


@extend_schema_view(
    list=extend_schema(summary="Scoring schemes the organisation defined"),
    create=extend_schema(summary="Draft a scoring scheme (default items: 模范职工之家)"),
    retrieve=extend_schema(summary="One scoring scheme"),
    partial_update=extend_schema(summary="Change a draft scheme"),
    destroy=extend_schema(summary="Delete a draft scheme"),
)
class SchemeViewSet(OrgViewSet):
    operation_prefix = "assessments_schemes"
    permissions = {
        **dict.fromkeys(["list", "retrieve", "board", "results", "export", "year_results"], READ),
        **dict.fromkeys(["create", "partial_update", "destroy", "publish", "close"], WRITE),
    }
    serializer_class = AssessmentsSchemeSerializer
    lookup_url_kwarg = "assessment_scheme_id"
    paged_actions = ("list",)
    file_actions = {"export": ((files.XLSX, "xlsx"),)}

    def get_queryset(self):
        return selectors.schemes_of(self.org)

    def get_object(self):
        return selectors.scheme_of(self.org, self.kwargs["assessment_scheme_id"])

    def perform_create(self, data):
        return services.scheme_create(actor=self.request.user, org=self.org, data=data)

    def perform_update(self, obj, data):
        return services.scheme_update(actor=self.request.user, scheme=obj, data=data)

    def perform_destroy(self, obj):
        services.scheme_delete(actor=self.request.user, scheme=obj)

    publish = service_action(
        services.scheme_publish, target="scheme", summary="Publish a draft to its unions"
    )
    close = service_action(services.scheme_close, target="scheme", summary="Close self-assessment")

    @extend_schema(
        responses={200: AssessmentsAssessmentSerializer(many=True)},
        summary="Each union's assessment under the scheme",
    )
    def board(self, request, *args, **kwargs):
        rows = selectors.assessments_of(self.get_object()).prefetch_related("evidence")
        return self.respond(rows, many=True, serializer_class=AssessmentsAssessmentSerializer)

    @extend_schema(
        responses={200: AssessmentsRankSerializer(many=True)},
        summary="The ranking: scored unions by total, then the others without a rank",
    )
    def results(self, request, *args, **kwargs):
        ranking = selectors.ranking(self.get_object())
        return self.respond(ranking, many=True, serializer_class=AssessmentsRankSerializer)

    @extend_schema(
        responses={200: AssessmentsYearResultsSerializer},
        summary="A year's results across its schemes: each union's scores, total, average, rank",
    )
    def year_results(self, request, *args, **kwargs):
        year = self.kwargs["year"]
        if not 2000 <= year <= 2100:
            raise Http404
        return Response(selectors.year_results_json(self.org, year))

    @extend_schema(responses=file_answers(files.XLSX), summary="The results as a workbook")
    def export(self, request, *args, **kwargs):
        name, content = services.results_export(actor=request.user, scheme=self.get_object())
        return files.file_response(content, filename=name, content_type=files.XLSX)


class ReviewViewSet(OrgViewSet):
    """One union's assessment, on the upper union's side."""

    operation_prefix = "assessments_reviews"
    operation_ids = {"return_": "assessments_reviews_return"}
    permissions = {"retrieve": READ, "return_": WRITE, "score": WRITE}
    serializer_class = AssessmentsAssessmentSerializer
    lookup_url_kwarg = "assessment_id"

    def get_object(self):
        scheme = selectors.scheme_of(self.org, self.kwargs["assessment_scheme_id"])
        return selectors.assessment_in(scheme, self.kwargs["assessment_id"])

    return_ = service_action(
        services.assessment_return,
        target="assessment",
        body=AssessmentsCommentSerializer,
        summary="Return a submitted self-assessment with a comment",
    )
    score = service_action(
        services.assessment_score,
        target="assessment",
        body=AssessmentsScoresSerializer,
        summary="Score every item of a submitted self-assessment",
    )


@extend_schema_view(
    list=extend_schema(summary="The union's own assessments"),
    retrieve=extend_schema(summary="One of the union's assessments"),
)
class MineViewSet(OrgViewSet):
    operation_prefix = "assessments_mine"
    operation_ids = {"self_score": "assessments_mine_self_score"}
    permissions = {"list": READ, "retrieve": READ, "self_score": SELF, "submit": SELF}
    serializer_class = AssessmentsAssessmentSerializer
    lookup_url_kwarg = "assessment_id"

    def get_queryset(self):
        return selectors.assessments_for(self.org).prefetch_related("evidence")

    def get_object(self):
        return selectors.assessment_for(self.org, self.kwargs["assessment_id"])

    self_score = service_action(
        services.assessment_self_score,
        target="assessment",
        body=AssessmentsSelfScoresSerializer,
        summary="Save self-scores (a draft)",
    )
    submit = service_action(
        services.assessment_submit,
        target="assessment",
        summary="Hand in the self-assessment (every item scored, evidence attached)",
    )


class EvidenceViewSet(OrgViewSet):
    operation_prefix = "assessments_evidence"
    operation_ids = {"create": "assessments_evidence_attach"}
    permissions = {"create": SELF, "retrieve": READ, "destroy": SELF}
    serializer_class = AssessmentsEvidenceSerializer
    lookup_url_kwarg = "assessment_evidence_id"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def assessment(self):
        return selectors.assessment_for(self.org, self.kwargs["assessment_id"])

    def get_object(self):
        return selectors.evidence_of(self.assessment(), self.kwargs["assessment_evidence_id"])

    @extend_schema(
        request={
            "multipart/form-data": AssessmentsAttachSerializer,
            "application/json": AssessmentsAttachSerializer,
        },
        responses={201: AssessmentsEvidenceSerializer},
        summary="Attach a file, or cite one of the union's records, as an item's evidence",
    )
    def create(self, request, *args, **kwargs):
        assessment = self.assessment()  # another union's is a 404 before the body is read
        data = self.validated(AssessmentsAttachSerializer)
        if data.get("file"):
            item = services.evidence_attach_file(
                actor=request.user, assessment=assessment, item=data["item"], upload=data["file"]
            )
        else:
            item = services.evidence_attach_record(
                actor=request.user,
                assessment=assessment,
                item=data["item"],
                record_type=data["record_type"],
                record_id=data["record_id"],
            )
        return self.respond(item, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        summary="Download an evidence file",
    )
    def retrieve(self, request, *args, **kwargs):
        item = self.get_object()
        if not item.file:
            return Response({"detail": "not a file"}, status=status.HTTP_404_NOT_FOUND)
        return files.serve_file(item.file, item.name, item.content_type)

    @extend_schema(summary="Remove a piece of evidence")
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, item):
        services.evidence_detach(actor=self.request.user, evidence=item)
