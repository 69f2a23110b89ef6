from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "gonghui.ideas"
    verbose_name = _("Rationalisation proposals")
    # Who reads this app's audit entries (gonghui.audit.readers): the committee and the
    # upper union's staff read every idea's page, so they read its history too. The
    # department's links keep their key out of the log (audit_secret_fields), the reviews
    # their recommendation (an anonymous vote: audit_ignore_fields).
    audit_readers = {
        "ideas.idea:read": ("drive", "idea", "ideafile", "departmentrequest", "review", "reward"),
    }

    def ready(self):
        from gonghui.core import dashboard, nav
        from gonghui.orgs.models import UNION_KINDS
        from gonghui.plans import evidence, figures

        from . import hooks

        nav.register(
            nav.NavItem(
                "ideas",
                _("Rationalisation proposals"),
                "ideas:index",
                "ideas.idea:read",
                46,
                when=lambda org: org.kind == "upper" or org.kind in UNION_KINDS,
            )
        )
        # Every member holds the permission: their own ideas, from the phone.
        nav.register(nav.NavItem("ideas_me", _("My ideas"), "ideas:me", "ideas.idea:submit", 8))
        dashboard.register(
            dashboard.Panel("ideas.desk", "ideas/_panel.html", "ideas.idea:write", hooks.panel, 47)
        )
        dashboard.register(
            dashboard.Panel(
                "ideas.me",
                "ideas/_panel_member.html",
                "ideas.idea:submit",
                hooks.member_panel,
                32,
            )
        )
        evidence.register(
            evidence.EvidenceKind(
                key="ideas.drive",
                label=_("Proposal drive"),
                model="ideas.Drive",
                describe=hooks.describe,
                candidates=hooks.candidates,
                categories=hooks.CATEGORIES,
            )
        )
        figures.register(figures.Provider("ideas", "contest", hooks.year_figures, order=70))
