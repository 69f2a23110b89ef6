"""The inspection binder (台账, issue #16 item 5): one background job per request.

A `BinderJob` is asked for by a user for one union and one year; the background worker
builds the .zip (binders.services.binder_build) under the access the user had when asking
(`grants`: the permissions that decide what goes in and what is masked), writes its
progress on the row and keeps the finished file in media storage under a random token.
Only the user who asked downloads it: another reader may hold fewer rights.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.models import StoredFile, TenantManager


class JobStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("binder status", "Waiting")
    RUNNING = "running", pgettext_lazy("binder status", "Building")
    DONE = "done", pgettext_lazy("binder status", "Ready")
    FAILED = "failed", pgettext_lazy("binder status", "Failed")
    # Its file was deleted (rules.KEEP_DAYS, or a newer one of the same binder was built).
    EXPIRED = "expired", pgettext_lazy("binder status", "Expired")


def _file_path(instance, filename: str) -> str:
    # Namespaced by union; the stored name is a random token, never a typed name.
    return f"binders/{instance.org_id}/{instance.token}.zip"


class BinderJob(StoredFile):
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveIntegerField(_("files done"), default=0)
    total = models.PositiveIntegerField(_("files in all"), default=0)
    # The requester's permissions at the union when asking (what goes in, what is masked).
    grants = models.JSONField(_("rights used"), default=list, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=_file_path, max_length=300, blank=True)

    objects = TenantManager()

    # Progress is a heartbeat; the rights are permission codes, which no page may show
    # (the download's entry says whether full ID numbers went out); the file's name,
    # type, token and path follow from the union and the year, or are internal.
    audit_ignore_fields = frozenset(
        {
            "progress",
            "total",
            "grants",
            "token",
            "name",
            "content_type",
            "file",
            "uploaded_by",
            "uploaded_at",
        }
    )

    class Meta:
        verbose_name = _("inspection binder")
        verbose_name_plural = _("inspection binders")
        ordering = ["-requested_at", "-id"]

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_hex(16)
        super().save(*args, **kwargs)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.progress / self.total) if self.total else 0

    @property
    def is_expired(self) -> bool:
        return self.status == JobStatus.EXPIRED

    @property
    def is_running(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING) and not self.is_stale

    @property
    def is_stale(self) -> bool:
        """Still waiting or building long after it was asked for: its worker was lost."""
        from .rules import STALE_AFTER_MINUTES

        if self.status not in (JobStatus.QUEUED, JobStatus.RUNNING) or not self.requested_at:
            return False
        return timezone.now() - self.requested_at > dt.timedelta(minutes=STALE_AFTER_MINUTES)
