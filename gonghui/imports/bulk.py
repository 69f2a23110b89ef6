"""Bulk writes for large imports: many records in a few statements, logged in batches.

`audited_bulk_create` (gonghui.core.models) builds a model instance per record and lets
Django's bulk_create and the model's audit methods do the rest; for 100,000 members that
takes far longer than reading the file. Here records are plain dicts of column values:
primary keys are reserved up front, rows go in with PostgreSQL's COPY (executemany on
SQLite), and the log gets one "imported" entry per organisation and run of records
(BulkCreator) rather than one per record. Call inside the import's transaction.
"""

from __future__ import annotations

import ipaddress
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from operator import itemgetter
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone
from psycopg.copy import QueuedLibpqWriter

from gonghui.audit.context import current_actor
from gonghui.audit.models import AuditEntry, imported_action
from gonghui.core.models import AuditedModel

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

    def insert(self, records: Iterable[dict], cursor=None) -> None:
        """Write `records`; with `cursor`, a psycopg cursor of the transaction's connection,
        from a thread of a Pipeline (types() called before, in the thread of the
        transaction)."""
        qn = connection.ops.quote_name
        table = qn(self.model._meta.db_table)
        names = ", ".join(qn(c) for c in self.columns)
        copy_sql = f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)"
        if cursor is not None:
            with cursor.copy(copy_sql) as copy:
                copy.set_types(self._oids)
                for row in self.rows(records):
                    copy.write_row(row)
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                oids = self.types(cursor)
                raw = cursor.cursor
                # A thread sends while this one formats rows: the server and Python
                # work at the same time.
                with raw.copy(copy_sql, writer=QueuedLibpqWriter(raw)) as copy:
                    copy.set_types(oids)
                    for row in self.rows(records):
                        copy.write_row(row)
            else:
                insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(self.columns))})"  # noqa: S608 - model names
                rows = self.rows(records)
                while chunk := list(islice(rows, CHUNK)):
                    cursor.executemany(insert, chunk)

    def types(self, cursor=None) -> list[int] | None:
        """The columns' type OIDs, which a binary COPY needs (PostgreSQL)."""
        if connection.vendor != "postgresql" or self._oids is not None:
            return self._oids
        if cursor is None:
            with connection.cursor() as cursor:
                return self.types(cursor)
        cursor.execute(
            "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass",
            [connection.ops.quote_name(self.model._meta.db_table)],
        )
        types = dict(cursor.fetchall())
        self._oids = [types[c] for c in self.columns]
        return self._oids


