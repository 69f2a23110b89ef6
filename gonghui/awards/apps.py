from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "gonghui.awards"
    verbose_name = _("Awards")
    # Who reads this app's audit entries (gonghui.audit.readers): the rounds, nominations
    # and the register are the committee's pages; who raised an objection is for those who
    # answer them alone (the objector's name is on the entry).
    audit_readers = {
        "awards.award:read": (
            "awardround",
            "nomination",
            "nominationfile",
            "decision",
            "titleheld",
            "certificates",
            "nominations",
        ),
        "awards.award:write": ("objection",),
    }

    def ready(self):
        from gonghui.core import dashboard, nav
        from gonghui.orgs.models import UNION_KINDS
        from gonghui.plans import evidence, figures

        from . import hooks

        nav.register(
            nav.NavItem(
                "awards",
                _("Awards"),
                "awards:index",
                "awards.award:read",
                44,
                when=lambda org: org.kind == "upper" or org.kind in UNION_KINDS,
            )
        )
        nav.register(
            nav.NavItem("awards_me", _("My awards"), "awards:me", "awards.nomination:self", 8)
        )
        dashboard.register(
            dashboard.Panel(
                "awards.rounds",
                "awards/_panel.html",
                "awards.award:write",
                hooks.committee_panel,
                44,
            )
        )
        dashboard.register(
            dashboard.Panel(
                "awards.me",
                "awards/_member_panel.html",
                "awards.nomination:self",
                hooks.member_panel,
                32,
            )
        )
        evidence.register(
            evidence.EvidenceKind(
                key="awards.awardround",
                label=_("Award round"),
                model="awards.AwardRound",
                describe=hooks.describe,
                candidates=hooks.candidates,
                categories=hooks.CATEGORIES,
            )
        )
        figures.register(figures.Provider("awards", "awards", hooks.year_figures, order=70))
