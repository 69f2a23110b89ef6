from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "gonghui.finance"
    verbose_name = _("Finance")
    # Who reads this app's audit entries (gonghui.audit.readers).
    audit_readers = {
        "finance.books:read": (
            *("voucher", "voucherattachment", "period", "subaccount", "project"),
            *("ledger", "bank", "bankstatement", "bankreconciliation"),
        ),
        "finance.statements:read": ("statements", "statementnote"),
    }

    def ready(self):
        from gonghui.core import dashboard, nav

        from . import views

        # Next to 经费; the statements are what the upper union reads, so the entry shows
        # for them too (the page shows them only the way to the statements).
        nav.register(
            nav.NavItem("finance", _("Finance"), "finance:index", "finance.statements:read", 61)
        )
        dashboard.register(
            dashboard.Panel(
                "finance.waiting",
                "finance/_dashboard_card.html",
                "finance.books:read",
                views.dashboard_panel,
                61,
            )
        )
