"""Bulk writes for large imports: many records in a few statements, each with its audit entry.

`audited_bulk_create` (gonghui.core.models) builds a model instance per record and lets
Django's bulk_create and the model's audit methods do the rest; for 100,000 members that
takes far longer than reading the file. Here records are plain dicts of column values:
primary keys are reserved up front, rows go in with PostgreSQL's COPY (executemany on
SQLite), and the "created" audit entries carry exactly the changes the model's own
`_audit_snapshot` / `_audit_changes` would give (tests/imports/test_bulk.py compares them).
Call inside the import's transaction.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from operator import itemgetter, methodcaller
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone
from psycopg.copy import QueuedLibpqWriter

from gonghui.audit.context import current_actor
from gonghui.audit.models import AuditEntry, jsonable
from gonghui.core.models import MASKED, AuditedModel

CHUNK = 5000


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys of `model`, taken from its sequence (PostgreSQL) or
    above the highest one in use (SQLite, whose write lock the transaction holds)."""
    if count <= 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [qn(table), pk])
            sequence = cursor.fetchone()[0]
            cursor.execute(
                "SELECT array_agg(v) FROM (SELECT nextval(%s::regclass) AS v"
                " FROM generate_series(1, %s)) AS s",
                [sequence, count],
            )
            return cursor.fetchone()[0]
        if connection.vendor == "sqlite":
            # Django's SQLite tables use AUTOINCREMENT: never reuse a number handed out
            # before, even if its row is gone.
            cursor.execute(f"SELECT MAX({qn(pk)}) FROM {qn(table)}")  # noqa: S608 - model names
            top = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            seq = cursor.fetchone()
            start = max(top, seq[0] if seq else 0) + 1
            return list(range(start, start + count))
    raise NotImplementedError(f"bulk writes need PostgreSQL or SQLite, not {connection.vendor}")


class Inserter:
    """Writes tuples of Python values into some columns of a model's table: binary COPY
    on PostgreSQL, executemany on SQLite. Values are what the model's fields hold
    (dates, Decimals, dicts for JSON); the few the driver cannot take are adapted here."""

    def __init__(self, model: type[models.Model], attnames: Sequence[str]):
        self.model = model
        fields = [model._meta.get_field(a) for a in attnames]
        self.columns = [f.column for f in fields]
        self.getter = itemgetter(*attnames) if len(attnames) > 1 else lambda r: (r[attnames[0]],)
        self.adapt: list[tuple[int, Callable[[Any], Any]]] = []
        for i, f in enumerate(fields):
            fn = self._adapter(f)
            if fn is not None:
                self.adapt.append((i, fn))
        self._oids: list[int] | None = None

    @staticmethod
    def _adapter(field) -> Callable[[Any], Any] | None:
        if connection.vendor == "postgresql":
            if isinstance(field, models.GenericIPAddressField):
                return ipaddress.ip_address
            return None  # psycopg takes dates, Decimals and dicts (jsonb) as they are
        if isinstance(field, models.JSONField):
            return lambda v: json.dumps(v, cls=field.encoder)
        if isinstance(field, models.DateTimeField):
            return connection.ops.adapt_datetimefield_value
        return None  # Django registers sqlite3 adapters for dates and Decimals

    def rows(self, records: Iterable[dict]) -> Iterable[tuple]:
        getter, adapt = self.getter, self.adapt
        for record in records:
            row = getter(record)
            if adapt:
                row = list(row)
                for i, fn in adapt:
                    if row[i] is not None:
                        row[i] = fn(row[i])
            yield row

    def insert(self, records: Iterable[dict]) -> None:
        qn = connection.ops.quote_name
        table = qn(self.model._meta.db_table)
        names = ", ".join(qn(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                oids = self._types(cursor)
                raw = cursor.cursor
                # A thread sends while this one formats rows: the server and Python
                # work at the same time.
                with raw.copy(
                    f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)",
                    writer=QueuedLibpqWriter(raw),
                ) as copy:
                    copy.set_types(oids)
                    for row in self.rows(records):
                        copy.write_row(row)
            else:
                insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(self.columns))})"  # noqa: S608 - model names
                rows = self.rows(records)
                while chunk := list(islice(rows, CHUNK)):
                    cursor.executemany(insert, chunk)

    def _types(self, cursor) -> list[int]:
        """The columns' type OIDs, which a binary COPY needs."""
        if self._oids is None:
            cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass",
                [connection.ops.quote_name(self.model._meta.db_table)],
            )
            types = dict(cursor.fetchall())
            self._oids = [types[c] for c in self.columns]
        return self._oids


