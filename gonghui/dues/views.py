"""Pages of the dues: the month's grid (generate, book), the payroll deduction list out and
back in (with a preview), the group leaders' cash collection, the arrears, the union's
rounding, and a member's own dues on the phone (我的会费)."""

from __future__ import annotations

import base64
import datetime as dt

from django.contrib import messages
from django.core import signing
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import back_url, org_view
from gonghui.core.files import XLSX, file_response
from gonghui.core.forms import run
from gonghui.core.params import check_month, check_year
from gonghui.funds import money
from gonghui.members.selectors import own_member

from . import selectors, services
from .forms import ExemptForm, ImportForm, PayForm, PostForm, SettingsForm
from .models import State

WRITE, COLLECT = "finance.dues:write", "finance.dues:collect"
IMPORT_SALT = "gonghui.dues.deductions"
IMPORT_MAX_AGE = 3600  # a preview is confirmed within the hour


def _month(year, month) -> dt.date:
    return dt.date(check_year(year), check_month(month), 1)


def _line(request, dues_line_id):
    # Through the scoped selector: another union's line, or another group's, is a 404.
    return get_object_or_404(selectors.lines(request.org), pk=dues_line_id)


def _month_url(org_code, first: dt.date):
    return redirect("dues:month", org_code=org_code, year=first.year, month=first.month)


def _picked_month(request) -> dt.date | None:
    """?month=2026-03 (the collection list's filter), None when absent or not a month."""
    raw = request.GET.get("month", "")
    try:
        return dt.datetime.strptime(raw, "%Y-%m").date() if raw else None
    except ValueError:
        return None


@org_view(COLLECT)
def index(request, org_code):
    """The cadres to this month's grid, group leaders to their collection list."""
    if request.access.has(WRITE) and request.org.is_union:
        return _month_url(org_code, timezone.localdate().replace(day=1))
    return redirect("dues:cash", org_code=org_code)


@org_view(WRITE)
def month(request, org_code, year, month):
    first = _month(year, month)
    ctx = {"month": first, "union": request.org if request.org.is_union else None}
    if ctx["union"] is not None:
        state, q = request.GET.get("state", ""), request.GET.get("q", "")
        rows = selectors.lines(request.org, month=first, state=state, q=q)
        ctx |= {
            "page_obj": Paginator(rows, 100).get_page(request.GET.get("page")),
            "summary": selectors.month_summary(request.org, first.year, first.month),
            "states": State.choices,
            "state": state,
            "q": q,
            "previous": selectors.add_months(first, -1),
            "next": selectors.add_months(first, 1),
            "post_form": PostForm(union=request.org),
            "exempt_form": ExemptForm(),
            "full_ids": request.access.has("members.sensitive:read"),
        }
    return render(request, "dues/month.html", ctx)


@org_view(WRITE, methods=("POST",))
def generate(request, org_code, year, month):
    first = _month(year, month)
    s = services.dues_month_generate(
        actor=request.user, org=request.org, year=first.year, month=first.month
    )
    messages.success(
        request,
        _("%(month)s: %(created)s lines added, %(updated)s updated, %(removed)s removed.")
        % {"month": s.key, "created": s.created, "updated": s.updated, "removed": s.removed},
    )
    return _month_url(org_code, first)


@org_view(WRITE, methods=("POST",))
def post(request, org_code, year, month):
    first = _month(year, month)
    form = PostForm(request.POST, union=request.org)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _month_url(org_code, first)
    s = services.dues_month_post(
        actor=request.user, org=request.org, year=first.year, month=first.month, **form.cleaned_data
    )
    messages.success(
        request,
        _("Booked as voucher %(number)s, handed in for review.") % {"number": s.voucher},
    )
    return _month_url(org_code, first)


@org_view(WRITE)
def deductions(request, org_code, year, month):
    """The deduction list for payroll (.xlsx); full ID numbers only with the right to them."""
    first = _month(year, month)
    full = request.GET.get("full") == "1" and request.access.has("members.sensitive:read")
    name, content = services.dues_deductions_export(
        actor=request.user, org=request.org, year=first.year, month=first.month, full_ids=full
    )
    return file_response(content, filename=name, content_type=XLSX)


