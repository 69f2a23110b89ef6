from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BindersConfig(AppConfig):
    name = "gonghui.binders"
    verbose_name = _("Inspection binders")
