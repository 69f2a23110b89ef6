from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LevyConfig(AppConfig):
    name = "gonghui.levy"
    verbose_name = _("Union funds paid by employers")
    # Who reads this app's audit entries (gonghui.audit.readers): the levy pages.
    audit_readers = {
        "levy.levy:read": ("splitrule", "arrival", "remittance", "receivable", "reminder")
    }

    def ready(self):
        from gonghui.core import dashboard, nav

        from . import hooks

        nav.register(nav.NavItem("levy", _("Levy funds"), "levy:index", "levy.levy:read", 64))
        dashboard.register(
            dashboard.Panel("levy.owed", "levy/_panel.html", "levy.levy:read", hooks.panel, 64)
        )
