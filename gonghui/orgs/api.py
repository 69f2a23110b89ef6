"""API resources of the organisation tree and its committees (the pages in views.py).

Writes go through the workflows of services.py, as the pages' do. The model's own rules
(which kind sits under which, one chair, sane dates) are checked first by `check_model`,
as a ModelForm checks them, and answer 400 with the same field-keyed messages.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from gonghui.api.viewsets import OrgViewSet, check_model

from . import selectors, services
from .models import CommitteeSeat, CommitteeTerm, Organisation, OrgKind
from .serializers import (
    CommitteeSeatSerializer,
    CommitteeTermSerializer,
    OrganisationCreateSerializer,
    OrganisationSerializer,
)

READ, WRITE = "orgs.org:read", "orgs.org:write"
C_READ, C_WRITE = "orgs.committee:read", "orgs.committee:write"


class OrganisationViewSet(OrgViewSet):
    """The organisation of the URL."""

    operation_prefix = "orgs"
    operation_ids = {"retrieve": "orgs_retrieve", "partial_update": "orgs_partial_update"}
    permissions = {"retrieve": READ, "partial_update": WRITE}
    serializer_class = OrganisationSerializer

    def get_object(self):
        return self.org

    def perform_update(self, org, data):
        check_model(org, data)
        return services.org_update(actor=self.request.user, org=org, data=data)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Part of a name, code or unit"),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=OrgKind.values),
        ]
    ),
    create=extend_schema(
        request=OrganisationCreateSerializer, responses={201: OrganisationSerializer}
    ),
)
class SubtreeViewSet(OrgViewSet):
    """The organisation and everything below it, as the tree page lists it."""

    operation_prefix = "orgs_subtree"
    permissions = {"list": READ, "create": WRITE}
    serializer_class = OrganisationSerializer
    paged_actions = ("list",)

    def get_queryset(self):
        params = self.request.query_params
        return selectors.subtree(params.get("q", ""), params.get("kind", ""))

    def serializer_for(self, obj=None):
        # The body of a new organisation has the fields of the page's form.
        new = self.action == "create" and obj is None
        return OrganisationCreateSerializer if new else OrganisationSerializer

    def perform_create(self, data):
        check_model(Organisation(parent=self.org), data)
        return services.org_create(actor=self.request.user, parent=self.org, data=data)


class TermViewSet(OrgViewSet):
    operation_prefix = "orgs_committee_terms"
    operation_ids = {
        "retrieve": "orgs_committee_terms_retrieve",
        "partial_update": "orgs_committee_terms_partial_update",
    }
    permissions = {"list": C_READ, "create": C_WRITE, "retrieve": C_READ, "partial_update": C_WRITE}
    serializer_class = CommitteeTermSerializer
    lookup_url_kwarg = "term_id"
    paged_actions = ("list",)

    def get_queryset(self):
        # The organisation's own terms; one by id may be any term of the subtree (scoped).
        if self.action == "list":
            return selectors.terms(self.org)
        return CommitteeTerm.objects.prefetch_related("seats__user")

    def perform_create(self, data):
        check_model(CommitteeTerm(org=self.org), data)
        return services.term_create(actor=self.request.user, org=self.org, data=data)

    def perform_update(self, term, data):
        check_model(term, data)
        return services.term_update(actor=self.request.user, term=term, data=data)


class SeatViewSet(OrgViewSet):
    operation_prefix = "orgs_committee_terms_seats"
    operation_ids = {"destroy": "orgs_committee_terms_seats_destroy"}
    permissions = {"create": C_WRITE, "destroy": C_WRITE}
    serializer_class = CommitteeSeatSerializer
    lookup_url_kwarg = "seat_id"

    def get_queryset(self):
        return CommitteeSeat.objects.filter(term_id=self.kwargs["term_id"])

    def create(self, request, *args, **kwargs):
        # The term first: another organisation's term is a 404 whatever the body says.
        self.term = get_object_or_404(CommitteeTerm, pk=kwargs["term_id"])
        return super().create(request, *args, **kwargs)

    def perform_create(self, data):
        check_model(CommitteeSeat(term=self.term), data)
        return services.seat_add(actor=self.request.user, term=self.term, data=data)

    def perform_destroy(self, seat):
        services.seat_remove(actor=self.request.user, seat=seat)
