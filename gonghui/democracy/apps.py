from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemocracyConfig(AppConfig):
    name = "gonghui.democracy"
    verbose_name = _("Democratic management")
    # Who reads this app's audit entries (gonghui.audit.readers).
    audit_readers = {
        "democracy.congress:read": (
            "congress",
            "delegation",
            "representative",
            "session",
            "agendaitem",
            "sessiondocument",
            "attendance",
            "resolution",
            "proposal",
            "cosign",
        ),
        "democracy.contract:read": ("contract", "negotiation", "honouringcheck"),
    }

    def ready(self):
        from gonghui.core import dashboard, nav
        from gonghui.plans import evidence, figures
        from gonghui.voting import headcount

        from . import hooks

        # Ballots held at a session take its sign-in (voting.headcount).
        headcount.register(
            headcount.Source(
                "democracy.session", hooks.session_headcount, meetings=hooks.ballot_sessions
            )
        )
        headcount.register(headcount.Source("democracy.resolution", hooks.resolution_headcount))

        nav.register(
            nav.NavItem(
                "democracy",
                _("Democratic management"),
                "democracy:index",
                "democracy.congress:read",
                45,
            )
        )
        # Every member holds the permission; the page tells non-representatives so.
        nav.register(
            nav.NavItem(
                "democracy_me", _("My congress"), "democracy:me", "democracy.proposal:submit", 7
            )
        )
        dashboard.register(
            dashboard.Panel(
                "democracy.congress",
                "democracy/_panel.html",
                "democracy.congress:read",
                hooks.panel,
                45,
            )
        )
        dashboard.register(
            dashboard.Panel(
                "democracy.me",
                "democracy/_panel_member.html",
                "democracy.proposal:submit",
                hooks.member_panel,
                31,
            )
        )
        evidence.register(
            evidence.EvidenceKind(
                key="democracy.session",
                label=_("Congress session"),
                model="democracy.Session",
                describe=hooks.describe_session,
                candidates=hooks.session_candidates,
                categories=("democracy",),
            )
        )
        figures.register(figures.Provider("democracy", "democracy", hooks.year_figures, order=45))
