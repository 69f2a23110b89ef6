from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "gonghui.plans"
    verbose_name = _("Work plans")

    def ready(self):
        from gonghui.core import nav

        nav.register(nav.NavItem("plans", _("Work plan"), "plans:index", "plans.plan:read", 20))
