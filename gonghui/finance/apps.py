from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "gonghui.finance"
    verbose_name = _("Finance")
    # Who reads this app's audit entries (gonghui.audit.readers).
    audit_readers = {
        "finance.books:read": ("voucher", "period", "subaccount", "project"),
    }
