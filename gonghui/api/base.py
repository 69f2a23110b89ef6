"""The base of every organisation endpoint under /api/v1/orgs/<org_code>/...

Same rules as the pages: the organisation is resolved once (404 without a role covering
it), the endpoint declares its permission per HTTP method (403 without it), the scope is
active for the whole call, and the audit log records the caller and address.
"""

from __future__ import annotations

from django.http import Http404
from rest_framework import exceptions
from rest_framework.parsers import JSONParser
from rest_framework.views import APIView

from gonghui.accounts.access import resolve_access
from gonghui.accounts.permissions import PERMISSIONS
from gonghui.audit.context import Actor, client_ip, reset_actor, set_actor
from gonghui.core.scoping import Scope, reset_scope, set_scope

from .parsers import DepthLimitedJSONParser

# Filled by OrgAPIView subclasses; the scoping matrix test reads it.
API_VIEWS: list[type] = []


class OrgAPIView(APIView):
    """Subclasses set `permissions = {"GET": "orgs.org:read", "POST": "orgs.org:write"}`.

    Methods without an entry answer 405, as Django's method dispatch does for
    handlers that are not defined.
    """

    permissions: dict[str, str] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for method, perm in cls.permissions.items():
            if perm not in PERMISSIONS:
                raise KeyError(f"{cls.__name__}.{method}: unknown permission {perm!r}")
        API_VIEWS.append(cls)

    def get_parsers(self):
        # Views that list their parsers name DRF's JSONParser: keep the depth limit anyway.
        return [
            DepthLimitedJSONParser() if type(parser) is JSONParser else parser
            for parser in super().get_parsers()
        ]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication, throttling
        # The middleware cannot see token users (DRF authenticates inside the view),
        # so the actor and the scope are set here, and undone in finalize_response.
        self._actor_token = set_actor(
            Actor(user=request.user, ip=client_ip(request._request), source="api")
        )
        code = kwargs.get("org_code")
        if code is None:
            return
        access = resolve_access(
            request.user,
            code,
            otp_verified=getattr(request._request.user, "is_verified", lambda: False)(),
        )
        if access is None:
            raise Http404
        perm = self.required_permission(request)
        if perm is None:
            raise exceptions.MethodNotAllowed(request.method)
        if not access.has(perm):
            raise exceptions.PermissionDenied()
        request.access = access
        request.org = access.org
        self._scope_token = set_scope(Scope(path=access.org.path))

    def required_permission(self, request) -> str | None:
        """The permission this call needs; None answers 405. Per HTTP method here,
        per action in `OrgViewSet`."""
        return self.permissions.get("GET" if request.method == "HEAD" else request.method)

    def finalize_response(self, request, response, *args, **kwargs):
        token = getattr(self, "_scope_token", None)
        if token is not None:
            reset_scope(token)
            self._scope_token = None
        token = getattr(self, "_actor_token", None)
        if token is not None:
            reset_actor(token)
            self._actor_token = None
        return super().finalize_response(request, response, *args, **kwargs)

    @property
    def access(self):
        return self.request.access

    @property
    def org(self):
        return self.request.org
