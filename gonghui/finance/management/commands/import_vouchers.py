"""`manage.py import_vouchers FILE --org CODE [--dry-run]` (the contract of #14 item 13):
a union's earlier books into its books here, all vouchers or none."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gonghui.core.scoping import unscoped
from gonghui.finance.importing import VoucherImporter
from gonghui.imports.base import Preview
from gonghui.imports.command import check_or_commit, finish
from gonghui.orgs.models import Organisation


class Command(BaseCommand):
    help = (
        "Import vouchers from an .xlsx, .xls or .csv file as 用友, 金蝶 or 畅捷通 export them "
        "or as kept by hand (日期, 凭证号, 摘要, 科目编码, 科目名称, 借方金额, 贷方金额, "
        "optional 资金性质 and 项目). They are numbered in their month and posted, as they "
        "were reviewed in the books they come from. Every voucher is imported or none: with "
        "any error nothing is written, the errors are listed with their Excel row numbers "
        "and the command exits with status 1. Importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The spreadsheet to import.")
        parser.add_argument("--org", metavar="CODE", required=True, help="The union's code.")
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
        code = options["org"].strip()
        with unscoped():
            org = Organisation.objects.filter(code=code).first()
        if org is None:
            raise CommandError(_("No organisation with code %(code)s.") % {"code": code})
        table, preview = check_or_commit(VoucherImporter(), path, org, dry_run=options["dry_run"])
        for note in preview.notes:
            self.stdout.write(self.style.WARNING(note))
        for row, issue in _warnings(preview):
            self.stdout.write(self.style.WARNING(_line(row, issue)))
        finish(
            self,
            preview,
            table,
            dry_run=options["dry_run"],
            errors_path=options["errors"],
            print_errors=self._print_errors,
        )

    def _print_errors(self, preview: Preview) -> None:
        # 第12行 [科目编码] 凭证 记-12（2024-01）：…: the Excel row, the column, the reason.
        for row, issue in preview.errors():
            self.stderr.write(_line(row, issue))


def _warnings(preview: Preview):
    return [(r.row, issue) for r in preview.rows for issue in r.warnings]


def _line(row: int, issue) -> str:
    return _("Row %(row)s [%(column)s] %(message)s") % {
        "row": row,
        "column": issue.column or "—",
        "message": issue.message,
    }
