"""Care pages (关怀帮扶): hardship files, visits, batches, reminders, reports, rules.

Hardship files need welfare.case:read: every view of one is logged
("welfare.case.viewed") and phone numbers are masked unless a user with
members.sensitive:read asks to see them (logged too).
"""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.core.decorators import org_view
from gonghui.core.params import year_param
from gonghui.members.models import ON_ROLL, Member
from gonghui.members.selectors import search_q

from . import forms, rules, selectors, services
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

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _today() -> dt.date:
    return timezone.localdate()


def _may(request, perm: str) -> bool:
    return request.access.has(perm)


def _funds(request):
    from gonghui.funds.services import funds_for

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
        "reminders": selectors.reminders(request.org, today, days=14, with_cases=with_cases)[:12],
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


def _file(request, case_id) -> HardshipFile:
    return get_object_or_404(
        HardshipFile.objects.select_related("member", "member__org", "org"), pk=case_id
    )


@org_view("welfare.case:read")
def case_list(request, org_code):
    qs = HardshipFile.objects.select_related("member", "member__org").order_by("-applied_on", "-id")
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
        {"page_obj": page, "states": CaseState.choices, "state": state, "q": q,
         "due": selectors.reviews_due(request.org, _today(), 30).count()},
    )  # fmt: skip


@org_view("welfare.case:write", methods=("GET", "POST"))
def case_create(request, org_code):
    member = _chosen(request)
    form = forms.CaseCreateForm(
        request.POST or None, initial={"member": member.pk if member else None}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        who = data.pop("member")
        try:
            file = services.case_create(actor=request.user, member=who, data=data)
        except services.WelfareError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Hardship file %(n)s opened.") % {"n": file.number})
            return redirect("welfare:case", org_code=org_code, case_id=file.pk)
    return render(
        request,
        "welfare/case_form.html",
        {"form": form, "member": member, "found": _pick(request), "q": request.GET.get("q", ""),
         "lines": services.lines_for(request.org)},
    )  # fmt: skip


@org_view("welfare.case:read")
def case_detail(request, org_code, case_id):
    file = _file(request, case_id)
    reveal = request.GET.get("reveal") == "1"
    if reveal and not _may(request, "members.sensitive:read"):
        raise PermissionDenied
    # Every view of a household's file is on the record (who looked, when, from where).
    audit.record("welfare.case.viewed", obj=file, note=_("Full phone shown") if reveal else "")
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
    file = _file(request, case_id)
    initial = {k: getattr(file, k) for k in services.EDITABLE}
    form = forms.CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(actor=request.user, file=file, data=form.cleaned_data)
        except services.WelfareError as exc:
            form.add_error(None, str(exc))
        else:
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
    file = _file(request, case_id)
    if step not in services.TRANSITIONS:
        raise Http404
    form = forms.StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Fill in the date."))
    else:
        try:
            services.case_transition(
                actor=request.user, file=file, action=step, note=form.cleaned_data["note"],
                date=form.cleaned_data["date"], exit_reason=form.cleaned_data["exit_reason"],
            )  # fmt: skip
        except services.WelfareError as exc:
            messages.error(request, str(exc))
        else:
            file.refresh_from_db()
            messages.success(request, _("Done: the file is now %(state)s.")
                             % {"state": file.get_state_display()})  # fmt: skip
    return redirect("welfare:case", org_code=org_code, case_id=file.pk)


def _form_errors(form) -> str:
    return "；".join(str(e) for errs in form.errors.values() for e in errs)


def _case_action(request, org_code, file, form, run):
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except services.WelfareError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _form_errors(form))
    return redirect("welfare:case", org_code=org_code, case_id=file.pk)


@org_view("welfare.case:write", methods=("POST",))
def household_add(request, org_code, case_id):
    file = _file(request, case_id)
    return _case_action(
        request,
        org_code,
        file,
        forms.HouseholdForm(request.POST),
        lambda d: services.household_add(actor=request.user, file=file, data=d),
    )


