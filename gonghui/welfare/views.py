"""Care pages (关怀帮扶): hardship files, visits, batches, reminders, reports, rules.

Hardship files need welfare.case:read: every view of one is logged
("welfare.case.viewed") and phone numbers are masked unless a user with
members.sensitive:read asks to see them (logged too).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view
from gonghui.core.files import PDF, XLSX, file_response
from gonghui.core.forms import run
from gonghui.core.params import year_param
from gonghui.funds.money import rmb_upper
from gonghui.funds.services import funds_for
from gonghui.members.models import ON_ROLL, Member
from gonghui.members.selectors import search_q
from gonghui.orgs.models import OrgKind
from gonghui.spending.selectors import caps_for

from . import forms, rules, selectors, services
from . import services_records as records
from .models import (
    Batch,
    BatchLine,
    CaseDocument,
    CaseState,
    HardshipFile,
    HelpMeasure,
    HouseholdMember,
    SickLeave,
    Visit,
)


def _today() -> dt.date:
    return timezone.localdate()


def _may(request, perm: str) -> bool:
    return request.access.has(perm)


def _funds(request):
    return funds_for(request.org).filter(kind__in=services.VISIT_FUND_KINDS)


def _pick(request) -> list[Member]:
    """Members matching ?q= for the pickers on the create pages (names, pinyin)."""
    q = (request.GET.get("q") or "").strip()
    if not q:
        return []
    qs = Member.objects.filter(status__in=ON_ROLL).filter(search_q(q)).select_related("org")
    return list(qs.order_by("name_pinyin", "id")[:20])


def _chosen(request) -> Member | None:
    pk = request.GET.get("member") or request.POST.get("member")
    if not (pk and str(pk).isdigit()):
        return None
    return Member.objects.filter(pk=pk, status__in=ON_ROLL).select_related("org").first()


# -- overview -----------------------------------------------------------------------


@org_view("welfare.visit:read")
def index(request, org_code):
    today = _today()
    with_cases = _may(request, "welfare.case:read")
    ctx = {
        "reminders": selectors.ReminderFeed(request.org, today, days=14, with_cases=with_cases)[
            :12
        ],
        "report": selectors.report(request.org, today.year),
        "visits": Visit.objects.select_related("member", "member__org").order_by("-date", "-id")[
            :8
        ],
        "batches": Batch.objects.order_by("-date", "-id")[:5],
        "counts": selectors.case_counts(request.org) if with_cases else None,
        "year": today.year,
    }
    return render(request, "welfare/index.html", ctx)


# -- hardship files -----------------------------------------------------------------


@org_view("welfare.case:read")
def case_list(request, org_code):
    qs = selectors.cases()
    state = request.GET.get("state", "")
    if state in CaseState.values:
        qs = qs.filter(state=state)
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(member__in=Member.objects.filter(search_q(q))))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "welfare/case_list.html",
        {
            "page_obj": page,
            "states": CaseState.choices,
            "state": state,
            "q": q,
            "due": selectors.reviews_due(request.org, _today(), 30).count(),
        },
    )


@org_view("welfare.case:write", methods=("GET", "POST"))
def case_create(request, org_code):
    member = _chosen(request)
    form = forms.CaseCreateForm(
        request.POST or None, initial={"member": member.pk if member else None}
    )
    data = dict(form.cleaned_data) if request.method == "POST" and form.is_valid() else None
    if data and (
        file := run(
            form, services.case_create, actor=request.user, member=data.pop("member"), data=data
        )
    ):
        messages.success(request, _("Hardship file %(n)s opened.") % {"n": file.number})
        return redirect("welfare:case", org_code=org_code, case_id=file.pk)
    return render(
        request,
        "welfare/case_form.html",
        {
            "form": form,
            "member": member,
            "found": _pick(request),
            "q": request.GET.get("q", ""),
            "lines": services.lines_for(request.org),
        },
    )


@org_view("welfare.case:read")
def case_detail(request, org_code, case_id):
    file = selectors.case_file(case_id)
    reveal = request.GET.get("reveal") == "1"
    if reveal and not _may(request, "members.sensitive:read"):
        raise PermissionDenied
    records.case_open(actor=request.user, file=file, reveal=reveal)
    ctx = {
        "file": file,
        "reveal": reveal,
        "household": file.household.all(),
        "measures": file.measures.all(),
        "reviews": file.reviews.select_related("reviewer"),
        "documents": file.documents.all(),
        "visits": Visit.objects.filter(member=file.member).order_by("-date")[:20],
        "step_form": forms.StepForm(),
        "household_form": forms.HouseholdForm(),
        "measure_form": forms.MeasureForm(),
        "review_form": forms.ReviewForm(initial={"date": _today()}),
        "document_form": forms.DocumentForm(),
        "steps": [s for s, (src, _t) in services.TRANSITIONS.items() if file.state in src],
        "may_write": _may(request, "welfare.case:write"),
    }
    return render(request, "welfare/case_detail.html", ctx)


@org_view("welfare.case:write", methods=("GET", "POST"))
def case_edit(request, org_code, case_id):
    file = selectors.case_file(case_id)
    initial = {k: getattr(file, k) for k in services.EDITABLE}
    form = forms.CaseForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and run(form, services.case_update, actor=request.user, file=file, data=form.cleaned_data)
    ):
        messages.success(request, _("Saved."))
        return redirect("welfare:case", org_code=org_code, case_id=file.pk)
    return render(
        request,
        "welfare/case_form.html",
        {"form": form, "file": file, "lines": services.lines_for(file.org)},
    )


@org_view("welfare.case:write", methods=("POST",))
def case_step(request, org_code, case_id, case_step):
    step = case_step
    file = selectors.case_file(case_id)
    if step not in services.TRANSITIONS:
        raise Http404
    form = forms.StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Fill in the date."))
    else:
        # A refusal goes back to the page through org_view.
        services.case_transition(actor=request.user, file=file, action=step, **form.cleaned_data)
        file.refresh_from_db()
        state = file.get_state_display()
        messages.success(request, _("Done: the file is now %(state)s.") % {"state": state})
    return redirect("welfare:case", org_code=org_code, case_id=file.pk)


def _form_errors(form) -> str:
    return "；".join(str(e) for errs in form.errors.values() for e in errs)


def _saved(request, form, service, *, whole: bool = False, **kwargs) -> None:
    """A small form posted from a page: `service` called with `kwargs` and the form's fields
    (or all of them as `data`, with `whole`), then "Saved."; or what is wrong with the form.
    A refusal goes back to the page through org_view."""
    if form.is_valid():
        fields = {"data": form.cleaned_data} if whole else form.cleaned_data
        service(actor=request.user, **kwargs, **fields)
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _form_errors(form))


def _on_case(request, case_id, form_class, service, *, part=None, **kwargs):
    """A small form posted on a file's page: `service` on the file, or on a `part` of it
    (model, keyword, id), then back to the file's page."""
    file = selectors.case_file(case_id)
    target = {"file": file}
    if part:
        model, name, pk = part
        target = {name: get_object_or_404(model, pk=pk, file=file)}
    _saved(request, form_class(request.POST, request.FILES), service, **target, **kwargs)
    return redirect("welfare:case", org_code=request.org.code, case_id=file.pk)


