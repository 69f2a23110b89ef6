from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "gonghui.oversight"
    verbose_name = _("Funds audit committee")
