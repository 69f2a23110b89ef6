"""Base classes every domain model of Gonghui builds on.

`AuditedModel` gives a model its audit trail without extra code: each save() and delete()
writes an entry with field-level before/after in the same transaction. Bulk queryset
updates and deletes are refused on these models, because they would bypass the log.
"""

from __future__ import annotations

import hashlib
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _

from gonghui.audit import models as audit
from gonghui.audit.context import current_actor

from .scoping import ScopedManager, unscoped

MASKED = "******"


class AuditedQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError(
            f"{self.model._meta.label}: bulk update() bypasses the audit log; "
            "save each object, or write the audit entry in a service function"
        )

    def delete(self):
        # Deleting one by one keeps one audit entry per record.
        with transaction.atomic():
            count = 0
            for obj in self:
                obj.delete()
                count += 1
        return count, {self.model._meta.label: count}


class TenantManager(ScopedManager.from_queryset(AuditedQuerySet)):
    """Scoped to the active organisation subtree, with audited bulk operations."""


class AuditedModel(models.Model):
    # Fields never written into the log (credentials); their changes show as "******".
    audit_secret_fields: ClassVar[frozenset[str]] = frozenset()
    # Fields shown masked to viewers without the sensitive-data permission.
    audit_sensitive_fields: ClassVar[frozenset[str]] = frozenset()
    # Fields not worth logging (derived caches).
    audit_ignore_fields: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        abstract = True

    # -- what the log sees -------------------------------------------------
    def audit_org(self):
        """The organisation whose log this record's entries belong to."""
        return getattr(self, "org", None)

    def audit_action(self, verb: str) -> str:
        return f"{self._meta.app_label}.{self._meta.model_name}.{verb}"

    def _audit_fields(self):
        for field in self._meta.concrete_fields:
            if field.primary_key or field.name in self.audit_ignore_fields:
                continue
            yield field

    def _audit_snapshot(self, loaded: dict | None = None) -> dict:
        """Field values as the log stores them: the current ones, or, given `loaded`
        (attname → value as read from the database), those values only."""
        snap = {}
        for field in self._audit_fields():
            if loaded is None:
                value = getattr(self, field.attname)
            elif field.attname in loaded:
                value = loaded[field.attname]
            else:
                continue  # not loaded: read from the database when needed (_audit_before)
            if field.name in self.audit_secret_fields:
                # A digest lets a change be noticed without the value reaching the log.
                value = "sha256:" + hashlib.sha256(str(value).encode()).hexdigest()
            snap[field.name] = audit.jsonable(value)
        return snap

    def _audit_changes(self, before: dict, after: dict) -> dict:
        changes = {}
        for name, value in after.items():
            old = before.get(name)
            if old == value or (not before and value in (None, "", [], {})):
                continue
            if name in self.audit_secret_fields:
                old, value = (MASKED if old is not None else None), MASKED
            changes[name] = [old, value]
        return self.audit_readable(changes) if changes else changes

    def audit_readable(self, changes: dict) -> dict:
        """The changes as the log keeps them. A model whose JSON fields hold keys of its
        own (a report form's field keys) writes them in words here: the log is read by
        people, and shows nothing internal."""
        return changes

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if cls._audit_mutable_fields():
            # A dict or list may be changed in place after loading: snapshot the loaded
            # values now (jsonable copies them).
            loaded = dict(zip(field_names, values, strict=True))
            instance.__dict__["_audit_loaded"] = instance._audit_snapshot(loaded)
        else:
            # Most loaded rows are only read (a page, a lookup): the "before" state is
            # worked out from the loaded values when a save() needs it, not for every
            # row (it was a third of a large dashboard's time, #13 §9). The values are
            # immutable (str, int, date, Decimal), so keeping them is keeping the state.
            instance.__dict__["_audit_row"] = (field_names, values)
        return instance

    @classmethod
    def _audit_mutable_fields(cls) -> bool:
        found = cls.__dict__.get("_audit_has_mutable")
        if found is None:
            found = any(
                f.get_internal_type() in ("JSONField", "ArrayField")
                for f in cls._meta.concrete_fields
            )
            cls._audit_has_mutable = found
        return found

    @property
    def _audit_before(self) -> dict | None:
        """The state as loaded from the database (None for a record never loaded).

        Fields left out of the load (`only()`, `defer()`, a hand-written statement) are
        read from the database here, in one query, when a save needs them: their current
        attribute may already hold the new value."""
        state = self.__dict__
        if "_audit_before_state" not in state:
            if "_audit_loaded" in state:
                snap = state.pop("_audit_loaded")
            elif "_audit_row" in state:
                snap = self._audit_snapshot(dict(zip(*state.pop("_audit_row"), strict=True)))
            else:
                return None
            missing = [f.attname for f in self._audit_fields() if f.name not in snap]
            if missing and self.pk is not None:
                stored = type(self)._base_manager.filter(pk=self.pk).values(*missing).first()
                snap.update(self._audit_snapshot(stored or {}))
            state["_audit_before_state"] = snap
        return state["_audit_before_state"]

    @_audit_before.setter
    def _audit_before(self, value: dict | None) -> None:
        self.__dict__.pop("_audit_row", None)
        self.__dict__.pop("_audit_loaded", None)
        self.__dict__["_audit_before_state"] = value

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        """Fields read again from the database are, from now on, the state the next save
        compares with (another request's committed change is not this save's change).
        A deferred field read on first use comes through here too."""
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        wanted = None if fields is None else set(fields)
        fresh = {
            f.attname: self.__dict__[f.attname]
            for f in self._audit_fields()
            if (wanted is None or f.attname in wanted or f.name in wanted)
            and f.attname in self.__dict__
        }
        state = self.__dict__
        if state.get("_audit_before_state") is not None:
            state["_audit_before_state"].update(self._audit_snapshot(fresh))
        elif "_audit_loaded" in state:
            state["_audit_loaded"].update(self._audit_snapshot(fresh))
        elif "_audit_row" in state:
            merged = dict(zip(*state["_audit_row"], strict=True)) | fresh
            state["_audit_row"] = (list(merged), list(merged.values()))

    # -- persistence -------------------------------------------------------
    # The record and its entry are written together: outside a transaction the block
    # opens one; inside a workflow's transaction no savepoint is needed (two round trips
    # fewer per save), since a failed entry must fail the whole workflow anyway.
    def save(self, *args, **kwargs):
        creating = self._state.adding or self.pk is None
        before = {} if creating else getattr(self, "_audit_before", None)
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            super().save(*args, **kwargs)
            after = self._audit_snapshot()
            if creating:
                changes = self._audit_changes({}, after)
                audit.record(self.audit_action("created"), obj=self, changes=changes)
            else:
                # An object built without from_db (rare) logs its whole new state.
                changes = self._audit_changes(before or {}, after)
                if changes:
                    audit.record(self.audit_action("updated"), obj=self, changes=changes)
        self._audit_before = after

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            # The last state, as "value → nothing" per field.
            state = self._audit_changes({}, self._audit_snapshot())
            changes = {name: [value, None] for name, (_, value) in state.items()}
            audit.record(self.audit_action("deleted"), obj=self, changes=changes)
            return super().delete(*args, **kwargs)

    # Uniqueness is platform-wide (an organisation code, a mobile number), so the check
    # must look past the active scope; it only reveals that a value is taken.
    def _perform_unique_checks(self, unique_checks):
        with unscoped():
            return super()._perform_unique_checks(unique_checks)

    def validate_constraints(self, exclude=None):
        with unscoped():
            return super().validate_constraints(exclude=exclude)


