from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gonghui.audit.readers import Rule


def _readable_batches(access):
    """The imports whose kind `access` may run: as the pages of a batch decide."""
    from .models import ImportBatch  # not a cycle: apps.py loads before the app registry is ready
    from .services import kinds_for  # idem (services imports the models)

    return ImportBatch.objects.filter(kind__in=kinds_for(access))


class ImportsConfig(AppConfig):
    name = "gonghui.imports"
    verbose_name = _("Imports")
    # Who reads this app's audit entries (gonghui.audit.readers): the kind decides.
    audit_readers = {
        Rule(
            ("orgs.import:run", "members.import:run", "finance.voucher:post"), _readable_batches
        ): (
            "importbatch",
            "batch",
        )
    }

    def ready(self):
        from gonghui.core import nav

        from .navigation import section

        nav.register_section(section)
