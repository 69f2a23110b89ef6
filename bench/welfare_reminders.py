"""Care reminders benchmark: a district of 1,000,000 members on PostgreSQL (#13 §9).

The issue: "the district's 关怀提醒 (welfare reminders) page 15 MB and 31 s (it lists
everyone: page it)"; target: no page over 1 MB or 1 s for any role at 1,000,000 members.

    .venv/bin/python bench/welfare_reminders.py                 # create, load, time, drop
    .venv/bin/python bench/welfare_reminders.py --members 200000 # a quicker look
    .venv/bin/python bench/welfare_reminders.py --keep --explain

A throwaway database `gonghui_bench_reminders` (or $GONGHUI_BENCH_DB) is created on the
server of DATABASE_URL (or postgres://postgres@127.0.0.1:5432/), migrated, and filled by
SQL (generate_series: Python objects for a million people would time the loader, not the
page) with one district, 100 unions of 10 groups each and the members spread over them,
born over 40 years; then the district's upper-union staff opens the reminders page (30
days, a later page, one kind, a year's window), the care overview and the dashboard. Server
time is the Django test client's whole request in this process. Without a reachable
PostgreSQL the benchmark says so and exits 0.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from roster_page import admin_sql, reachable, server_url, setup_django, with_db

DB_NAME = os.environ.get("GONGHUI_BENCH_DB") or "gonghui_bench_reminders"
MEMBERS = 1_000_000
UNIONS = 100
GROUPS = 10
TARGET_S = 1.0
TARGET_BYTES = 1_000_000
REPEAT = 3
DISTRICT = "BENCH-D"


def load(members: int) -> object:
    """The district, its unions and groups through the ORM; the members by one INSERT …
    SELECT; the district's staff login. Returns that user."""
    from django.db import connection

    from gonghui.accounts.models import RoleAssignment, User
    from gonghui.core.scoping import unscoped
    from gonghui.members.models import Member
    from gonghui.orgs.models import Organisation, OrgKind

    with unscoped():
        district = Organisation(code=DISTRICT, name="基准测试区总工会", kind=OrgKind.UPPER)
        district.save()
        groups = []
        for u in range(1, UNIONS + 1):
            union = Organisation(
                code=f"BENCH-U{u:03d}",
                name=f"基准测试第{u}公司工会",
                kind=OrgKind.GRASSROOTS,
                parent=district,
            )
            union.save()
            for g in range(1, GROUPS + 1):
                group = Organisation(
                    code=f"BENCH-U{u:03d}-G{g:02d}",
                    name=f"第{g}车间工会小组",
                    kind=OrgKind.GROUP,
                    parent=union,
                )
                group.save()
                groups.append(group.pk)
        staff = User(username="bench_district", display_name="基准区工会")
        staff.set_password("Bench@2026-reminders")
        staff.save()
        RoleAssignment(user=staff, org=district, role="upper_staff").save()

    # Every column of a member as one template row; the ones that vary per person are
    # computed from the series number g.
    template = Member(name="王伟", sex="male", status="active", department="第1车间")
    template.prepare_for_save()
    varying = {
        "org_id": f"(ARRAY{groups}::bigint[])[1 + g % {len(groups)}]",
        "name": "'王伟' || (g % 97)::text",
        "name_pinyin": "'wangwei' || lpad((g % 97)::text, 2, '0')",
        "name_initials": "'ww'",
        "sex": "CASE WHEN g % 2 = 0 THEN 'male' ELSE 'female' END",
        "birth_date": "DATE '1964-01-01' + (g::bigint * 7919 % 14610)::int",
        "id_number": "'B' || lpad(g::text, 17, '0')",
        "mobile": "'1' || lpad(g::text, 10, '0')",
        "card_number": "'BENCH' || g::text",
        "status": "CASE WHEN g % 17 = 0 THEN 'retained' ELSE 'active' END",
        "joined_on": "DATE '2015-01-01'",
        "status_since": "DATE '2015-01-01'",
        "created_at": "now()",
        "updated_at": "now()",
    }
    varying = {k: v.replace(" % ", " %% ") for k, v in varying.items()}  # not placeholders
    columns, values = [], []
    for f in Member._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(connection.ops.quote_name(f.column))
        if f.column in varying:
            values.append(varying[f.column])
        else:
            values.append("%s")
    params = [
        f.get_db_prep_save(getattr(template, f.attname), connection)
        for f in Member._meta.concrete_fields
        if not f.primary_key and f.column not in varying
    ]
    sql = (
        f"INSERT INTO {Member._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM generate_series(1, {members}) AS g"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.execute("VACUUM ANALYZE")
    return staff


def run(staff, *, explain: bool) -> bool:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(staff)
    pages = [
        ("reminders, 30 days", f"/o/{DISTRICT}/welfare/reminders/?days=30"),
        ("reminders, page 200", f"/o/{DISTRICT}/welfare/reminders/?days=30&page=200"),
        ("reminders, retirements", f"/o/{DISTRICT}/welfare/reminders/?days=30&kind=retirement"),
        ("reminders, a year", f"/o/{DISTRICT}/welfare/reminders/?days=366&page=5000"),
        ("care overview", f"/o/{DISTRICT}/welfare/"),
        ("dashboard", f"/o/{DISTRICT}/"),
    ]
    client.get(pages[0][1])  # connections, templates
    ok = True
    print(f"\n{'page':<24} {'status':>6} {'KB':>7} {'queries':>7} {'median s':>9} {'max s':>7}")
    for label, url in pages:
        times = []
        for _ in range(REPEAT):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                r = client.get(url)
                times.append(time.perf_counter() - started)
        size = len(r.content)
        good = r.status_code == 200 and size < TARGET_BYTES and max(times) < TARGET_S
        ok &= good
        print(
            f"{label:<24} {r.status_code:>6} {size / 1024:>7.0f} {len(captured):>7} "
            f"{statistics.median(times):>9.2f} {max(times):>7.2f}  {'ok' if good else 'FAIL'}"
        )
        if explain:
            top = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
            for q in top:
                print(f"    {float(q['time']) * 1000:7.1f} ms  {q['sql'][:160]}")
    print(
        f"\n=> {'PASS' if ok else 'FAIL'} (every page under {TARGET_BYTES // 1000} KB and "
        f"{TARGET_S:.0f} s)"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=MEMBERS)
    parser.add_argument("--explain", action="store_true", help="the slowest queries of each")
    parser.add_argument("--keep", action="store_true", help=f"do not drop {DB_NAME}")
    args = parser.parse_args(argv)
    server = server_url()
    problem = reachable(server)
    if problem:
        print(f"PostgreSQL not reachable at {server} ({problem}): reminders benchmark skipped.")
        return 0
    admin_sql(server, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    admin_sql(server, f"CREATE DATABASE {DB_NAME}")
    ok = False
    try:
        setup_django(with_db(server, DB_NAME))
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        started = time.perf_counter()
        staff = load(args.members)
        print(f"loaded {args.members:,} members in {time.perf_counter() - started:.1f} s")
        ok = run(staff, explain=args.explain)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"kept database {DB_NAME}")
        else:
            admin_sql(server, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
