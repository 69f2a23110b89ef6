from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "gonghui.activities"
    verbose_name = _("Activities")

    def ready(self):
        from gonghui.core import nav

        nav.register(
            nav.NavItem(
                "activities", _("Activities"), "activities:index", "activities.activity:read", 40
            )
        )
