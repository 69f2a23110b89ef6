"""Sign-up load benchmark: the moment sign-up opens, on gunicorn and PostgreSQL.

Targets: issue "Activities": "The sign-up endpoint sustains at least 200 requests/s on
this 2-core machine with gunicorn and PostgreSQL", with the p95 latency printed; issue
#13 §9: the sign-up endpoint serves at least 0.8x the requests per second of a bare DRF
view doing the same SQL work, measured side by side in the same run.

    .venv/bin/python bench/signup_load.py                 # create, load, measure, drop
    .venv/bin/python bench/signup_load.py --keep          # keep the database afterwards
    .venv/bin/python bench/signup_load.py --rounds 5 --members 3000

What is measured: `POST /api/v1/orgs/<group>/activities/<id>/signup/` with token
authentication (what a phone app or the page's script sends), every request from a
different member, all for ONE activity with 1,000 places, so that every request contends
for the same row lock (the worst case: the whole crowd of a union at 9:00 sharp) and
both paths are taken: a place while places remain, the waiting list afterwards. Beside
it, in turn round by round, the bare view of bench/_bare_urls.py (token, lock, one
counting statement, insert; no organisation, roles, audience, audit or page middleware)
on a second gunicorn of the same configuration, over the same database: the ratio of
the two per round is the figure of #13 §9, whatever the machine's speed and load.

A throwaway database `gonghui_bench_signup` is created on the server of DATABASE_URL (or
postgres://postgres@127.0.0.1:5432/), migrated, filled with one union, 10 groups and
MEMBERS members each with a login, the role "member" at their group and an API token;
then the gunicorns serve it on loopback ports (gthread workers, persistent database
connections as in production) and client threads with keep-alive connections send the
sign-ups as fast as they are answered. Client, servers and database share the machine's
two cores, so the figures are floors. After every round the benchmark checks that the
database holds exactly what it must (1,000 confirmed, the rest waiting in order, nobody
twice). Without a reachable PostgreSQL the benchmark says so and exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DB_NAME = "gonghui_bench_signup"
REAL_SETTINGS = "gonghui.settings"
# The two servers measured in turn: Gonghui's endpoint and the bare view doing the same
# SQL work (bench/_bare_urls.py), each with its own gunicorn of the same configuration.
TARGETS = ("gonghui", "bare")
SETTINGS = {"gonghui": REAL_SETTINGS, "bare": "bench._bare_settings"}
URLS = {
    "gonghui": "/api/v1/orgs/{{code}}/activities/{activity}/signup/",
    "bare": "/bare/{activity}/signup/",
}
TARGET_RATIO = 0.8  # issue #13 §9: sign-up at least 0.8x the bare view
ROUNDS = 3
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
ROOT = Path(__file__).resolve().parent.parent
TARGET_RPS = 200.0
MEMBERS = 4000
PLACES = 1000
GROUPS = 10
WARM_UP = 200
UNION_CODE = "BENCH-S"


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = os.environ.get("PG_URL", DEFAULT_SERVER)
    url = url.replace("postgres://", "postgresql://", 1)
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def with_db(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def admin_sql(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


def reachable(url: str) -> str | None:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def server_env(db_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": db_url,
        "GONGHUI_TESTING": "1",  # the fixed development key; nothing else changes
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_COOKIES": "0",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": "600",
    }


def setup_django(db_url: str) -> None:
    os.environ.update(server_env(db_url))
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    sys.path.insert(0, str(ROOT))
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()


def load(members: int, rounds: int) -> dict:
    """A union with GROUPS groups, `members` members with logins and tokens, and the
    activities with sign-up open: one to warm up on per server, one per target and round."""
    from django.utils import timezone

    from gonghui.accounts.models import ApiToken, RoleAssignment, User
    from gonghui.activities.models import Activity
    from gonghui.audit.context import acting
    from gonghui.core.scoping import unscoped
    from gonghui.members import idcard
    from gonghui.members.models import Member
    from gonghui.orgs.models import Organisation

    with unscoped(), acting(source="cli"):
        top = Organisation.objects.create(code="BENCH-SD", name="报名压测区总工会", kind="upper")
        union = Organisation.objects.create(
            code=UNION_CODE, name="报名压测公司工会", kind="grassroots", parent=top
        )
        groups = [
            Organisation.objects.create(
                code=f"{UNION_CODE}-G{i:02d}", name=f"压测第{i}小组", kind="group", parent=union
            )
            for i in range(1, GROUPS + 1)
        ]
        users = User._base_manager.bulk_create(
            [User(username=f"bench{i:05d}", display_name=f"压测{i:05d}") for i in range(members)],
            batch_size=2000,
        )
        people = []
        for i, u in enumerate(users):
            birth = dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28)
            first17 = f"340102{birth:%Y%m%d}{i % 1000:03d}"
            m = Member(
                org=groups[i % GROUPS],
                name=f"压测会员{i:05d}",
                sex="male" if i % 2 else "female",
                birth_date=birth,
                id_number=first17 + idcard.check_char(first17),
                status="active",
                user=u,
            )
            m.prepare_for_save()
            people.append(m)
        people = Member._base_manager.bulk_create(people, batch_size=2000)
        RoleAssignment._base_manager.bulk_create(
            [RoleAssignment(user=m.user, org=m.org, role="member") for m in people],
            batch_size=2000,
        )
        # Tokens as the account page makes them (a digest stored, the key kept here).
        built = [ApiToken.build(user=u, name="压测") for u in users]
        ApiToken.objects.bulk_create([token for token, _key in built], batch_size=2000)
        tokens = [key for _token, key in built]
        now = timezone.now()

        def activity(title, quota):
            a = Activity(
                org=union,
                title=title,
                starts_at=now + dt.timedelta(days=10),
                ends_at=now + dt.timedelta(days=10, hours=3),
                signup_opens_at=now - dt.timedelta(minutes=5),
                quota=quota,
                status="signup_open",
            )
            a.save()
            return a.pk

        # A warm-up activity per server, then one fresh activity per target and round.
        warm = {target: activity(f"热身活动{target}", None) for target in TARGETS}
        measured = {
            target: [activity(f"迎新年职工运动会{i + 1}", PLACES) for i in range(rounds)]
            for target in TARGETS
        }
    return {
        "warm": warm,
        "activities": measured,
        "people": [(m.org.code, key) for m, key in zip(people, tokens, strict=True)],
    }


def analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(
    db_url: str, port: int, workers: int, threads: int, settings: str
) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    proc = subprocess.Popen(  # noqa: S603 - our own gunicorn
        [
            gunicorn,
            "django.core.wsgi:get_wsgi_application()",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--log-level",
            "warning",
            "--keep-alive",
            "5",
            "--backlog",
            "2048",
        ],  # fmt: skip
        cwd=ROOT,
        env={**server_env(db_url), "DJANGO_SETTINGS_MODULE": settings},
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz" if settings == REAL_SETTINGS else "/bare/0/signup/")
            if c.getresponse().status in (200, 405):
                return proc
        except OSError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise RuntimeError("gunicorn did not start")
        time.sleep(0.2)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pids(proc: subprocess.Popen, db_url: str) -> tuple[list[int], list[int]]:
    """gunicorn's master and workers, and the PostgreSQL backends serving our database."""
    import psycopg

    pids = [proc.pid]
    for task in Path(f"/proc/{proc.pid}/task").iterdir():
        children = (task / "children").read_text().split()
        pids += [int(c) for c in children]
    with psycopg.connect(db_url.replace("postgres://", "postgresql://", 1)) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [DB_NAME],
        ).fetchall()
    return pids, [r[0] for r in rows]


