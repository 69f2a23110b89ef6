"""Member import benchmark: a 100,000-row roster into an empty database.

The issue's target: import the file that ``../shared/tools/gen_roster.py OUT.xlsx --rows
100000 --orgs 50 --orgs-out ORGS.xlsx`` makes (its 50 unions loaded first with
``import_orgs ORGS.xlsx``, then ``import_members OUT.xlsx --org D0001``) in at most 6× the
time python-calamine takes merely to read the same file, measured side by side in one
run, with a peak memory under 1 GiB.

    .venv/bin/python bench/import_members.py               # 100,000 rows
    .venv/bin/python bench/import_members.py --rows 20000  # a quicker look
    .venv/bin/python bench/import_members.py --sqlite      # the embedded database

The file generator is found beside the project (../shared/tools/gen_roster.py) or at
$GEN_ROSTER. The import runs in a child process, so that its peak memory can be read
(getrusage of the children), against a throwaway PostgreSQL database `gonghui_bench` (or
$GONGHUI_BENCH_DB, so that two runs on one server do not clash) on the server of
DATABASE_URL (or postgres://postgres@127.0.0.1:5432/), created and dropped here; without a
reachable PostgreSQL against a temporary SQLite file. The baseline is the fastest of three
reads of the file by python-calamine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = os.environ.get("GONGHUI_BENCH_DB") or "gonghui_bench"
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
RATIO_TARGET = 6.0
RSS_TARGET_MIB = 1024
ORGS = 50


def gen_roster() -> Path:
    return Path(os.environ.get("GEN_ROSTER") or ROOT.parent / "shared/tools/gen_roster.py")


def server_url() -> str:
    """The PostgreSQL server of DATABASE_URL, at its maintenance database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return DEFAULT_SERVER
    parts = urlsplit(url.replace("postgres://", "postgresql://", 1))
    return urlunsplit(parts._replace(path="/postgres"))


def with_db(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def admin_sql(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


def reachable(url: str) -> str | None:
    try:
        admin_sql(url, "SELECT 1")
    except Exception as exc:  # any failure means "not reachable"
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return None


def calamine_seconds(path: Path, repeat: int = 3) -> float:
    import python_calamine

    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        best = min(best, time.perf_counter() - started)
    return best


# -- the child process: migrate, then the two commands, timed ----------------------------


def child(orgs: str, roster: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from io import StringIO

    from django.core.management import call_command

    from gonghui.core.scoping import unscoped
    from gonghui.members.importing import MemberImporter
    from gonghui.members.models import Member

    call_command("migrate", verbosity=0, interactive=False)
    stages: dict[str, float] = {}
    for name in ("read", "preview", "apply"):
        _time_stage(MemberImporter, name, stages)
    out = StringIO()
    started = time.perf_counter()
    call_command("import_orgs", orgs, stdout=out, stderr=out)
    orgs_s = time.perf_counter() - started
    started = time.perf_counter()
    call_command("import_members", roster, "--org", "D0001", stdout=out, stderr=out)
    members_s = time.perf_counter() - started
    with unscoped():
        rows = Member.objects.count()
    print(json.dumps({"orgs_s": orgs_s, "members_s": members_s, "rows": rows, "stages": stages}))


def _time_stage(cls, name: str, stages: dict[str, float]) -> None:
    original = getattr(cls, name)

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            stages[name] = stages.get(name, 0.0) + time.perf_counter() - started

    setattr(cls, name, timed)


# -- the benchmark -----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the roster")
    parser.add_argument(
        "--sqlite", action="store_true", help="use a temporary SQLite file even with PostgreSQL"
    )
    parser.add_argument("--child", nargs=2, metavar=("ORGS", "ROSTER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0

    script = gen_roster()
    if not script.is_file():
        print(f"{script} not found (set GEN_ROSTER): member import benchmark skipped.")
        return 0
    with tempfile.TemporaryDirectory(prefix="gonghui-bench-") as tmp:
        roster, orgs = Path(tmp) / "roster.xlsx", Path(tmp) / "orgs.xlsx"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, str(script), str(roster), "--rows", str(args.rows),
             "--orgs", str(ORGS), "--orgs-out", str(orgs)],
            check=True,
        )  # fmt: skip
        print(
            f"generated {args.rows:,} rows with {script.name} in {time.perf_counter() - started:.1f} s"
        )

        server = server_url()
        problem = "--sqlite" if args.sqlite else reachable(server)
        env = {**os.environ, "GONGHUI_TESTING": "1"}
        if problem is None:
            admin_sql(server, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            admin_sql(server, f"CREATE DATABASE {DB_NAME}")
            env["DATABASE_URL"] = with_db(server, DB_NAME)
            where = f"PostgreSQL, database {DB_NAME} on {urlsplit(server).hostname}"
        else:
            env["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            env["GONGHUI_VAR_DIR"] = tmp
            why = "asked for" if args.sqlite else f"PostgreSQL not reachable: {problem}"
            where = f"SQLite in a temporary file ({why})"
        print(f"database: {where}")
        try:
            baseline = calamine_seconds(roster)
            result = subprocess.run(
                [sys.executable, __file__, "--child", str(orgs), str(roster)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
        finally:
            if problem is None:
                admin_sql(server, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    # ru_maxrss is in KiB on Linux: the largest child, which is the import.
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    ratio = figures["members_s"] / baseline
    stages = figures["stages"]
    commit_s = figures["members_s"] - sum(stages.values())
    ratio_ok, rss_ok = ratio <= RATIO_TARGET, peak_mib < RSS_TARGET_MIB
    print(f"python-calamine read:      {baseline:7.2f} s  (fastest of 3)")
    print(f"import_orgs ({ORGS + 1} rows):     {figures['orgs_s']:7.2f} s")
    print(
        f"import_members:            {figures['members_s']:7.2f} s  ({figures['rows']:,} members)"
    )
    print(
        f"  read {stages.get('read', 0):.2f} s, check and write {stages.get('preview', 0):.2f} s"
        f" (each chunk is written while the next is checked), log {stages.get('apply', 0):.2f} s,"
        f" rest (commit: deferred foreign-key checks) {commit_s:.2f} s"
    )
    print(
        f"ratio import/read:         {ratio:7.2f}x  target <= {RATIO_TARGET:g}x  => {'PASS' if ratio_ok else 'FAIL'}"
    )
    print(
        f"peak memory (RSS):         {peak_mib:7.0f} MiB target < {RSS_TARGET_MIB} MiB => {'PASS' if rss_ok else 'FAIL'}"
    )
    return 0 if ratio_ok and rss_ok and figures["rows"] == args.rows else 1


if __name__ == "__main__":
    sys.exit(main())
