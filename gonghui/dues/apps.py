from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    name = "gonghui.dues"
    verbose_name = _("Dues")
    # Who reads this app's audit entries (gonghui.audit.readers): the month's pages.
    audit_readers = {"finance.dues:write": ("duesline", "duessettings", "deductions", "month")}

    def ready(self):
        from gonghui.core import nav
        from gonghui.members import dues_lines

        from . import lapse

        # The lapse rule's "six months unpaid" reads the lines where a union keeps them.
        dues_lines.register(lapse.provider)

        # The cadres' month and the group leaders' collection behind one entry (the index
        # sends each to theirs); a member's own dues beside 我的会籍.
        nav.register(nav.NavItem("dues", _("Dues"), "dues:index", "finance.dues:collect", 62))
        nav.register(nav.NavItem("my_dues", _("My dues"), "dues:me", "self:read", 6))
