from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UpperConfig(AppConfig):
    name = "gonghui.upper"
    verbose_name = _("Upper union")
