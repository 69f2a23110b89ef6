from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "gonghui.budgets"
    verbose_name = _("Budgets and final accounts")
    # Who reads this app's audit entries (gonghui.audit.readers): the union's budgets and
    # their steps are read by everyone who reads the budgets (the upper union too).
    audit_readers = {"budgets.budget:read": ("budget", "execution")}

    def ready(self):
        from gonghui.core import dashboard, nav
        from gonghui.finance import checks
        from gonghui.oversight import queue

        from . import checks as budget_checks
        from . import hooks

        checks.register(budget_checks.NAME, budget_checks.check)
        queue.register("budgets", hooks.waiting_review)
        nav.register(
            nav.NavItem("budgets", _("Budgets"), "budgets:index", "budgets.budget:read", 62)
        )
        dashboard.register(
            dashboard.Panel(
                "budgets.execution",
                "budgets/_dashboard_card.html",
                "budgets.budget:read",
                hooks.dashboard_panel,
                62,
            )
        )