class BulkCreator:
    """Creates records of one model from dicts of attnames, and logs them in batches.

    Values missing from a dict take the field's default; auto_now(_add) fields the time
    of the import. Instead of one "created" entry per record (for 100,000 members that
    was most of the import's time), write_log() writes one "imported" entry per
    organisation (the record's `org_id`) and run of consecutive primary keys: who, when,
    from where, which records (`first_id`…`last_id`, also in `object_id`) and how many,
    with `context` (the file, its SHA-256, the import batch). The values themselves are
    in that file, not in the log: no ID number or phone reaches it. A record's history
    page finds the entry by the range (gonghui.audit.models.record_entries).

    `describe(values)` gives the text of a record (what str(instance) would say, a name
    for a member); the entry's text names the first and last record of its run.
    """

    def __init__(
        self,
        model: type[AuditedModel],
        *,
        describe: Callable[[dict], str],
        context: dict[str, Any] | None = None,
    ):
        if model.audit_org is not AuditedModel.audit_org:
            raise TypeError(f"{model.__name__} decides its own audit organisation")
        self.model = model
        self.describe = describe
        self.context = {k: v for k, v in (context or {}).items() if v not in (None, "")}
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
        self.runs: list[_Run] = []
        actor = current_actor()
        user = actor.user if getattr(actor.user, "pk", None) else None
        # Every column of an entry; those that differ per run are filled in below.
        self.entry_base = {
            "at": self.now,
            "actor_id": user.pk if user else None,
            "actor_name": user.get_username() if user else actor.source,
            "ip": actor.ip,
            "source": actor.source,
            "action": imported_action(model),
            "content_type_id": ContentType.objects.get_for_model(
                model, for_concrete_model=False
            ).pk,
            "note": "",
        }

    def create(
        self, records: Sequence[dict], progress: Callable[[int], None] | None = None
    ) -> list[int]:
        """Insert `records`; their audit entries wait for write_log(). Returns the
        primary keys, in order. `progress(n)` hears of every CHUNK records written.
        Records of one organisation that follow each other share an entry: sort them
        by organisation first."""
        ids = reserve_ids(self.model, len(records))
        self.insert(records, ids, progress=progress)
        return ids

    def insert(self, records: Sequence[dict], ids: Sequence[int], *, cursor=None, progress=None):
        """Insert `records` with primary keys reserved before (reserve_ids); `cursor`: see
        Inserter.insert."""
        self.inserter.insert(self._full(records, ids, progress), cursor=cursor)

    def _full(self, records, ids, progress=None) -> Iterator[dict]:
        defaults, pk_attname, runs = self.defaults, self.pk_attname, self.runs
        run: _Run | None = None
        for n, (values, pk) in enumerate(zip(records, ids, strict=True), start=1):
            record = {**defaults, **values, pk_attname: pk}
            org_id = record.get("org_id")
            if run is None or pk != run.last + 1 or org_id != run.org_id:
                run = _Run(org_id, pk, record)
                runs.append(run)
            else:
                run.last, run.last_record = pk, record
            yield record
            if progress is not None and n % CHUNK == 0:
                progress(n)

    def entries(self) -> Iterator[dict]:
        """The "imported" audit entries of everything create() inserted."""
        describe = self.describe
        for run in self.runs:
            count = run.last - run.first + 1
            text = describe(run.first_record)
            if count > 1:
                text = f"{text} … {describe(run.last_record)} ({count})"
            yield {
                **self.entry_base,
                "org_id": run.org_id,
                "object_id": f"{run.first}-{run.last}",
                "object_repr": str(text)[:200],
                "changes": {
                    "first_id": run.first,
                    "last_id": run.last,
                    "count": count,
                    **self.context,
                },
            }
        self.runs = []


class _Run:
    """Records of one organisation with consecutive primary keys."""

    __slots__ = ("org_id", "first", "last", "first_record", "last_record")

    def __init__(self, org_id, pk: int, record: dict):
        self.org_id, self.first, self.last = org_id, pk, pk
        self.first_record = self.last_record = record


class Pipeline:
    """Bulk inserts of the current transaction run in a thread, one batch at a time, so
    that PostgreSQL works on one batch (the rows, their indexes) while Python prepares the
    next. Between start() and wait() the thread has the connection to itself: the caller
    must not use the database (psycopg would make it wait). On SQLite start() writes at
    once.

    (Checking the foreign keys with each batch, SET CONSTRAINTS ... IMMEDIATE, rather
    than at the commit was tried: it costs PostgreSQL more time in all.)
    """

    def __init__(self):
        self.threaded = connection.vendor == "postgresql"
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def start(self, *jobs: tuple[BulkCreator, Sequence[dict], Sequence[int]]) -> None:
        """Insert each (creator, records, reserved primary keys), in this order."""
        self.wait()
        if not self.threaded:
            for creator, records, ids in jobs:
                creator.insert(records, ids)
            return
        for creator, _records, _ids in jobs:
            creator.inserter.types()
        connection.ensure_connection()
        self._thread = threading.Thread(
            target=self._run, args=(connection.connection, jobs), name="gonghui-bulk"
        )
        self._thread.start()

    def _run(self, raw, jobs) -> None:
        try:
            with raw.cursor() as cursor:
                for creator, records, ids in jobs:
                    creator.insert(records, ids, cursor=cursor)
        except BaseException as exc:  # handed to the caller's thread by wait()
            self._error = exc

    def wait(self) -> None:
        """Until the batch under way is written; its error, as Django raises it."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            with connection.wrap_database_errors:
                raise error

    def abandon(self) -> None:
        """Wait for the thread and forget its error (the caller is failing already)."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._error = None


def write_log(*creators: BulkCreator) -> None:
    """Write the audit entries of what the creators inserted, in one statement."""
    inserter = Inserter(
        AuditEntry, [f.attname for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    )
    inserter.insert(entry for creator in creators for entry in creator.entries())


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
