"""Pages of the year-end summary (工作总结): generate the draft, edit it, export it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view
from gonghui.core.files import file_response
from gonghui.core.forms import run
from gonghui.core.params import check_year

from . import selectors, services_summary
from . import summary as summaries
from .forms import SummaryForm
from .models import Plan, Summary
from .summary_docs import CONTENT_TYPES

WRITE = "plans.plan:write"


def summary_url(org_code: str, year: int) -> str:
    return reverse("plans:summary", kwargs={"org_code": org_code, "year": year})


def years_of(org, year: int) -> list[int]:
    """The years a union has plans or summaries for, this year and the one shown."""
    return sorted(
        {
            *Plan.objects.filter(org=org).values_list("year", flat=True),
            *Summary.objects.filter(org=org).values_list("year", flat=True),
            timezone.localdate().year,
            year,
        },
        reverse=True,
    )


def _form(data=None, summary: Summary | None = None) -> SummaryForm:
    initial = {"title": summary.title, "body": summary.body} if summary else None
    form = SummaryForm(data, initial=initial)
    form.fields["title"].widget.attrs.update({"class": "form-control"})
    form.fields["body"].widget.attrs.update({"class": "form-control"})
    return form


@org_view("plans.plan:read", methods=("GET", "POST"))
def summary(request, org_code, year):
    """The summary of `year` beside the live planned-vs-done table; POST saves the edits."""
    year = check_year(year)
    current = selectors.summary_of(request.org, year)
    can_write = request.access.has(WRITE)
    form = _form(summary=current) if current else None
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if current is None:
            messages.error(request, _("Generate the draft first."))
            return redirect(summary_url(org_code, year))
        form = _form(request.POST)
        data = form.cleaned_data if form.is_valid() else None
        if data and run(
            form, services_summary.summary_update, actor=request.user, summary=current, **data
        ):
            messages.success(request, _("The summary was saved."))
            return redirect(summary_url(org_code, year))
    overview = summaries.year_overview(request.org, year)
    return render(
        request,
        "plans/summary.html",
        {
            "year": year,
            "years": years_of(request.org, year),
            "summary": current,
            "form": form,
            "edited": current is not None and summaries.is_edited(current),
            "overview": overview,
            "figures": (current.figures or {}).get("categories", {}) if current else {},
            "can_write": can_write,
        },
        status=400 if form is not None and form.errors else 200,
    )


@org_view(WRITE, methods=("POST",))
def summary_generate(request, org_code, year):
    """(Re)generate the draft from the records; edits are replaced only when confirmed."""
    year = check_year(year)
    confirm = request.POST.get("confirm") in ("1", "on", "true", "yes")
    services_summary.summary_generate(
        actor=request.user, org=request.org, year=year, confirm=confirm
    )
    messages.success(
        request,
        _("The draft was written from the year's records. Read it through and complete it."),
    )
    return redirect(summary_url(org_code, year))


def export_response(request, year: int, fmt: str) -> HttpResponse:
    """The file of the summary in `fmt`, its export logged (shared with the API)."""
    filename, data = services_summary.summary_export(
        actor=request.user, org=request.org, year=year, fmt=fmt
    )
    return file_response(
        data, filename=filename, content_type=CONTENT_TYPES[fmt], inline=fmt == "pdf"
    )


@org_view("plans.plan:read")
def summary_export(request, org_code, year, fmt):
    year = check_year(year)
    if fmt not in CONTENT_TYPES:
        raise Http404
    return export_response(request, year, fmt)
