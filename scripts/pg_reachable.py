"""Exit 0 when the PostgreSQL server of DATABASE_URL accepts a connection, else 1."""

import sys

import psycopg

url = sys.argv[1].replace("postgres://", "postgresql://", 1)
# Connect to the maintenance database: the test run creates its own test database.
base, _, _ = url.rpartition("/")
try:
    with psycopg.connect(base + "/postgres", connect_timeout=3):
        pass
except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
    print(f"PostgreSQL: {exc}".splitlines()[0], file=sys.stderr)
    sys.exit(1)