@org_view("welfare.case:write", methods=("POST",))
def household_leave(request, org_code, case_id, case_person_id):
    file = _file(request, case_id)
    person = get_object_or_404(HouseholdMember, pk=case_person_id, file=file)
    form = forms.SickLeaveEndForm({"end": request.POST.get("date") or _today()})
    return _case_action(
        request, org_code, file, form,
        lambda d: services.household_leave(actor=request.user, person=person, date=d["end"]),
    )  # fmt: skip


@org_view("welfare.case:write", methods=("POST",))
def measure_add(request, org_code, case_id):
    file = _file(request, case_id)
    return _case_action(
        request,
        org_code,
        file,
        forms.MeasureForm(request.POST),
        lambda d: services.measure_add(actor=request.user, file=file, data=d),
    )


@org_view("welfare.case:write", methods=("POST",))
def measure_done(request, org_code, case_id, case_measure_id):
    file = _file(request, case_id)
    measure = get_object_or_404(HelpMeasure, pk=case_measure_id, file=file)
    return _case_action(
        request, org_code, file, forms.MeasureDoneForm(request.POST),
        lambda d: services.measure_done(actor=request.user, measure=measure, date=d["date"],
                                        result=d["result"]),
    )  # fmt: skip


@org_view("welfare.case:write", methods=("POST",))
def review_add(request, org_code, case_id):
    file = _file(request, case_id)
    return _case_action(
        request, org_code, file, forms.ReviewForm(request.POST),
        lambda d: services.case_review(actor=request.user, file=file, **d),
    )  # fmt: skip


@org_view("welfare.case:write", methods=("POST",))
def document_add(request, org_code, case_id):
    file = _file(request, case_id)
    return _case_action(
        request, org_code, file, forms.DocumentForm(request.POST, request.FILES),
        lambda d: services.document_add(actor=request.user, file=file, upload=d["upload"],
                                        kind=d["kind"]),
    )  # fmt: skip


@org_view("welfare.case:read")
def document_download(request, org_code, case_id, case_document_id):
    file = _file(request, case_id)
    doc = get_object_or_404(CaseDocument, pk=case_document_id, file=file)
    audit.record("welfare.case.document_opened", obj=file, note=str(doc))
    with doc.upload.open("rb") as handle:  # at most 10 MB: read whole, not streamed
        return _download(handle.read(), "application/octet-stream", doc.name)


@org_view("welfare.case:read")
def case_export(request, org_code):
    """The list for the upper union's 帮扶 statistics, as .xlsx."""
    from .exports import HardshipExporter

    year = year_param(request, _today().year)
    exporter = HardshipExporter(user=request.user, org=request.org, options={"year": year})
    buf = io.BytesIO()
    n = exporter.write_xlsx(buf)
    audit.record("welfare.case.exported", org=request.org, changes={"rows": [None, n]})
    return _download(buf.getvalue(), XLSX, f"困难职工帮扶统计-{request.org.name}-{year}.xlsx")