@org_view("welfare.case:write", methods=("POST",))
def household_add(request, org_code, case_id):
    return _on_case(request, case_id, forms.HouseholdForm, services.household_add, whole=True)


@org_view("welfare.case:write", methods=("POST",))
def household_leave(request, org_code, case_id, case_person_id):
    file = selectors.case_file(case_id)
    person = get_object_or_404(HouseholdMember, pk=case_person_id, file=file)
    form = forms.SickLeaveEndForm({"end": request.POST.get("date") or _today()})
    _saved(
        request,
        form,
        lambda actor, end: services.household_leave(actor=actor, person=person, date=end),
    )
    return redirect("welfare:case", org_code=org_code, case_id=file.pk)


@org_view("welfare.case:write", methods=("POST",))
def measure_add(request, org_code, case_id):
    return _on_case(request, case_id, forms.MeasureForm, services.measure_add, whole=True)


@org_view("welfare.case:write", methods=("POST",))
def measure_done(request, org_code, case_id, case_measure_id):
    part = (HelpMeasure, "measure", case_measure_id)
    return _on_case(request, case_id, forms.MeasureDoneForm, services.measure_done, part=part)


@org_view("welfare.case:write", methods=("POST",))
def review_add(request, org_code, case_id):
    return _on_case(request, case_id, forms.ReviewForm, services.case_review)


