from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gonghui.audit.readers import Rule


def _committee_proposals(access):
    """The proposals the committee reads, as their pages decide (selectors.proposals): a
    draft is the proposer's alone unless they asked for help with it. Scoped, like those
    pages, to the organisation being viewed."""
    from .selectors import proposals  # here: apps.py loads before the app registry is ready

    return proposals()


def _committee_cosigns(access):
    """The co-signatures of the proposals the committee reads."""
    from .models import Cosign  # idem

    return Cosign.objects.filter(proposal__in=_committee_proposals(access).values("pk"))


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
        ),
        # A draft's entries (its title and text, who co-signed) stay with its proposer until
        # it is submitted or shown for help; the report's export is about no one proposal.
        Rule(("democracy.congress:read",), _committee_proposals, recordless=True): "proposal",
        Rule(("democracy.congress:read",), _committee_cosigns): "cosign",
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
