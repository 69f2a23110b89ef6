"""Pages of the statistics survey: the upper union's periods, board, one union's report
to review, the aggregate and the export; the union's reports and its report page where
it corrects, enters and hands in. Thin: the work is in services.py, the reads in
selectors.py, shared with the API."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import files
from gonghui.core.decorators import org_view
from gonghui.orgs.models import UNION_KINDS, OrgKind

from . import rules, selectors, services
from .forms import CommentForm, OpenForm
from .models import EDITABLE_STATES, ReportStatus

READ, WRITE, REVIEW = "survey.report:read", "survey.report:write", "survey.report:review"


def _period_url(org, period_id) -> str:
    return reverse("survey:period", kwargs={"org_code": org.code, "period_id": period_id})


def _report_url(org, report_id) -> str:
    return reverse("survey:report", kwargs={"org_code": org.code, "report_id": report_id})


@org_view(READ)
def index(request, org_code):
    org = request.org
    ctx = {"words": selectors.board_words(), "today": selectors.today()}
    if org.kind == OrgKind.UPPER:
        ctx["periods"] = selectors.periods(org)
        ctx["can_review"] = request.access.has(REVIEW)
        ctx["open_form"] = OpenForm()
    if org.kind in UNION_KINDS:
        ctx["reports"] = reports = list(selectors.own_reports(org))
        for r in reports:
            r.overdue = r.is_overdue(ctx["today"])
    return render(request, "survey/index.html", ctx)


@org_view(REVIEW, methods=("POST",))
def open_period(request, org_code):
    form = OpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the survey year and dates."))
        return redirect("survey:index", org_code=request.org.code)
    period = services.survey_period_open(actor=request.user, org=request.org, **form.service_data())
    messages.success(request, _("The survey is open: each union's figures are computed."))
    return redirect(_period_url(request.org, period.pk))


@org_view(READ)
def period(request, org_code, period_id):
    found = selectors.period_of(request.org, period_id)
    status = request.GET.get("status", "")
    board = selectors.board(found, status)
    words = selectors.board_words()
    return render(
        request,
        "survey/period.html",
        {
            "period": found,
            "board": board,
            "status": status if status in words else "",
            "state_list": [(k, words[k], board["counts"][k]) for k in words],
            "words": words,
            "can_review": request.access.has(REVIEW),
        },
    )


@org_view(REVIEW, methods=("POST",))
def period_compute(request, org_code, period_id):
    found = selectors.period_of(request.org, period_id)
    n = services.survey_period_compute(actor=request.user, period=found)
    messages.success(request, _("{n} unions' figures computed again.").format(n=n))
    return redirect(_period_url(request.org, period_id))


@org_view(REVIEW)
def aggregate(request, org_code, period_id):
    found = selectors.period_of(request.org, period_id)
    rows = selectors.aggregate(found)
    return render(
        request,
        "survey/aggregate.html",
        {
            "period": found,
            "rows": rows,
            "survey": found.survey,
            "founding_rate": rows[0]["founding_rate"] if rows else None,
            "founding_formula": rules.FOUNDING_RATE_FORMULA,
        },
    )


@org_view(REVIEW)
def export(request, org_code, period_id):
    found = selectors.period_of(request.org, period_id)
    name, content = services.survey_export(actor=request.user, period=found)
    return files.file_response(content, filename=name, content_type=files.XLSX)


@org_view(REVIEW)
def review(request, org_code, period_id, report_id):
    found = selectors.period_of(request.org, period_id)
    report = selectors.report_in(found, report_id)
    return render(
        request,
        "survey/review.html",
        {
            "period": found,
            "report": report,
            "sheet": selectors.sheet(report),
            "words": selectors.board_words(),
            "overdue": report.is_overdue(selectors.today()),
            "can_decide": report.status == ReportStatus.SUBMITTED,
            "comment_form": CommentForm(),
        },
    )


def _decide(request, period_id, report_id, service, done: str):
    found = selectors.period_of(request.org, period_id)
    report = selectors.report_in(found, report_id)
    form = CommentForm(request.POST)
    form.is_valid()
    service(actor=request.user, report=report, comment=form.cleaned_data.get("comment", ""))
    messages.success(request, done)
    return redirect(_period_url(request.org, period_id))


@org_view(REVIEW, methods=("POST",))
def review_return(request, org_code, period_id, report_id):
    return _decide(
        request, period_id, report_id, services.survey_report_return, _("Returned to the union.")
    )


@org_view(REVIEW, methods=("POST",))
def review_accept(request, org_code, period_id, report_id):
    return _decide(request, period_id, report_id, services.survey_report_accept, _("Accepted."))


# -- the union ---------------------------------------------------------------------------


def _report_page(request, report, *, posted=None, errors=None, status=200):
    sheet = selectors.sheet(report)
    posted = posted or {}
    for section in sheet["sections"]:
        for f in section["figures"]:
            code = f["indicator"].code
            f["typed"] = posted.get(code, "" if f["entered"] is None else f["entered"])
            f["typed_reason"] = posted.get(f"reason-{code}", f["reason"])
            f["error"] = (errors or {}).get(code)
    return render(
        request,
        "survey/report.html",
        {
            "report": report,
            "period": report.period,
            "sheet": sheet,
            "words": selectors.board_words(),
            "overdue": report.is_overdue(selectors.today()),
            "editable": report.status in EDITABLE_STATES and request.access.has(WRITE),
            "errors": errors or {},
        },
        status=status,
    )


@org_view(READ)
def report(request, org_code, report_id):
    return _report_page(request, selectors.own_report(request.org, report_id))


@org_view(WRITE, methods=("POST",))
def report_save(request, org_code, report_id):
    found = selectors.own_report(request.org, report_id)
    codes = found.period.survey.codes
    values = {c: request.POST.get(c, "") for c in codes if c in request.POST}
    reasons = {c: request.POST.get(f"reason-{c}", "") for c in codes}
    _entered, _reasons, errors = services.clean_entries(found, values, reasons)
    if errors:
        posted = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        return _report_page(request, found, posted=posted, errors=errors, status=400)
    services.survey_report_save(actor=request.user, report=found, values=values, reasons=reasons)
    messages.success(request, _("Figures saved."))
    return redirect(_report_url(request.org, report_id))


@org_view(WRITE, methods=("POST",))
def report_compute(request, org_code, report_id):
    found = selectors.own_report(request.org, report_id)
    services.survey_report_compute(actor=request.user, report=found)
    messages.success(request, _("Figures computed again from the records."))
    return redirect(_report_url(request.org, report_id))


@org_view(WRITE, methods=("POST",))
def report_submit(request, org_code, report_id):
    found = selectors.own_report(request.org, report_id)
    services.survey_report_submit(actor=request.user, report=found)
    messages.success(request, _("Handed in to the upper union."))
    return redirect(_report_url(request.org, report_id))


@org_view(READ)
def report_export(request, org_code, report_id):
    found = selectors.own_report(request.org, report_id)
    name, content = services.survey_export(actor=request.user, period=found.period, report=found)
    return files.file_response(content, filename=name, content_type=files.XLSX)
