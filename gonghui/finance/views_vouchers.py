"""Voucher pages: the list, the form (new, or a draft or returned voucher edited), the
记账凭证 itself with the actions its state allows the viewer, as POST buttons.

The form works without a script: six rows to start with, and "add a line" submits the
form to come back with one more row and everything typed kept; with htmx the same button
swaps only the lines. A refusal of the service stays on the form with what was typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view
from gonghui.core.files import serve_file
from gonghui.core.forms import run
from gonghui.core.params import parse_year
from gonghui.funds.models import Fund

from . import selectors, services, services_attachments
from .forms import (
    BLANK_ROWS,
    ReverseForm,
    VoucherFilterForm,
    VoucherForm,
    account_choices,
    line_formset,
    year_choices,
)
from .models import ZERO, Project, Voucher, VoucherAttachment, VoucherKind, VoucherState
from .selectors import chart_for
from .services_attachments import MAX_FILES, OPEN_STATES

PER_PAGE = 50
PREPARE = "finance.voucher:prepare"
PREFIX = "lines"


def _voucher(request, voucher_id: int) -> Voucher:
    # Through the scoped selector: another union's voucher is a 404.
    try:
        return selectors.voucher(request.org, voucher_id)
    except Voucher.DoesNotExist:
        raise Http404 from None


def _to_detail(org_code, voucher):
    return redirect("finance:voucher", org_code=org_code, voucher_id=voucher.pk)


# -- the list --------------------------------------------------------------------------
@org_view("finance.books:read")
def voucher_list(request, org_code):
    org = request.org
    asked_year = parse_year(request.GET.get("year"))
    form = VoucherFilterForm(request.GET or None, years=year_choices(around=asked_year))
    flt = form.cleaned_data if form.is_bound and form.is_valid() else {}
    batch = _import_batch(org, request.GET.get("batch"))
    qs = selectors.vouchers(
        org,
        year=flt.get("year") or None,
        month=flt.get("month") or None,
        state=flt.get("state") or "",
        import_batch=batch.pk if batch else None,
    )
    if batch is not None:  # in the books' order, as the import numbered them
        qs = qs.order_by("year", "month", "seq", "id")
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "finance/vouchers.html",
        {"page_obj": page, "form": form, "batch": batch},
    )


def _import_batch(org, text: str | None):
    """The voucher import `?batch=` names, if it is one of this union's; else None."""
    from gonghui.imports.models import ImportBatch

    if not text or not text.isdigit() or len(text) > 12:
        return None
    return ImportBatch.objects.filter(org=org, pk=int(text), kind=ImportBatch.Kind.VOUCHERS).first()


# -- the form --------------------------------------------------------------------------
def _typed(form) -> dict:
    """What was typed into a bound form, as the initial values of an unbound one."""
    return {name: form[name].value() for name in form.fields}


def _line_kwargs(org, voucher: Voucher | None) -> dict:
    lines = list(voucher.lines.all()) if voucher else []
    accounts = chart_for(org, timezone.localdate())
    used = [ln.project_id for ln in lines if ln.project_id]
    return {
        "accounts": account_choices(accounts, keep=tuple(ln.account_code for ln in lines)),
        "projects": Project.objects.filter(org=org).filter(Q(finished=False) | Q(pk__in=used)),
        "funds": Fund.objects.filter(org=org),
    }


def _initial_lines(voucher: Voucher) -> list[dict]:
    out = []
    for ln in voucher.lines.all():
        out.append(
            {
                "account": ln.account_code,
                "summary": ln.summary,
                "debit": f"{ln.debit:.2f}" if ln.debit else "",
                "credit": f"{ln.credit:.2f}" if ln.credit else "",
                "restricted": {True: "1", False: "0"}.get(ln.restricted, ""),
                "project": ln.project_id,
                "payee": ln.payee,
                "fund": ln.fund_id,
                "economic_class": ln.economic_class,
            }
        )
    return out


def _inputs(form, formset) -> list[services.LineInput]:
    summary = form.cleaned_data["summary"]
    lines = []
    for f in formset.filled():
        cd = f.cleaned_data
        lines.append(
            services.LineInput(
                account=cd["account"],
                debit=cd["debit"],
                credit=cd["credit"],
                # A line without its own summary carries the voucher's (每行都有摘要).
                summary=cd["summary"] or summary,
                restricted=f.restricted_value(),
                project=cd["project"],
                economic_class=cd["economic_class"],
                fund=cd["fund"],
                payee=cd["payee"],
            )
        )
    return lines


def _unbound_lines(formset, kwargs, *, more: int = 0):
    """The rows as typed (filled ones first, so 第 n 行 in a refusal is the n-th row on
    the page), as an unbound formset with `more` blank rows after them."""
    rows = [_typed(f) for f in formset.forms]
    filled = [r for r, f in zip(rows, formset.forms, strict=True) if f.has_changed()]
    blank = [r for r, f in zip(rows, formset.forms, strict=True) if not f.has_changed()]
    return line_formset(more)(initial=filled + blank, prefix=PREFIX, form_kwargs=kwargs)