def _download(content: bytes, content_type: str, filename: str, inline=False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    kind = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{kind}; filename*=UTF-8''{quote(filename)}"
    return response


# -- visits -------------------------------------------------------------------------


@org_view("welfare.visit:read")
def visit_list(request, org_code):
    year = year_param(request, _today().year)
    qs = Visit.objects.filter(date__year=year).select_related("member", "member__org", "fund")
    occasion = request.GET.get("occasion", "")
    if occasion in rules.OCCASIONS:
        qs = qs.filter(occasion=occasion)
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(member__in=Member.objects.filter(search_q(q)))
    page = Paginator(qs.order_by("-date", "-id"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "welfare/visit_list.html",
        {"page_obj": page, "year": year, "occasion": occasion, "q": q,
         "occasions": rules.OCCASION_CHOICES},
    )  # fmt: skip


def _visit_findings_preview(member, data) -> list:
    try:
        return services.findings_for(
            member=member, occasion=data.get("occasion", ""), festival=data.get("festival", ""),
            amount=data.get("amount") or 0, date=data.get("date") or _today(),
        )  # fmt: skip
    except Exception:  # noqa: BLE001 - only a preview; the service decides
        return []


@org_view("welfare.visit:write", methods=("GET", "POST"))
def visit_create(request, org_code):
    member = _chosen(request)
    occasion = request.GET.get("occasion", "")
    form = forms.VisitForm(
        request.POST or None,
        funds=_funds(request),
        initial={"member": member.pk if member else None,
                 "occasion": occasion if occasion in rules.OCCASIONS else None,
                 "visitors": str(request.user)},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        who = data.pop("member")
        reason = data.pop("override_reason", "")
        try:
            visit = services.visit_record(
                actor=request.user, member=who, data=data, override_reason=reason,
                may_override=_may(request, "welfare.override:approve"),
            )  # fmt: skip
        except services.WelfareError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Visit recorded."))
            return redirect("welfare:visit", org_code=org_code, visit_id=visit.pk)
    return render(
        request,
        "welfare/visit_form.html",
        {"form": form, "member": member, "found": _pick(request), "q": request.GET.get("q", ""),
         "year": selectors.person_year(member, _today().year) if member else None},
    )  # fmt: skip


def _visit(visit_id) -> Visit:
    return get_object_or_404(
        Visit.objects.select_related("member", "member__org", "fund", "fund_entry",
                                     "reversal_entry", "batch", "recorded_by", "override_by"),
        pk=visit_id,
    )  # fmt: skip


@org_view("welfare.visit:read")
def visit_detail(request, org_code, visit_id):
    visit = _visit(visit_id)
    return render(
        request,
        "welfare/visit_detail.html",
        {"visit": visit, "reverse_form": forms.ReverseForm(),
         "may_cases": _may(request, "welfare.case:read")},
    )  # fmt: skip


@org_view("welfare.visit:write", methods=("POST",))
def visit_reverse(request, org_code, visit_id):
    visit = _visit(visit_id)
    form = forms.ReverseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason."))
    else:
        try:
            services.visit_reverse(actor=request.user, visit=visit,
                                   reason=form.cleaned_data["reason"])  # fmt: skip
        except services.WelfareError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Reversed: the fund has the reversing entry."))
    return redirect("welfare:visit", org_code=org_code, visit_id=visit.pk)


@org_view("welfare.visit:write", methods=("POST",))
def visit_sign(request, org_code, visit_id):
    visit = _visit(visit_id)
    try:
        services.visit_sign_off(actor=request.user, visit=visit,
                                receipt=request.POST.get("receipt", ""))  # fmt: skip
    except services.WelfareError as exc:
        messages.error(request, str(exc))
    else:
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
        {"member": member, "year": year, "totals": selectors.person_year(member, year),
         "visits": Visit.objects.filter(member=member).select_related("fund").order_by("-date"),
         "files": files},
    )  # fmt: skip


# -- batches ------------------------------------------------------------------------


def _batch(visit_batch_id) -> Batch:
    return get_object_or_404(Batch.objects.select_related("fund", "org"), pk=visit_batch_id)


@org_view("welfare.visit:read")
def batch_list(request, org_code):
    return render(
        request,
        "welfare/batch_list.html",
        {"batches": Batch.objects.select_related("fund").order_by("-date", "-id")},
    )


@org_view("welfare.visit:write", methods=("GET", "POST"))
def batch_create(request, org_code):
    may_cases = _may(request, "welfare.case:read")
    form = forms.BatchForm(request.POST or None, funds=_funds(request), may_read_cases=may_cases,
                           initial={"date": _today(), "visitors": str(request.user)})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        selection, group = data.pop("selection"), data.pop("group")
        if selection == "hardship" and not may_cases:
            raise PermissionDenied
        try:
            batch = services.batch_create(actor=request.user, org=request.org, data=data,
                                          selection=selection, group=group)  # fmt: skip
        except services.WelfareError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Batch planned for %(n)s people; check the lines, print "
                                        "the sheet, then record the payouts.")
                             % {"n": batch.lines.count()})  # fmt: skip
            return redirect("welfare:batch", org_code=org_code, visit_batch_id=batch.pk)
    from gonghui.orgs.models import Organisation, OrgKind

    groups = Organisation.objects.filter(kind__in=[OrgKind.GROUP, OrgKind.BRANCH]).order_by("path")
    return render(request, "welfare/batch_form.html", {"form": form, "groups": groups})


