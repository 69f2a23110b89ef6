from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gonghui.core import nav


class AuditConfig(AppConfig):
    name = "gonghui.audit"
    verbose_name = _("Audit log")
    # Who reads this app's audit entries (gonghui.audit.readers).
    audit_readers = {"audit.log:read": ("entry",)}

    def ready(self):
        nav.register(nav.NavItem("audit", _("Audit log"), "audit:list", "audit.log:read", 90))
