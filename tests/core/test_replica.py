"""Report reads on a PostgreSQL streaming replica (#16 item 7, gonghui.core.db_router).

Without a replica (every run): the router's rules, and that nothing changes when
DATABASE_REPLICA_URL is unset. With one (`make test-replica`: scripts/pg_replica.sh starts
a hot standby of the test server by pg_basebackup and streaming replication, and sets
DATABASE_REPLICA_URL): report reads really reach the standby (it says it is in recovery),
writes and ordinary reads stay on the primary, the roll-up page and the statistics pages of
the district are computed on the standby, and a standby that lags behind is handled: pages
outside a report never wait for it, and tests wait for its replay before reading there.

The standby cannot see a transaction the primary has not committed, so the tests reading it
are transactional (the data is committed, the database emptied afterwards)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import OperationalError, connections, transaction
from django.test.utils import CaptureQueriesContext

from gonghui.core import db_router
from gonghui.core.db_router import ReplicaRouter, report_reads_alias, reports_on_replica
from gonghui.orgs.models import Organisation

HAS_REPLICA = "replica" in settings.DATABASES
needs_replica = pytest.mark.skipif(
    not HAS_REPLICA, reason="no DATABASE_REPLICA_URL (make test-replica starts a standby)"
)
on_both = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


# -- the router, with or without a replica -------------------------------------------


@pytest.fixture
def with_replica(monkeypatch):
    """The router's decisions as if a replica were configured (no query is made)."""
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)


def test_without_a_replica_every_read_goes_to_default():
    router = ReplicaRouter()
    if HAS_REPLICA:
        pytest.skip("a replica is configured")
    assert "replica" not in settings.DATABASES
    assert settings.DATABASE_ROUTERS == []
    with reports_on_replica():
        assert router.db_for_read(Organisation) == "default"
        assert report_reads_alias(Organisation) == "default"
    assert router.db_for_read(Organisation) == "default"


def test_reads_go_to_the_replica_only_inside_a_report_context(with_replica):
    router = ReplicaRouter()
    assert router.db_for_read(Organisation) == "default"
    with reports_on_replica():
        assert router.db_for_read(Organisation) == "replica"
        with reports_on_replica():
            assert router.db_for_read(Organisation) == "replica"
        # Leaving an inner context keeps the outer one.
        assert router.db_for_read(Organisation) == "replica"
        # Sessions (and the database cache) are state, read where they are written.
        assert router.db_for_read(Session) == "default"
        # Writes never go to a standby.
        assert router.db_for_write(Organisation) == "default"
    assert router.db_for_read(Organisation) == "default"


def test_the_decorator_opens_a_context_per_call(with_replica):
    seen = []

    @reports_on_replica()
    def report():
        seen.append(report_reads_alias(Organisation))

    report()
    report()
    assert seen == ["replica", "replica"]
    assert report_reads_alias(Organisation) == "default"
    assert report.__name__ == "report"


def test_the_context_belongs_to_its_thread(with_replica):
    other = []
    with reports_on_replica():
        thread = threading.Thread(target=lambda: other.append(report_reads_alias(Organisation)))
        thread.start()
        thread.join()
        assert report_reads_alias(Organisation) == "replica"
    # Another request served at the same moment reads the primary.
    assert other == ["default"]


def test_inside_a_transaction_reports_read_the_primary(with_replica, db):
    # A test that rolls back runs in a transaction: what it wrote is on the primary alone.
    assert connections["default"].in_atomic_block
    with reports_on_replica():
        assert ReplicaRouter().db_for_read(Organisation) == "default"


def test_only_default_is_migrated_and_objects_of_both_may_relate():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "orgs")
    assert not router.allow_migrate("replica", "orgs")
    a, b, c = Organisation(), Organisation(), Organisation()
    a._state.db, b._state.db, c._state.db = "default", "replica", "elsewhere"
    assert router.allow_relation(a, b) is True
    assert router.allow_relation(a, c) is None


