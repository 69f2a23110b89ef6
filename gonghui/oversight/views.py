"""The funds audit committee's workspace (经审工作台): what waits for it, its reviews and
their findings, the vouchers that went ahead despite a concern, the books' key figures
and the yearly report. The committee writes (oversight.review:write); the chair and the
accountant read and record their rectifications (oversight.review:read)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import files
from gonghui.core.decorators import org_view
from gonghui.core.forms import run
from gonghui.core.params import check_year, year_param

from . import documents, queue, selectors, services
from .forms import (
    FindingForm,
    OpinionForm,
    RecheckForm,
    RectifyForm,
    ReportTextForm,
    ReviewForm,
    SettingsForm,
    SignForm,
)
from .models import Finding, FindingState, Review, ReviewKind

READ, WRITE = "oversight.review:read", "oversight.review:write"


def _review(request, review_id: int) -> Review:
    try:
        return selectors.review(request.org, review_id)
    except Review.DoesNotExist:
        raise Http404 from None


def _finding(request, finding_id: int) -> Finding:
    found = selectors.findings(request.org).filter(pk=finding_id).first()
    if found is None:
        raise Http404
    return found


def _flagged(rows, today) -> list[Finding]:
    """The findings with `overdue` set, for the pages to flag."""
    rows = list(rows)
    for f in rows:
        f.overdue = f.overdue_on(today)
    return rows


def _to_review(org_code, review):
    return redirect("oversight:review", org_code=org_code, review_id=review.pk)


def _years(today) -> range:
    return range(today.year, today.year - 6, -1)


# -- the workspace -------------------------------------------------------------------------


@org_view(READ)
def index(request, org_code):
    org, today = request.org, timezone.localdate()
    year = year_param(request)
    access = request.access
    ctx = {
        "year": year,
        "years": _years(today),
        "waiting": queue.waiting(org),
        "due": selectors.reviews_due(org, year),
        "open_findings": selectors.findings(org, open_only=True).count(),
        "overdue": selectors.overdue_count(org, today),
        "recent": selectors.reviews(org)[:8],
        "overrides": selectors.overrides(org, year).count(),
        "settings": selectors.settings_of(org),
        "books": access.has("finance.books:read"),
        "figures": selectors.key_figures(org, year)
        if access.has("finance.statements:read")
        else None,
    }
    return render(request, "oversight/index.html", ctx)


@org_view(WRITE, methods=("GET", "POST"))
def settings(request, org_code):
    current = selectors.settings_of(request.org)
    form = SettingsForm(
        request.POST or None,
        initial={
            "periodic_per_year": current.periodic_per_year,
            "departure_audit_required": current.departure_audit_required,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and run(
            form, services.settings_update, actor=request.user, org=request.org, **form.cleaned_data
        )
    ):
        messages.success(request, _("Settings saved."))
        return redirect("oversight:index", org_code=org_code)
    return render(request, "oversight/settings.html", {"form": form})


# -- reviews -------------------------------------------------------------------------------


@org_view(READ)
def reviews(request, org_code):
    today = timezone.localdate()
    year = year_param(request, default=None)
    kind = request.GET.get("kind", "")
    rows = selectors.reviews(request.org, year=year, kind=kind)
    ctx = {
        "reviews": rows,
        "year": year,
        "years": _years(today),
        "kind": kind,
        "kinds": ReviewKind.choices,
    }
    return render(request, "oversight/reviews.html", ctx)


@org_view(WRITE, methods=("GET", "POST"))
def review_create(request, org_code):
    initial = {"kind": request.GET.get("kind", "")}
    form = ReviewForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            review := run(
                form,
                services.review_open,
                actor=request.user,
                org=request.org,
                data=form.cleaned_data,
            )
        )
    ):
        return _to_review(org_code, review)
    return render(request, "oversight/review_form.html", {"form": form, "review": None})


@org_view(WRITE, methods=("GET", "POST"))
def review_edit(request, org_code, review_id):
    review = _review(request, review_id)
    form = ReviewForm(
        request.POST or None,
        initial={
            f: getattr(review, f)
            for f in ("kind", "year", "period", "subject", "members", "started_on", "ended_on")
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and run(
            form, services.review_update, actor=request.user, review=review, data=form.cleaned_data
        )
    ):
        return _to_review(org_code, review)
    return render(request, "oversight/review_form.html", {"form": form, "review": review})


@org_view(READ)
def review_detail(request, org_code, review_id):
    review = _review(request, review_id)
    committee = request.access.has(WRITE)
    ctx = {
        "review": review,
        "findings": _flagged(
            selectors.findings(request.org, review=review).order_by("id"), timezone.localdate()
        ),
        "committee": committee,
        "rectifier": not selectors.is_committee(request.user, request.org),
        "opinion_form": OpinionForm(initial={"text": review.opinion}) if committee else None,
        "sign_form": SignForm(initial={"signers": review.members}) if committee else None,
    }
    return render(request, "oversight/review.html", ctx)


@org_view(WRITE, methods=("POST",))
def opinion_save(request, org_code, review_id):
    review = _review(request, review_id)
    form = OpinionForm(request.POST)
    if form.is_valid():
        services.opinion_save(actor=request.user, review=review, **form.cleaned_data)
        messages.success(request, _("Opinion saved."))
    else:
        messages.error(request, _("Write the opinion."))
    return _to_review(org_code, review)


@org_view(WRITE, methods=("POST",))
def opinion_sign(request, org_code, review_id):
    review = _review(request, review_id)
    form = SignForm(request.POST)
    if form.is_valid():
        services.opinion_sign(actor=request.user, review=review, **form.cleaned_data)
        messages.success(request, _("The opinion is signed; the review is locked."))
    else:
        messages.error(request, _("Check the names and the date."))
    return _to_review(org_code, review)


@org_view(READ)
def opinion_pdf(request, org_code, review_id):
    review = _review(request, review_id)
    name, data = services.opinion_export(actor=request.user, review=review)
    return files.file_response(data, filename=name, content_type=files.PDF, inline=True)


# -- findings ------------------------------------------------------------------------------


@org_view(READ)
def findings(request, org_code):
    show_all = request.GET.get("all") == "1"
    rows = selectors.findings(request.org, open_only=not show_all)
    ctx = {
        "findings": _flagged(rows, timezone.localdate()),
        "show_all": show_all,
        "committee": request.access.has(WRITE),
        "rectifier": not selectors.is_committee(request.user, request.org),
    }
    return render(request, "oversight/findings.html", ctx)


@org_view(WRITE, methods=("GET", "POST"))
def finding_add(request, org_code, review_id):
    review = _review(request, review_id)
    form = FindingForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run(form, services.finding_add, actor=request.user, review=review, **form.cleaned_data)
    ):
        if "another" in request.POST:
            return redirect("oversight:finding_add", org_code=org_code, review_id=review.pk)
        return _to_review(org_code, review)
    return render(request, "oversight/finding_form.html", {"form": form, "review": review})


@org_view(READ, methods=("GET", "POST"))
def finding_rectify(request, org_code, finding_id):
    finding = _flagged([_finding(request, finding_id)], timezone.localdate())[0]
    form = RectifyForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run(
            form, services.finding_rectify, actor=request.user, finding=finding, **form.cleaned_data
        )
    ):
        messages.success(request, _("Rectification recorded; the committee re-checks it."))
        return redirect("oversight:findings", org_code=org_code)
    ctx = {"form": form, "finding": finding, "action": "rectify"}
    return render(request, "oversight/finding_action.html", ctx)


@org_view(WRITE, methods=("GET", "POST"))
def finding_recheck(request, org_code, finding_id):
    finding = _flagged([_finding(request, finding_id)], timezone.localdate())[0]
    form = RecheckForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run(
            form, services.finding_recheck, actor=request.user, finding=finding, **form.cleaned_data
        )
    ):
        messages.success(request, _("Re-check recorded."))
        return redirect("oversight:findings", org_code=org_code)
    ctx = {"form": form, "finding": finding, "action": "recheck"}
    return render(request, "oversight/finding_action.html", ctx)


# -- overrides, the books, the report ------------------------------------------------------


@org_view(READ)
def overrides(request, org_code):
    year = year_param(request)
    ctx = {
        "vouchers": selectors.overrides(request.org, year),
        "year": year,
        "years": _years(timezone.localdate()),
        "books": request.access.has("finance.books:read"),
    }
    return render(request, "oversight/overrides.html", ctx)


@org_view(READ)
def report(request, org_code):
    year = year_param(request)
    report = selectors.year_report(request.org, year)
    kept = selectors.report_edit(request.org, year)
    ctx = {
        "report": report,
        "year": year,
        "years": _years(timezone.localdate()),
        "states": FindingState,
        "kept": kept,
        # The text the .docx holds: the committee's kept edit, else the draft.
        "text_form": ReportTextForm(
            initial={"text": kept.text if kept else documents.body_of(report)}
        ),
        "can_edit": request.access.has(WRITE),
    }
    return render(request, "oversight/report.html", ctx)


@org_view(WRITE, methods=("POST",))
def report_save(request, org_code, year):
    """Keep the committee's edit of the year's report (audited), shown again on the page
    and put in the .docx."""
    year = check_year(year)
    form = ReportTextForm(request.POST)
    if form.is_valid():
        kept = services.report_save(
            actor=request.user, org=request.org, year=year, text=form.cleaned_data["text"]
        )
        messages.success(
            request,
            _("The report's text is saved.")
            if kept
            else _("The report is back to the draft with the figures filled in."),
        )
    return redirect(f"{reverse('oversight:report', kwargs={'org_code': org_code})}?year={year}")


@org_view(READ)
def report_docx(request, org_code, year):
    year = check_year(year)
    name, data = services.report_export(actor=request.user, org=request.org, year=year)
    return files.file_response(data, filename=name, content_type=files.DOCX)


def dashboard_panel(request) -> dict | None:
    """The dashboard card: open findings (overdue ones counted apart), the reviews the
    year still needs, what waits for the committee; hidden when nothing is there."""
    org, today = request.org, timezone.localdate()
    panel = {
        "open": selectors.findings(org, open_only=True).count(),
        "overdue": selectors.overdue_count(org, today),
        "due": sum(d.missing for d in selectors.reviews_due(org, today.year)),
        "waiting": len(queue.waiting(org)) if request.access.has(WRITE) else 0,
    }
    return panel if any(panel.values()) else None
