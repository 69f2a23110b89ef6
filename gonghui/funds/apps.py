from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "gonghui.funds"
    verbose_name = _("Funds")

    def ready(self):
        from gonghui.core import nav

        nav.register(nav.NavItem("funds", _("Funds"), "funds:index", "funds.ledger:read", 60))