def _voucher_form(request, org_code, voucher: Voucher | None):
    org = request.org
    kwargs = _line_kwargs(org, voucher)
    if request.method == "POST":
        form = VoucherForm(request.POST)
        formset = line_formset(0)(request.POST, prefix=PREFIX, form_kwargs=kwargs)
        if "add_line" in request.POST:
            form = VoucherForm(initial=_typed(form))
            formset = _unbound_lines(formset, kwargs, more=1)
            if request.htmx:
                return render(request, "finance/_voucher_lines.html", {"formset": formset})
        elif form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            common = {
                "actor": request.user,
                "date": data["date"],
                "summary": data["summary"],
                "lines": _inputs(form, formset),
                "attachments_count": data["attachments_count"] or 0,
            }
            if voucher is None:
                saved = run(form, services.voucher_create, org=org, **common)
            else:
                saved = run(form, services.voucher_update, voucher=voucher, **common)
            if saved:
                messages.success(request, _("The voucher was saved."))
                return _to_detail(org_code, saved)
            formset = _unbound_lines(formset, kwargs)
    elif voucher is not None:
        initial = _initial_lines(voucher)
        form = VoucherForm(
            initial={
                "date": voucher.date,
                "summary": voucher.summary,
                "attachments_count": voucher.attachments_count,
            }
        )
        formset = line_formset(max(BLANK_ROWS - len(initial), 2))(
            initial=initial, prefix=PREFIX, form_kwargs=kwargs
        )
    else:
        form = VoucherForm()
        formset = line_formset(BLANK_ROWS)(prefix=PREFIX, form_kwargs=kwargs)
    return render(
        request,
        "finance/voucher_form.html",
        {"form": form, "formset": formset, "voucher": voucher},
    )


@org_view("finance.voucher:prepare", methods=("GET", "POST"))
def voucher_create(request, org_code):
    return _voucher_form(request, org_code, None)


@org_view("finance.voucher:prepare", methods=("GET", "POST"))
def voucher_edit(request, org_code, voucher_id):
    voucher = _voucher(request, voucher_id)
    if voucher.state not in (VoucherState.DRAFT, VoucherState.REJECTED) or (
        voucher.kind == VoucherKind.REVERSAL
    ):
        messages.error(request, _("Only a draft or a returned voucher can be edited."))
        return _to_detail(org_code, voucher)
    return _voucher_form(request, org_code, voucher)


# -- the voucher -----------------------------------------------------------------------
def _actions(request, voucher: Voucher, *, reversed_already: bool) -> dict:
    """What the viewer may do with the voucher in its state (and why not review it)."""
    has = request.access.has
    state = voucher.state
    mine = voucher.prepared_by_id is not None and voucher.prepared_by_id == request.user.pk
    editable = state in (VoucherState.DRAFT, VoucherState.REJECTED)
    reviewable = state == VoucherState.SUBMITTED and has("finance.voucher:review")
    return {
        # A 红字 reversal's lines are the original's, negated: it is handed in again or
        # voided, never rewritten (the form takes no negative amounts).
        "edit": editable
        and voucher.kind != VoucherKind.REVERSAL
        and has("finance.voucher:prepare"),
        "submit": editable and has("finance.voucher:prepare"),
        "delete": state == VoucherState.DRAFT and has("finance.voucher:prepare"),
        "review": reviewable and not mine,
        "review_blocked": reviewable and mine,
        "reject": state in (VoucherState.SUBMITTED, VoucherState.REVIEWED)
        and has("finance.voucher:review"),
        "post": state == VoucherState.REVIEWED and has("finance.voucher:post"),
        "void": state in (VoucherState.SUBMITTED, VoucherState.REVIEWED, VoucherState.REJECTED)
        and has("finance.voucher:post"),
        "reverse": state == VoucherState.POSTED
        and has("finance.voucher:prepare")
        and voucher.kind not in (VoucherKind.REVERSAL, VoucherKind.CLOSING)
        and not voucher.reverses_id
        and not reversed_already,
    }


@org_view("finance.books:read")
def voucher_detail(request, org_code, voucher_id):
    voucher = _voucher(request, voucher_id)
    lines = list(voucher.lines.all())
    reversals = list(Voucher.objects.filter(org=request.org, reverses=voucher).order_by("id"))
    live = [r for r in reversals if r.state != VoucherState.VOIDED]
    actions = _actions(request, voucher, reversed_already=bool(live))
    files = list(voucher.files.select_related("uploaded_by"))
    return render(
        request,
        "finance/voucher.html",
        {
            "voucher": voucher,
            "lines": lines,
            "debit_total": sum((ln.debit for ln in lines), ZERO),
            "credit_total": sum((ln.credit for ln in lines), ZERO),
            "reversals": reversals,
            "actions": actions,
            "any_action": any(v for k, v in actions.items() if k != "review_blocked"),
            "reverse_form": ReverseForm(),
            "files": files,
            "can_attach": voucher.state in OPEN_STATES and request.access.has(PREPARE),
            "max_files": MAX_FILES,
        },
    )


