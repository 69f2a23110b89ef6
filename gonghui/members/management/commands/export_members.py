"""Write the member roster of an organisation's subtree to .xlsx: the operator's export."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.members.services_export import roster_export
from gonghui.orgs.models import Organisation


class Command(BaseCommand):
    help = (
        "Export the members on the roll (active, retained, transferring) of an organisation "
        "and everything below it to an .xlsx file, in the column order of the real-name "
        "template (姓名, 性别, 出生日期, 民族, 证件类型, 证件号码, ...). ID and mobile "
        "numbers are written in FULL: keep the file safe. The export is recorded in the "
        "organisation's audit log (members.roster.exported)."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT.xlsx", help="Where to write the workbook.")
        parser.add_argument(
            "--org",
            metavar="CODE",
            required=True,
            help="Code of the organisation: its members and those of every node below it.",
        )

    def handle(self, *args, **options):
        code = options["org"].strip().upper()
        with unscoped():
            org = Organisation.objects.filter(code=code).first()
        if org is None:
            raise CommandError(_("No organisation with code %(code)s.") % {"code": code})
        out = Path(options["out"])
        with acting(source="cli"), scope(org), transaction.atomic():
            _name, content, count = roster_export(actor=None, org=org, options={}, full_ids=True)
            try:
                out.write_bytes(content)
            except OSError as exc:
                # Rolls the audit entry back: nothing went out.
                raise CommandError(
                    _("Cannot write %(path)s: %(error)s") % {"path": out, "error": exc.strerror}
                ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)s members of %(org)s written to %(path)s.")
                % {"count": count, "org": org.name, "path": out}
            )
        )