@org_view("welfare.visit:read")
def batch_detail(request, org_code, visit_batch_id):
    batch = _batch(visit_batch_id)
    lines = list(batch.lines.select_related("member", "member__org", "visit").order_by("id"))
    findings = services.batch_findings(batch) if batch.state == Batch.State.DRAFT else {}
    total = sum((ln.amount for ln in lines), 0)
    from gonghui.funds.money import rmb_upper

    return render(
        request,
        "welfare/batch_detail.html",
        {"batch": batch, "lines": lines, "findings": findings, "total": total,
         "total_upper": rmb_upper(total), "pay_form": forms.PayForm(),
         "found": _pick(request), "q": request.GET.get("q", ""),
         "blocked": any(f.code == "forbidden" for fs in findings.values() for f in fs)},
    )  # fmt: skip


@org_view("welfare.visit:write", methods=("POST",))
def batch_line_add(request, org_code, visit_batch_id):
    batch = _batch(visit_batch_id)
    member = _chosen(request)
    if member is None:
        messages.error(request, _("Choose a member on the roll."))
    else:
        try:
            services.batch_line_add(actor=request.user, batch=batch, member=member)
        except services.WelfareError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(name)s added.") % {"name": member.name})
    return redirect("welfare:batch", org_code=org_code, visit_batch_id=batch.pk)


@org_view("welfare.visit:write", methods=("POST",))
def batch_line_edit(request, org_code, visit_batch_id, batch_line_id):
    batch = _batch(visit_batch_id)
    line = get_object_or_404(BatchLine.objects.select_related("batch"), pk=batch_line_id,
                             batch=batch)  # fmt: skip
    try:
        if request.POST.get("remove"):
            services.batch_line_remove(actor=request.user, line=line)
            messages.success(request, _("Removed from the batch."))
        else:
            form = forms.LineForm(request.POST)
            if not form.is_valid():
                raise services.WelfareError(_form_errors(form))
            services.batch_line_change(actor=request.user, line=line, **form.cleaned_data)
            messages.success(request, _("Saved."))
    except services.WelfareError as exc:
        messages.error(request, str(exc))
    return redirect("welfare:batch", org_code=org_code, visit_batch_id=batch.pk)


@org_view("welfare.visit:read")
def batch_sheet(request, org_code, visit_batch_id):
    """The 慰问金发放表 (PDF) with a signature column."""
    from .sheet import render_sheet, sheet_filename

    batch = _batch(visit_batch_id)
    pdf = render_sheet(batch, request)
    audit.record("welfare.batch.sheet_printed", obj=batch)
    return _download(pdf, "application/pdf", sheet_filename(batch), inline=True)


@org_view("welfare.visit:write", methods=("POST",))
def batch_pay(request, org_code, visit_batch_id):
    batch = _batch(visit_batch_id)
    form = forms.PayForm(request.POST)
    form.is_valid()
    try:
        services.batch_pay(
            actor=request.user, batch=batch,
            override_reason=form.cleaned_data.get("override_reason", ""),
            may_override=_may(request, "welfare.override:approve"),
        )  # fmt: skip
    except services.WelfareError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("All payouts recorded in the fund."))
    return redirect("welfare:batch", org_code=org_code, visit_batch_id=batch.pk)


# -- reminders, reports, rules ------------------------------------------------------