@org_view(WRITE, methods=("GET", "POST"))
def deducted(request, org_code, year, month):
    """What payroll deducted: upload, see every row, confirm (all rows or none)."""
    first = _month(year, month)
    where = {"org": request.org, "year": first.year, "month": first.month}
    token = request.POST.get("token")
    if token:
        try:
            kept = signing.loads(token, salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
        except signing.BadSignature:
            messages.error(request, _("The preview has expired; upload the file again."))
            return redirect("dues:deducted", org_code=org_code, year=first.year, month=first.month)
        if kept["org"] != request.org.pk or kept["month"] != selectors.month_key(first):
            raise Http404
        file = ContentFile(base64.b64decode(kept["data"]), name=kept["name"])
        done = services.dues_deductions_import(actor=request.user, file=file, **where)
        messages.success(
            request,
            _("%(n)s lines marked paid by payroll deduction (%(total)s yuan).")
            % {"n": done.counts["pay"], "total": money.fmt_amount(done.total)},
        )
        return _month_url(org_code, first)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = confirm = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        upload.seek(0)
        preview = run(form, services.dues_deductions_preview, file=upload, **where)
        if preview is not None and not preview.errors:
            kept = {
                "org": request.org.pk,
                "month": selectors.month_key(first),
                "name": upload.name,
                "data": base64.b64encode(data).decode(),
            }
            confirm = signing.dumps(kept, salt=IMPORT_SALT, compress=True)
    ctx = {"month": first, "form": form, "preview": preview, "token": confirm}
    return render(request, "dues/deducted.html", ctx)


@org_view(WRITE, methods=("POST",))
def exempt(request, org_code, dues_line_id):
    line = _line(request, dues_line_id)
    form = ExemptForm(request.POST)
    if form.is_valid():
        services.dues_exempt(actor=request.user, line=line, reason=form.cleaned_data["reason"])
        messages.success(request, _("Saved."))
    return redirect(back_url(request))


@org_view(COLLECT)
def cash(request, org_code):
    """The lines still unpaid in the group (or union): cash collected, receipt given."""
    picked, q = _picked_month(request), request.GET.get("q", "")
    rows = selectors.to_collect(request.org, month=picked, q=q)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    ctx = {"page_obj": page, "month": picked, "q": q, "today": timezone.localdate()}
    return render(request, "dues/cash.html", ctx)


@org_view(COLLECT, methods=("POST",))
def pay(request, org_code, dues_line_id):
    line = _line(request, dues_line_id)
    form = PayForm(request.POST, line=line)
    paid = form.is_valid() and run(
        form, services.dues_cash_record, actor=request.user, line=line, **form.cleaned_data
    )
    if request.htmx:
        row = paid or line
        return render(request, "dues/_cash_row.html", {"line": row, "form": form, "done": paid})
    if paid:
        messages.success(request, _("Recorded: receipt %(no)s.") % {"no": paid.receipt_no})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(back_url(request))


@org_view(COLLECT)
def arrears(request, org_code):
    page = Paginator(selectors.arrears(request.org), 50).get_page(request.GET.get("page"))
    return render(request, "dues/arrears.html", {"page_obj": page})


@org_view(WRITE, methods=("GET", "POST"))
def settings_page(request, org_code):
    union = request.org if request.org.is_union else None
    form = SettingsForm(request.POST or None, instance=selectors.settings_of(union or request.org))
    if union is not None and request.method == "POST" and form.is_valid():
        rounding = form.cleaned_data["rounding"]
        if run(
            form, services.dues_settings_update, actor=request.user, org=union, rounding=rounding
        ):
            messages.success(request, _("Saved."))
            return redirect("dues:settings", org_code=org_code)
    return render(request, "dues/settings.html", {"form": form, "union": union})


# -- one's own ---------------------------------------------------------------------------
@org_view("self:read")
def me(request, org_code):
    """我的会费: the member's own months, newest first, and what is still open."""
    member = own_member(request.user)
    ctx = {"member": member}
    if member is not None:
        rows = selectors.my_dues(member)
        ctx |= {
            "page_obj": Paginator(rows, 24).get_page(request.GET.get("page")),
            "arrears": selectors.unpaid_runs(rows).get(member.pk),
        }
    return render(request, "dues/me.html", ctx)


@org_view("self:read")
def me_line(request, org_code, dues_line_id):
    member = own_member(request.user)
    if member is None:
        raise Http404
    line = get_object_or_404(selectors.my_dues(member), pk=dues_line_id)
    return render(request, "dues/me_line.html", {"line": line})
