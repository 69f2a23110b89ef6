from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "gonghui.assignments"
    verbose_name = _("Assigned tasks")
    # Who reads this app's audit entries (gonghui.audit.readers): the sender's staff and
    # the receiving union's committee both read the assignment's pages.
    audit_readers = {
        "assignments.task:read": (
            "assignment",
            "assignmenttarget",
            "answerfile",
            "reminder",
            "answers",
        ),
    }

    def ready(self):
        from gonghui.core import dashboard, nav
        from gonghui.orgs.models import UNION_KINDS
        from gonghui.plans import extras

        from . import hooks

        # The sender's side where there are unions below; the inbox at a union.
        nav.register(
            nav.NavItem(
                "assignments",
                _("Assigned tasks and forms"),
                "assignments:index",
                "assignments.task:write",
                32,
                when=lambda org: org.kind == "upper",  # OrgKind.UPPER
            )
        )
        nav.register(
            nav.NavItem(
                "assignments_inbox",
                _("Tasks from above"),
                "assignments:inbox",
                "assignments.task:answer",
                33,
                when=lambda org: org.kind in UNION_KINDS,
            )
        )
        dashboard.register(
            dashboard.Panel(
                "assignments.inbox",
                "assignments/_panel.html",
                "assignments.task:answer",
                hooks.union_panel,
                5,
            )
        )
        # The year's tasks from above on the union's plan; passing a task of the upper
        # union's own plan down (issue #16 items 2 and 6).
        extras.register(
            extras.Panel(
                "plan", "assignments/_plan_panel.html", "assignments.task:read", hooks.plan_panel
            )
        )
        extras.register(
            extras.Panel(
                "task", "assignments/_task_panel.html", "assignments.task:read", hooks.task_panel
            )
        )
