from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UpperConfig(AppConfig):
    name = "gonghui.upper"
    verbose_name = _("Upper union")
    # Who reads this app's audit entries (gonghui.audit.readers): the roll-ups' downloads.
    audit_readers = {
        "finance.statements:read": ("finance",),
        "members.roster:read": ("unions",),
    }

    def ready(self):
        from gonghui.core import nav

        def upper(org) -> bool:
            return org.kind == "upper"  # OrgKind.UPPER: unions below it

        # The unions' statements summed (#14 item 11), beside 财务. The menu shows an entry
        # by permission only (core.nav has no per-node condition yet): at a node without a
        # union below, the page says so and links to the node's own statements.
        nav.register(
            nav.NavItem(
                "upper_finance",
                _("Unions' statements"),
                "upper:finance",
                "finance.statements:read",
                63,
                when=upper,
            )
        )
        # The unions × the year's figures (#16 item 1), after the roster.
        nav.register(
            nav.NavItem(
                "upper_unions",
                _("Unions' figures"),
                "upper:unions",
                "members.roster:read",
                31,
                when=upper,
            )
        )
