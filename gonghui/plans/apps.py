from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "gonghui.plans"
    verbose_name = _("Work plans")
    # Who reads this app's audit entries (gonghui.audit.readers).
    audit_readers = {
        "plans.plan:read": (
            "plan",
            "section",
            "task",
            "evidence",
            "record",
            "attachment",
            "summary",
        )
    }

    def ready(self):
        from gonghui.core import dashboard, nav

        from . import evidence, figures, hooks

        nav.register(nav.NavItem("plans", _("Work plan"), "plans:index", "plans.plan:read", 20))
        dashboard.register(
            dashboard.Panel(
                "plans.due", "plans/_due_panel.html", "plans.plan:read", hooks.due_panel, 20
            )
        )
        # The free-text work record stands in for any module that does not exist yet.
        evidence.register(
            evidence.EvidenceKind(
                key="plans.record",
                label=_("Work record"),
                model="plans.Record",
                describe=hooks.describe_record,
                candidates=hooks.record_candidates,
            )
        )
        figures.register(figures.Provider("plans", "other", hooks.plan_figures, order=90))
