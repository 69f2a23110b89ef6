"""The printable report (PDF) of a democratic evaluation's results."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from .models import EvaluationForm


def report_filename(form: EvaluationForm) -> str:
    return f"民主评议结果-{timezone.localdate():%Y%m%d}-{form.title}.pdf"


def render_report(result, request) -> bytes:
    from weasyprint import HTML

    request = getattr(request, "_request", request)
    html = render_to_string(
        "voting/evaluation_pdf.html", {"result": result, "evaluation": result.form}, request=request
    )
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
