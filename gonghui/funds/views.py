"""Pages of the funds as views of the books: the funds and their balances, a fund's ledger
for a year (its lines in the books), the income, payout and reversal forms (vouchers through
finance.posting), and the exports."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view
from gonghui.core.files import file_response
from gonghui.core.forms import run
from gonghui.core.params import check_year

from . import money, selectors, services
from .forms import EntryForm, FundForm, ReverseForm
from .models import ZERO, Fund
from .selectors import Entry


def _fund(fund_id: int) -> Fund:
    # Through the scoped selector: another organisation's fund is a 404.
    return get_object_or_404(selectors.funds(), pk=fund_id)


def _entry(fund_entry_id: int) -> Entry:
    # A line of a fund's ledger in the books, through the scoped selector.
    return selectors.entry(get_object_or_404(selectors.entries(), pk=fund_entry_id))


@org_view("funds.ledger:read")
def index(request, org_code):
    show_closed = request.GET.get("closed") == "1"
    funds = list(selectors.funds_with_balances(request.org, include_inactive=show_closed))
    by_union: dict = {}
    for f in funds:
        by_union.setdefault(f.org, []).append(f)
    ctx = {
        "by_union": list(by_union.items()),
        "total": sum((f.balance for f in funds if f.is_active), ZERO),
        "show_closed": show_closed,
        "can_write": request.access.has("funds.ledger:write"),
        "year": timezone.localdate().year,
        "is_union": request.org.is_union,
    }
    return render(request, "funds/index.html", ctx)


@org_view("funds.ledger:write", methods=("GET", "POST"))
def fund_create(request, org_code):
    form = FundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if fund := run(form, services.fund_create, actor=request.user, org=request.org, **data):
            messages.success(request, _("Fund %(name)s opened.") % {"name": fund.name})
            return redirect("funds:fund", org_code=org_code, fund_id=fund.pk)
    return render(request, "funds/fund_form.html", {"form": form, "is_union": request.org.is_union})


@org_view("funds.ledger:write", methods=("POST",))
def fund_active(request, org_code, fund_id):
    fund = _fund(fund_id)
    active = request.POST.get("active") == "1"
    services.fund_set_active(actor=request.user, fund=fund, active=active)
    messages.success(request, _("Fund reopened.") if active else _("Fund closed."))
    return redirect("funds:fund", org_code=org_code, fund_id=fund.pk)


@org_view("funds.ledger:read")
def fund_detail(request, org_code, fund_id):
    return _ledger_page(request, _fund(fund_id), timezone.localdate().year)


@org_view("funds.ledger:read")
def fund_ledger(request, org_code, fund_id, year):
    return _ledger_page(request, _fund(fund_id), check_year(year))


def _ledger_page(request, fund: Fund, year: int, **forms):
    can_write = request.access.has("funds.ledger:write") and fund.is_active
    ctx = {
        "fund": fund,
        "book": selectors.ledger(fund, year),
        "year": year,
        "years": selectors.ledger_years(fund),
        "can_write": can_write,
        "can_manage": request.access.has("funds.ledger:write"),
        "income_form": forms.get("income_form")
        or (EntryForm(prefix="in", fund=fund, side="income") if can_write else None),
        "payout_form": forms.get("payout_form")
        or (EntryForm(prefix="out", fund=fund, side="payout") if can_write else None),
    }
    return render(request, "funds/ledger.html", ctx)


def _entry_view(request, org_code, fund_id, *, side: str):
    fund = _fund(fund_id)
    prefix = "in" if side == "income" else "out"
    form = EntryForm(request.POST or None, prefix=prefix, fund=fund, side=side)
    if request.method == "POST" and form.is_valid():
        action = services.fund_income if side == "income" else services.fund_payout
        if entry := run(form, action, actor=request.user, fund=fund, **form.cleaned_data):
            messages.success(
                request,
                _("Recorded as voucher %(voucher)s: %(amount)s yuan.")
                % {"voucher": entry.voucher_no, "amount": money.fmt_amount(entry.amount)},
            )
            return redirect(
                "funds:ledger", org_code=org_code, fund_id=fund.pk, year=entry.date.year
            )
    title = _("Record income") if side == "income" else _("Record a payout")
    return render(
        request,
        "funds/entry_form.html",
        {"form": form, "fund": fund, "title": title, "side": side, "balance": fund.balance},
    )


@org_view("funds.ledger:write", methods=("GET", "POST"))
def income(request, org_code, fund_id):
    return _entry_view(request, org_code, fund_id, side="income")


@org_view("funds.ledger:write", methods=("GET", "POST"))
def payout(request, org_code, fund_id):
    return _entry_view(request, org_code, fund_id, side="payout")


@org_view("funds.ledger:write", methods=("GET", "POST"))
def entry_reverse(request, org_code, fund_entry_id):
    entry = _entry(fund_entry_id)
    form = ReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if rev := run(form, services.fund_entry_reverse, actor=request.user, entry=entry, **data):
            messages.success(
                request,
                _("%(voucher)s reversed by voucher %(reversal)s.")
                % {"voucher": entry.voucher_no, "reversal": rev.voucher_no},
            )
            return redirect(
                "funds:ledger", org_code=org_code, fund_id=entry.fund_id, year=rev.date.year
            )
    return render(request, "funds/reverse_form.html", {"form": form, "entry": entry})


def _download(request, fund_id, year, fmt: str):
    fund, year = _fund(fund_id), check_year(year)
    name, content, media_type = services.ledger_export(
        actor=request.user, fund=fund, year=year, fmt=fmt
    )
    return file_response(content, filename=name, content_type=media_type)


@org_view("funds.ledger:read")
def export_xlsx(request, org_code, fund_id, year):
    return _download(request, fund_id, year, "xlsx")


@org_view("funds.ledger:read")
def export_pdf(request, org_code, fund_id, year):
    return _download(request, fund_id, year, "pdf")
