from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpennessConfig(AppConfig):
    name = "gonghui.openness"
    verbose_name = _("Openness notices")

    def ready(self):
        from gonghui.core import nav

        nav.register(
            nav.NavItem(
                "openness", _("Openness notices"), "openness:index", "openness.notice:read", 47
            )
        )
