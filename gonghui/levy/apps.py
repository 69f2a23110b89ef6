from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LevyConfig(AppConfig):
    name = "gonghui.levy"
    verbose_name = _("Union funds paid by employers")
