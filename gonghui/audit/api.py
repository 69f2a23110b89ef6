"""API endpoints of the audit log (the pages in views.py)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from gonghui.api.base import OrgAPIView

from .selectors import entries_for, filtered_entries, reveal_requested
from .serializers import AuditEntrySerializer

TAG = "audit"


class AuditListAPI(OrgAPIView):
    permissions = {"GET": "audit.log:read"}
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=[TAG],
        parameters=[
            OpenApiParameter("action", OpenApiTypes.STR, description="Part of the action"),
            OpenApiParameter("actor", OpenApiTypes.STR, description="Part of the actor's name"),
            OpenApiParameter("record", OpenApiTypes.STR, description="Part of the record"),
            OpenApiParameter("since", OpenApiTypes.DATE, description="From this day on"),
            OpenApiParameter("until", OpenApiTypes.DATE, description="Up to this day"),
        ],
        responses=AuditEntrySerializer(many=True),
    )
    def get(self, request, org_code):
        paginator = self.pagination_class()
        qs = filtered_entries(request).select_related("actor")
        page = paginator.paginate_queryset(qs, request, view=self)
        data = AuditEntrySerializer(page, many=True, context={"access": self.access}).data
        return paginator.get_paginated_response(data)


class AuditEntryAPI(OrgAPIView):
    permissions = {"GET": "audit.log:read"}

    @extend_schema(
        tags=[TAG],
        parameters=[
            OpenApiParameter(
                "reveal", OpenApiTypes.BOOL, description="Show sensitive values in full (logged)"
            )
        ],
        responses=AuditEntrySerializer,
    )
    def get(self, request, org_code, entry_id):
        # Outside the scope, or about a record the viewer may not read: 404 either way.
        entry = get_object_or_404(entries_for(self.access).select_related("actor"), pk=entry_id)
        reveal = reveal_requested(request, self.access, entry)
        return Response(
            AuditEntrySerializer(entry, context={"access": self.access, "reveal": reveal}).data
        )
