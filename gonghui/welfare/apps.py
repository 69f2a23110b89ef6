from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelfareConfig(AppConfig):
    name = "gonghui.welfare"
    verbose_name = _("Welfare and care")

    def ready(self):
        from gonghui.core import nav

        nav.register(
            nav.NavItem("welfare", _("Welfare and care"), "welfare:index", "welfare.visit:read", 50)
        )
