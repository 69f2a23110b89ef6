from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "gonghui.assessments"
    verbose_name = _("Assessments")
    # Who reads this app's audit entries (gonghui.audit.readers): the upper union's staff
    # and the assessed union's committee both read the assessment's pages.
    audit_readers = {
        "assessments.assessment:read": ("scheme", "assessment", "evidence", "results"),
    }

    def ready(self):
        from gonghui.core import dashboard, nav
        from gonghui.orgs.models import UNION_KINDS

        from . import hooks

        nav.register(
            nav.NavItem(
                "assessments",
                _("Assessments"),
                "assessments:index",
                "assessments.assessment:read",
                34,
                when=lambda org: org.kind == "upper" or org.kind in UNION_KINDS,
            )
        )
        dashboard.register(
            dashboard.Panel(
                "assessments.open",
                "assessments/_panel.html",
                "assessments.assessment:self",
                hooks.union_panel,
                6,
            )
        )
