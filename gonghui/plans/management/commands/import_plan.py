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
    # The system checks import every URL configuration, and with it every view and API
    # module of the project: most of the command's start-up time (#15 §8: under 2 s end
    # to end). The command reads a file and writes through the plans services only; the
    # checks run with `manage.py check`, the server and the tests.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="The plan document.")
        parser.add_argument("--org", metavar="CODE", required=True, help="Organisation code.")
        parser.add_argument("--year", type=int, required=True, help="The year of the plan.")
        parser.add_argument("--dry-run", action="store_true", help="Read only; save nothing.")
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="Output format."
        )
        parser.add_argument(
            "--as-plan",
            action="store_true",
            help="Import as a work plan even if it reads as a summary, report or notice.",
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
            looks_like = _other_kind(data, path.name)
            parts = parse_parts(data, path.name)
            parsed = [p for p in parts if p.is_plan_like] or parse_document(data, path.name)
            empty = [p.title for p in parts if not p.is_plan_like]
        except PlanParseError as exc:
            raise CommandError(str(exc)) from exc
        if looks_like:  # said before anything is imported (#15 §5)
            self.stderr.write(looks_like)
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
                    actor=None,
                    org=org,
                    year=options["year"],
                    data=data,
                    filename=path.name,
                    as_kind="plan" if options["as_plan"] else "",
                )
            except services.PlanError as exc:
                raise CommandError(str(exc)) from exc
        # The JSON on stdout stays parseable: the confirmation goes to stderr.
        self.stderr.write(
            _("%(n)s draft plan(s) saved in %(org)s; check and accept them in the browser.")
            % {"n": len(plans), "org": org.name}
        )


def _other_kind(data: bytes, filename: str) -> str:
    """A sentence saying what the document looks like when it is not a work plan."""
    from gonghui.plans.parsing import kind, read_text

    found = kind.document_kind(read_text(data, filename))
    labels = {
        kind.SUMMARY: _("a year-end summary"),
        kind.CONGRESS_REPORT: _("a work report to a congress"),
        kind.NOTICE: _("an openness notice"),
    }
    if found.code not in labels:
        return ""
    return _(
        "This looks like %(kind)s (%(evidence)s), not a work plan: it is imported only with "
        "--as-plan."
    ) % {"kind": labels[found.code], "evidence": f"“{found.evidence}”"}
