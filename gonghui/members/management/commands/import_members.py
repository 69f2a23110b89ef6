"""Load a member roster from a spreadsheet: the operator's way to the member import."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.imports.base import ImportRefused, Preview
from gonghui.imports.command import finish
from gonghui.imports.tabular import ImportFileError
from gonghui.members.importing import MemberImporter
from gonghui.orgs.models import Organisation


class Command(BaseCommand):
    help = (
        "Import members from an .xlsx, .xls or .csv roster (姓名, 证件号码, 性别, 出生日期, "
        "手机号码, 所属工会, 工会小组, ...). Every row is imported or none: with any error "
        "nothing is written and the errors are listed with their Excel row numbers."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The spreadsheet to import.")
        parser.add_argument(
            "--org",
            metavar="CODE",
            required=True,
            help="The organisation to import into: each row goes to the union its 所属工会 "
            "names among this one and those below it, or to this one without that column.",
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
        with unscoped():
            org = Organisation.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(_("No organisation with code %(code)s.") % {"code": options["org"]})
        importer = MemberImporter()
        data = path.read_bytes()
        with acting(source="cli"), scope(org):
            try:
                table = importer.read_rows(data, path.name)
                if options["dry_run"]:
                    preview = importer.preview_table(table, org)
                else:
                    # One pass: the commit checks every row inside its transaction and
                    # writes nothing when any has an error.
                    preview = importer.commit_rows(table.rows, org, table=table, filename=path.name)
            except ImportFileError as exc:
                raise CommandError(str(exc)) from exc
            except ImportRefused as exc:
                preview = exc.preview
        for note in preview.notes:
            self.stdout.write(self.style.WARNING(note))
        finish(
            self,
            preview,
            table,
            dry_run=options["dry_run"],
            errors_path=options["errors"],
            print_errors=self._print_errors,
        )

    def _print_errors(self, preview: Preview) -> None:
        # 第12行 [证件号码] 原因: the row number Excel shows, the column, the reason.
        for row, issue in preview.errors():
            self.stderr.write(
                _("Row %(row)s [%(column)s] %(message)s")
                % {"row": row, "column": issue.column or "—", "message": issue.message}
            )
