from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gonghui.core import nav


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    verbose_name = _("Organisations")
    # Who reads this app's audit entries (gonghui.audit.readers).
    audit_readers = {
        "orgs.org:read": ("organisation",),
        "orgs.committee:read": ("committeeterm", "committeeseat"),
    }

    def ready(self):
        nav.register(
            nav.NavItem("dashboard", _("Dashboard"), "core:dashboard", "dashboard:read", 0)
        )
        nav.register(nav.NavItem("orgs", _("Organisations"), "orgs:tree", "orgs.org:read", 10))
        nav.register(
            nav.NavItem("committee", _("Committee"), "orgs:terms", "orgs.committee:read", 20)
        )
