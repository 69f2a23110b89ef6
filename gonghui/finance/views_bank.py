"""Pages of the bank reconciliation (银行对账): the month of one bank account (its bank
transactions, the four kinds of unmatched items and the 余额调节表), the statement
import (upload, preview, import), matching by hand, and the PDF of the 调节表.

Reading needs finance.books:read; importing, matching and marking a month done need
finance.bank:reconcile (the accountant and the cashier). The account and the month
travel in the query string (?account=&year=&month=) and in the forms' fields.

The preview keeps the uploaded file in the session under a token until it is imported
or dropped: the import reads it again and checks every row again (all or nothing).
"""

from __future__ import annotations

import base64
import secrets

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.decorators import org_view
from gonghui.core.files import file_response
from gonghui.core.forms import BootstrapMixin
from gonghui.core.params import month_param, year_param

from . import bank, services_bank
from .forms import MONTH_CHOICES, year_choices
from .ledgers import bank_accounts
from .models import VoucherLine

READ, RECONCILE = "finance.books:read", "finance.bank:reconcile"
SESSION_KEY = "finance_bank_upload"
MAX_UPLOAD = 2 * 1024 * 1024


class StatementUploadForm(BootstrapMixin, forms.Form):
    account = forms.ChoiceField(label=gettext_lazy("bank account"))
    file = forms.FileField(
        label=gettext_lazy("Bank statement (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = accounts

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        if not f.name.lower().endswith((".xlsx", ".xls", ".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        return f


def _accounts(org) -> list[tuple[str, str]]:
    return [(a.code, f"{a.code} {a.name}") for a in bank_accounts(org)]


def _chosen(request, source=None) -> tuple[str, int, int]:
    source = source if source is not None else request.GET
    accounts = [code for code, _label in _accounts(request.org)]
    account = source.get("account") or (accounts[0] if accounts else "")
    if account not in accounts:
        raise Http404
    today = timezone.localdate()
    if source is request.GET:
        return account, year_param(request), month_param(request, today.month)
    try:
        year, month = int(source.get("year", "")), int(source.get("month", ""))
    except ValueError as exc:
        raise Http404 from exc
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    return account, year, month


def _page_url(org, account: str, year: int, month: int) -> str:
    base = reverse("finance:bank", kwargs={"org_code": org.code})
    return f"{base}?account={account}&year={year}&month={month}"


@org_view(READ)
def bank_page(request, org_code):
    account, year, month = _chosen(request)
    result = bank.reconciliation(request.org, account, year, month)
    return render(
        request,
        "finance/bank.html",
        {
            "r": result,
            "totals": result.totals(),
            "accounts": _accounts(request.org),
            "years": year_choices(around=year),
            "months": MONTH_CHOICES,
            "book_lines": list(bank.unmatched_book_lines(request.org, account, year, month)),
            "statements": bank.statements(request.org, account)[:12],
            "query": f"account={account}&year={year}&month={month}",
            "can_reconcile": request.access.has(RECONCILE),
        },
    )


@org_view(READ)
def bank_pdf(request, org_code):
    account, year, month = _chosen(request)
    result = bank.reconciliation(request.org, account, year, month)
    name, content = bank.reconciliation_pdf(result, user=request.user)
    return file_response(content, filename=name, content_type="application/pdf")


def _stored(request):
    return request.session.get(SESSION_KEY) or {}


@org_view(RECONCILE, methods=("GET", "POST"))
def bank_import(request, org_code):
    """Upload (POST with a file) → preview; import (POST with the token) → the month."""
    org = request.org
    accounts = _accounts(org)
    if request.method == "POST" and "token" in request.POST:
        stored = _stored(request)
        if (
            not stored
            or stored.get("token") != request.POST["token"]
            or stored.get("org") != org.pk
        ):
            messages.error(request, _("The preview has expired. Upload the file again."))
            return redirect("finance:bank_import", org_code=org.code)
        data = base64.b64decode(stored["data"])
        statement = services_bank.bank_statement_import(
            actor=request.user,
            org=org,
            account_code=stored["account"],
            data=data,
            filename=stored["filename"],
        )
        request.session.pop(SESSION_KEY, None)
        if statement is None:
            messages.info(
                request, _("Every transaction of this file was imported before: nothing changed.")
            )
            return redirect(_page_url(org, stored["account"], *_today()))
        messages.success(
            request,
            _("%(n)s transactions imported.") % {"n": statement.lines_count},
        )
        last = statement.last_date
        return redirect(_page_url(org, stored["account"], last.year, last.month))
    form = StatementUploadForm(
        request.POST or None,
        request.FILES or None,
        accounts=accounts,
        initial={"account": request.GET.get("account")},
    )
    parsed = None
    token = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            parsed = bank.statement_preview(
                org=org, account_code=form.cleaned_data["account"], data=data, filename=upload.name
            )
        except bank.BankError as exc:
            form.add_error("file", exc.message)
        else:
            if not parsed.errors and parsed.new:
                token = secrets.token_urlsafe(16)
                request.session[SESSION_KEY] = {
                    "token": token,
                    "org": org.pk,
                    "account": form.cleaned_data["account"],
                    "filename": upload.name[:200],
                    "data": base64.b64encode(data).decode(),
                }
    return render(
        request,
        "finance/bank_import.html",
        {"form": form, "parsed": parsed, "token": token},
    )


def _today() -> tuple[int, int]:
    today = timezone.localdate()
    return today.year, today.month


def _back(request):
    account, year, month = _chosen(request, request.POST)
    return account, year, month, redirect(_page_url(request.org, account, year, month))


@org_view(RECONCILE, methods=("POST",))
def bank_auto_match(request, org_code):
    account, _year, _month, back = _back(request)
    count = services_bank.bank_auto_match(actor=request.user, org=request.org, account_code=account)
    messages.success(request, _("%(n)s pairs matched.") % {"n": count})
    return back


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc


@org_view(RECONCILE, methods=("POST",))
def bank_match(request, org_code):
    _account, _year, _month, back = _back(request)
    org = request.org
    try:
        line = bank.bank_lines_of(org, _int(request.POST.get("bank_line")))
        book = (
            VoucherLine.objects.filter(org=org)
            .select_related("voucher")
            .get(pk=_int(request.POST.get("voucher_line")))
        )
    except (VoucherLine.DoesNotExist, bank.BankStatementLine.DoesNotExist) as exc:
        raise Http404 from exc
    services_bank.bank_match(actor=request.user, org=org, bank_line=line, voucher_line=book)
    messages.success(request, _("Matched."))
    return back


@org_view(RECONCILE, methods=("POST",))
def bank_unmatch(request, org_code):
    _account, _year, _month, back = _back(request)
    try:
        line = bank.bank_lines_of(request.org, _int(request.POST.get("bank_line")))
    except bank.BankStatementLine.DoesNotExist as exc:
        raise Http404 from exc
    services_bank.bank_unmatch(actor=request.user, org=request.org, bank_line=line)
    messages.success(request, _("The match was undone."))
    return back


@org_view(RECONCILE, methods=("POST",))
def bank_done(request, org_code):
    account, year, month, back = _back(request)
    done = request.POST.get("done") != "0"
    services_bank.bank_reconciliation_done(
        actor=request.user, org=request.org, account_code=account, year=year, month=month, done=done
    )
    messages.success(
        request,
        _("The reconciliation is marked done.") if done else _("The reconciliation is open again."),
    )
    return back