def _inserted_fields(model) -> list:
    """The fields an insert of `model` writes: all concrete ones but an automatic key."""
    return [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField))
    ]


# model -> (its fields written, the entry's fields written, the statement): built once.
_INSERTS: dict = {}


def _insert_statement(model) -> tuple[list, list, str]:
    found = _INSERTS.get(model)
    if found is None:
        fields = _inserted_fields(model)
        entry_fields = [f for f in _inserted_fields(audit.AuditEntry) if f.attname != "object_id"]
        quote = connection.ops.quote_name
        pk = quote(model._meta.pk.column)
        sql = (
            f"WITH made AS (INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608
            f"({', '.join(quote(f.column) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {pk}) "
            f"INSERT INTO {quote(audit.AuditEntry._meta.db_table)} "
            f"({', '.join(quote(f.column) for f in entry_fields)}, {quote('object_id')}) "
            f"SELECT {', '.join(['%s'] * len(entry_fields))}, CAST(made.{pk} AS TEXT) "
            f"FROM made RETURNING {quote('object_id')}"
        )
        found = _INSERTS[model] = (fields, entry_fields, sql)
    return found


def insert_audited(obj) -> None:
    """Insert the new record `obj` and its "created" audit entry in one statement: the
    same row and the same entry as `obj.save()` writes, in one round trip instead of two
    and without the ORM's compiling of two inserts.

    For the crowd's path (a member's sign-up at opening time, #13 §9), inside the
    workflow's transaction. A data-modifying CTE is PostgreSQL's; elsewhere, save().
    No signals are sent (the project connects none to the models it is used for).
    """
    if connection.vendor != "postgresql" or obj.pk is not None or not obj._state.adding:
        obj.save()
        return
    fields, entry_fields, sql = _insert_statement(type(obj))
    # Values prepared as save() prepares them (auto_now_add set on the instance first).
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    after = obj._audit_snapshot()
    entry = audit.unsaved(
        obj.audit_action("created"), obj=obj, changes=obj._audit_changes({}, after)
    )
    values += [f.get_db_prep_save(f.pre_save(entry, True), connection) for f in entry_fields]
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(sql, values)
        (made,) = cursor.fetchone()
    obj.pk = obj._meta.pk.to_python(made)
    obj._state.adding = False
    obj._state.db = connection.alias
    obj._audit_before = after


