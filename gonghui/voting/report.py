"""The printable report (PDF) of a democratic evaluation's results."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from gonghui.core.exports import render_pdf

from .models import EvaluationForm


def report_filename(form: EvaluationForm) -> str:
    return f"民主评议结果-{timezone.localdate():%Y%m%d}-{form.title}.pdf"


def render_report(result, request) -> bytes:
    request = getattr(request, "_request", request)
    html = render_to_string(
        "voting/evaluation_pdf.html", {"result": result, "evaluation": result.form}, request=request
    )
    # The one PDF renderer: it fetches nothing a typed name could point it at.
    return render_pdf(html)
