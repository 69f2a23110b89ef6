"""API of budgets, adjustments and final accounts: the pages' actions for scripts.

Same rules as the pages: documents through the scoped selectors (another union's ids
answer 404), every step through services.py (locks, the 经审 and upper-union checks, the
audit entry with source "api"), a refusal answers 400 `{"detail", "field"}`.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema

from gonghui.api.viewsets import OrgViewSet, service_action
from gonghui.core.params import check_year

from . import selectors, services
from . import serializers as s
from .models import Budget
from .views import CREATORS

READ, WRITE = "budgets.budget:read", "budgets.budget:write"
APPROVE, REVIEW = "budgets.budget:approve", "oversight.review:write"
RATIFY = "budgets.budget:ratify"


class BudgetViewSet(OrgViewSet):
    operation_prefix = "budgets_documents"
    permissions = {
        **dict.fromkeys(["list", "retrieve"], READ),
        **dict.fromkeys(["create", "destroy", "lines", "refresh"], WRITE),
        **dict.fromkeys(["approve", "submit"], APPROVE),
        **dict.fromkeys(["review", "review_return"], REVIEW),
    }
    serializer_class = s.BudgetSerializer
    lookup_url_kwarg = "budget_id"
    paged_actions = ("list",)

    def get_queryset(self):
        return selectors.documents(self.org).prefetch_related("lines__project")

    @extend_schema(request=s.BudgetCreateSerializer, summary="Draft a budget, adjustment or 决算")
    def create(self, request, *args, **kwargs):
        data = self.validated(s.BudgetCreateSerializer)
        doc = CREATORS[data.pop("kind")](actor=request.user, org=self.org, **data)
        return self.respond(self.get_queryset().get(pk=doc.pk), status_code=201)

    def perform_destroy(self, doc):
        services.budget_delete(actor=self.request.user, budget=doc)

    lines = service_action(
        services.budget_lines_replace, target="budget", body=s.BudgetLinesSerializer
    )
    refresh = service_action(services.final_refresh, target="budget")
    approve = service_action(
        services.budget_approve, target="budget", body=s.BudgetMeetingSerializer
    )
    review = service_action(services.budget_review, target="budget", body=s.BudgetReviewSerializer)
    review_return = service_action(
        services.budget_review_return, target="budget", body=s.BudgetOpinionSerializer
    )
    submit = service_action(services.budget_submit, target="budget", summary="Send it up")


class InboxViewSet(OrgViewSet):
    """What the unions below sent up, at the upper union's node."""

    operation_prefix = "budgets_inbox"
    permissions = dict.fromkeys(["list", "retrieve", "ratify", "send_back"], RATIFY)
    serializer_class = s.BudgetSerializer
    lookup_url_kwarg = "budget_id"
    paged_actions = ("list",)

    def get_queryset(self):
        return selectors.inbox(self.org).prefetch_related("lines__project")

    def get_object(self):
        try:
            return selectors.inbox_document(self.org, self.kwargs["budget_id"])
        except Budget.DoesNotExist:
            raise Http404 from None

    ratify = service_action(services.budget_ratify, target="budget", summary="Ratify (核定)")
    send_back = service_action(
        services.budget_return, target="budget", body=s.BudgetReasonSerializer
    )


class ExecutionViewSet(OrgViewSet):
    operation_prefix = "budgets_execution"
    permissions = {"retrieve": READ}
    serializer_class = s.ExecutionSerializer

    def retrieve(self, request, *args, **kwargs):
        return self.respond(selectors.execution(self.org, check_year(kwargs["year"])))
