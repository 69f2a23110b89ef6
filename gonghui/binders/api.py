"""API of the inspection binder: ask for one, poll it, download it. Same permission,
selectors and services as the pages; refusals answer 400."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status

from gonghui.api.viewsets import OrgViewSet, file_answers
from gonghui.core import files

from . import selectors, services
from .serializers import BinderJobSerializer, BinderRequestSerializer

BUILD = "binders.binder:build"


@extend_schema_view(
    list=extend_schema(summary="The binders the caller asked for here"),
    retrieve=extend_schema(summary="One binder: its status and progress"),
)
class BinderJobViewSet(OrgViewSet):
    operation_prefix = "binders"
    permissions = dict.fromkeys(["list", "create", "retrieve", "download"], BUILD)
    serializer_class = BinderJobSerializer
    lookup_url_kwarg = "binder_job_id"
    paged_actions = ("list",)
    file_actions = {"download": ((services.ZIP, "zip"),)}

    def get_queryset(self):
        return selectors.jobs_of(self.org, self.request.user)

    def get_object(self):
        return selectors.job_of(self.org, self.request.user, self.kwargs["binder_job_id"])

    @extend_schema(
        request=BinderRequestSerializer,
        responses={201: BinderJobSerializer},
        summary="Ask for a union's binder of a year (built in the background)",
    )
    def create(self, request, *args, **kwargs):
        data = self.validated(BinderRequestSerializer)
        job = services.binder_request(
            actor=request.user,
            org=self.org,
            union_code=data["union"],
            year=data["year"],
            grants=self.access.permissions,
        )
        return self.respond(job, status_code=status.HTTP_201_CREATED)

    @extend_schema(responses=file_answers(services.ZIP), summary="Download a finished binder")
    def download(self, request, *args, **kwargs):
        name, content = services.binder_download(actor=request.user, job=self.get_object())
        return files.file_response(content, filename=name, content_type=services.ZIP)
