"""Pages of a union's budgets, adjustments and final accounts (决算), and the execution.

Every read goes through the selectors the API uses; every change through services.py.
A refused action shows its reason: a form keeps what was typed (core.forms.run), a
button says why on the page it came from (org_view).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view
from gonghui.core.files import PDF, XLSX, file_response
from gonghui.core.forms import run
from gonghui.core.params import check_year

from . import forms, selectors, services
from .models import Budget, Kind, State

READ, WRITE = "budgets.budget:read", "budgets.budget:write"
APPROVE, REVIEW = "budgets.budget:approve", "oversight.review:write"
POST = ("POST",)


def _doc(request, budget_id: int) -> Budget:
    try:
        return selectors.document(request.org, budget_id)
    except Budget.DoesNotExist:
        raise Http404 from None


def _back(budget: Budget):
    return redirect("budgets:detail", org_code=budget.org.code, budget_id=budget.pk)


@org_view(READ)
def index(request, org_code):
    org = request.org
    docs = list(selectors.documents(org))
    years = sorted({d.year for d in docs} | {timezone.localdate().year}, reverse=True)
    return render(
        request,
        "budgets/index.html",
        {
            "docs": docs,
            "years": years,
            "form": forms.CreateForm(),
            "can_ratify": request.access.has("budgets.budget:ratify"),
        },
    )


CREATORS = {
    Kind.BUDGET: services.budget_create,
    Kind.ADJUSTMENT: services.adjustment_create,
    Kind.FINAL: services.final_create,
}


@org_view(WRITE, methods=("GET", "POST"))
def create(request, org_code):
    form = forms.CreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        doc = run(
            form,
            CREATORS[data["kind"]],
            actor=request.user,
            org=request.org,
            year=data["year"],
            explanation=data["explanation"],
        )
        if doc is not None:
            return _back(doc)
    return render(request, "budgets/create.html", {"form": form})


def detail_context(request, doc: Budget, *, upper: bool = False, **given) -> dict:
    """What the document's page shows: its lines (a budget's with their execution, a
    决算's next to the budget), its cover and the forms of the steps this person may take."""
    access, org = request.access, doc.org
    lines = selectors.lines_of(doc)
    ctx = {"doc": doc, "upper": upper, "State": State}
    if doc.is_final:
        ctx["income"], ctx["expense"] = selectors.split(lines)
        ctx["sums"] = selectors.sums(lines)
        ctx["books"] = selectors.statement_totals(org, doc.year)
    else:
        ctx["execution"] = selectors.execution(org, doc.year, doc)
    if upper:
        ctx["can_decide"] = doc.state == State.SUBMITTED
        ctx["reason_form"] = given.get("reason_form") or forms.ReasonForm()
        return ctx
    draft = doc.state == State.DRAFT
    can_write, can_approve = access.has(WRITE), access.has(APPROVE)
    if draft and can_write:
        ctx["notes_form"] = given.get("notes_form") or forms.NotesForm(
            initial={"explanation": doc.explanation}
        )
        if not doc.is_final:
            ctx["line_form"] = given.get("line_form") or forms.LineForm(
                accounts=selectors.budget_accounts(org, timezone.localdate()),
                projects=selectors.projects(org),
            )
    if draft and can_approve:
        ctx["approve_form"] = given.get("approve_form") or forms.MeetingForm(
            initial={"date": timezone.localdate()}
        )
    if doc.state == State.APPROVED and access.has(REVIEW):
        ctx["review_form"] = given.get("review_form") or forms.ReviewForm(
            initial={"date": timezone.localdate()}
        )
        ctx["opinion_form"] = given.get("opinion_form") or forms.OpinionForm()
    ctx["can_submit"] = doc.state == State.REVIEWED and can_approve
    ctx["can_write"] = draft and can_write
    if doc.state in (State.DRAFT, State.APPROVED, State.REVIEWED) and (can_write or can_approve):
        ctx["cover_form"] = given.get("cover_form") or forms.CoverForm(
            initial={
                f: getattr(doc, f)
                for f in ("sign_chair", "sign_finance_head", "sign_audit_head", "sign_preparer")
            }
        )
    return ctx


def _page(request, doc, **given):
    """The document's page again, with the forms as they came back. A refusal that names
    no field of a form the page no longer shows (the document moved on) is said above."""
    ctx = detail_context(request, doc, **given)
    for name, form in given.items():
        if form.non_field_errors() and ctx.get(name) is not form:
            for error in form.non_field_errors():
                messages.error(request, error)
    return render(request, "budgets/detail.html", ctx)


