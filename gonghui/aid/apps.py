from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "gonghui.aid"
    verbose_name = _("Education and medical aid")
    # Who reads this app's audit entries (gonghui.audit.readers): not the upper union.
    audit_readers = {
        "aid.programme:read": (
            "aidround",
            "roundstandard",
            "application",
            "scheme",
            "enrolment",
            "claim",
            "claimbill",
            "payment",
            "education_report",
            "medical_report",
        )
    }

    def ready(self):
        from gonghui.core import dashboard, nav
        from gonghui.plans import evidence, figures

        from . import hooks

        nav.register(
            nav.NavItem(
                "aid", _("Education and medical aid"), "aid:index", "aid.programme:read", 55
            )
        )
        dashboard.register(
            dashboard.Panel(
                "aid.pending",
                "aid/_pending_panel.html",
                "aid.programme:read",
                hooks.pending_panel,
                55,
            )
        )
        evidence.register(
            evidence.EvidenceKind(
                key="aid.round",
                label=_("Golden autumn education aid round"),
                model="aid.AidRound",
                describe=hooks.describe_round,
                candidates=hooks.round_candidates,
                categories=("care",),
            )
        )
        evidence.register(
            evidence.EvidenceKind(
                key="aid.scheme",
                label=_("Mutual medical aid scheme"),
                model="aid.Scheme",
                describe=hooks.describe_scheme,
                candidates=hooks.scheme_candidates,
                categories=("care",),
            )
        )
        figures.register(figures.Provider("aid", "care", hooks.year_figures, order=60))
