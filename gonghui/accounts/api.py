"""API endpoints of accounts: the caller, and roles inside an organisation (views_org.py)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.api.base import OrgAPIView
from gonghui.core.scoping import unscoped

from . import services
from .models import RoleAssignment
from .serializers import MeSerializer, RoleAssignmentSerializer, RoleGrantSerializer

TAG = "accounts"


class MeAPI(APIView):
    """The caller: account and every role they hold, in any organisation."""

    @extend_schema(tags=[TAG], responses=MeSerializer)
    def get(self, request):
        # A user's own roles span organisations, so no single scope covers them.
        with unscoped():
            roles = list(
                RoleAssignment.objects.filter(user=request.user).select_related("user", "org")
            )
        return Response(MeSerializer(request.user, context={"roles": roles}).data)


class RoleListAPI(OrgAPIView):
    permissions = {"GET": "accounts.role:read", "POST": "accounts.role:write"}
    pagination_class = PageNumberPagination

    @extend_schema(tags=[TAG], responses=RoleAssignmentSerializer(many=True))
    def get(self, request, org_code):
        # Scoped: the assignments held anywhere in this organisation's subtree.
        qs = RoleAssignment.objects.select_related("user", "org")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(RoleAssignmentSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        request=RoleGrantSerializer,
        responses={201: RoleAssignmentSerializer, 200: RoleAssignmentSerializer},
    )
    def post(self, request, org_code):
        serializer = RoleGrantSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        held = RoleAssignment.objects.filter(
            user=data["login"], org=data["org"], role=data["role"]
        ).exists()
        try:
            assignment = services.role_grant(
                actor=request.user,
                access=self.access,
                user=data["login"],
                org=data["org"],
                role=data["role"],
            )
        except services.RoleError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        # Granting a role already held changes nothing: 200 instead of 201.
        return Response(
            RoleAssignmentSerializer(assignment).data,
            status=status.HTTP_200_OK if held else status.HTTP_201_CREATED,
        )


class RoleAPI(OrgAPIView):
    permissions = {"DELETE": "accounts.role:write"}

    @extend_schema(tags=[TAG], responses={204: None})
    def delete(self, request, org_code, assignment_id):
        assignment = get_object_or_404(RoleAssignment, pk=assignment_id)
        try:
            services.role_revoke(actor=request.user, access=self.access, assignment=assignment)
        except services.RoleError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)
