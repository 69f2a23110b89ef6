from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "gonghui.oversight"
    verbose_name = _("Funds audit committee")
    # Who reads this app's audit entries (gonghui.audit.readers): the reviews, findings
    # and settings are read by whoever reads the workspace.
    audit_readers = {
        "oversight.review:read": ("oversightsettings", "review", "finding", "report", "reporttext"),
    }

    def ready(self):
        from gonghui.core import dashboard, nav

        nav.register(
            nav.NavItem(
                "oversight",
                _("Audit committee"),
                "oversight:index",
                "oversight.review:read",
                63,
            )
        )
        dashboard.register(
            dashboard.Panel(
                "oversight.findings",
                "oversight/_dashboard_card.html",
                "oversight.review:read",
                _dashboard_panel,
                63,
            )
        )


def _dashboard_panel(*args, **kwargs):
    # The views (and openpyxl behind their exports) are imported when the dashboard is
    # first drawn, not when every process starts (a management command has no use for them).
    from . import views

    return views.dashboard_panel(*args, **kwargs)
