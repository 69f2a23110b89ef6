from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "gonghui.voting"
    verbose_name = _("Ballots and evaluations")

    def ready(self):
        from gonghui.core import nav

        nav.register(
            nav.NavItem(
                "voting", _("Ballots and evaluations"), "voting:index", "voting.ballot:read", 46
            )
        )
