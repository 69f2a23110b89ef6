"""300 members press "sign up" at the same moment for 50 places: real HTTP requests from
300 threads to a gunicorn serving the test database, on PostgreSQL.

Exactly 50 get a place, the other 250 wait in the order they were served, nobody holds
two rows (20 of them press twice), and cancellations promote exactly the next ones.

The requests go to the API endpoint with token authentication (as an app would), to a
real gunicorn process (2 workers × 8 threads, i.e. 16 concurrent database sessions), so
the row lock of services.signup_create is what serialises them, nothing in the test.
The data is committed (a transactional test) and built here (make_crowd); the flush at
the end empties the database, and a later test that reads the demo loads it again through
the `demo` fixture.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent sessions need PostgreSQL (SQLite serialises every "
        "writer anyway); run with DATABASE_URL=postgres://...",
    ),
]

CROWD = 300
PLACES = 50
TWICE = 20  # members who press the button twice at the same moment
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(transactional_db):
    """A gunicorn on the test database; yields its port."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if db.get("PASSWORD"):
        url = url.replace("@", f":{db['PASSWORD']}@", 1)
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "GONGHUI_TESTING": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    }
    proc = subprocess.Popen(  # noqa: S603 - our own gunicorn
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "gonghui.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "8",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def make_crowd(n: int) -> dict:
    """A union with three groups, `n` members each with a login (role "member" at their
    group) and an API token, and an activity with PLACES places, sign-up open."""
    from gonghui.accounts.models import ApiToken, RoleAssignment, User
    from gonghui.activities.models import Activity
    from gonghui.audit.context import acting
    from gonghui.core.scoping import unscoped
    from gonghui.members import idcard
    from gonghui.members.models import Member
    from gonghui.orgs.models import Organisation

    with unscoped(), acting(source="system"):
        top = Organisation.objects.create(code="CONC-D", name="并发测试区总工会", kind="upper")
        union = Organisation.objects.create(
            code="CONC-U", name="并发测试公司工会", kind="grassroots", parent=top
        )
        groups = [
            Organisation.objects.create(
                code=f"CONC-U-G{i}", name=f"并发测试第{i}小组", kind="group", parent=union
            )
            for i in range(1, 4)
        ]
        users = User._base_manager.bulk_create(
            [User(username=f"crowd{i:03d}", display_name=f"会员{i:03d}") for i in range(n)]
        )
        members = []
        for i, u in enumerate(users):
            first17 = f"340102199{i % 10}0101{i:03d}"
            members.append(
                Member(
                    org=groups[i % 3],
                    name=f"测试会员{i:03d}",
                    sex="male" if i % 2 else "female",
                    birth_date=dt.date(1990 + i % 10, 1, 1),
                    id_number=first17 + idcard.check_char(first17),
                    status="active",
                    user=u,
                )
            )
        for m in members:
            m.prepare_for_save()
        members = Member._base_manager.bulk_create(members)
        RoleAssignment._base_manager.bulk_create(
            [RoleAssignment(user=m.user, org=m.org, role="member") for m in members]
        )
        built = [ApiToken.build(user=u, name="test") for u in users]
        ApiToken.objects.bulk_create([token for token, _key in built])
        tokens = [key for _token, key in built]
        now = timezone.now()
        activity = Activity(
            org=union,
            title="职工篮球联赛观赛",
            starts_at=now + dt.timedelta(days=3),
            ends_at=now + dt.timedelta(days=3, hours=2),
            signup_opens_at=now - dt.timedelta(hours=1),
            quota=PLACES,
            status="signup_open",
        )
        activity.save()
    return {
        "activity": activity,
        "people": [
            {"member_id": m.pk, "code": m.org.code, "token": t}
            for m, t in zip(members, tokens, strict=True)
        ],
    }


def call(port: int, method: str, path: str, token: str, body: dict | None = None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request(
        method,
        path,
        body=json.dumps(body or {}),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, json.loads(data) if data else None


def all_at_once(jobs) -> list:
    """Run every job in its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(i, job):
        barrier.wait()
        try:
            results[i] = job()
        except Exception as exc:  # noqa: BLE001 - reported by the assertions
            results[i] = ("error", repr(exc))

    threads = [threading.Thread(target=run, args=(i, j)) for i, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def rows(activity_id: int) -> list:
    from gonghui.activities.models import Signup

    return list(
        Signup._base_manager.filter(activity_id=activity_id)
        .order_by("seq")
        .values("id", "member_id", "state", "seq", "signed_up_at")
    )


def test_300_at_once_for_50_places_then_cancellations_promote_the_next(server):
    crowd = make_crowd(CROWD)
    a = crowd["activity"]
    people = crowd["people"]

    def signup(p):
        path = f"/api/v1/orgs/{p['code']}/activities/{a.pk}/signup/"
        return lambda: call(server, "POST", path, p["token"])

    jobs = [signup(p) for p in people] + [signup(p) for p in people[:TWICE]]
    started = time.perf_counter()
    results = all_at_once(jobs)
    elapsed = time.perf_counter() - started

    errors = [r for r in results if r is None or r[0] == "error"]
    assert not errors, errors[:3]
    created = [body for code, body in results if code == 201]
    refused = [body for code, body in results if code == 400]
    assert len(created) == CROWD, f"{len(created)} created, {len(refused)} refused"
    assert len(refused) == TWICE
    assert all("已报名" in b["detail"] or "already" in b["detail"] for b in refused)

    got = rows(a.pk)
    assert len(got) == CROWD
    assert len({r["member_id"] for r in got}) == CROWD  # no one twice
    assert [r["seq"] for r in got] == list(range(1, CROWD + 1))  # no gap, no repeat
    states = [r["state"] for r in got]
    # Exactly 50 places, given to the first 50 served; the rest wait in that order.
    assert states == ["confirmed"] * PLACES + ["waitlisted"] * (CROWD - PLACES)
    times = [r["signed_up_at"] for r in got]
    assert times == sorted(times)
    # Each answer said what the database holds.
    state_by_id = {r["id"]: r["state"] for r in got}
    assert all(state_by_id[b["id"]] == b["state"] for b in created)
    print(f"\n{len(jobs)} concurrent sign-ups answered in {elapsed:.2f} s")

    # One cancellation promotes exactly the next one.
    token_of = {p["member_id"]: p for p in people}
    confirmed = [r["member_id"] for r in got if r["state"] == "confirmed"]
    first = token_of[confirmed[0]]
    code, body = call(
        server, "DELETE", f"/api/v1/orgs/{first['code']}/activities/{a.pk}/signup/", first["token"]
    )
    assert code == 200 and body["state"] == "cancelled"
    after = {r["seq"]: r["state"] for r in rows(a.pk)}
    assert after[1] == "cancelled"
    assert after[PLACES + 1] == "confirmed"
    assert [after[s] for s in range(PLACES + 2, CROWD + 1)] == ["waitlisted"] * (CROWD - PLACES - 1)
    assert sum(1 for s in after.values() if s == "confirmed") == PLACES

    # Five cancellations at the same moment promote exactly the next five, in order.
    leaving = [token_of[m] for m in confirmed[1:6]]
    results = all_at_once(
        [
            (
                lambda p=p: call(
                    server,
                    "DELETE",
                    f"/api/v1/orgs/{p['code']}/activities/{a.pk}/signup/",
                    p["token"],
                )
            )
            for p in leaving
        ]
    )
    assert [r[0] for r in results] == [200] * 5
    final = {r["seq"]: r["state"] for r in rows(a.pk)}
    assert [final[s] for s in range(2, 7)] == ["cancelled"] * 5
    assert [final[s] for s in range(PLACES + 1, PLACES + 7)] == ["confirmed"] * 6
    assert final[PLACES + 7] == "waitlisted"
    assert sum(1 for s in final.values() if s == "confirmed") == PLACES
