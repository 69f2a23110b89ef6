"""Workflows of the reports: the union's text of an item of the notes to the annual
statements (附注) kept, the notes' .docx and a ledger's .xlsx or PDF downloaded (each
download logged). What they hold is built in notes.py and ledgers.py."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.core.files import PDF, XLSX

from .ledgers import Ledger, ledger_pdf, ledger_xlsx
from .models import StatementNote
from .notes import ITEMS, MAX_TEXT, notes_docx
from .services import FinanceError, _as_actor


@transaction.atomic
def note_save(*, actor, org, year: int, item: int, text: str) -> StatementNote:
    """Keep the union's text of one item of a year's notes (empty text clears it)."""
    with _as_actor(actor):
        if item not in dict(ITEMS):
            raise FinanceError(_("There is no such item in the notes."), field="item")
        text = (text or "").strip()
        if len(text) > MAX_TEXT:
            raise FinanceError(
                _("The text is too long (at most %(limit)s characters).") % {"limit": MAX_TEXT},
                field="text",
            )
        note = StatementNote.objects.filter(org=org, year=year, item=item).first()
        if note is None:
            return StatementNote.objects.create(org=org, year=year, item=item, text=text)
        if note.text != text:
            note.text = text
            note.save()
        return note


@transaction.atomic
def notes_export(*, actor, org, year: int) -> tuple[str, bytes]:
    """The .docx of the notes, logged."""
    with _as_actor(actor):
        name, content = notes_docx(org, year, user=actor)
        audit.record("finance.statements.notes_exported", org=org, changes={"year": year})
        return name, content


def ledger_export(*, actor, ledger: Ledger, fmt: str) -> tuple[str, bytes, str]:
    """A ledger as .xlsx or PDF, logged: (file name, bytes, media type). The pages' and
    the API's downloads are this one call."""
    with _as_actor(actor), transaction.atomic():
        if fmt == "pdf":
            content, media_type = ledger_pdf(ledger, user=actor), PDF
        else:
            content, media_type = ledger_xlsx(ledger, user=actor), XLSX
        audit.record(
            "finance.ledger.exported",
            org=ledger.org,
            changes={
                "ledger": ledger.title,
                "subject": ledger.subject,
                "year": ledger.year,
                "month": ledger.month,
                "pending": ledger.pending,
                "format": fmt,
            },
        )
    return ledger.filename(fmt), content, media_type
