"""The one append-only audit log of Gonghui."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedManager

from .context import current_actor


class AppendOnlyError(RuntimeError):
    """Audit entries are never changed or removed."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries cannot be updated")

    def delete(self):
        raise AppendOnlyError("audit entries cannot be deleted")


class AuditManager(ScopedManager.from_queryset(AuditQuerySet)):
    pass


def jsonable(value):
    """A field value as it is stored in `changes`: plain JSON, readable by an auditor."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, FieldFile):  # an empty one has no .url: check the type, not attrs
        return value.name or None
    return str(value)


class AuditEntry(models.Model):
    SOURCES = [
        ("web", _("web page")),
        ("api", _("API")),
        ("cli", _("command line")),
        ("job", _("background job")),
        ("system", _("system")),
    ]

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=SOURCES, default="system")
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("record type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_id = models.CharField(_("record id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = AuditManager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries cannot be deleted")

    @property
    def verb(self) -> str:
        return self.action.rsplit(".", 1)[-1]


def imported_action(model: type[models.Model] | models.Model) -> str:
    """The action of an entry that logs many records of `model` created together by an
    import (gonghui.imports.bulk.BulkCreator), with the range of their primary keys in
    `changes` (first_id, last_id)."""
    return f"{model._meta.app_label}.{model._meta.model_name}.imported"


def record_entries(obj: models.Model) -> models.Q:
    """The entries about one record (with its content type): its own, and the entry of
    the import that created it among others."""
    about = models.Q(object_id=str(obj.pk))
    if isinstance(obj.pk, int):
        about |= models.Q(
            action=imported_action(obj),
            changes__first_id__lte=obj.pk,
            changes__last_id__gte=obj.pk,
        )
    return about


def record(
    action: str,
    *,
    obj: models.Model | None = None,
    org=None,
    changes: dict | None = None,
    note: str = "",
) -> AuditEntry:
    """Write one audit entry for the current actor. Call inside the transaction of the change."""
    entry = unsaved(action, obj=obj, org=org, changes=changes, note=note)
    entry.save()
    return entry


def unsaved(
    action: str,
    *,
    obj: models.Model | None = None,
    org=None,
    changes: dict | None = None,
    note: str = "",
) -> AuditEntry:
    """The entry `record` writes, not yet saved (for a caller that writes it together
    with its record in one statement: gonghui.core.models.insert_audited)."""
    actor = current_actor()
    user = actor.user if getattr(actor.user, "pk", None) else None
    if org is None and obj is not None:
        org = getattr(obj, "audit_org", lambda: None)()
    return AuditEntry(
        actor=user,
        actor_name=(user.get_username() if user else actor.source),
        ip=actor.ip,
        source=actor.source,
        org=org,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False)
        if obj
        else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=jsonable(changes or {}),
        note=note,
    )
