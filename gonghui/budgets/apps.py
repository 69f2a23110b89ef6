from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "gonghui.budgets"
    verbose_name = _("Budgets and final accounts")
