from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BindersConfig(AppConfig):
    name = "gonghui.binders"
    verbose_name = _("Inspection binders")
    # Who reads this app's audit entries (gonghui.audit.readers): those who build binders.
    audit_readers = {"binders.binder:build": ("binderjob",)}

    def ready(self):
        from gonghui.core import nav

        nav.register(
            nav.NavItem(
                "binders",
                _("Inspection binders"),
                "binders:index",
                "binders.binder:build",
                34,
                # An upper union builds its unions' binders, a union its own (OrgKind
                # values; branches and groups keep no binder of their own).
                when=lambda org: org.kind in ("upper", "grassroots", "joint"),
            )
        )
