"""Print a union's 工会01 资产负债表 and 工会02 收入支出表 (the contract of #14 §14)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gonghui.core.scoping import scope, unscoped
from gonghui.finance.selectors import statement_set
from gonghui.orgs.models import Organisation


class Command(BaseCommand):
    help = (
        "Print the balance sheet (工会01) and the income and expenditure statement (工会02) "
        "of a union from its posted vouchers: monthly with --month, otherwise annual "
        "(period = the year). Amounts are strings with two decimals."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", metavar="CODE", required=True, help="The union's code.")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int, choices=range(1, 13), metavar="M")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, **options):
        code = options["org"].strip().upper()
        with unscoped():
            org = Organisation.objects.filter(code=code).first()
        if org is None:
            raise CommandError(_("No organisation with code %(code)s.") % {"code": code})
        with scope(org):
            result = statement_set(org, options["year"], options.get("month"))
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
