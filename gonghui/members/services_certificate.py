"""The membership certificate (会员证): one PDF, printed from the page and from the API
through `certificate_print`, which also puts the printing on the record."""

from __future__ import annotations

from django.template.loader import render_to_string

from gonghui.audit import models as audit
from gonghui.core.exports import render_pdf

from . import services
from .models import Member


def certificate_filename(member: Member) -> str:
    return f"会员证-{member.name}.pdf"


def render_certificate(member: Member, request) -> bytes:
    """The certificate of `member` as PDF bytes (nothing recorded: see certificate_print)."""
    # A DRF Request wraps the HttpRequest the template context processors expect.
    request = getattr(request, "_request", request)
    union = services.union_of(member.org)
    html = render_to_string(
        "members/certificate.html",
        {"member": member, "union": union, "user": request.user},
        request=request,
    )
    return render_pdf(html)


def certificate_print(*, actor, member: Member, request) -> bytes:
    """The certificate to print, and the printing on the member's record (both doors).

    `actor` is the acting user the audit context already names (kept for the services'
    one signature)."""
    pdf = render_certificate(member, request)
    audit.record("members.member.certificate_printed", obj=member)
    return pdf
