from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    name = "gonghui.survey"
    verbose_name = _("Statistics survey")
    # Who reads this app's audit entries (gonghui.audit.readers): the union's committee
    # and the upper union's staff both read the survey's pages.
    audit_readers = {"survey.report:read": ("surveyperiod", "surveyreport", "workbook")}

    def ready(self):
        from gonghui.core import dashboard, nav

        from . import hooks

        nav.register(
            nav.NavItem("survey", _("Statistics survey"), "survey:index", "survey.report:read", 34)
        )
        dashboard.register(
            dashboard.Panel(
                "survey.report", "survey/_panel.html", "survey.report:write", hooks.union_panel, 6
            )
        )
        dashboard.register(
            dashboard.Panel(
                "survey.board",
                "survey/_upper_panel.html",
                "survey.report:review",
                hooks.upper_panel,
                6,
            )
        )
