"""Snapshots of the test database, so that a test run migrates and loads the demo once.

Migrating the empty test database takes about half a minute of CPU, loading the demo
about as long again, and `make test` used to do both in every worker of every stage
(SQLite, PostgreSQL, the replica, the browsers, the API fuzzing). Here the first process
that migrates (or loads the demo) keeps a copy, and every later one starts from the copy:

- SQLite: a file under var/test-cache/, copied into the test database (in memory or a
  file) with SQLite's backup API;
- PostgreSQL: a template database on the same server (`gh_cache_<what>_<key>`), which the
  test database is created from (CREATE DATABASE ... TEMPLATE).

A copy is used only while its key matches: for the migrated schema, the text of every
migration and the versions of the installed packages; for the demo, also every file under
gonghui/ and today's date (the demo is dated from today). A demo copy is used only if the
files its records name are still in the media folder. Copies with another key are removed
when a new one is made. `GONGHUI_TEST_CACHE=0` turns all of this off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "gonghui"
CACHE_DIR = ROOT / "var" / "test-cache"
PREFIX = "gh_cache_"


def enabled() -> bool:
    return os.environ.get("GONGHUI_TEST_CACHE", "1") != "0"


def _hash_files(digest, paths) -> None:
    for path in sorted(paths):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())


@cache
def migrations_key() -> str:
    from importlib import metadata

    digest = hashlib.sha256()
    _hash_files(digest, (p for p in APP.rglob("migrations/*.py")))
    versions = sorted(
        f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions() if d.metadata
    )
    digest.update("\n".join(versions).encode())
    return digest.hexdigest()[:16]


@cache
def demo_key() -> str:
    from django.conf import settings
    from django.utils import timezone

    digest = hashlib.sha256(migrations_key().encode())
    files = (
        p
        for p in APP.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".mo")
    )
    _hash_files(digest, files)
    digest.update(f"{timezone.localdate().isoformat()} {settings.TIME_ZONE}".encode())
    return digest.hexdigest()[:16]


def _key(what: str) -> str:
    return migrations_key() if what == "migrated" else demo_key()


# -- SQLite --------------------------------------------------------------------------------


def _sqlite_file(what: str) -> Path:
    return CACHE_DIR / f"{what}-{_key(what)}.sqlite3"


def sqlite_restore(what: str, connection) -> bool:
    path = _sqlite_file(what)
    if not path.is_file():
        return False
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    return True


def sqlite_save(what: str, connection) -> None:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = _sqlite_file(what)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
        # A single file: no write-ahead log beside it.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
    os.replace(partial, path)
    for old in CACHE_DIR.glob(f"{what}-*.sqlite3*"):
        if old.name != path.name and not old.name.endswith(".partial"):
            old.unlink(missing_ok=True)


# -- PostgreSQL ----------------------------------------------------------------------------


def _pg_template(what: str) -> str:
    return f"{PREFIX}{what}_{_key(what)}"


def _pg_exists(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def pg_restore(what: str, connection) -> bool:
    """Recreate the test database (connection's NAME) from the template, if there is one."""
    template = _pg_template(what)
    name = connection.settings_dict["NAME"]
    connection.close()
    with connection._nodb_cursor() as cursor:
        if not _pg_exists(cursor, template):
            return False
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for attempt in range(20):
            try:
                cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                return True
            except Exception as exc:  # noqa: BLE001 - being copied, or dropped, right now
                if "being accessed by other users" not in str(exc) or attempt == 19:
                    break
                time.sleep(0.5)
        # No copy after all: an empty database, as Django made it, to migrate.
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    return False


def pg_save(what: str, connection) -> None:
    """Keep a copy of the test database as the template for this key."""
    template = _pg_template(what)
    name = connection.settings_dict["NAME"]
    partial = f"{template}_{os.getpid()}"[:63]
    connection.close()
    with connection._nodb_cursor() as cursor:
        if _pg_exists(cursor, template):
            return
        cursor.execute(f'DROP DATABASE IF EXISTS "{partial}"')
        cursor.execute(f'CREATE DATABASE "{partial}" TEMPLATE "{name}"')
        try:
            cursor.execute(f'ALTER DATABASE "{partial}" RENAME TO "{template}"')
        except Exception:  # noqa: BLE001 - another worker made it first
            cursor.execute(f'DROP DATABASE IF EXISTS "{partial}"')
        # Copies for other keys (an older tree): dropped unless in use at this moment.
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname NOT LIKE %s",
            [f"{PREFIX}{what}\\_%", f"{template}%"],
        )
        for (old,) in cursor.fetchall():
            with contextlib.suppress(Exception):  # being copied: left for the next run
                cursor.execute(f'DROP DATABASE IF EXISTS "{old}"')


def pg_template_for(what: str) -> str | None:
    """The template's name when there is one (for scripts making a database of their own)."""
    from django.db import connection

    with connection._nodb_cursor() as cursor:
        template = _pg_template(what)
        return template if _pg_exists(cursor, template) else None


# -- both ----------------------------------------------------------------------------------


def restore(what: str, connection) -> bool:
    if not enabled() or connection.in_atomic_block:
        return False
    if connection.vendor == "sqlite":
        done = sqlite_restore(what, connection)
    elif connection.vendor == "postgresql":
        done = pg_restore(what, connection)
    else:
        return False
    if done:
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
    if done and what == "demo" and not media_present():
        # A file the copy names was removed since: start again from the migrated schema.
        restore("migrated", connection)
        return False
    return done


def save(what: str, connection) -> None:
    if not enabled() or connection.in_atomic_block:
        return
    try:
        if connection.vendor == "sqlite":
            sqlite_save(what, connection)
        elif connection.vendor == "postgresql":
            pg_save(what, connection)
    except Exception as exc:  # noqa: BLE001 - a copy only saves time: never fail a test run
        import warnings

        warnings.warn(f"test database snapshot not kept: {exc}", stacklevel=2)


def media_present() -> bool:
    """Whether every file the database's records name is in the media folder."""
    from django.apps import apps
    from django.core.files.storage import default_storage
    from django.db.models import FileField

    from gonghui.core.scoping import unscoped

    with unscoped():
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, FileField):
                    continue
                names = model._base_manager.exclude(**{field.name: ""}).values_list(
                    field.attname, flat=True
                )
                for name in names.iterator():
                    if name and not default_storage.exists(name):
                        return False
    return True


def migrate_with_cache(real_call_command):
    """A call_command for django.test's create_test_db: `migrate` restores the migrated
    copy when there is one, and makes it otherwise."""

    def call_command(name, *args, **options):
        if name != "migrate" or not enabled():
            return real_call_command(name, *args, **options)
        from django.db import connections

        connection = connections[options.get("database", "default")]
        if restore("migrated", connection):
            return None
        result = real_call_command(name, *args, **options)
        save("migrated", connection)
        return result

    return call_command
