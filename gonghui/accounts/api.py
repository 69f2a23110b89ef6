"""API endpoints of accounts: the caller, and roles inside an organisation (views_org.py)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.api.viewsets import OrgViewSet

from . import selectors, services
from .models import RoleAssignment
from .serializers import MeSerializer, RoleAssignmentSerializer, RoleGrantSerializer


class MeAPI(APIView):
    """The caller: account and every role they hold, in any organisation."""

    @extend_schema(tags=["accounts"], responses=MeSerializer)
    def get(self, request):
        roles = selectors.roles_held(request.user)
        return Response(MeSerializer(request.user, context={"roles": roles}).data)


class RoleViewSet(OrgViewSet):
    """The roles held in the organisation's subtree, as the roles page lists them."""

    operation_prefix = "orgs_roles"
    operation_ids = {"destroy": "orgs_roles_destroy"}
    permissions = {
        "list": "accounts.role:read",
        "create": "accounts.role:write",
        "destroy": "accounts.role:write",
    }
    serializer_class = RoleAssignmentSerializer
    lookup_url_kwarg = "assignment_id"
    paged_actions = ("list",)

    def get_queryset(self):
        return selectors.roles_in_scope()

    @extend_schema(
        request=RoleGrantSerializer,
        responses={201: RoleAssignmentSerializer, 200: RoleAssignmentSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = self.validated(RoleGrantSerializer)
        user, org, role = data["login"], data["org"], data["role"]
        held = RoleAssignment.objects.filter(user=user, org=org, role=role).exists()
        grant = services.role_grant(
            actor=request.user, access=self.access, user=user, org=org, role=role
        )
        # Granting a role already held changes nothing: 200 instead of 201.
        return self.respond(
            grant, status_code=status.HTTP_200_OK if held else status.HTTP_201_CREATED
        )

    def perform_destroy(self, assignment):
        services.role_revoke(actor=self.request.user, access=self.access, assignment=assignment)
