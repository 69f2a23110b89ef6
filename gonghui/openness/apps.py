from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpennessConfig(AppConfig):
    name = "gonghui.openness"
    verbose_name = _("Openness notices")
    # Who reads this app's audit entries (gonghui.audit.readers): drafts, withdrawn
    # notices and who asked what are the cadres' (cadre mode needs the write right).
    audit_readers = {
        "openness.notice:read": (
            "opennesssettings",
            "itemrule",
            "report",
            "financeopenness",
            "financepublication",
            "finance_report",
        ),
        "openness.notice:write": ("notice", "noticefile", "question"),
    }

    def ready(self):
        from gonghui.core import dashboard, nav
        from gonghui.plans import evidence, figures

        from . import hooks

        nav.register(
            nav.NavItem(
                "openness", _("Openness notices"), "openness:index", "openness.notice:read", 47
            )
        )
        nav.register(
            nav.NavItem(
                "openness_finance",
                _("Funds openness"),
                "openness:finance",
                "openness.notice:read",
                48,
            )
        )
        dashboard.register(
            dashboard.Panel(
                "openness.due",
                "openness/_panel.html",
                "openness.notice:write",
                hooks.cadre_panel,
                45,
            )
        )
        dashboard.register(
            dashboard.Panel(
                "openness.latest",
                "openness/_reader_panel.html",
                "openness.notice:read",
                hooks.reader_panel,
                46,
            )
        )
        evidence.register(
            evidence.EvidenceKind(
                key="openness.notice",
                label=_("Openness notice"),
                model="openness.Notice",
                describe=hooks.describe,
                candidates=hooks.candidates,
                categories=hooks.CATEGORIES,
            )
        )
        figures.register(figures.Provider("openness", "democracy", hooks.year_figures, order=60))
