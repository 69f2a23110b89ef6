"""Load the demo data set: deterministic and idempotent (running it twice changes nothing)."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped
from gonghui.orgs.demo import ACCOUNTS, PASSWORD


class DemoContext(dict):
    """What one app's demo loader hands on to the next (orgs by code, users by name)."""


class Command(BaseCommand):
    help = "Create the demo district union, its grassroots unions, committees and one account per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--print-logins", action="store_true", help="Only print the demo logins."
        )

    def handle(self, *args, **options):
        if options["print_logins"]:
            return self.print_logins()
        ctx = DemoContext()
        with unscoped(), acting(source="cli"), transaction.atomic():
            modules = list(self.demo_modules())
            for module in modules:
                module.load(ctx)
            # A second pass, once every app has loaded: what needs the others' records
            # (the books review and post every voucher the modules handed in, then close
            # the months). Same order; each `finish` is idempotent like `load`.
            for module in modules:
                finish = getattr(module, "finish", None)
                if finish is not None:
                    finish(ctx)
        for warning in ctx.get("warnings", []):  # what a demo module could not do
            self.stderr.write(warning)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.print_logins()

    @staticmethod
    def demo_modules():
        """Each app's `demo` module, in INSTALLED_APPS order."""
        for config in apps.get_app_configs():
            if not config.name.startswith("gonghui."):
                continue
            try:
                yield importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise

    def print_logins(self):
        self.stdout.write(f"Demo logins (password for all: {PASSWORD}):")
        for username, _role, org_code, label in ACCOUNTS:
            if not label:
                continue
            self.stdout.write(f"  {username:<18} {label} @ {org_code}")
        # The other unions' bookkeepers, made by the finance demo.
        from gonghui.finance.demo import BOOKKEEPERS

        short = {"S0001": "实验中学", "H0001": "人民医院", "C0001": "阳光街道"}
        for username, (org_code, _name, _mobile) in BOOKKEEPERS.items():
            where = short.get(org_code, org_code)
            self.stdout.write(f"  {username:<18} 会计（{where}） @ {org_code}")
