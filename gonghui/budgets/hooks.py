"""What the budgets module gives the rest of the platform: the 经审会's queue of documents
waiting for its review (gonghui.oversight.queue) and the dashboard card."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from gonghui.oversight import queue

from . import selectors
from .models import State


def waiting_review(org) -> list[queue.Waiting]:
    """The union's budgets, adjustments and 决算 the committee approved, waiting for the
    经审会's review, newest first."""
    docs = selectors.waiting_review(org)
    return [
        queue.Waiting(
            label=str(doc),
            url=reverse("budgets:detail", kwargs={"org_code": org.code, "budget_id": doc.pk}),
            since=timezone.localdate(doc.approved_at) if doc.approved_at else None,
        )
        for doc in reversed(docs)
    ]


def dashboard_panel(request) -> dict | None:
    """This year's execution (income and expense against the budget in force), what waits
    for a step in the union, and what the unions below sent up."""
    org, year = request.org, timezone.localdate().year
    access = request.access
    context: dict = {"year": year}
    budget = selectors.in_force(org, year)
    if budget is not None:
        result = selectors.execution(org, year, budget)
        context["income"], context["expense"] = result.income_total, result.expense_total
        context["over"] = sum(1 for r in result.expense if r.over)
    mine = selectors.documents(org).exclude(state=State.RATIFIED)
    context["open"] = list(mine[:5])
    if access.has("budgets.budget:ratify"):
        context["inbox"] = selectors.inbox(org).filter(state=State.SUBMITTED).count()
    if budget is None and not context["open"] and not context.get("inbox"):
        return None
    return context
