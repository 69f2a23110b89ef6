"""API of the levy funds: the pages' actions through the same selectors and services."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema

from gonghui.api.viewsets import OrgViewSet, service_action
from gonghui.core.params import year_param

from . import selectors, services
from . import serializers as s

READ, WRITE, SEND = "levy.levy:read", "levy.levy:write", "levy.reminder:send"
RULE = "levy.rule:write"


def created(service, body):
    """A create action that is one service call, answering 201."""
    return service_action(service, body=body, status_code=201)


class _UnionResource(OrgViewSet):
    def action_kwargs(self) -> dict:
        return {"org": self.org} if self.action == "create" else {}


class ArrivalViewSet(_UnionResource):
    operation_prefix = "levy_arrivals"
    permissions = {"list": READ, "retrieve": READ, "create": WRITE, "transfer": WRITE}
    serializer_class, lookup_url_kwarg = s.ArrivalSerializer, "arrival_id"
    paged_actions = ("list",)

    def get_queryset(self):
        return selectors.arrivals(self.org)

    create = created(services.arrival_record, s.ArrivalWriteSerializer)
    transfer = service_action(
        services.arrival_transfer, target="arrival", body=s.ArrivalTransferSerializer
    )


class RemittanceViewSet(_UnionResource):
    operation_prefix = "levy_remittances"
    permissions = {"list": READ, "create": WRITE}
    serializer_class, paged_actions = s.RemittanceSerializer, ("list",)

    def get_queryset(self):
        return selectors.remittances(self.org)

    create = created(services.share_remit, s.RemitSerializer)


class ReceivableViewSet(_UnionResource):
    operation_prefix = "levy_receivables"
    permissions = {"list": READ, "create": WRITE, "collect": WRITE}
    serializer_class, lookup_url_kwarg = s.ReceivableSerializer, "receivable_id"

    def get_queryset(self):
        return selectors.receivables(self.org)

    create = created(services.receivable_book, s.ReceivableWriteSerializer)
    collect = service_action(
        services.receivable_collect, target="receivable", body=s.CollectSerializer
    )


class ReminderViewSet(_UnionResource):
    operation_prefix = "levy_reminders"
    permissions = {"list": READ, "create": SEND}
    serializer_class = s.ReminderSerializer

    def get_queryset(self):
        return selectors.reminders(self.org)

    create = created(services.reminder_send, s.ReminderWriteSerializer)


class SplitRuleViewSet(_UnionResource):
    operation_prefix = "levy_split_rules"
    permissions = {"list": READ, "create": RULE}
    serializer_class = s.SplitRuleSerializer

    def get_queryset(self):
        return selectors.split_rules(self.org)

    create = created(services.split_rule_set, s.SplitRuleSerializer)


class LevyViewSet(OrgViewSet):
    operation_prefix = "levy"
    permissions = {"summary": READ, "unions": READ}

    @extend_schema(responses=s.SummarySerializer, summary="Owed, split, missing months (?year=)")
    def summary(self, request, *args, **kwargs):
        found = selectors.summary(self.org, year_param(request), timezone.localdate())
        return self.respond(found, serializer_class=s.SummarySerializer)

    @extend_schema(responses=s.UnionRowSerializer(many=True), summary="The unions below")
    def unions(self, request, *args, **kwargs):
        rows = selectors.unions_below(self.org)
        return self.respond(rows, serializer_class=s.UnionRowSerializer, many=True)