@org_view("welfare.case:write", methods=("POST",))
def document_add(request, org_code, case_id):
    return _on_case(request, case_id, forms.DocumentForm, services.document_add)


@org_view("welfare.case:read")
def document_download(request, org_code, case_id, case_document_id):
    file = selectors.case_file(case_id)
    doc = get_object_or_404(CaseDocument, pk=case_document_id, file=file)
    return document_response(request, file, doc)


def document_response(request, file: HardshipFile, doc: CaseDocument) -> HttpResponse:
    """A document of a file as a download, opened once on the record (pages and API)."""
    content = records.case_document_open(actor=request.user, file=file, doc=doc)
    return file_response(content, filename=doc.name, content_type="application/octet-stream")


def workbook(export, request, org, year: int) -> HttpResponse:
    """A year's workbook of `export` (records.case_export, records.visit_export)."""
    name, content = export(actor=request.user, org=org, year=year)
    return file_response(content, filename=name, content_type=XLSX)


@org_view("welfare.case:read")
def case_export(request, org_code):
    return workbook(records.case_export, request, request.org, year_param(request, _today().year))


# -- visits -------------------------------------------------------------------------


@org_view("welfare.visit:read")
def visit_list(request, org_code):
    year = year_param(request, _today().year)
    qs = selectors.visits(year)
    occasion = request.GET.get("occasion", "")
    if occasion in rules.OCCASIONS:
        qs = qs.filter(occasion=occasion)
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(member__in=Member.objects.filter(search_q(q)))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "welfare/visit_list.html",
        {
            "page_obj": page,
            "year": year,
            "occasion": occasion,
            "q": q,
            "occasions": rules.OCCASION_CHOICES,
        },
    )


def _visit_findings_preview(member, data) -> list:
    try:
        return services.findings_for(
            member=member,
            occasion=data.get("occasion", ""),
            festival=data.get("festival", ""),
            amount=data.get("amount") or 0,
            date=data.get("date") or _today(),
        )
    except Exception:  # noqa: BLE001 - only a preview; the service decides
        return []


@org_view("welfare.visit:write", methods=("GET", "POST"))
def visit_create(request, org_code):
    member = _chosen(request)
    occasion = request.GET.get("occasion", "")
    form = forms.VisitForm(
        request.POST or None,
        funds=_funds(request),
        initial={
            "member": member.pk if member else None,
            "occasion": occasion if occasion in rules.OCCASIONS else None,
            "visitors": str(request.user),
        },
    )
    data = dict(form.cleaned_data) if request.method == "POST" and form.is_valid() else None
    if data and (
        visit := run(
            form,
            services.visit_record,
            actor=request.user,
            member=data.pop("member"),
            override_reason=data.pop("override_reason", ""),
            may_override=_may(request, "welfare.override:approve"),
            data=data,
        )
    ):
        messages.success(request, _("Visit recorded."))
        return redirect("welfare:visit", org_code=org_code, visit_id=visit.pk)
    return render(
        request,
        "welfare/visit_form.html",
        {
            "form": form,
            "member": member,
            "found": _pick(request),
            "q": request.GET.get("q", ""),
            "year": selectors.person_year(member, _today().year) if member else None,
        },
    )


@org_view("welfare.visit:read")
def visit_detail(request, org_code, visit_id):
    visit = selectors.visit(visit_id)
    return render(
        request,
        "welfare/visit_detail.html",
        {
            "visit": visit,
            "booked": selectors.bookings([visit]).get(visit.pk),
            "reverse_form": forms.ReverseForm(),
            "may_cases": _may(request, "welfare.case:read"),
        },
    )


