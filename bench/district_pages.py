"""Every page of the menu at 1,000,000 members, for the district and a union (#13 §9).

Target (issue #13 §9): "no page over 1 MB or 1 s for any role on that data". The
database is the one of bench/roster_search.py (`gonghui_bench_1m`: a district, ten
unions of twenty groups, 1,000,000 members; built once, reused). For the district's
upper-union staff and a union's chair, every page their menu lists (gonghui.core.nav,
as the sidebar shows it) and the pages a cadre opens from there at that size (the care
reminders over 30 days, a later page of them, one kind, a year's window) are requested
REPEAT times through Django's test client in this process; printed: status, size,
queries, median and max. Exit 1 when a page is not 200 or is over 1 MB or 1 s.

    .venv/bin/python bench/district_pages.py
    .venv/bin/python bench/district_pages.py --explain   # each page's slowest queries
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from roster_search import open_database

REPEAT = 5
TARGET_S = 1.0
TARGET_BYTES = 1_000_000
LOGINS = (("b1m_district", "B1M-D"), ("b1m_chair", "B1M-U01"))
# Pages opened from the menu's pages that read the whole roll another way.
EXTRA = (
    "members/statistics/",
    "activities/statistics/",
    "welfare/reminders/?days=30",
    "welfare/reminders/?days=30&page=200",
    "welfare/reminders/?days=30&kind=retirement",
    "welfare/reminders/?days=366&page=5000",  # 31 days at the district
    "welfare/reminders/?days=31&page=1000",
    "members/?q=王",
)


def pages(user, code: str) -> list[str]:
    """The menu's pages of `user` at `code`, then EXTRA."""
    from gonghui.accounts.access import resolve_access
    from gonghui.core import nav

    access = resolve_access(user, code, otp_verified=True)
    urls = [item["url"] for item in nav.items_for(access)]
    return list(dict.fromkeys(urls + [f"/o/{code}/{extra}" for extra in EXTRA]))


def run(*, explain: bool) -> bool:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gonghui.accounts.models import User

    ok = True
    print(
        f"\n{'login':<13} {'page':<48} {'status':>6} {'KB':>6} {'queries':>7} {'median s':>9} {'max s':>6}"
    )
    for login, code in LOGINS:
        user = User.objects.get(username=login)
        client = Client()
        client.force_login(user)
        for url in pages(user, code):
            client.get(url)  # warm: connections, templates
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
                f"{login:<13} {url:<48} {r.status_code:>6} {size / 1024:>6.0f} "
                f"{len(captured):>7} {statistics.median(times):>9.3f} {max(times):>6.3f}"
                f"  {'ok' if good else 'FAIL'}"
            )
            if explain:
                top = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
                for q in top:
                    print(f"      {float(q['time']) * 1000:7.1f} ms  {q['sql'][:200]}")
    print(
        f"\n=> {'PASS' if ok else 'FAIL'} (every page 200, under {TARGET_BYTES // 1000} KB "
        f"and {TARGET_S:.0f} s)"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--explain", action="store_true", help="the slowest queries of each")
    args = parser.parse_args(argv)
    if not open_database():
        return 0
    from django.db import connections

    try:
        return 0 if run(explain=args.explain) else 1
    finally:
        connections.close_all()


if __name__ == "__main__":
    sys.exit(main())
