from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    name = "gonghui.assets"
    verbose_name = _("Fixed assets")
    # Who reads this app's audit entries (gonghui.audit.readers).
    audit_readers = {
        "assets.asset:read": (
            "asset",
            "depreciationrun",
            "stocktake",
            "stocktakeitem",
            "disposal",
            "lentitem",
            "register",
        )
    }

    def ready(self):
        from gonghui.core import dashboard, nav

        from . import views

        nav.register(
            nav.NavItem("assets", _("Fixed assets"), "assets:index", "assets.asset:read", 63)
        )
        dashboard.register(
            dashboard.Panel(
                "assets.register",
                "assets/_dashboard_card.html",
                "assets.asset:read",
                views.dashboard_panel,
                63,
            )
        )