@org_view("welfare.visit:write", methods=("POST",))
def visit_reverse(request, org_code, visit_id):
    visit = selectors.visit(visit_id)
    form = forms.ReverseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason."))
    else:
        services.visit_reverse(actor=request.user, visit=visit, reason=form.cleaned_data["reason"])
        messages.success(
            request, _("Reversed: a red-ink voucher is with the accountant for review.")
        )
    return redirect("welfare:visit", org_code=org_code, visit_id=visit.pk)


@org_view("welfare.visit:write", methods=("POST",))
def visit_sign(request, org_code, visit_id):
    visit = selectors.visit(visit_id)
    services.visit_sign_off(
        actor=request.user, visit=visit, receipt=request.POST.get("receipt", "")
    )
    messages.success(request, _("Saved."))
    return redirect("welfare:visit", org_code=org_code, visit_id=visit.pk)


@org_view("welfare.visit:read")
def person(request, org_code, member_id):
    """One member's care record: visits and this year's totals beside the caps."""
    member = get_object_or_404(Member.objects.select_related("org"), pk=member_id)
    year = year_param(request, _today().year)
    files = None
    if _may(request, "welfare.case:read"):
        files = HardshipFile.objects.filter(member=member)
    return render(
        request,
        "welfare/person.html",
        {
            "member": member,
            "year": year,
            "totals": selectors.person_year(member, year),
            "visits": Visit.objects.filter(member=member).select_related("fund").order_by("-date"),
            "files": files,
        },
    )


# -- batches ------------------------------------------------------------------------


@org_view("welfare.visit:read")
def batch_list(request, org_code):
    return render(
        request,
        "welfare/batch_list.html",
        {"batches": Batch.objects.select_related("fund").order_by("-date", "-id")},
    )


def _batch_form(request, data=None) -> forms.BatchForm:
    url = reverse("welfare:batch_groups", kwargs={"org_code": request.org.code})
    return forms.BatchForm(
        data,
        funds=_funds(request),
        may_read_cases=_may(request, "welfare.case:read"),
        union=services.union_of(request.org),
        search_url=url,
        initial={"date": _today(), "visitors": str(request.user)},
    )


@org_view("welfare.visit:write", methods=("GET", "POST"))
def batch_create(request, org_code):
    form = _batch_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        selection, groups = data.pop("selection"), data.pop("group")
        if selection == "hardship" and not _may(request, "welfare.case:read"):
            raise PermissionDenied
        batch = run(
            form,
            services.batch_create,
            actor=request.user,
            org=request.org,
            data=data,
            selection=selection,
            group=[g.code for g in groups],
        )
        if batch:
            text = _(
                "Batch planned for %(n)s people; check the lines, print the sheet, then record "
                "the payouts."
            )
            messages.success(request, text % {"n": batch.lines.count()})
            return redirect("welfare:batch", org_code=org_code, visit_batch_id=batch.pk)
    return render(request, "welfare/batch_form.html", {"form": form})


@org_view("welfare.visit:write")
def batch_groups(request, org_code):
    """The batch form's group search (htmx): the groups ticked and those matching ?group_q=."""
    found = selectors.batch_group_choices(
        services.union_of(request.org),
        [i for i in request.GET.getlist("group") if i.isdigit()],
        (request.GET.get("group_q") or "").strip(),
    )
    return render(request, "welfare/_group_choices.html", {**found, "live": True})


@org_view("welfare.visit:read")
def batch_detail(request, org_code, visit_batch_id):
    batch = selectors.batch(visit_batch_id)
    lines = list(selectors.batch_lines(batch))
    findings = services.batch_findings(batch) if batch.state == Batch.State.DRAFT else {}
    total = sum((ln.amount for ln in lines), 0)
    return render(
        request,
        "welfare/batch_detail.html",
        {
            "batch": batch,
            "booked": selectors.batch_booking(batch),
            "lines": lines,
            "findings": findings,
            "broken": services.batch_broken_rules(batch, findings),
            "total": total,
            "total_shown": f"{total:,.2f}",
            "total_upper": rmb_upper(total),
            "found": _pick(request),
            "q": request.GET.get("q", ""),
            "blocked": _blocked(findings),
        },
    )


def _blocked(findings) -> bool:
    """Some line is not allowed at all (no override pays it)."""
    return any(f.code == "forbidden" for fs in findings.values() for f in fs)