# -- the original documents (原始凭证) ------------------------------------------------------
@org_view(PREPARE, methods=("POST",))
def voucher_attach(request, org_code, voucher_id):
    voucher = _voucher(request, voucher_id)
    uploads = request.FILES.getlist("files")
    if not uploads:
        messages.error(request, _("Choose the files to attach."))
        return _to_detail(org_code, voucher)
    # All or nothing: one refused file keeps the others out too (org_view says why).
    with transaction.atomic():
        for upload in uploads:
            services_attachments.voucher_attach(actor=request.user, voucher=voucher, upload=upload)
    messages.success(
        request,
        _("Files attached: %(count)s.") % {"count": len(uploads)},
    )
    return _to_detail(org_code, voucher)


def _file(request, voucher_id: int, voucher_file_id: int):
    voucher = _voucher(request, voucher_id)
    try:
        return voucher, voucher.files.get(pk=voucher_file_id)
    except VoucherAttachment.DoesNotExist:
        raise Http404 from None


@org_view("finance.books:read")
def voucher_file(request, org_code, voucher_id, voucher_file_id):
    _, att = _file(request, voucher_id, voucher_file_id)
    return serve_file(att.file, att.name, att.content_type)


@org_view(PREPARE, methods=("POST",))
def voucher_detach(request, org_code, voucher_id, voucher_file_id):
    voucher, att = _file(request, voucher_id, voucher_file_id)
    services_attachments.voucher_detach(actor=request.user, attachment=att)
    messages.success(request, _("%(name)s removed.") % {"name": att.name})
    return _to_detail(org_code, voucher)


def _step(request, org_code, voucher_id, do, done: str):
    voucher = _voucher(request, voucher_id)
    do(voucher)  # a refusal goes back to the voucher through org_view
    messages.success(request, done)
    return _to_detail(org_code, voucher)


@org_view("finance.voucher:prepare", methods=("POST",))
def voucher_submit(request, org_code, voucher_id):
    voucher = _voucher(request, voucher_id)
    # refused (a check's concern without a reason, say): back to the voucher via org_view
    services.voucher_submit(
        actor=request.user,
        voucher=voucher,
        override_reason=request.POST.get("override_reason", ""),
    )
    messages.success(request, _("Handed in for review as %(number)s.") % {"number": voucher.number})
    return _to_detail(org_code, voucher)


@org_view("finance.voucher:review", methods=("POST",))
def voucher_review(request, org_code, voucher_id):
    return _step(
        request,
        org_code,
        voucher_id,
        lambda v: services.voucher_review(actor=request.user, voucher=v),
        _("Reviewed."),
    )


@org_view("finance.voucher:review", methods=("POST",))
def voucher_reject(request, org_code, voucher_id):
    return _step(
        request,
        org_code,
        voucher_id,
        lambda v: services.voucher_reject(
            actor=request.user, voucher=v, reason=request.POST.get("reason", "")
        ),
        _("Returned to the preparer."),
    )


@org_view("finance.voucher:post", methods=("POST",))
def voucher_post(request, org_code, voucher_id):
    return _step(
        request,
        org_code,
        voucher_id,
        lambda v: services.voucher_post(actor=request.user, voucher=v),
        _("Posted to the books."),
    )


@org_view("finance.voucher:post", methods=("POST",))
def voucher_void(request, org_code, voucher_id):
    return _step(
        request,
        org_code,
        voucher_id,
        lambda v: services.voucher_void(
            actor=request.user, voucher=v, reason=request.POST.get("reason", "")
        ),
        _("The voucher was voided; its number stays used."),
    )


@org_view("finance.voucher:prepare", methods=("POST",))
def voucher_reverse(request, org_code, voucher_id):
    voucher = _voucher(request, voucher_id)
    form = ReverseForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            for e in errors:
                messages.error(request, f"{form.fields[name].label}：{e}")
        return _to_detail(org_code, voucher)
    reversal = services.voucher_reverse(actor=request.user, voucher=voucher, **form.cleaned_data)
    messages.success(
        request,
        _("Reversal %(number)s written and handed in for review.") % {"number": reversal.number},
    )
    return _to_detail(org_code, reversal)


@org_view("finance.voucher:prepare", methods=("POST",))
def voucher_delete(request, org_code, voucher_id):
    voucher = _voucher(request, voucher_id)
    services.voucher_delete(actor=request.user, voucher=voucher)  # refused: back via org_view
    messages.success(request, _("The draft was deleted."))
    return redirect("finance:vouchers", org_code=org_code)
