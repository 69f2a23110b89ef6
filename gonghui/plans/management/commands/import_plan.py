"""Read a work plan document from the command line; print what was read, and save it."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.orgs.models import Organisation
from gonghui.plans import services
from gonghui.plans.parsing import PlanParseError, parse_document, parse_parts, plans_to_json


class Command(BaseCommand):
    help = (
        "Read a work plan (.docx, or .txt in any common encoding) into draft plans of an "
        "organisation: sections, monthly schedule and tasks. A file holding several plans "
        "gives one draft per plan. With --dry-run nothing is saved; --format json prints "
        "what was read as JSON (one object, or a list when the file holds several plans)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="The plan document.")
        parser.add_argument("--org", metavar="CODE", required=True, help="Organisation code.")
        parser.add_argument("--year", type=int, required=True, help="The year of the plan.")
        parser.add_argument("--dry-run", action="store_true", help="Read only; save nothing.")
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="Output format."
        )

    def handle(self, *args, **options):
        code = options["org"].strip().upper()
        with unscoped():
            org = Organisation.objects.filter(code=code).first()
        if org is None:
            raise CommandError(_("No organisation with code %(code)s.") % {"code": code})
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            ) from exc
        try:
            parts = parse_parts(data, path.name)
            parsed = [p for p in parts if p.is_plan_like] or parse_document(data, path.name)
            empty = [p.title for p in parts if not p.is_plan_like]
        except PlanParseError as exc:
            raise CommandError(str(exc)) from exc
        for title in empty:  # a part of a collection with nothing in it is named, not dropped
            self.stderr.write(
                _("Nothing to import was found in: %(parts)s. They were left out.")
                % {"parts": title or "—"}
            )
        if options["format"] == "json":
            self.stdout.write(json.dumps(plans_to_json(parsed), ensure_ascii=False, indent=2))
        else:
            for plan in parsed:
                self.stdout.write(
                    _("%(title)s: %(s)s sections, %(m)s schedule entries, %(t)s tasks")
                    % {
                        "title": plan.title,
                        "s": len(plan.sections),
                        "m": len(plan.schedule),
                        "t": len(plan.tasks),
                    }
                )
        if options["dry_run"]:
            return
        with acting(source="cli"), scope(org):
            try:
                plans = services.plans_import(
                    actor=None, org=org, year=options["year"], data=data, filename=path.name
                )
            except services.PlanError as exc:
                raise CommandError(str(exc)) from exc
        # The JSON on stdout stays parseable: the confirmation goes to stderr.
        self.stderr.write(
            _("%(n)s draft plan(s) saved in %(org)s; check and accept them in the browser.")
            % {"n": len(plans), "org": org.name}
        )
