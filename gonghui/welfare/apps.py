from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelfareConfig(AppConfig):
    name = "gonghui.welfare"
    verbose_name = _("Welfare and care")
    # Who reads this app's audit entries (gonghui.audit.readers): a household's file is
    # read with welfare.case:read only, visits and batches with welfare.visit:read.
    audit_readers = {
        "welfare.case:read": (
            "hardshipfile",
            "householdmember",
            "helpmeasure",
            "casereview",
            "casedocument",
            "case",
        ),
        "welfare.visit:read": (
            "regionline",
            "caresettings",
            "sickleave",
            "visit",
            "visits",
            "batch",
            "batchline",
        ),
    }

    def ready(self):
        from gonghui.core import dashboard, nav
        from gonghui.plans import evidence, figures

        from . import hooks

        nav.register(
            nav.NavItem("welfare", _("Welfare and care"), "welfare:index", "welfare.visit:read", 50)
        )
        dashboard.register(
            dashboard.Panel(
                "welfare.reminders", "welfare/_panel.html", "welfare.visit:read", hooks.panel, 40
            )
        )
        evidence.register(
            evidence.EvidenceKind(
                key="welfare.batch",
                label=_("Batch of condolence visits"),
                model="welfare.Batch",
                describe=hooks.describe_batch,
                candidates=hooks.batch_candidates,
                categories=hooks.CATEGORIES,
            )
        )
        evidence.register(
            evidence.EvidenceKind(
                key="welfare.visit",
                label=_("Condolence visit"),
                model="welfare.Visit",
                describe=hooks.describe_visit,
                candidates=hooks.visit_candidates,
                categories=hooks.CATEGORIES,
            )
        )
        figures.register(figures.Provider("welfare", "care", hooks.year_figures, order=40))
