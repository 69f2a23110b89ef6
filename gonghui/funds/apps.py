from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "gonghui.funds"
    verbose_name = _("Funds")
    # Who reads this app's audit entries (gonghui.audit.readers).
    audit_readers = {"funds.ledger:read": ("fund", "fundentry", "ledger")}

    def ready(self):
        from gonghui.core import dashboard, nav
        from gonghui.plans import figures

        from . import hooks

        nav.register(nav.NavItem("funds", _("Funds"), "funds:index", "funds.ledger:read", 60))
        dashboard.register(
            dashboard.Panel(
                "funds.balances",
                "funds/_dashboard_card.html",
                "funds.ledger:read",
                hooks.dashboard_panel,
                60,
            )
        )
        figures.register(figures.Provider("funds", "funds", hooks.year_figures, order=70))
