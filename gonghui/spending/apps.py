from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpendingConfig(AppConfig):
    name = "gonghui.spending"
    verbose_name = _("Spending rules")
    # Who reads this app's audit entries (gonghui.audit.readers): the rules are read by
    # everyone the rules apply to (and the upper union that set them).
    audit_readers = {"spending.rule:read": ("spendingrule",)}

    def ready(self):
        from gonghui.core import nav
        from gonghui.finance import checks

        from . import checks as spending_checks

        checks.register("spending", spending_checks.check)
        nav.register(
            nav.NavItem("spending", _("Spending rules"), "spending:index", "spending.rule:read", 65)
        )
