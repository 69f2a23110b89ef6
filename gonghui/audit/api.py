"""API resource of the audit log (the pages in views.py): the same entries, masked alike."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from gonghui.api.viewsets import OrgViewSet

from . import selectors
from .serializers import AuditEntrySerializer

READ = "audit.log:read"


def text(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, description=description)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            text("action", "Part of the action"),
            text("actor", "Part of the actor's name"),
            text("record", "Part of the record"),
            OpenApiParameter("since", OpenApiTypes.DATE, description="From this day on"),
            OpenApiParameter("until", OpenApiTypes.DATE, description="Up to this day"),
        ]
    ),
    retrieve=extend_schema(
        parameters=[
            OpenApiParameter(
                "reveal", OpenApiTypes.BOOL, description="Show sensitive values in full (logged)"
            )
        ]
    ),
)
class AuditViewSet(OrgViewSet):
    operation_prefix = "orgs_audit"
    operation_ids = {"retrieve": "orgs_audit_retrieve"}
    permissions = {"list": READ, "retrieve": READ}
    serializer_class = AuditEntrySerializer
    lookup_url_kwarg = "entry_id"
    paged_actions = ("list",)
    reveal = False

    def get_queryset(self):
        # Outside the scope, or about a record the viewer may not read: 404 either way.
        return selectors.entries_for(self.access).select_related("actor")

    def filter_queryset(self, qs):
        return selectors.narrowed(qs, self.request.query_params)

    def get_object(self):
        entry = super().get_object()
        self.reveal = selectors.reveal_requested(self.request, self.access, entry)
        return entry

    def serializer_context(self) -> dict:
        return {**super().serializer_context(), "access": self.access, "reveal": self.reveal}
