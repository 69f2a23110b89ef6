"""API endpoints of the organisation tree and its committees (the pages in views.py)."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from gonghui.api.base import OrgAPIView

from . import services
from .models import CommitteeSeat, CommitteeTerm, Organisation, OrgKind
from .serializers import (
    CommitteeSeatSerializer,
    CommitteeTermSerializer,
    OrganisationCreateSerializer,
    OrganisationSerializer,
    apply_and_clean,
)

TAG_ORGS = "organisations"
TAG_COMMITTEES = "committees"


class OrganisationAPI(OrgAPIView):
    permissions = {"GET": "orgs.org:read", "PATCH": "orgs.org:write"}

    @extend_schema(tags=[TAG_ORGS], responses=OrganisationSerializer)
    def get(self, request, org_code):
        return Response(OrganisationSerializer(self.org).data)

    @extend_schema(
        tags=[TAG_ORGS], request=OrganisationSerializer, responses=OrganisationSerializer
    )
    def patch(self, request, org_code):
        org = self.org
        serializer = OrganisationSerializer(org, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        apply_and_clean(org, serializer.validated_data)
        org.save()
        return Response(OrganisationSerializer(org).data)


class SubtreeAPI(OrgAPIView):
    """The organisation and everything below it, as the tree page lists it."""

    permissions = {"GET": "orgs.org:read", "POST": "orgs.org:write"}
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=[TAG_ORGS],
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Part of a name, code or unit"),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=OrgKind.values),
        ],
        responses=OrganisationSerializer(many=True),
    )
    def get(self, request, org_code):
        # The scope limits the rows to this organisation's subtree.
        qs = Organisation.objects.select_related("parent").order_by("path")
        q = request.query_params.get("q", "").strip()
        kind = request.query_params.get("kind", "")
        if q:
            qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(unit_name__icontains=q))
        if kind in OrgKind.values:
            qs = qs.filter(kind=kind)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(OrganisationSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG_ORGS],
        request=OrganisationCreateSerializer,
        responses={201: OrganisationSerializer},
    )
    def post(self, request, org_code):
        parent = self.org
        serializer = OrganisationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # Field-keyed errors first, as the page's ModelForm gives them; the service
        # validates again inside its transaction.
        apply_and_clean(Organisation(parent=parent), data)
        try:
            org = services.org_create(actor=request.user, parent=parent, data=data)
        except services.OrgError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        return Response(OrganisationSerializer(org).data, status=status.HTTP_201_CREATED)


# -- committees -------------------------------------------------------------


class TermListAPI(OrgAPIView):
    permissions = {"GET": "orgs.committee:read", "POST": "orgs.committee:write"}
    pagination_class = PageNumberPagination

    @extend_schema(tags=[TAG_COMMITTEES], responses=CommitteeTermSerializer(many=True))
    def get(self, request, org_code):
        qs = CommitteeTerm.objects.filter(org=self.org).prefetch_related("seats__user")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(CommitteeTermSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG_COMMITTEES],
        request=CommitteeTermSerializer,
        responses={201: CommitteeTermSerializer},
    )
    def post(self, request, org_code):
        serializer = CommitteeTermSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        term = CommitteeTerm(org=self.org)
        # Model rules: only a grassroots union elects a committee, sane dates, unique number.
        apply_and_clean(term, serializer.validated_data)
        term.save()
        return Response(CommitteeTermSerializer(term).data, status=status.HTTP_201_CREATED)


class TermAPI(OrgAPIView):
    permissions = {"GET": "orgs.committee:read", "PATCH": "orgs.committee:write"}

    @extend_schema(tags=[TAG_COMMITTEES], responses=CommitteeTermSerializer)
    def get(self, request, org_code, term_id):
        # Through the scoped manager: a term of another organisation is a 404.
        term = get_object_or_404(CommitteeTerm, pk=term_id)
        return Response(CommitteeTermSerializer(term).data)

    @extend_schema(
        tags=[TAG_COMMITTEES], request=CommitteeTermSerializer, responses=CommitteeTermSerializer
    )
    def patch(self, request, org_code, term_id):
        term = get_object_or_404(CommitteeTerm, pk=term_id)
        serializer = CommitteeTermSerializer(term, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        apply_and_clean(term, serializer.validated_data)
        term.save()
        return Response(CommitteeTermSerializer(term).data)


class SeatListAPI(OrgAPIView):
    permissions = {"POST": "orgs.committee:write"}

    @extend_schema(
        tags=[TAG_COMMITTEES],
        request=CommitteeSeatSerializer,
        responses={201: CommitteeSeatSerializer},
    )
    def post(self, request, org_code, term_id):
        term = get_object_or_404(CommitteeTerm, pk=term_id)
        serializer = CommitteeSeatSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        seat = CommitteeSeat(term=term)
        # Model rules: one chair, no chair or cashier on the funds audit committee.
        apply_and_clean(seat, serializer.validated_data)
        seat.save()
        return Response(CommitteeSeatSerializer(seat).data, status=status.HTTP_201_CREATED)


class SeatAPI(OrgAPIView):
    permissions = {"DELETE": "orgs.committee:write"}

    @extend_schema(tags=[TAG_COMMITTEES], responses={204: None})
    def delete(self, request, org_code, term_id, seat_id):
        seat = get_object_or_404(CommitteeSeat, pk=seat_id, term_id=term_id)
        seat.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
