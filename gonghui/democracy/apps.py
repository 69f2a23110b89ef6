from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemocracyConfig(AppConfig):
    name = "gonghui.democracy"
    verbose_name = _("Democratic management")

    def ready(self):
        from gonghui.core import nav

        nav.register(
            nav.NavItem(
                "democracy",
                _("Democratic management"),
                "democracy:index",
                "democracy.congress:read",
                45,
            )
        )