def audited_bulk_create(model, objs: list, *, batch_size: int = 1000) -> list:
    """Insert many records and their "created" audit entries in two bulk statements each.

    For imports and demo data: saving row by row would cost several queries per row.
    The entries are the same as save() writes; call it inside the import's transaction.
    """
    if not objs:
        return objs
    for obj in objs:
        if hasattr(obj, "prepare_for_save"):
            obj.prepare_for_save()
    created = model._base_manager.bulk_create(objs, batch_size=batch_size)
    actor = current_actor()
    user = actor.user if getattr(actor.user, "pk", None) else None
    ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
    entries = []
    for obj in created:
        after = obj._audit_snapshot()
        obj._audit_before = after
        entries.append(
            audit.AuditEntry(
                actor=user,
                actor_name=user.get_username() if user else actor.source,
                ip=actor.ip,
                source=actor.source,
                org=obj.audit_org(),
                action=obj.audit_action("created"),
                content_type=ct,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                changes=obj._audit_changes({}, after),
            )
        )
    audit.AuditEntry._base_manager.bulk_create(entries, batch_size=batch_size)
    return created


class TenantModel(AuditedModel):
    """A record owned by one organisation (field `org`), scoped and audited."""

    objects = TenantManager()

    class Meta:
        abstract = True


class StoredFile(TenantModel):
    """An uploaded file of a record (a receipt, a session paper, a form's attachment),
    served only through a view that checks the reader: MEDIA_URL is not exposed. Each
    subclass adds its record and `file`, stored under a random token, never the
    uploader's name; `content_type` is the one recognised from the file's bytes."""

    token = models.CharField(_("download token"), max_length=32, unique=True, editable=False)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name
