"""Load organisations from a spreadsheet: the operator's way to the organisation import."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.imports.base import ImportRefused, Preview
from gonghui.imports.command import finish
from gonghui.imports.report import issue_text
from gonghui.imports.tabular import ImportFileError
from gonghui.orgs.importing import OrgImporter
from gonghui.orgs.models import Organisation


class Command(BaseCommand):
    help = (
        "Import organisations from an .xlsx, .xls or .csv file (columns 编码, 名称, 类型, "
        "上级编码, 单位名称, 单位类型). Every row is imported or none: with any error "
        "nothing is written and the errors are listed with their Excel row numbers. "
        "Without --org the whole platform is in scope."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The spreadsheet to import.")
        parser.add_argument(
            "--org",
            metavar="CODE",
            help="Import inside this organisation: parents must be it or below it.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only check the file; write nothing."
        )
        parser.add_argument(
            "--errors",
            metavar="OUT.xlsx",
            help="When rows have errors, write the file with an added 错误说明 column here.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        org = None
        if options["org"]:
            with unscoped():
                org = Organisation.objects.filter(code=options["org"]).first()
            if org is None:
                raise CommandError(
                    _("No organisation with code %(code)s.") % {"code": options["org"]}
                )
        importer = OrgImporter()
        with acting(source="cli"), scope(org) if org is not None else unscoped():
            try:
                table, preview = importer.preview_file(path.read_bytes(), path.name, org)
            except ImportFileError as exc:
                raise CommandError(str(exc)) from exc
            for note in preview.notes:
                self.stdout.write(self.style.WARNING(note))
            if not preview.has_errors and not options["dry_run"]:
                try:
                    preview = importer.commit(preview, org, filename=path.name)
                except ImportRefused as exc:
                    preview = exc.preview
        finish(
            self,
            preview,
            table,
            dry_run=options["dry_run"],
            errors_path=options["errors"],
            print_errors=self._print_errors,
        )

    def _print_errors(self, preview: Preview) -> None:
        for row, issue in preview.errors():
            self.stderr.write(
                _("Row %(row)s: %(issue)s")
                % {"row": row, "issue": issue_text(issue.column, issue.message)}
            )
