from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "gonghui.aid"
    verbose_name = _("Education and medical aid")

    def ready(self):
        from gonghui.core import nav

        nav.register(
            nav.NavItem(
                "aid", _("Education and medical aid"), "aid:index", "aid.programme:read", 55
            )
        )
