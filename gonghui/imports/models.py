"""One upload of a spreadsheet: its file, its preview, and what became of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.models import TenantModel


class ImportBatch(TenantModel):
    class Kind(models.TextChoices):
        ORGS = "orgs", _("Organisations")
        MEMBERS = "members", _("Members")
        VOUCHERS = "vouchers", _("Vouchers")

    class Status(models.TextChoices):
        # Large files are checked and imported by a background job (imports.tasks).
        PREVIEWING = "previewing", _("Checking")
        PREVIEWED = "previewed", _("Previewed")
        COMMITTING = "committing", _("Importing")
        COMMITTED = "committed", pgettext_lazy("import status", "Imported")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Failed")
        # The job of a PREVIEWING or COMMITTING batch stopped showing signs of life (its
        # worker was killed): it can be started again or cancelled (services).
        INTERRUPTED = "interrupted", _("Interrupted")

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="import_batches",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PREVIEWED
    )
    # gonghui.imports.base.Preview.to_json(): the rows with their action, values, errors
    # (of a large file a sample, and every row with an error or a warning).
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    # For the background mode of large imports: rows handled so far, of how many.
    progress_done = models.PositiveIntegerField(_("rows done"), default=0)
    progress_total = models.PositiveIntegerField(_("rows in all"), default=0)
    # The last sign of life of the batch's background job, outside its transaction
    # (imports.tasks; the commit's signs go to huey's store, which tasks.last_seen reads).
    heartbeat_at = models.DateTimeField(_("last sign of progress"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    # The log records who uploaded which file (the created entry), and the commit writes
    # one summary entry besides the entries of the records it changed. The working state
    # below changes with every step and would only bury those entries; it also means a
    # commit that changes nothing leaves the log untouched.
    audit_ignore_fields = frozenset(
        {"status", "preview", "counts", "message", "progress_done", "progress_total"}
        | {"committed_at", "file", "heartbeat_at"}
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_kind_display()})"

    @property
    def has_errors(self) -> bool:
        return bool(self.counts.get("error"))

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.PREVIEWING, self.Status.COMMITTING)