@org_view("welfare.visit:write", methods=("POST",))
def batch_line_add(request, org_code, visit_batch_id):
    batch = selectors.batch(visit_batch_id)
    member = _chosen(request)
    if member is None:
        messages.error(request, _("Choose a member on the roll."))
    else:
        services.batch_line_add(actor=request.user, batch=batch, member=member)
        messages.success(request, _("%(name)s added.") % {"name": member.name})
    return redirect("welfare:batch", org_code=org_code, visit_batch_id=batch.pk)


@org_view("welfare.visit:write", methods=("POST",))
def batch_line_edit(request, org_code, visit_batch_id, batch_line_id):
    batch = selectors.batch(visit_batch_id)
    line = get_object_or_404(
        BatchLine.objects.select_related("batch"), pk=batch_line_id, batch=batch
    )
    if request.POST.get("remove"):
        services.batch_line_remove(actor=request.user, line=line)
        messages.success(request, _("Removed from the batch."))
    else:
        _saved(request, forms.LineForm(request.POST), services.batch_line_change, line=line)
    return redirect("welfare:batch", org_code=org_code, visit_batch_id=batch.pk)


@org_view("welfare.visit:read")
def batch_sheet(request, org_code, visit_batch_id):
    """The 慰问金发放表 (PDF) with a signature column."""
    return sheet_response(request, selectors.batch(visit_batch_id))


def sheet_response(request, batch: Batch) -> HttpResponse:
    """The sheet shown in the browser, its printing on the record (pages and API)."""
    name, pdf = records.batch_sheet_print(actor=request.user, batch=batch, request=request)
    return file_response(pdf, filename=name, content_type=PDF, inline=True)


@org_view("welfare.visit:write", methods=("GET", "POST"))
def batch_pay(request, org_code, visit_batch_id):
    """Paying a batch: a page showing how many people and how much, from which fund; the
    payouts are recorded only when the payer confirms those figures (POST), and refused
    if the batch changed in the meantime."""
    batch = selectors.batch(visit_batch_id)
    if batch.state != Batch.State.DRAFT:
        messages.info(request, _("This batch is paid; it is kept as it is."))
        return redirect("welfare:batch", org_code=org_code, visit_batch_id=batch.pk)
    count, total = services.batch_figures(batch)
    form = forms.PayForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        paid = run(
            form,
            services.batch_pay,
            actor=request.user,
            batch=batch,
            override_reason=d["override_reason"],
            may_override=_may(request, "welfare.override:approve"),
            expected=(d["count"], d["total"]),
        )
        if paid:
            booked = selectors.batch_booking(paid)
            messages.success(
                request,
                _("All payouts recorded: voucher %(number)s is with the accountant for review.")
                % {"number": booked.voucher.number}
                if booked
                else _("All visits recorded."),
            )
            return redirect("welfare:batch", org_code=org_code, visit_batch_id=batch.pk)
        # Refused (the batch changed, a rule, the fund): the page shows the figures as
        # they are now, and the confirmation carries those.
        count, total = services.batch_figures(batch)
    findings = services.batch_findings(batch)
    return render(
        request,
        "welfare/batch_pay.html",
        {
            "batch": batch,
            "form": form,
            "count": count,
            "total": total,
            "total_shown": f"{total:,.2f}",
            "total_upper": rmb_upper(total),
            "findings": findings,
            "broken": services.batch_broken_rules(batch, findings),
            "blocked": _blocked(findings),
        },
    )


# -- reminders, reports, rules ------------------------------------------------------


# How far ahead the reminders reach: a union plans its year (366 days); an upper union
# reads the month ahead of a whole district (a year's list of a district of a million
# is no work list, and counting it is a pass over the whole roll, #13 §9).
MAX_DAYS = 366
UPPER_MAX_DAYS = 31


def max_days(org) -> int:
    return UPPER_MAX_DAYS if org.kind == OrgKind.UPPER else MAX_DAYS


def days_param(params, org=None) -> int:
    """?days= for the reminders: 1 to max_days(org), 30 when missing or not a number."""
    most = MAX_DAYS if org is None else max_days(org)
    try:
        return max(1, min(int(params.get("days", 30)), most))
    except ValueError:
        return min(30, most)


