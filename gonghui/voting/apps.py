from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "gonghui.voting"
    verbose_name = _("Ballots and evaluations")
    # Who reads this app's audit entries (gonghui.audit.readers).
    audit_readers = {
        "voting.ballot:read": (
            "ballot",
            "ballotitem",
            "evaluationform",
            "evaluationsubject",
            "evaluationitem",
        )
    }

    def ready(self):
        # Imported here: the registries and hooks reach models, which need the app registry.
        from gonghui.core import nav
        from gonghui.plans import evidence, figures

        from . import hooks

        nav.register(
            nav.NavItem(
                "voting", _("Ballots and evaluations"), "voting:index", "voting.ballot:read", 46
            )
        )
        # Every member votes and answers evaluations from here.
        nav.register(
            nav.NavItem("voting_mine", _("My ballots"), "voting:mine", "voting.vote:cast", 7)
        )
        evidence.register(
            evidence.EvidenceKind(
                key="voting.evaluation",
                label=_("Democratic evaluation"),
                model="voting.EvaluationForm",
                describe=hooks.describe_evaluation,
                candidates=hooks.evaluation_candidates,
                categories=("democracy",),
            )
        )
        figures.register(figures.Provider("voting", "democracy", hooks.year_figures, order=60))
