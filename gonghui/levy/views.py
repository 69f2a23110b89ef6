"""The levy funds pages: the union's (arrivals, remittances, receivables, reminders) and
the upper union's (its unions with the share owed; reminders; the split rule)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view
from gonghui.core.forms import run
from gonghui.core.params import year_param
from gonghui.orgs.models import OrgKind

from . import rules, selectors, services
from .forms import (
    ArrivalForm,
    DayForm,
    ReceivableForm,
    ReminderForm,
    RemitForm,
    SplitRuleForm,
)

READ, WRITE, SEND = "levy.levy:read", "levy.levy:write", "levy.reminder:send"
RULE = "levy.rule:write"


def _index(org_code):
    return redirect("levy:index", org_code=org_code)


@org_view(READ)
def index(request, org_code):
    org = request.org
    if org.kind == OrgKind.UPPER:
        return redirect("levy:unions", org_code=org_code)
    today = timezone.localdate()
    year = year_param(request)
    ctx = {
        "summary": selectors.summary(org, year, today) if org.is_union else None,
        "arrivals": selectors.arrivals(org, year) if org.is_union else [],
        "remittances": selectors.remittances(org)[:20] if org.is_union else [],
        "receivables": selectors.receivables(org) if org.is_union else [],
        "year": year,
        "years": range(today.year, today.year - 6, -1),
        "can_write": request.access.has(WRITE) and org.is_union,
        "rate_source": rules.LEVY_RATE_SOURCE,
    }
    return render(request, "levy/index.html", ctx)


@org_view(WRITE, methods=("GET", "POST"))
def arrival_new(request, org_code):
    form = ArrivalForm(request.POST or None, initial={"received_on": timezone.localdate()})
    preview = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        commit = "save" in request.POST
        result = run(
            form,
            services.arrival_record,
            actor=request.user,
            org=request.org,
            commit=commit,
            **data,
        )
        if result is not None and commit:
            messages.success(
                request, _("Recorded; voucher %(number)s.") % {"number": result.voucher.number}
            )
            return _index(org_code)
        preview = result
    return render(request, "levy/arrival_form.html", {"form": form, "preview": preview})


@org_view(WRITE, methods=("POST",))
def arrival_transfer(request, org_code, arrival_id):
    arrival = get_object_or_404(selectors.arrivals(request.org), pk=arrival_id)
    form = DayForm(request.POST)
    on = form.cleaned_data["on"] if form.is_valid() else None
    done = services.arrival_transfer(actor=request.user, arrival=arrival, transferred_on=on)
    messages.success(
        request, _("Recorded; voucher %(number)s.") % {"number": done.transfer_voucher.number}
    )
    return _index(org_code)


@org_view(WRITE, methods=("GET", "POST"))
def remit(request, org_code):
    form = RemitForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = run(
            form, services.share_remit, actor=request.user, org=request.org, **form.cleaned_data
        )
        if done is not None:
            messages.success(
                request, _("Recorded; voucher %(number)s.") % {"number": done.voucher.number}
            )
            return _index(org_code)
    owed = selectors.owed(request.org) if request.org.is_union else None
    return render(request, "levy/remit_form.html", {"form": form, "owed": owed})


@org_view(WRITE, methods=("GET", "POST"))
def receivable_new(request, org_code):
    form = ReceivableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run(
            form, services.receivable_book, actor=request.user, org=request.org, **form.cleaned_data
        )
        if done is not None:
            messages.success(
                request, _("Recorded; voucher %(number)s.") % {"number": done.voucher.number}
            )
            return _index(org_code)
    return render(request, "levy/receivable_form.html", {"form": form})


@org_view(WRITE, methods=("POST",))
def receivable_collect(request, org_code, receivable_id):
    receivable = get_object_or_404(selectors.receivables(request.org), pk=receivable_id)
    form = DayForm(request.POST)
    on = form.cleaned_data["on"] if form.is_valid() else None
    done = services.receivable_collect(actor=request.user, receivable=receivable, collected_on=on)
    messages.success(
        request, _("Recorded; voucher %(number)s.") % {"number": done.collect_voucher.number}
    )
    return _index(org_code)


@org_view(READ)
def unions(request, org_code):
    """The upper union's page: its unions, the share each owes, the last remittance."""
    rows = selectors.unions_below(request.org)
    return render(
        request,
        "levy/unions.html",
        {
            "rows": rows,
            "can_send": request.access.has(SEND),
            "total": sum((r.owed for r in rows), selectors.ZERO),
        },
    )


@org_view(SEND, methods=("POST",))
def reminder_send(request, org_code):
    form = ReminderForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the amount."))
        return redirect("levy:unions", org_code=org_code)
    services.reminder_send(actor=request.user, org=request.org, **form.cleaned_data)
    messages.success(request, _("The reminder was sent."))
    return redirect("levy:unions", org_code=org_code)


@org_view(READ, methods=("GET", "POST"))
def split(request, org_code):
    """The split in force here and the rules that reach this union; an upper union's
    staff (levy.rule:write) set a new one for the subtree."""
    can_set = request.access.has(RULE) and request.org.kind == OrgKind.UPPER
    form = SplitRuleForm(request.POST or None) if can_set else None
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied
        if form.is_valid():
            done = run(
                form,
                services.split_rule_set,
                actor=request.user,
                org=request.org,
                **form.cleaned_data,
            )
            if done is not None:
                messages.success(request, _("The split was saved."))
                return redirect("levy:split", org_code=org_code)
    today = timezone.localdate()
    ctx = {
        "current": selectors.split_for(request.org, today),
        "rules": selectors.split_rules(request.org),
        "form": form,
    }
    return render(request, "levy/split.html", ctx)
