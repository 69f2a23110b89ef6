"""The upper union's roll-up benchmark (#14 item 11): a district's 1,000 unions' annual
statements summed line by line.

Target: the roll-up (gonghui.upper.finance.statements_rollup: the annual 工会01 and 工会02
of every union below the district, and their sum) in < 3 s (p95).

    .venv/bin/python bench/finance_aggregate.py          # create, load, time, drop
    .venv/bin/python bench/finance_aggregate.py --keep   # keep the database afterwards

A throwaway database `gonghui_bench_aggregate` is created on the PostgreSQL server of
DATABASE_URL (as bench/finance_books.py does), migrated, and given one district with
UNIONS unions. Each union's books hold about LINES_PER_UNION posted lines: a tenth of them
in the year before (the opening balances), the rest over the year's months on the chart's
income and expense accounts against 102, some 专项; every union also has a few submitted
(unposted) vouchers, which the roll-up must leave out.

BENCHMARK FIXTURE ONLY: the Voucher and VoucherLine rows are written directly with
bulk_create (no services, no audit entries, no period locks), which the application never
does (postings go through gonghui.finance.services and gonghui.finance.posting). It is the
only way to build 200,000 lines in seconds; the roll-up only reads them.

Then, REPEAT times: statements_rollup(district, YEAR) (p50/p95; its number of queries),
and once each for the figures around it: the .xlsx of the roll-up, and one union's own
statement_set compared with its column (they must be equal). Exit 1 when p95 ≥ 3 s or a
check fails. Without a reachable PostgreSQL the benchmark says so and exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from roster_page import admin_sql, reachable, server_url, setup_django, with_db  # noqa: E402

DB_NAME = "gonghui_bench_aggregate"
YEAR = 2025
UNIONS = 1_000
LINES_PER_UNION = 200
UNPOSTED_PER_UNION = 3  # submitted vouchers (two lines each), not counted
REPEAT = 10
TARGET_S = 3.0
INCOME = ("401", "402", "40301", "405", "408")
EXPENSE = ("50101", "50102", "50105", "50301", "50404", "50405", "50501", "50502", "510")


def load():
    """The district, its unions, and their vouchers and lines (bulk, see the docstring)."""
    from gonghui.accounts.models import RoleAssignment, User
    from gonghui.core.scoping import unscoped
    from gonghui.finance import chart
    from gonghui.finance.models import Voucher, VoucherLine
    from gonghui.orgs.models import Organisation, OrgKind, UnitType

    rng = random.Random(2026)
    names = {code: chart.account(code).name for code in ("102", *INCOME, *EXPENSE)}
    with unscoped():
        district = Organisation(code="BA-D", name="基准汇总区总工会", kind=OrgKind.UPPER)
        district.save()
        unions = []
        for i in range(UNIONS):
            union = Organisation(
                code=f"BA-U{i:04d}", name=f"基准汇总第{i + 1}公司工会", kind=OrgKind.GRASSROOTS,
                parent=district, unit_name=f"基准汇总第{i + 1}公司", unit_type=UnitType.ENTERPRISE,
            )  # fmt: skip
            union.save()
            unions.append(union)
        staff = User(username="ba_district", display_name="基准区总工会干部")
        staff.set_unusable_password()
        staff.save()
        RoleAssignment(user=staff, org=district, role="upper_staff").save()
        accountant = User(username="ba_finance", display_name="基准会计")
        accountant.set_unusable_password()
        accountant.save()

        vouchers, plans = [], []
        pairs = LINES_PER_UNION // 2
        for union in unions:
            seq: dict[tuple[int, int], int] = {}
            for i in range(pairs + UNPOSTED_PER_UNION):
                posted = i < pairs
                # A tenth of the posted vouchers in the year before: the opening balances.
                year = YEAR - 1 if posted and i < pairs // 10 else YEAR
                month = 1 + i % 12
                seq[year, month] = seq.get((year, month), 0) + 1
                vouchers.append(
                    Voucher(
                        org=union,
                        date=dt.date(year, month, 1 + i % 28),
                        year=year,
                        month=month,
                        seq=seq[year, month],
                        number=f"记-{seq[year, month]:04d}",
                        kind="imported",
                        state="posted" if posted else "submitted",
                        summary="基准凭证",
                        total=Decimal("0"),
                        prepared_by=accountant,
                        posted_by=accountant if posted else None,
                    )  # fmt: skip
                )
                amount = Decimal(rng.randrange(100, 500_000)) / 100
                income = rng.random() < 0.45
                plans.append((posted, income, rng.choice(INCOME if income else EXPENSE),
                              rng.random() < 0.2, amount))  # fmt: skip
        started = time.perf_counter()
        Voucher._base_manager.bulk_create(vouchers, batch_size=5000)
        lines = []
        for v, (posted, income, other, restricted, amount) in zip(vouchers, plans, strict=True):
            pair = [("102", amount, 0, None), (other, 0, amount, restricted)]
            if not income:
                pair = [(other, amount, 0, restricted), ("102", 0, amount, None)]
            for order, (code, debit, credit, flag) in enumerate(pair, start=1):
                lines.append(
                    VoucherLine(
                        voucher=v,
                        order=order,
                        org_id=v.org_id,
                        date=v.date,
                        year=v.year,
                        month=v.month,
                        posted=posted,
                        account_top=code[:3],
                        account_code=code,
                        account_name=names[code],
                        summary="基准凭证",
                        debit=debit,
                        credit=credit,
                        restricted=flag,
                        expense_type="basic" if code[0] == "5" else "",
                    )  # fmt: skip
                )
        VoucherLine._base_manager.bulk_create(lines, batch_size=10_000)
        print(
            f"wrote {len(vouchers):,} vouchers and {len(lines):,} lines "
            f"in {time.perf_counter() - started:.1f} s"
        )
    return district, unions, staff


def _pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(district, unions, staff) -> bool:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.core.scoping import scope
    from gonghui.finance.selectors import statement_set
    from gonghui.upper.exports import rollup_xlsx
    from gonghui.upper.finance import statements_rollup

    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    ok = True
    times = []
    with scope(district):
        for _ in range(REPEAT):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                rollup = statements_rollup(district, YEAR)
                times.append(time.perf_counter() - started)
        sheet = {ln.name: ln for ln in rollup.total.balance_sheet}
        balanced = sheet["资产总计"].closing == sheet["负债和净资产总计"].closing
        counted = len(rollup.with_books)
        p50, p95 = statistics.median(times), _pct(times, 95)
        met = p95 < TARGET_S and balanced and counted == UNIONS
        print(
            f"roll-up of {counted:,} unions' annual statements "
            f"({UNIONS * LINES_PER_UNION:,} posted lines, "
            f"{UNIONS * UNPOSTED_PER_UNION * 2:,} unposted), {REPEAT} runs: "
            f"p50 {p50 * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  max {max(times) * 1000:7.1f} ms, "
            f"{len(queries.captured_queries)} queries (target p95 < {TARGET_S:.0f} s; balanced: "
            f"{balanced}): {'ok' if met else 'MISSED'}"
        )
        ok &= met
        one = unions[len(unions) // 2]
        column = next(u for u in rollup.unions if u.org.pk == one.pk)
    with scope(one):
        own = statement_set(one, YEAR)
    same = own.as_json() == column.result.as_json()
    print(f"one union's column equals its own statement_set: {same}")
    ok &= same
    with scope(district):
        started = time.perf_counter()
        _name, content = rollup_xlsx(statements_rollup(district, YEAR), user=staff)
        print(
            f"roll-up .xlsx (both statements and the {UNIONS:,}-union table): "
            f"{(time.perf_counter() - started) * 1000:.0f} ms, {len(content) / 1024:.0f} KiB"
        )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    server = server_url()
    problem = reachable(server)
    if problem:
        print(f"PostgreSQL not reachable at {server} ({problem}): benchmark skipped.")
        return 0
    admin_sql(server, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    admin_sql(server, f"CREATE DATABASE {DB_NAME}")
    try:
        setup_django(with_db(server, DB_NAME))
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0, interactive=False)
        started = time.perf_counter()
        district, unions, staff = load()
        print(f"loaded {UNIONS:,} unions and their books in {time.perf_counter() - started:.1f} s")
        ok = run(district, unions, staff)
        connections.close_all()
        return 0 if ok else 1
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            admin_sql(server, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


if __name__ == "__main__":
    sys.exit(main())
