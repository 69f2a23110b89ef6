"""Pages of the ledgers (账簿): journals of cash and bank, the general ledger, detail
ledgers and the auxiliary ledgers by project and by fund; each as a page, .xlsx and PDF.

One view serves every kind (the URL names the kind, urls.py gives it as `kind`): it
reads the year (?year=), the month (?month=, the whole year when empty), what the
ledger is of (?account=, ?project=, ?fund=) and whether pending vouchers are included
(?pending=1), and hands them to gonghui.finance.ledgers.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view
from gonghui.core.files import file_response
from gonghui.core.params import month_param, year_param

from . import ledgers as L
from . import services_reports
from .forms import MONTH_CHOICES, year_choices

READ = "finance.books:read"


def _request_ledger(request, kind: str):
    org = request.org
    year = year_param(request)
    month = None if kind == L.GENERAL else month_param(request)
    pending = request.GET.get("pending") == "1"
    choices = L.subject_choices(org, kind)
    subject = request.GET.get(L.subject_param(kind)) or (choices[0][0] if choices else "")
    ledger = L.build_ledger(org, kind, subject=subject, year=year, month=month, pending=pending)
    if ledger is None and choices and request.GET.get(L.subject_param(kind)):
        messages.warning(request, _("Choose what the ledger is kept for from the list."))
        subject = choices[0][0]
        ledger = L.build_ledger(org, kind, subject=subject, year=year, month=month, pending=pending)
    return ledger, {
        "year": year,
        "month": month,
        "pending": pending,
        "subject": subject,
        "choices": choices,
    }


@org_view(READ)
def ledger(request, org_code, kind):
    ledger, chosen = _request_ledger(request, kind)
    query = (
        f"year={chosen['year']}&month={chosen['month'] or ''}&{L.subject_param(kind)}={chosen['subject']}"
        + ("&pending=1" if chosen["pending"] else "")
    )
    return render(
        request,
        "finance/ledger.html",
        {
            "kind": kind,
            "kinds": [(k, L.TITLES[k]) for k in L.KINDS],
            "ledger": ledger,
            "table": ledger.table() if ledger else None,
            "param": L.subject_param(kind),
            "years": year_choices(around=chosen["year"]),
            "months": MONTH_CHOICES,
            "whole_year_only": kind == L.GENERAL,
            "query": query,
            "today": timezone.localdate(),
            **chosen,
        },
    )


def _file(request, kind: str, fmt: str):
    ledger, _chosen = _request_ledger(request, kind)
    if ledger is None:
        from django.http import Http404

        raise Http404
    name, content, media_type = services_reports.ledger_export(
        actor=request.user, ledger=ledger, fmt=fmt
    )
    return file_response(content, filename=name, content_type=media_type)


@org_view(READ)
def ledger_xlsx(request, org_code, kind):
    return _file(request, kind, "xlsx")


@org_view(READ)
def ledger_pdf(request, org_code, kind):
    return _file(request, kind, "pdf")


# -- the notes to the annual statements (附注) ------------------------------------------
NOTES_READ, NOTES_WRITE = "finance.statements:read", "finance.voucher:post"


@org_view(NOTES_READ)
def notes_page(request, org_code):
    from . import notes

    year = year_param(request)
    return render(
        request,
        "finance/notes.html",
        {
            "year": year,
            "years": year_choices(around=year),
            "items": notes.notes(request.org, year),
            "can_write": request.access.has(NOTES_WRITE),
            "max_text": notes.MAX_TEXT,
        },
    )


@org_view(NOTES_WRITE, methods=("POST",))
def notes_save(request, org_code):
    from django.shortcuts import redirect
    from django.urls import reverse

    year = year_param(request)
    try:
        item = int(request.POST.get("item", ""))
    except ValueError:
        item = 0
    services_reports.note_save(
        actor=request.user, org=request.org, year=year, item=item, text=request.POST.get("text", "")
    )
    messages.success(request, _("Saved."))
    url = reverse("finance:notes", kwargs={"org_code": request.org.code})
    return redirect(f"{url}?year={year}#note-{item}")


@org_view(NOTES_READ)
def notes_docx(request, org_code):
    from gonghui.core.files import DOCX

    name, content = services_reports.notes_export(
        actor=request.user, org=request.org, year=year_param(request)
    )
    return file_response(content, filename=name, content_type=DOCX)
