"""Report reads on a PostgreSQL streaming replica (#16 item 7).

When DATABASE_REPLICA_URL is set, settings add a "replica" alias (a hot standby of the
primary, kept by PostgreSQL's own streaming replication) and install `ReplicaRouter`. The
router sends a read to the replica only inside an explicit report context:

    with reports_on_replica():
        rollup = unions_rollup(org, year)

or `@reports_on_replica()` on a view. Everything else reads the primary, so a page that
follows a write (a member saved, then the roster) never shows the standby's lag; a report
may be a moment behind, which a federation's roll-up tolerates. Writes, migrations and
everything inside a transaction on the primary stay on "default": a transaction's reads
must see its own writes, which the standby cannot (tests that roll back run in one, so
they read the primary too). Sessions and the database cache never leave the primary.

The context is a ContextVar, so it follows the request's thread or task and nothing else.
Without a replica alias the context changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
# State rather than reports: read where it was written.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_cache"})

_on_replica: ContextVar[bool] = ContextVar("gonghui_reports_on_replica", default=False)


@contextmanager
def reports_on_replica() -> Iterator[None]:
    """Reads inside go to the replica when one is configured (a context manager, or a
    decorator: `@reports_on_replica()`, a fresh context per call). Only for read-only
    report computations."""
    token = _on_replica.set(True)
    try:
        yield
    finally:
        _on_replica.reset(token)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def report_reads_alias(model=None) -> str:
    """The alias a read of `model` goes to now: the replica inside a report context when
    one is configured and no transaction is open on the primary, else the primary."""
    if not _on_replica.get() or not replica_configured():
        return DEFAULT_DB_ALIAS
    if model is not None and model._meta.app_label in PRIMARY_ONLY_APPS:
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return REPLICA


class ReplicaRouter:
    """Reads of report contexts to the replica; all else, and every write, to default."""

    def db_for_read(self, model, **hints):
        return report_reads_alias(model)

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is the same database: an object read from it may point at one read
        # from the primary.
        dbs = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in dbs and obj2._state.db in dbs:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A physical standby is read-only: its tables come from the primary's WAL.
        return db == DEFAULT_DB_ALIAS
