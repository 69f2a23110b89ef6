"""The sign-in sheet (签到表) as PDF: one page view and one API endpoint print it."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from gonghui.core.exports import render_pdf
from gonghui.core.files import PDF, file_response

from . import selectors, services
from .models import Activity, SignupState


def sheet_filename(activity: Activity) -> str:
    day = timezone.localtime(activity.starts_at)
    return f"签到表-{day:%Y%m%d}-{activity.title}.pdf"


def render_sheet(activity: Activity, rows: list, request) -> bytes:
    """Confirmed people in sign-up order, with a column for their signature. Rows
    already checked in by QR code are marked, so nobody signs twice."""
    request = getattr(request, "_request", request)
    html = render_to_string(
        "activities/sheet_pdf.html",
        {"activity": activity, "rows": rows, "blank": range(5)},
        request=request,
    )
    return render_pdf(html)


def sheet_response(activity: Activity, request):
    """The sheet of the activity's confirmed people, shown in the browser, its printing
    recorded (both doors)."""
    rows = [r for r in selectors.signups_of(activity) if r.state == SignupState.CONFIRMED]
    pdf = render_sheet(activity, rows, request)
    services.record_printed(activity, "签到表")
    return file_response(pdf, filename=sheet_filename(activity), content_type=PDF, inline=True)