def _settings_with(env: dict) -> subprocess.CompletedProcess:
    code = (
        "import gonghui.settings as s; "
        "print(sorted(s.DATABASES), s.DATABASES.get('replica', {}).get('TEST'), "
        "getattr(s, 'DATABASE_ROUTERS', []))"
    )
    keep = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE")}
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], env={**keep, **env}, capture_output=True, text=True
    )


def test_settings_add_the_replica_only_when_its_url_is_set():
    plain = _settings_with({})
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.strip() == "['default'] None []"
    both = _settings_with(
        {
            "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/gonghui",
            "DATABASE_REPLICA_URL": "postgresql://postgres@127.0.0.1:5434/gonghui",
        }
    )
    assert both.returncode == 0, both.stderr
    assert both.stdout.strip() == (
        "['default', 'replica'] {'MIRROR': 'default'} ['gonghui.core.db_router.ReplicaRouter']"
    )
    # A replica of SQLite is no replica.
    sqlite = _settings_with({"DATABASE_REPLICA_URL": "postgresql://postgres@127.0.0.1:5434/x"})
    assert sqlite.returncode != 0
    assert "DATABASE_REPLICA_URL must be a PostgreSQL standby" in sqlite.stderr


# -- a real standby ------------------------------------------------------------------


def wait_for_replay(timeout: float = 30) -> None:
    """Wait until the standby has replayed everything the primary has written so far
    (pg_current_wal_lsn() on the primary against pg_last_wal_replay_lsn() on the standby).
    The test database itself appears on the standby by replay: until then, connecting to
    it fails, and is tried again."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    replica = connections["replica"]
    deadline = time.monotonic() + timeout
    while True:
        try:
            with replica.cursor() as cursor:
                cursor.execute("SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s)", [target])
                if cursor.fetchone()[0] >= 0:
                    return
        except OperationalError:
            replica.close()
        if time.monotonic() > deadline:
            raise AssertionError(f"the standby has not replayed {target} in {timeout} s")
        time.sleep(0.05)


def _in_recovery(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return cursor.fetchone()[0]


def _replica_queries(body, *args):
    """Run body(*args) and return (its result, the SQL it sent to the replica, to default)."""
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        result = body(*args)
    return result, [q["sql"] for q in on_replica], [q["sql"] for q in on_default]


@needs_replica
@on_both
def test_the_replica_is_a_standby_of_the_test_database():
    wait_for_replay()
    assert _in_recovery("replica") is True
    assert _in_recovery("default") is False
    # The same database (Django took the test database's name, MIRROR) on another server.
    default, replica = connections["default"].settings_dict, connections["replica"].settings_dict
    assert replica["NAME"] == default["NAME"]
    assert replica["PORT"] != default["PORT"]
    with pytest.raises(Exception, match="read-only"), connections["replica"].cursor() as cursor:
        cursor.execute("CREATE TABLE gonghui_nothing (id int)")


@needs_replica
@on_both
def test_report_reads_reach_the_standby_and_writes_the_primary(platform):
    from tests.factories import DistrictFactory

    district = DistrictFactory()
    wait_for_replay()

    def report():
        with reports_on_replica():
            name = Organisation.objects.get(pk=district.pk).name
            renamed = Organisation.objects.get(pk=district.pk)
            renamed.name = "新名称"
            renamed.save(update_fields=["name"])
            return name, renamed._state.db

    (name, saved_on), on_replica, on_default = _replica_queries(report)
    assert name == district.name
    assert any('"orgs_organisation"' in sql and sql.startswith("SELECT") for sql in on_replica)
    assert not any(sql.startswith("UPDATE") for sql in on_replica)
    assert any(sql.startswith("UPDATE") for sql in on_default)
    assert saved_on == "default"
    # Outside a report, the same read goes to the primary.
    _, on_replica, on_default = _replica_queries(
        lambda: Organisation.objects.get(pk=district.pk).name
    )
    assert on_replica == [] and on_default


@needs_replica
@on_both
def test_a_lagging_standby_is_never_read_outside_a_report(platform):
    """Replay paused: the standby lags for real. A read after a write outside a report
    (and a report inside the writing transaction) sees the write; a report sees it once
    the standby has caught up."""
    from tests.factories import DistrictFactory

    district = DistrictFactory()
    wait_for_replay()

    def reported_name():
        with reports_on_replica():
            return Organisation.objects.get(pk=district.pk).name

    def rename(name):
        district.name = name
        district.save(update_fields=["name"])

    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        first_name = district.name
        rename("改名工会")
        assert Organisation.objects.get(pk=district.pk).name == "改名工会"
        with transaction.atomic():
            rename("事务中工会")
            assert reported_name() == "事务中工会"
        time.sleep(0.2)
        assert reported_name() == first_name  # the standby is behind
        with pytest.raises(AssertionError, match="has not replayed"):
            wait_for_replay(timeout=0.5)
    finally:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    wait_for_replay()
    assert reported_name() == "事务中工会"


def _district_with_unions():
    from tests.factories import DistrictFactory, GroupFactory, MemberFactory, UnionFactory

    district = DistrictFactory()
    a = UnionFactory(parent=district, name="甲公司工会")
    b = UnionFactory(parent=district, name="乙学校工会")
    for _ in range(3):
        MemberFactory(org=GroupFactory(parent=a))
    MemberFactory(org=GroupFactory(parent=b))
    return district, a, b


@needs_replica
@on_both
def test_the_districts_rollup_page_is_computed_on_the_standby(platform, login, staff):
    from django.utils import timezone

    district, a, b = _district_with_unions()
    client = login(staff("upper_staff", district))
    wait_for_replay()
    year = timezone.localdate().year
    response, on_replica, on_default = _replica_queries(
        client.get, f"/o/{district.code}/upper/unions/{year}/"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert a.name in body and b.name in body
    # The figures were read on the standby (the members of the roster among them); the
    # session and the caller's roles on the primary.
    assert any('"members_member"' in sql for sql in on_replica)
    assert not any('"members_member"' in sql for sql in on_default)
    assert any('"django_session"' in sql for sql in on_default)
    assert not any('"django_session"' in sql for sql in on_replica)


@needs_replica
@on_both
def test_the_rollup_api_is_computed_on_the_standby(platform, token_login, staff):
    from django.utils import timezone

    district, a, _ = _district_with_unions()
    client = token_login(staff("upper_staff", district))
    wait_for_replay()
    year = timezone.localdate().year
    response, on_replica, on_default = _replica_queries(
        client.get, f"/api/v1/orgs/{district.code}/upper/unions/{year}/"
    )
    assert response.status_code == 200
    assert a.name in response.content.decode()
    assert any('"members_member"' in sql for sql in on_replica)
    assert not any('"members_member"' in sql for sql in on_default)


@needs_replica
@on_both
@pytest.mark.parametrize("page", ["members/statistics/", "activities/statistics/"])
def test_the_districts_statistics_are_computed_on_the_standby(platform, login, staff, page):
    district, a, _ = _district_with_unions()
    client = login(staff("upper_staff", district))
    wait_for_replay()
    response, on_replica, _ = _replica_queries(client.get, f"/o/{district.code}/{page}")
    assert response.status_code == 200
    assert on_replica, "no query reached the standby"
    assert a.name in response.content.decode()  # the choice of 基层工会


@needs_replica
@on_both
def test_the_districts_finance_rollup_is_computed_on_the_standby(platform, login, staff):
    from tests.factories import DistrictFactory, UnionFactory
    from tests.finance.conftest import DAY, L, make_voucher

    district = DistrictFactory()
    union = UnionFactory(parent=district, name="甲公司工会")
    make_voucher(union, [L("102", debit="1200.50"), L("401", credit="1200.50", restricted=False)])
    client = login(staff("upper_staff", district))
    wait_for_replay()
    for url in (
        f"/o/{district.code}/upper/finance/{DAY.year}/",
        f"/api/v1/orgs/{district.code}/upper/finance/{DAY.year}/unions/",
    ):
        response, on_replica, on_default = _replica_queries(client.get, url)
        assert response.status_code == 200, url
        assert "1,200.50" in response.content.decode() or "1200.50" in response.content.decode()
        assert any('"finance_voucher' in sql for sql in on_replica), url
        assert not any('"finance_voucher' in sql for sql in on_default), url
