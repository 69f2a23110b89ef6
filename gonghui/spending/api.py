"""API of the spending rules: the pages' actions through the same selectors and services."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema

from gonghui.api.viewsets import OrgViewSet, service_action
from gonghui.core.params import year_param

from . import presets, selectors, services
from . import serializers as s

READ, WRITE = "spending.rule:read", "spending.rule:write"


class SpendingRuleViewSet(OrgViewSet):
    operation_prefix = "spending_rules"
    permissions = {
        **dict.fromkeys(("list", "retrieve", "history"), READ),
        **dict.fromkeys(("create", "end"), WRITE),
    }
    serializer_class = s.SpendingRuleSerializer
    lookup_url_kwarg = "rule_id"
    paged_actions = ("history",)

    def get_queryset(self):
        # Ending is the setter's; reading reaches every rule that applies here.
        return selectors.own(self.org) if self.action == "end" else selectors.history(self.org)

    @extend_schema(responses=s.SpendingInForceSerializer(many=True), summary="Rules in force")
    def list(self, request, *args, **kwargs):
        found = selectors.in_force(self.org, timezone.localdate())
        return self.respond(found, serializer_class=s.SpendingInForceSerializer, many=True)

    @extend_schema(
        summary="Every rule that applied here, newest first (a page of them)",
        responses=s.SpendingRuleSerializer(many=True),
    )
    def history(self, request, *args, **kwargs):
        return self.paginated(self.get_queryset())

    def perform_create(self, data):
        return services.rule_create(actor=self.request.user, org=self.org, data=data)

    end = service_action(services.rule_end, target="rule", body=s.SpendingEndSerializer)


class SpendingPresetViewSet(OrgViewSet):
    operation_prefix = "spending_presets"
    permissions = {"list": READ, "adopt": WRITE}
    serializer_class = s.SpendingPresetSerializer

    def action_kwargs(self) -> dict:
        return {"org": self.org}

    def list(self, request, *args, **kwargs):
        return self.respond(presets.PRESETS, many=True)

    adopt = service_action(
        services.preset_adopt,
        body=s.SpendingAdoptSerializer,
        returns=s.SpendingRulesSerializer,
        status_code=201,
        summary="Adopt a provincial rule set for this union and the unions below",
    )


class SpendingOverrideViewSet(OrgViewSet):
    operation_prefix = "spending_overrides"
    permissions = {"list": READ}
    serializer_class = s.SpendingOverrideSerializer

    @extend_schema(parameters=[OpenApiParameter("year", int)], summary="Payouts beyond a rule")
    def list(self, request, *args, **kwargs):
        return self.respond(selectors.overrides(self.org, year_param(request)), many=True)
