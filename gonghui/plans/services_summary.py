"""Workflows of the year-end summary (工作总结): write the draft from the year's records,
save a cadre's edits, export it as a document. Each takes the acting user and is audited
(the model's entries on save, an entry of its own for a regenerated draft and an export);
the text itself is written by summary.py.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit import models as audit

from . import selectors
from .models import Summary
from .services import PlanError
from .summary import is_edited, normalise_body, summary_draft, text_digest
from .summary_docs import SummaryDocument


def _check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise PlanError(_("Give the year of the summary, e.g. 2026.")) from None
    if not 2000 <= year <= 2100:
        raise PlanError(_("The year must be between 2000 and 2100."))
    return year


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


@transaction.atomic
def summary_generate(*, actor, org, year, confirm: bool = False) -> Summary:
    """Write (or rewrite) the draft of `year`. An edited summary is replaced only with
    `confirm`: a cadre's work is never lost silently."""
    year = _check_year(year)
    summary = Summary.objects.select_for_update().filter(org=org, year=year).first()
    replaced_edits = summary is not None and is_edited(summary)
    if replaced_edits and not confirm:
        raise PlanError(
            _(
                "The summary has been edited since its draft was generated. Confirm to replace "
                "the edited text with a new draft."
            )
        )
    title, body, figures = summary_draft(org, year)
    figures["draft_sha256"] = text_digest(title, body)
    if summary is None:
        summary = Summary(org=org, year=year)
    summary.title = title
    summary.body = body
    summary.figures = figures
    summary.generated_at = timezone.now()
    summary.updated_by = _user(actor)
    summary.save()
    audit.record(
        "plans.summary.generated",
        obj=summary,
        changes={"replaced_edits": [None, True]} if replaced_edits else {},
    )
    return summary


@transaction.atomic
def summary_update(*, actor, summary: Summary, title: str, body: str) -> Summary:
    title = (title or "").strip()
    body = normalise_body(body)
    if not title:
        raise PlanError(_("The summary needs a title."))
    if not body:
        raise PlanError(_("The summary needs its text."))
    summary.title = title[:200]
    summary.body = body
    summary.updated_by = _user(actor)
    summary.save()
    return summary


@transaction.atomic
def summary_import(
    *, actor, org, year, data: bytes, filename: str = "", confirm: bool = False
) -> Summary:
    """Keep a summary written elsewhere (a .docx or text of last year's 工作总结) as the
    summary of `year`: its first line the title, the rest its text, its figures as the text
    states them (nothing is counted from records). A summary already there is replaced only
    with `confirm`."""
    from .parsing import PlanParseError, read_text

    year = _check_year(year)
    try:
        text = read_text(data, filename)
    except PlanParseError as exc:
        raise PlanError(str(exc)) from exc
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise PlanError(_("The summary needs its text."))
    title = lines[0] if len(lines[0]) <= 60 and len(lines) > 1 else ""
    body = normalise_body("\n".join(lines[1:] if title else lines))
    summary = Summary.objects.select_for_update().filter(org=org, year=year).first()
    if summary is not None and not confirm:
        raise PlanError(
            _("There is a summary of %(year)s already. Confirm to replace it with this text.")
            % {"year": year}
        )
    summary = summary or Summary(org=org, year=year)
    summary.title = (title or _("%(year)s work summary") % {"year": year})[:200]
    summary.body = body
    summary.figures = {"imported_from": filename or _("pasted text")}
    summary.generated_at = timezone.now()
    summary.updated_by = _user(actor)
    summary.save()
    audit.record("plans.summary.imported", obj=summary)
    return summary


def summary_export(*, actor, org, year: int, fmt: str) -> tuple[str, bytes]:
    """The summary of `year` as a document in `fmt` ("docx" or "pdf") — before a draft is
    saved, the draft as it would be written now —: its file name and content. The export
    is logged."""
    current = selectors.summary_of(org, year)
    if current is not None:
        title, body = current.title, current.body
    else:
        title, body, _figures = summary_draft(org, year)
    doc = SummaryDocument(user=actor, org=org, title=title, body=body, year=year)
    data = doc.render(fmt)
    audit.record(
        "plans.summary.exported",
        obj=current,
        org=org,
        changes={"format": [None, fmt], "year": [None, year]},
    )
    return doc.filename(fmt), data