@org_view(READ)
def detail(request, org_code, budget_id):
    return _page(request, _doc(request, budget_id))


@org_view(WRITE, methods=POST)
def notes(request, org_code, budget_id):
    doc = _doc(request, budget_id)
    form = forms.NotesForm(request.POST)
    if form.is_valid() and run(
        form,
        services.budget_update,
        actor=request.user,
        budget=doc,
        explanation=form.cleaned_data["explanation"],
    ):
        return _back(doc)
    return _page(request, doc, notes_form=form)


@org_view(WRITE, methods=POST)
def line_set(request, org_code, budget_id):
    doc = _doc(request, budget_id)
    form = forms.LineForm(
        request.POST,
        accounts=selectors.budget_accounts(request.org, timezone.localdate()),
        projects=selectors.projects(request.org),
    )
    if form.is_valid() and run(
        form, services.budget_line_set, actor=request.user, budget=doc, **form.cleaned_data
    ):
        messages.success(request, _("The line is saved."))
        return _back(doc)
    return _page(request, doc, line_form=form)


@org_view(WRITE, methods=POST)
def line_remove(request, org_code, budget_id, line_id):
    doc = _doc(request, budget_id)
    services.budget_line_remove(actor=request.user, budget=doc, line_id=line_id)
    return _back(doc)


@org_view(WRITE, methods=POST)
def refresh(request, org_code, budget_id):
    doc = _doc(request, budget_id)
    services.final_refresh(actor=request.user, budget=doc)
    messages.success(request, _("The figures are taken from the books again."))
    return _back(doc)


@org_view(READ, methods=POST)
def cover(request, org_code, budget_id):
    doc = _doc(request, budget_id)
    if not (request.access.has(WRITE) or request.access.has(APPROVE)):
        raise PermissionDenied
    form = forms.CoverForm(request.POST)
    if form.is_valid() and run(
        form, services.budget_cover_update, actor=request.user, budget=doc, **form.cleaned_data
    ):
        return _back(doc)
    return _page(request, doc, cover_form=form)


@org_view(APPROVE, methods=POST)
def approve(request, org_code, budget_id):
    doc = _doc(request, budget_id)
    form = forms.MeetingForm(request.POST)
    if form.is_valid() and run(
        form, services.budget_approve, actor=request.user, budget=doc, **form.cleaned_data
    ):
        messages.success(
            request, _("Approved by the committee; it now goes to the audit committee.")
        )
        return _back(doc)
    return _page(request, doc, approve_form=form)


@org_view(REVIEW, methods=POST)
def review(request, org_code, budget_id):
    doc = _doc(request, budget_id)
    form = forms.ReviewForm(request.POST)
    if form.is_valid() and run(
        form, services.budget_review, actor=request.user, budget=doc, **form.cleaned_data
    ):
        messages.success(request, _("The audit committee's review is recorded."))
        return _back(doc)
    return _page(request, doc, review_form=form)


@org_view(REVIEW, methods=POST)
def review_return(request, org_code, budget_id):
    doc = _doc(request, budget_id)
    form = forms.OpinionForm(request.POST)
    if form.is_valid() and run(
        form,
        services.budget_review_return,
        actor=request.user,
        budget=doc,
        opinion=form.cleaned_data["opinion"],
    ):
        return _back(doc)
    return _page(request, doc, opinion_form=form)


@org_view(APPROVE, methods=POST)
def submit(request, org_code, budget_id):
    doc = _doc(request, budget_id)
    services.budget_submit(actor=request.user, budget=doc)
    messages.success(request, _("Sent to the upper union."))
    return _back(doc)


@org_view(WRITE, methods=POST)
def delete(request, org_code, budget_id):
    doc = _doc(request, budget_id)
    services.budget_delete(actor=request.user, budget=doc)
    return redirect("budgets:index", org_code=org_code)


@org_view(READ)
def pdf(request, org_code, budget_id):
    name, content = services.final_pdf(actor=request.user, budget=_doc(request, budget_id))
    return file_response(content, filename=name, content_type=PDF)


@org_view(READ)
def execution(request, org_code, year):
    year = check_year(year)
    result = selectors.execution(request.org, year)
    return render(
        request,
        "budgets/execution.html",
        {
            "result": result,
            "year": year,
            "years": range(timezone.localdate().year + 1, year - 4, -1),
            "xlsx": reverse("budgets:execution_xlsx", kwargs={"org_code": org_code, "year": year}),
        },
    )


@org_view(READ)
def execution_xlsx(request, org_code, year):
    name, content = services.execution_export(
        actor=request.user, org=request.org, year=check_year(year)
    )
    return file_response(content, filename=name, content_type=XLSX)