@org_view("welfare.visit:read")
def reminders(request, org_code):
    try:
        days = max(1, min(int(request.GET.get("days", 30)), 366))
    except ValueError:
        days = 30
    items = selectors.reminders(request.org, _today(), days=days,
                                with_cases=_may(request, "welfare.case:read"))  # fmt: skip
    return render(
        request,
        "welfare/reminders.html",
        {"items": items, "days": days, "labels": selectors.KIND_LABELS,
         "leaves": SickLeave.objects.filter(end__isnull=True).select_related("member"),
         "leave_form": forms.SickLeaveForm(), "found": _pick(request),
         "q": request.GET.get("q", ""), "member": _chosen(request)},
    )  # fmt: skip


@org_view("welfare.visit:write", methods=("POST",))
def sick_leave_add(request, org_code):
    form = forms.SickLeaveForm(request.POST)
    if form.is_valid():
        try:
            services.sick_leave_record(actor=request.user, **form.cleaned_data)
        except services.WelfareError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _form_errors(form))
    return redirect("welfare:reminders", org_code=org_code)


@org_view("welfare.visit:write", methods=("POST",))
def sick_leave_end(request, org_code, sick_leave_id):
    leave = get_object_or_404(SickLeave, pk=sick_leave_id)
    form = forms.SickLeaveEndForm(request.POST)
    if form.is_valid():
        try:
            services.sick_leave_end(actor=request.user, leave=leave, end=form.cleaned_data["end"])
        except services.WelfareError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _form_errors(form))
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
    from .exports import VisitExporter

    year = year_param(request, _today().year)
    exporter = VisitExporter(user=request.user, org=request.org, options={"year": year})
    buf = io.BytesIO()
    n = exporter.write_xlsx(buf)
    audit.record("welfare.visits.exported", org=request.org, changes={"rows": [None, n]})
    return _download(buf.getvalue(), XLSX, f"慰问明细-{request.org.name}-{year}.xlsx")


@org_view("welfare.visit:read")
def rules_page(request, org_code):
    today = _today()
    region = services.region_of(request.org)
    s = services.settings_for(request.org)
    return render(
        request,
        "welfare/rules.html",
        {"tables": rules.CAP_TABLES, "current": rules.cap_table(region, today), "region": region,
         "occasions": rules.OCCASIONS.values(), "lines": services.lines_for(request.org, today),
         "line_rows": _line_rows(request.org), "settings": s,
         "line_form": forms.RegionLineForm(initial={"region": region}),
         "settings_form": forms.SettingsForm(initial={
             "must_visit": s.must_visit, "reminder_ages": ", ".join(map(str, s.reminder_ages)),
             "retirement_age_male": s.retirement_age_male,
             "retirement_age_female": s.retirement_age_female,
             "long_sick_days": s.long_sick_days}),
         "caps_source": rules.CAPS_SOURCE, "spending_source": rules.SPENDING_SOURCE,
         "hardship_source": rules.HARDSHIP_SOURCE, "today": today},
    )  # fmt: skip


def _line_rows(org):
    from .models import RegionLine

    setters = [*org.ancestor_ids(), org.pk]
    return RegionLine._base_manager.filter(org_id__in=setters).select_related("org")


@org_view("orgs.org:write", methods=("POST",))
def region_line_add(request, org_code):
    """Upper union staff (for their subtree) or a chair (for the union) set the lines."""
    form = forms.RegionLineForm(request.POST)
    if form.is_valid():
        try:
            services.region_line_set(actor=request.user, org=request.org, data=form.cleaned_data)
        except services.WelfareError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _form_errors(form))
    return redirect("welfare:rules", org_code=org_code)


@org_view("welfare.visit:write", methods=("POST",))
def settings_save(request, org_code):
    form = forms.SettingsForm(request.POST)
    if form.is_valid():
        try:
            services.settings_save(actor=request.user, org=request.org, data=form.cleaned_data)
        except services.WelfareError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _form_errors(form))
    return redirect("welfare:rules", org_code=org_code)
