"""What every import command prints at the end, and how it refuses."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from .report import error_report


def finish(
    command: BaseCommand, preview, table, *, dry_run: bool, errors_path: str | None, print_errors
) -> None:
    """Print the outcome; on errors write the report when asked and exit non-zero."""
    if preview.has_errors:
        print_errors(preview)
        if errors_path:
            Path(errors_path).write_bytes(error_report(table, preview))
            command.stderr.write(_("Error report written to %(path)s") % {"path": errors_path})
        raise CommandError(
            _("Nothing was imported: %(n)s rows have errors.") % {"n": preview.counts["error"]}
        )
    summary = _("%(create)s new, %(update)s updated, %(unchanged)s unchanged.") % preview.counts
    if dry_run:
        command.stdout.write(_("Checked, nothing written: %(summary)s") % {"summary": summary})
    else:
        command.stdout.write(
            command.style.SUCCESS(_("Imported: %(summary)s") % {"summary": summary})
        )
