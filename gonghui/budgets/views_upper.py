"""The upper union's pages: what the unions below sent up (budgets, adjustments, 决算),
read-only for the upper union, and its answer: ratify (核定) or return with the reason.

The documents are read through the upper node's scope (its subtree), like the district
reads its unions' funds; the services check again that the person ratifying holds the
right at a node above the union.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view
from gonghui.core.files import PDF, file_response
from gonghui.core.forms import run

from . import forms, selectors, services
from .models import Budget
from .views import detail_context

RATIFY = "budgets.budget:ratify"


def _doc(request, budget_id: int) -> Budget:
    try:
        return selectors.inbox_document(request.org, budget_id)
    except Budget.DoesNotExist:
        raise Http404 from None


def _back(request, doc):
    return redirect("budgets:inbox_detail", org_code=request.org.code, budget_id=doc.pk)


@org_view(RATIFY)
def inbox(request, org_code):
    return render(request, "budgets/inbox.html", {"docs": selectors.inbox(request.org)})


@org_view(RATIFY)
def inbox_detail(request, org_code, budget_id):
    doc = _doc(request, budget_id)
    return render(request, "budgets/detail.html", detail_context(request, doc, upper=True))


@org_view(RATIFY, methods=("POST",))
def ratify(request, org_code, budget_id):
    doc = _doc(request, budget_id)
    services.budget_ratify(actor=request.user, budget=doc)
    messages.success(request, _("Ratified."))
    return _back(request, doc)


@org_view(RATIFY, methods=("POST",))
def send_back(request, org_code, budget_id):
    doc = _doc(request, budget_id)
    form = forms.ReasonForm(request.POST)
    if form.is_valid() and run(
        form, services.budget_return, actor=request.user, budget=doc, **form.cleaned_data
    ):
        messages.success(request, _("Returned to the union with the reason."))
        return _back(request, doc)
    ctx = detail_context(request, doc, upper=True, reason_form=form)
    return render(request, "budgets/detail.html", ctx)


@org_view(RATIFY)
def inbox_pdf(request, org_code, budget_id):
    name, content = services.final_pdf(actor=request.user, budget=_doc(request, budget_id))
    return file_response(content, filename=name, content_type=PDF)