REMINDERS_PER_PAGE = 50
LEAVES_SHOWN = 30


@org_view("welfare.visit:read")
def reminders(request, org_code):
    """What is coming up, a page at a time through the database (a district's roll is a
    million people), with the number of each kind; ?days= and ?kind= filter."""
    days = days_param(request.GET, request.org)
    feed = selectors.ReminderFeed(
        request.org,
        _today(),
        days=days,
        with_cases=_may(request, "welfare.case:read"),
        kind=request.GET.get("kind", ""),
    )
    leaves = SickLeave.objects.filter(end__isnull=True)
    return render(
        request,
        "welfare/reminders.html",
        {
            "page_obj": Paginator(feed, REMINDERS_PER_PAGE).get_page(request.GET.get("page")),
            "counts": [(k, selectors.KIND_LABELS[k], n) for k, n in feed.counts().items()],
            "kind": feed.kind,
            "days": days,
            "max_days": max_days(request.org),
            "labels": selectors.KIND_LABELS,
            "leaves": leaves.select_related("member").order_by("-start", "-id")[:LEAVES_SHOWN],
            "leave_count": leaves.count(),
            "leave_form": forms.SickLeaveForm(),
            "found": _pick(request),
            "q": request.GET.get("q", ""),
            "member": _chosen(request),
        },
    )


@org_view("welfare.visit:write", methods=("POST",))
def sick_leave_add(request, org_code):
    _saved(request, forms.SickLeaveForm(request.POST), services.sick_leave_record)
    return redirect("welfare:reminders", org_code=org_code)


@org_view("welfare.visit:write", methods=("POST",))
def sick_leave_end(request, org_code, sick_leave_id):
    leave = get_object_or_404(SickLeave, pk=sick_leave_id)
    _saved(request, forms.SickLeaveEndForm(request.POST), services.sick_leave_end, leave=leave)
    return redirect("welfare:reminders", org_code=org_code)


@org_view("welfare.visit:read")
def report(request, org_code):
    year = year_param(request, _today().year)
    ctx = {"r": selectors.report(request.org, year), "year": year}
    if _may(request, "welfare.case:read"):
        ctx["hardship"] = selectors.hardship_statistics(request.org, year)
    return render(request, "welfare/report.html", ctx)


@org_view("welfare.visit:read")
def report_export(request, org_code):
    return workbook(records.visit_export, request, request.org, year_param(request, _today().year))


@org_view("welfare.visit:read")
def rules_page(request, org_code):
    today = _today()
    region = request.org.rules_region()
    s = services.settings_for(request.org)
    return render(
        request,
        "welfare/rules.html",
        {
            "tables": rules.CAP_TABLES,
            "current": caps_for(request.org, today),  # the spending rules in force
            "region": region,
            "occasions": rules.OCCASIONS.values(),
            "lines": services.lines_for(request.org, today),
            "line_rows": selectors.region_lines(request.org),
            "settings": s,
            "line_form": forms.RegionLineForm(initial={"region": region}),
            "settings_form": forms.SettingsForm(
                initial={
                    "must_visit": s.must_visit,
                    "reminder_ages": ", ".join(map(str, s.reminder_ages)),
                    "retirement_age_male": s.retirement_age_male,
                    "retirement_age_female": s.retirement_age_female,
                    "long_sick_days": s.long_sick_days,
                }
            ),
            "caps_source": rules.CAPS_SOURCE,
            "spending_source": rules.SPENDING_SOURCE,
            "hardship_source": rules.HARDSHIP_SOURCE,
            "today": today,
        },
    )


@org_view("orgs.org:write", methods=("POST",))
def region_line_add(request, org_code):
    """Upper union staff (for their subtree) or a chair (for the union) set the lines."""
    form = forms.RegionLineForm(request.POST)
    _saved(request, form, services.region_line_set, org=request.org, whole=True)
    return redirect("welfare:rules", org_code=org_code)


@org_view("welfare.visit:write", methods=("POST",))
def settings_save(request, org_code):
    form = forms.SettingsForm(request.POST)
    _saved(request, form, services.settings_save, org=request.org, whole=True)
    return redirect("welfare:rules", org_code=org_code)
