"""What every import command does with its file, prints at the end, and how it refuses."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gonghui.audit.context import acting
from gonghui.core.scoping import scope

from .base import Importer, ImportRefused, Preview
from .report import error_report
from .tabular import ImportFileError, Table


def check_or_commit(importer: Importer, path: Path, org, *, dry_run: bool) -> tuple[Table, Preview]:
    """Read `path` and check it in `org` (dry run), or commit it in one pass: the commit
    checks every row inside its transaction and writes nothing when any has an error.
    The preview says what was (or would be) done, or the errors; an unreadable file is a
    CommandError."""
    with acting(source="cli"), scope(org):
        try:
            table = importer.read_rows(path.read_bytes(), path.name)
            if dry_run:
                return table, importer.preview_table(table, org)
            return table, importer.commit_rows(table.rows, org, table=table, filename=path.name)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        except ImportRefused as exc:
            return table, exc.preview


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
