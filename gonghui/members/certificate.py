"""The membership certificate (会员证): one PDF, printed from the page and from the API."""

from __future__ import annotations

from django.template.loader import render_to_string

from gonghui.core.exports import render_pdf

from . import services
from .models import Member


def certificate_filename(member: Member) -> str:
    return f"会员证-{member.name}.pdf"


def render_certificate(member: Member, request) -> bytes:
    """The certificate of `member` as PDF bytes; the caller records the printing."""
    # A DRF Request wraps the HttpRequest the template context processors expect.
    request = getattr(request, "_request", request)
    union = services.union_of(member.org)
    html = render_to_string(
        "members/certificate.html",
        {"member": member, "union": union, "user": request.user},
        request=request,
    )
    return render_pdf(html)