def fire(port: int, url: str, people: list, clients: int) -> dict:
    """Every person signs up once; `clients` threads, each on its own keep-alive
    connection, send the next request as soon as the previous one is answered."""
    lock = threading.Lock()
    queue = iter(people)
    latencies: list[float] = []
    codes: dict[int, int] = {}
    start_gate = threading.Barrier(clients + 1)

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        seen: dict[int, int] = {}
        start_gate.wait()
        while True:
            with lock:
                person = next(queue, None)
            if person is None:
                break
            code, token = person
            started = time.perf_counter()
            try:
                conn.request(
                    "POST",
                    url.format(code=code),
                    body=b"{}",
                    headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
                )
                r = conn.getresponse()
                r.read()
                status = r.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status = -1
            mine.append((time.perf_counter() - started) * 1000)
            seen[status] = seen.get(status, 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for k, v in seen.items():
                codes[k] = codes.get(k, 0) + v

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    start_gate.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return {"elapsed": elapsed, "latencies": latencies, "codes": codes}


def check_database(activity: int, expected: int) -> list[str]:
    from django.db import connection

    from gonghui.activities.models import Signup

    connection.close()  # a fresh view of what gunicorn committed
    rows = list(
        Signup._base_manager.filter(activity_id=activity)
        .order_by("seq")
        .values_list("member_id", "state", "seq")
    )
    problems = []
    if len(rows) != expected:
        problems.append(f"{len(rows)} sign-ups stored, {expected} expected")
    if len({m for m, _s, _q in rows}) != len(rows):
        problems.append("someone holds two sign-ups")
    if [q for _m, _s, q in rows] != list(range(1, len(rows) + 1)):
        problems.append("the order numbers have gaps or repeats")
    states = [s for _m, s, _q in rows]
    want = ["confirmed"] * min(PLACES, len(rows)) + ["waitlisted"] * max(0, len(rows) - PLACES)
    if states != want:
        problems.append("places were not given strictly in order of arrival")
    return problems


def measure(target: str, port: int, activity: int, people: list, clients: int, procs) -> dict:
    """One round: everyone signs up for `activity` on `target`'s server; the figures."""
    web, db = procs
    before = (sum(_cpu_seconds(p) for p in web), sum(_cpu_seconds(p) for p in db))
    load_before = os.getloadavg()[0]
    run = fire(port, URLS[target].format(activity=activity), people, clients)
    after = (sum(_cpu_seconds(p) for p in web), sum(_cpu_seconds(p) for p in db))
    n = len(run["latencies"])
    lat = sorted(run["latencies"])
    cpu = [(b - a) * 1000 / n for a, b in zip(before, after, strict=True)]
    problems = check_database(activity, len(people))
    if run["codes"].get(201) != len(people):
        problems.append(f"answers {dict(sorted(run['codes'].items()))}, not all 201")
    return {
        "rps": n / run["elapsed"],
        "p50": statistics.median(lat),
        "p95": statistics.quantiles(lat, n=100, method="inclusive")[94],
        "cpu_web": cpu[0],
        "cpu_db": cpu[1],
        "load": load_before,
        "problems": problems,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help=f"do not drop {DB_NAME}")
    parser.add_argument("--members", type=int, default=MEMBERS, help="sign-ups per round")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="rounds per server")
    # One sync worker per core: every sign-up of the crowd waits for the same row lock,
    # and more processes than cores only deschedule the lock holder (measured: 6 workers
    # on 2 cores gave 115-140 requests/s, 2 workers 195-220 on the same machine).
    parser.add_argument("--clients", type=int, default=6, help="concurrent client threads")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="gunicorn worker processes"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per worker")
    args = parser.parse_args(argv)

    server = server_url()
    problem = reachable(server)
    if problem:
        print(f"PostgreSQL not reachable at {server} ({problem}): sign-up benchmark skipped.")
        return 0
    admin_sql(server, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    admin_sql(server, f"CREATE DATABASE {DB_NAME}")
    db_url = with_db(server, DB_NAME)
    servers: dict[str, subprocess.Popen] = {}
    ok = False
    try:
        setup_django(db_url)
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        ctx = load(args.members, args.rounds)
        analyse()
        print(
            f"migrated and loaded {args.members:,} members with logins in "
            f"{time.perf_counter() - started:.1f} s"
        )
        from django.db import connections

        connections.close_all()
        ports = {}
        for target in TARGETS:
            ports[target] = free_port()
            servers[target] = start_gunicorn(
                db_url, ports[target], args.workers, args.threads, SETTINGS[target]
            )
        print(
            f"two gunicorns (Gonghui, and the bare view of bench/_bare_urls.py), each "
            f"{args.workers} workers × {args.threads} threads (gthread); {args.clients} "
            f"client threads on keep-alive connections; loopback; {os.cpu_count()} CPU "
            f"cores shared by client, servers and database; {args.members:,} sign-ups for "
            f"one activity of {PLACES:,} places per round, the servers in turn"
        )
        procs = {}
        for target in TARGETS:
            # Warm up every worker's connections and code on another activity.
            warm = fire(
                ports[target],
                URLS[target].format(activity=ctx["warm"][target]),
                ctx["people"][:WARM_UP],
                args.clients,
            )
            if warm["codes"].get(201) != WARM_UP:
                print(f"{target} warm-up answers: {warm['codes']}")
                return 1
            procs[target] = server_pids(servers[target], db_url)
        results: dict[str, list[dict]] = {t: [] for t in TARGETS}
        for i in range(args.rounds):
            order = TARGETS if i % 2 == 0 else TARGETS[::-1]
            for target in order:
                r = measure(
                    target,
                    ports[target],
                    ctx["activities"][target][i],
                    ctx["people"],
                    args.clients,
                    procs[target],
                )
                results[target].append(r)
                print(
                    f"round {i + 1} {target:8s} {r['rps']:6.0f} requests/s  p50 "
                    f"{r['p50']:5.1f} ms  p95 {r['p95']:6.1f} ms  CPU per request: web "
                    f"{r['cpu_web']:.2f} ms, PostgreSQL {r['cpu_db']:.2f} ms  (load before "
                    f"{r['load']:.2f})"
                )
                for p in r["problems"]:
                    print(f"WRONG ({target}, round {i + 1}): {p}")
        ratios = [
            g["rps"] / b["rps"] for g, b in zip(results["gonghui"], results["bare"], strict=True)
        ]
        ratio = statistics.median(ratios)
        mine = results["gonghui"]
        rps = statistics.median(r["rps"] for r in mine)
        p95 = statistics.median(r["p95"] for r in mine)
        problems = [p for t in TARGETS for r in results[t] for p in r["problems"]]
        ratio_ok = ratio >= TARGET_RATIO
        rps_ok = rps >= TARGET_RPS
        ok = ratio_ok and rps_ok and not problems
        print(
            f"\nsign-up endpoint / bare view, requests/s per round: "
            f"{', '.join(f'{x:.2f}' for x in ratios)}; median {ratio:.2f} "
            f"=> {'PASS' if ratio_ok else 'FAIL'} (>= {TARGET_RATIO})"
        )
        print(
            f"sign-up endpoint, median of {args.rounds} rounds: {rps:.0f} requests/s, p95 "
            f"{p95:.1f} ms => {'PASS' if rps_ok else 'FAIL'} (>= {TARGET_RPS:.0f} requests/s "
            f"on an otherwise idle machine); database consistent after every round: "
            f"{'yes' if not problems else 'NO'}"
        )
    finally:
        for proc in servers.values():
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"kept database {DB_NAME}")
        else:
            admin_sql(server, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
