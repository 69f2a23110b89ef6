from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    name = "gonghui.dues"
    verbose_name = _("Dues")
    # Who reads this app's audit entries (gonghui.audit.readers): the month's pages.
    audit_readers = {"finance.dues:write": ("duesline", "duessettings", "deductions", "month")}
