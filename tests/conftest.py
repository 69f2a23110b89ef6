"""Shared fixtures: unions built by factories, and the demo data set with its personas.

Most tests build what they need with the factories (`union`, `staff`, `login`, and
`tests/factories.py`). The demo data (a whole year of a real district) is for the scoping
matrix, the browser tests and the few tests about the demo itself: the fixtures that read
it (`demo`, `client_for`, `org`, `user`) ask for `demo`, and the demo is loaded
into the test database only when a collected test asks for it, so a module that builds its
own data also runs on an empty database. Each test runs in a transaction that is rolled
back; tests that need real transactions (browsers, concurrency) reload the demo through
the `demo` fixture.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from gonghui.core.scoping import unscoped
from tests import dbcache

# A copy of the SQLite test database just after the demo was first loaded. Tests that need
# real transactions (the browser tests) empty the database after each test; loading the
# demo again takes about twenty seconds, copying it back with SQLite's backup API well under
# one. Across processes (the workers, the stages of `make test`) the demo is copied from
# tests/dbcache.py's snapshot when there is one, on SQLite and PostgreSQL alike.
_demo_snapshot = None


def _ensure_demo():
    global _demo_snapshot
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from gonghui.orgs.models import Organisation

    with unscoped():
        if Organisation.objects.filter(code="D0001").exists():
            return
        sqlite = connection.vendor == "sqlite"
        if sqlite and _demo_snapshot is not None and not connection.in_atomic_block:
            connection.ensure_connection()
            _demo_snapshot.backup(connection.connection)
            # Content types were created again after the flush, with other ids.
            ContentType.objects.clear_cache()
            return
        if not dbcache.restore("demo", connection):
            call_command("demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
            dbcache.save("demo", connection)
        if sqlite and not connection.in_atomic_block:
            import sqlite3

            _demo_snapshot = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(_demo_snapshot)


_needs_demo = False


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # Every fixture that reads the demo depends on `demo`, so it shows in the closure; the
    # marker lets `make test` run those tests apart (-m demo), after the rest has run on a
    # database that holds only what each test built.
    for item in items:
        if "demo" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.demo)


# The demo tests, longest first: `-n 2` then ends with short tests on both workers instead
# of one worker still running a persona of the scoping matrix while the other waits.
_LONGEST_FIRST = (
    "tests/core/test_scoping_matrix.py::test_no_role_",
    "tests/core/test_no_codes_on_pages.py::",
    "tests/audit/test_readers.py::test_every_demo_action",
    "tests/core/test_member_links.py::",
)


@pytest.hookimpl(trylast=True, specname="pytest_collection_modifyitems")
def pytest_collection_modifyitems_demo_longest_first(items):  # after -m has deselected
    if items and all(item.get_closest_marker("demo") for item in items):

        def rank(item):
            found = [i for i, p in enumerate(_LONGEST_FIRST) if item.nodeid.startswith(p)]
            return found[0] if found else len(_LONGEST_FIRST)

        items.sort(key=rank)


def pytest_collection_finish(session):
    # After -m and -k have deselected: load the demo only for a test that will run.
    global _needs_demo
    _needs_demo = any("demo" in getattr(item, "fixturenames", ()) for item in session.items)


@pytest.fixture(scope="session")
def django_db_setup(_migrate_from_snapshot, django_db_setup, django_db_blocker):
    from django.core import management

    management.call_command = _migrate_from_snapshot  # the databases are made: as it was
    if _needs_demo:
        with django_db_blocker.unblock():
            _ensure_demo()


@pytest.fixture(scope="session")
def _migrate_from_snapshot():
    """While pytest-django makes the test databases (until `django_db_setup` above puts the
    real one back): `migrate` copies the migrated schema an earlier worker or stage kept
    (tests/dbcache.py), and keeps it when it has to migrate. Returns the real call_command."""
    from django.core import management

    real = management.call_command
    management.call_command = dbcache.migrate_with_cache(real)
    return real


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    settings.AXES_ENABLED = False


@pytest.fixture
def demo(db):
    _ensure_demo()


@pytest.fixture
def platform():
    """Run the test body with the whole platform in scope (for set-up and assertions)."""
    with unscoped():
        yield


@pytest.fixture
def org(demo, platform):
    from gonghui.orgs.models import Organisation

    def get(code):
        return Organisation.objects.get(code=code)

    return get


@pytest.fixture
def user(demo, platform):
    from gonghui.accounts.models import User

    def get(username):
        return User.objects.get(username=username)

    return get


@pytest.fixture
def client_for(db, demo):
    """A logged-in test client for a demo persona: client_for("school_chair")."""
    from gonghui.accounts.models import User

    def make(username: str) -> Client:
        with unscoped():
            u = User.objects.get(username=username)
        c = Client()
        c.force_login(u)
        return c

    return make


def audit_count() -> int:
    from gonghui.audit.models import AuditEntry

    with unscoped():
        return AuditEntry.objects.count()


# -- unions built by factories ------------------------------------------------------------


@pytest.fixture
def union(db):
    """A grassroots union of its own, under a district of its own."""
    from tests.factories import UnionFactory

    return UnionFactory()


@pytest.fixture
def group(union):
    """A union group (工会小组) of `union`."""
    from tests.factories import GroupFactory

    return GroupFactory(parent=union)


@pytest.fixture
def staff(db):
    """staff("chair", union) -> a login holding that role at that organisation."""
    from tests.factories import UserFactory

    def make(role: str, at, **fields):
        return UserFactory(roles=[(role, at)], **fields)

    return make


@pytest.fixture
def login(db):
    """login(user) -> a test client signed in as that login."""

    def make(who) -> Client:
        c = Client()
        c.force_login(who)
        return c

    return make


@pytest.fixture
def token_login(db):
    """token_login(user) -> a test client authenticating with a new API token of that login,
    as a script does."""
    from gonghui.accounts.models import ApiToken

    def make(who) -> Client:
        with unscoped():
            key = ApiToken.objects.issue(who, name="test")[1]
        return Client(HTTP_AUTHORIZATION=f"Token {key}")

    return make
