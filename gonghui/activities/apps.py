from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "gonghui.activities"
    verbose_name = _("Activities")
    # Who reads this app's audit entries (gonghui.audit.readers).
    audit_readers = {
        "activities.activity:read": (
            "activity",
            "signup",
            "activityfile",
            "interestgroup",
            "groupmembership",
            "groupplan",
            "contest",
            "entrant",
            "judge",
            "score",
        )
    }

    def ready(self):
        from gonghui.core import dashboard, nav
        from gonghui.members import participation
        from gonghui.plans import evidence, figures

        from . import hooks, views_festivals

        nav.register(
            nav.NavItem(
                "activities", _("Activities"), "activities:index", "activities.activity:read", 40
            )
        )
        # Every member (role "member" included) signs up from here.
        nav.register(
            nav.NavItem(
                "activities_mine",
                _("My activities"),
                "activities:mine",
                "activities.signup:self",
                6,
            )
        )
        dashboard.register(
            dashboard.Panel(
                "activities.coming",
                "activities/_panel.html",
                "activities.signup:self",
                hooks.panel,
                30,
            )
        )
        dashboard.register(
            dashboard.Panel(
                "activities.festivals",
                "activities/_festivals_panel.html",
                "activities.activity:read",
                views_festivals.upcoming_panel,
                35,
            )
        )
        evidence.register(
            evidence.EvidenceKind(
                key="activities.activity",
                label=_("Activity"),
                model="activities.Activity",
                describe=hooks.describe,
                candidates=hooks.candidates,
                categories=hooks.CATEGORIES,
            )
        )
        figures.register(figures.Provider("activities", "culture", hooks.year_figures, order=30))
        participation.register(hooks.took_part)
