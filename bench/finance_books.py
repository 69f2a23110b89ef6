"""The books' benchmark (#14): posting a voucher, and a year's statements at 20,000 lines.

The issue's targets: "posting a voucher p95 < 50 ms; a year's statements for a union with
20,000 voucher lines < 1 s".

    .venv/bin/python bench/finance_books.py          # create, load, time, drop
    .venv/bin/python bench/finance_books.py --keep   # keep the database afterwards

A throwaway database `gonghui_bench_finance` is created on the PostgreSQL server of
DATABASE_URL (as bench/roster_page.py does), migrated, and given one union whose year
holds 20,000 posted voucher lines (10,000 two-line vouchers spread over the months and
the chart's income and expense accounts), written in bulk. Then:

- posting: 200 vouchers, each through the whole chain a person walks (prepare, submit,
  review by another person, post: four transactions), and 200 module payouts
  (finance.posting.payout_post, one transaction, what welfare calls); p50/p95 per
  voucher, in this process, audit entries included;
- statements: statement_set (工会01 + 工会02) for the year and for December, ten times each.

Without a reachable PostgreSQL the benchmark says so and exits 0.
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

DB_NAME = "gonghui_bench_finance"
YEAR = 2025
LINES = 20_000
POSTINGS = 200
REPEAT = 10
POST_TARGET_MS = 50.0
STATEMENT_TARGET_S = 1.0
INCOME = ("401", "402", "40301", "405", "408")
EXPENSE = ("50101", "50102", "50105", "50301", "50404", "50405", "50501", "50502", "510")


def load():
    """A district, a union with its accountant and chair, a fund with money, and the
    year's 20,000 posted lines."""
    from gonghui.accounts.models import RoleAssignment, User
    from gonghui.core.scoping import unscoped
    from gonghui.finance import chart, posting
    from gonghui.finance.models import Period, Voucher, VoucherLine
    from gonghui.funds.models import Fund
    from gonghui.orgs.models import Organisation, OrgKind, UnitType

    rng = random.Random(2026)
    with unscoped():
        upper = Organisation(code="BF-D", name="基准财务区总工会", kind=OrgKind.UPPER)
        upper.save()
        union = Organisation(
            code="BF-U", name="基准财务公司工会", kind=OrgKind.GRASSROOTS, parent=upper,
            unit_name="基准财务公司", unit_type=UnitType.ENTERPRISE,
        )  # fmt: skip
        union.save()
        people = {}
        for role in ("finance", "chair"):
            user = User(username=f"bf_{role}", display_name=f"基准{role}")
            user.set_unusable_password()
            user.save()
            RoleAssignment(user=user, org=union, role=role).save()
            people[role] = user
        fund = Fund(org=union, kind="union", name="工会经费", opened_on=dt.date(YEAR, 1, 1))
        fund.save()
        posting.receipt_post(
            actor=people["finance"], org=union, source="bench.grant", source_id="1",
            date=dt.date(YEAR, 1, 2), summary="上级拨款", fund=fund,
            items=[posting.Item("40301", Decimal("10000000"))],
        )  # fmt: skip
        vouchers, seq = [], {}
        for i in range(LINES // 2):
            month = 1 + i * 12 // (LINES // 2)
            seq[month] = seq.get(month, 0) + 1
            vouchers.append(
                Voucher(
                    org=union,
                    date=dt.date(YEAR, month, 1 + i % 28),
                    year=YEAR,
                    month=month,
                    seq=seq[month] + 1000,
                    number=f"记-{seq[month] + 1000:04d}",
                    kind="imported",
                    state="posted",
                    summary="历史凭证",
                    total=Decimal("0"),
                    prepared_by=people["finance"],
                    posted_by=people["finance"],
                )  # fmt: skip
            )
        Voucher._base_manager.bulk_create(vouchers, batch_size=2000)
        lines = []
        for v in vouchers:
            amount = Decimal(rng.randrange(100, 500_000)) / 100
            income = rng.random() < 0.4
            other = rng.choice(INCOME if income else EXPENSE)
            restricted = rng.random() < 0.2
            pair = [("102", amount, 0, None), (other, 0, amount, restricted)]
            if not income:
                pair = [(other, amount, 0, restricted), ("102", 0, amount, None)]
            for order, (code, debit, credit, flag) in enumerate(pair, start=1):
                lines.append(
                    VoucherLine(
                        voucher=v,
                        order=order,
                        org=union,
                        date=v.date,
                        year=YEAR,
                        month=v.month,
                        posted=True,
                        account_top=code[:3],
                        account_code=code,
                        account_name=chart.account(code).name,
                        summary="历史凭证",
                        debit=debit,
                        credit=credit,
                        restricted=flag,
                        expense_type="basic" if code[0] == "5" else "",
                        fund=fund if code == "102" else None,
                    )  # fmt: skip
                )
        VoucherLine._base_manager.bulk_create(lines, batch_size=5000)
        for month, last in seq.items():
            Period._base_manager.update_or_create(
                org=union, year=YEAR, month=month, defaults={"last_seq": last + 1000}
            )
    return union, fund, people


def _pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(union, fund, people) -> bool:
    from django.db import connection

    from gonghui.audit.context import acting
    from gonghui.core.scoping import scope
    from gonghui.finance import posting, services
    from gonghui.finance.selectors import statement_set
    from gonghui.finance.services import LineInput

    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    ok = True
    accountant, chair = people["finance"], people["chair"]
    day = dt.date(YEAR, 12, 20)
    chain, payouts, post_only = [], [], []
    with scope(union), acting(accountant, source="bench"):
        for i in range(POSTINGS):
            amount = Decimal(100 + i)
            started = time.perf_counter()
            v = services.voucher_create(
                actor=accountant, org=union, date=day, summary="购买文体用品",
                lines=[LineInput("50102", debit=amount, restricted=False),
                       LineInput("102", credit=amount, fund=fund)],
            )  # fmt: skip
            services.voucher_submit(actor=accountant, voucher=v)
            services.voucher_review(actor=chair, voucher=v)
            mid = time.perf_counter()
            services.voucher_post(actor=accountant, voucher=v)
            done = time.perf_counter()
            chain.append((done - started) * 1000)
            post_only.append((done - mid) * 1000)
        for i in range(POSTINGS):
            started = time.perf_counter()
            posting.payout_post(
                actor=chair, org=union, source="bench.visit", source_id=str(i), date=day,
                summary="慰问", fund=fund,
                items=[posting.Item("50105", Decimal(200), payee="会员")],
            )  # fmt: skip
            payouts.append((time.perf_counter() - started) * 1000)
        for name, values in (
            ("a voucher through the chain (4 steps)", chain),
            ("voucher_post alone (记账)", post_only),
            ("a module payout (payout_post)", payouts),
        ):
            p95 = _pct(values, 95)
            mark = "ok" if p95 < POST_TARGET_MS else "MISSED"
            print(
                f"{name:40} p50 {statistics.median(values):6.1f} ms  p95 {p95:6.1f} ms  "
                f"(target p95 < {POST_TARGET_MS:.0f} ms per posting: {mark})"
            )
        ok &= _pct(post_only, 95) < POST_TARGET_MS and _pct(payouts, 95) < POST_TARGET_MS
        for label, month in (("the year", None), ("December", 12)):
            times = []
            for _ in range(REPEAT):
                started = time.perf_counter()
                result = statement_set(union, YEAR, month)
                times.append(time.perf_counter() - started)
            sheet = {ln.name: ln for ln in result.balance_sheet}
            balanced = sheet["资产总计"].closing == sheet["负债和净资产总计"].closing
            worst = max(times)
            mark = "ok" if worst < STATEMENT_TARGET_S and balanced else "MISSED"
            print(
                f"statements of {label:12} over {LINES + 4 * POSTINGS:,} lines: "
                f"median {statistics.median(times) * 1000:6.1f} ms, worst {worst * 1000:6.1f} ms "
                f"(target < {STATEMENT_TARGET_S:.0f} s; balanced: {balanced}): {mark}"
            )
            ok &= worst < STATEMENT_TARGET_S and balanced
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
        union, fund, people = load()
        print(f"loaded {LINES:,} voucher lines in {time.perf_counter() - started:.1f} s")
        ok = run(union, fund, people)
        connections.close_all()
        return 0 if ok else 1
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            admin_sql(server, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


if __name__ == "__main__":
    sys.exit(main())