class BulkCreator:
    """Creates records of one model, with their audit entries, from dicts of attnames.

    `describe(values)` gives the entry's record text (what str(instance) would say).
    Values missing from a dict take the field's default; auto_now(_add) fields the time
    of the import. The entry's organisation is the record's `org_id`.
    """

    def __init__(self, model: type[AuditedModel], *, describe: Callable[[dict], str]):
        if model.audit_org is not AuditedModel.audit_org:
            raise TypeError(f"{model.__name__} decides its own audit organisation")
        self.model = model
        self.describe = describe
        self.now = timezone.now()
        meta = model._meta
        fields = list(meta.concrete_fields)
        self.pk_attname = meta.pk.attname
        self.defaults: dict[str, Any] = {}
        for f in fields:
            if f.primary_key:
                continue
            auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            self.defaults[f.attname] = self.now if auto else f.get_default()
        self.inserter = Inserter(model, [f.attname for f in fields])
        self.created: list[tuple[Sequence[dict], list[int]]] = []
        # What the model's _audit_fields() yields (the log's view of a record), split by
        # how _audit_snapshot() turns a value into JSON.
        audited = [
            f for f in fields if not f.primary_key and f.name not in model.audit_ignore_fields
        ]
        secret = model.audit_secret_fields
        self.plain = [
            (f.name, f.attname)
            for f in audited
            if f.name not in secret and not isinstance(f, _CONVERTED)
        ]
        self.converted = [
            (f.name, f.attname, _to_json(f))
            for f in audited
            if f.name not in secret and isinstance(f, _CONVERTED)
        ]
        self.secret = [f.name for f in audited if f.name in secret]
        actor = current_actor()
        user = actor.user if getattr(actor.user, "pk", None) else None
        # Every column of an entry; those that differ per record are filled in below.
        self.entry_base = {
            "at": self.now,
            "actor_id": user.pk if user else None,
            "actor_name": user.get_username() if user else actor.source,
            "ip": actor.ip,
            "source": actor.source,
            "action": f"{meta.app_label}.{meta.model_name}.created",
            "content_type_id": ContentType.objects.get_for_model(
                model, for_concrete_model=False
            ).pk,
            "note": "",
        }

    def create(
        self, records: Sequence[dict], progress: Callable[[int], None] | None = None
    ) -> list[int]:
        """Insert `records`; their audit entries wait for write_log(). Returns the
        primary keys, in order. `progress(n)` hears of every CHUNK records written."""
        ids = reserve_ids(self.model, len(records))
        self.created.append((records, ids))
        self.inserter.insert(self._full(records, ids, progress))
        return ids

    def _full(self, records, ids, progress=None) -> Iterator[dict]:
        defaults, pk_attname = self.defaults, self.pk_attname
        for n, (values, pk) in enumerate(zip(records, ids, strict=True), start=1):
            yield {**defaults, **values, pk_attname: pk}
            if progress is not None and n % CHUNK == 0:
                progress(n)

    def entries(self) -> Iterator[dict]:
        """The "created" audit entries of everything create() inserted."""
        for records, ids in self.created:
            for record in self._full(records, ids):
                yield self._entry(record)
        self.created = []

    def changes(self, record: dict) -> dict[str, list]:
        """The audit changes of a new record: _audit_changes({}, _audit_snapshot())."""
        changes = {
            name: [None, value]
            for name, attname in self.plain
            if (value := record[attname]) is not None and value != ""
        }
        for name, attname, to_json in self.converted:
            value = record[attname]
            if value is not None and (value := to_json(value)) not in ("", [], {}, None):
                changes[name] = [None, value]
        for name in self.secret:
            # The snapshot holds a digest, never empty, which the log shows masked.
            changes[name] = [None, MASKED]
        return changes

    def _entry(self, record: dict) -> dict:
        return {
            **self.entry_base,
            "org_id": record.get("org_id"),
            "object_id": str(record[self.pk_attname]),
            "object_repr": str(self.describe(record))[:200],
            "changes": self.changes(record),
        }


def _to_json(field) -> Callable[[Any], Any]:
    """jsonable() for the values of one field, without its type tests where they are known."""
    if isinstance(field, models.DateField | models.TimeField):  # and DateTimeField
        return methodcaller("isoformat")
    if isinstance(field, models.DecimalField):
        return str
    return jsonable


def write_log(*creators: BulkCreator) -> None:
    """Write the audit entries of what the creators inserted, in one statement."""
    inserter = Inserter(
        AuditEntry, [f.attname for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    )
    inserter.insert(entry for creator in creators for entry in creator.entries())


# Fields whose values _audit_snapshot() passes through jsonable() to something else.
_CONVERTED = (
    models.DateField,
    models.TimeField,
    models.DecimalField,
    models.UUIDField,
    models.FileField,
    models.JSONField,
)


def update_audited(
    model: type[AuditedModel], objs: Sequence[AuditedModel], fields: set[str]
) -> None:
    """Save changed `fields` of loaded instances in bulk, each with its "updated" audit
    entry and field-level changes, as save() would write them."""
    if not objs:
        return
    now = timezone.now()
    auto = [f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
    actor = current_actor()
    user = actor.user if getattr(actor.user, "pk", None) else None
    ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
    entries = []
    for obj in objs:
        for attname in auto:
            setattr(obj, attname, now)
        before = getattr(obj, "_audit_before", None) or {}
        after = obj._audit_snapshot()
        changes = obj._audit_changes(before, after)
        obj._audit_before = after
        if not changes:
            continue
        entries.append(
            AuditEntry(
                actor=user,
                actor_name=user.get_username() if user else actor.source,
                ip=actor.ip,
                source=actor.source,
                org=obj.audit_org(),
                action=obj.audit_action("updated"),
                content_type=ct,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                changes=changes,
            )
        )
    model._base_manager.bulk_update(objs, sorted({*fields, *auto}), batch_size=500)
    AuditEntry._base_manager.bulk_create(entries, batch_size=1000)
