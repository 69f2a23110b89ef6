"""Carry the old fund ledgers (funds.FundEntry) into the books as posted vouchers.

Before the books, each fund kept its own ledger; now a fund is the auxiliary dimension of
the bank line (docs/finance-design.md §3.3). For every union, its entries in (date, id)
order become vouchers, numbered per month after the numbers the union already has
(Period.last_seq, read and moved on under the Period row lock):

* the entries of one welfare batch (source "welfare.batch", source_id "<batch>:<visit>")
  paid on one day from one fund become ONE voucher: one debit line per account, the bank
  line with the fund, and SourcePosting rows "<batch>" and "<batch>:<visit>" (with the
  visit's account and amount, so one visit can still be reversed alone); every other entry
  becomes a voucher of its own, with a SourcePosting (its source, its source_id) when it
  was made for a record of another module, so that module finds its voucher;
* accounts: a payout by gonghui/finance/mapping.py (a visit by its occasion, a batch by the
  batch's occasion, 金秋助学 50405, 医疗互助 claims 50305 专项), anything else 510 其他支出;
  income of 医疗互助 contributions 408 专项, other income by the kind of fund (上级拨款
  40301, 工会经费 402, the rest 408); the bank line 102 carries the fund. Where the union
  keeps sub-accounts under one of these (10201 工行), the first one in use takes the line,
  as finance.posting books a module's money;
* an entry that reversed another (FundEntry.reverses) becomes a 红字 voucher: the same
  accounts in negative amounts, `reverses` = the original's voucher, and the original's
  SourcePosting rows marked reversed by it;
* every voucher is posted (the entries were final in the old ledger): prepared and posted
  by whoever recorded the entry, the old number kept in `external_no`.

A SourcePosting ("funds.entry", entry id) on every entry's voucher makes the migration
idempotent: an entry that has one is skipped, so a second run changes nothing. At the end
every fund's migrated lines in the books must equal its old Σ income − Σ expense, else
the migration is refused (nothing is kept). A month already closed in the books refuses
it too: closed books are not rewritten behind the accountant's back.

It uses the historical models only, never the services: no audit rows are written (the
vouchers themselves say where they came from) and nothing here changes when the services
do. The FundEntry rows stay as they were: history, frozen.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import migrations, transaction
from django.db.models import Sum

from gonghui.finance import chart, mapping

MIGRATED = "funds.entry"
BATCH = "welfare.batch"
VISIT = "welfare.visit"
CASH = "102"
COMMITTED = ("submitted", "reviewed", "rejected", "posted")
INCOME_BY_KIND = {"upper_grant": "40301", "union": "402"}
INCOME_OTHERWISE = "408"
EXPENSE_OTHERWISE = "510"
ZERO = Decimal("0.00")
NOTE = "由经费日记账迁移"  # data, not interface text: the voucher's note


class FundsMigrationError(RuntimeError):
    """The old ledgers could not be carried into the books as they are."""


class _Models:
    def __init__(self, apps):
        get = apps.get_model
        self.Fund = get("funds", "Fund")
        self.FundEntry = get("funds", "FundEntry")
        self.Period = get("finance", "Period")
        self.Voucher = get("finance", "Voucher")
        self.VoucherLine = get("finance", "VoucherLine")
        self.SourcePosting = get("finance", "SourcePosting")
        self.SubAccount = get("finance", "SubAccount")
        self.Organisation = get("orgs", "Organisation")
        self.Visit = get("welfare", "Visit")
        self.Batch = get("welfare", "Batch")


def _rows(model):
    # The plain manager: no scope, no audit, as a migration reads.
    return model._base_manager


def _batch_key(entry) -> tuple[int, int] | None:
    """(batch id, visit id) of a batch line's entry, or None."""
    if entry.source != BATCH:
        return None
    batch, _, visit = entry.source_id.partition(":")
    if not (batch.isdigit() and visit.isdigit()):
        return None
    return int(batch), int(visit)


class _Union:
    """One union's migration: its entries, the kinds of their records, its months."""

    def __init__(self, m: _Models, org_id: int):
        self.m, self.org_id = m, org_id
        self.entries = list(
            _rows(m.FundEntry)
            .filter(fund__org_id=org_id)
            .select_related("fund")
            .order_by("date", "id")
        )
        self.by_pk = {e.pk: e for e in self.entries}
        # Which entry reversed which (an entry is reversed at most once: one-to-one).
        self.reversed_by = {e.reverses_id: e.pk for e in self.entries if e.reverses_id}
        visit_ids = {
            int(e.source_id) for e in self.entries if e.source == VISIT and e.source_id.isdigit()
        }
        self.occasions = dict(_rows(m.Visit).filter(pk__in=visit_ids).values_list("pk", "occasion"))
        batch_ids = {k[0] for e in self.entries if (k := _batch_key(e))}
        self.batches = {
            pk: (occasion, title)
            for pk, occasion, title in _rows(m.Batch)
            .filter(pk__in=batch_ids)
            .values_list("pk", "occasion", "title")
        }
        # entry id → voucher id, for the entries carried over by an earlier run too.
        self.voucher_of = {
            int(source_id): voucher_id
            for source_id, voucher_id in _rows(m.SourcePosting)
            .filter(org_id=org_id, source=MIGRATED)
            .values_list("source_id", "voucher_id")
        }
        self.number_of = dict(
            _rows(m.Voucher)
            .filter(pk__in=set(self.voucher_of.values()))
            .values_list("pk", "number")
        )
        self.live = set(
            _rows(m.SourcePosting)
            .filter(org_id=org_id, reversal__isnull=True)
            .values_list("source", "source_id")
        )
        self.periods: dict[tuple[int, int], object] = {}
        # Sub-accounts the union or a union above it added (finance.selectors.chart_for).
        path = _rows(m.Organisation).get(pk=org_id).path
        chain = [int(p) for p in path.strip("/").split("/") if p]
        self.subs = list(
            _rows(m.SubAccount)
            .filter(org_id__in=chain)
            .values_list("code", "parent_code", "name", "retired_on")
        )

    # -- accounts -----------------------------------------------------------------
    def account(self, entry) -> str:
        """The account of an entry that is not a reversal (a reversal takes its
        original's)."""
        if entry.income > 0:
            try:
                return mapping.income_account(entry.source)
            except LookupError:
                return INCOME_BY_KIND.get(entry.fund.kind, INCOME_OTHERWISE)
        kind = None
        if entry.source == VISIT and entry.source_id.isdigit():
            kind = self.occasions.get(int(entry.source_id))
        elif key := _batch_key(entry):
            kind = self.batches.get(key[0], (None, ""))[0]
        try:
            return mapping.expense_account(entry.source, kind)
        except LookupError:
            return EXPENSE_OTHERWISE

    def leaf(self, code: str, date) -> str:
        """`code`, or the first sub-account in use under it where the union keeps some
        (as finance.posting books a module's lines)."""
        live = {c for c, _p, _n, retired in self.subs if retired is None or retired > date}
        below = sorted(
            c
            for c in live
            if c.startswith(code) and not any(o != c and o.startswith(c) for o in live)
        )
        return below[0] if below else code

    def account_name(self, code: str) -> str:
        if code in chart.ACCOUNTS:
            return chart.ACCOUNTS[code].name
        parent, name = next((p, n) for c, p, n, _r in self.subs if c == code)
        top = chart.ACCOUNTS.get(parent)
        return f"{top.name}-{name}" if top is not None and top.level == 1 else name

    @staticmethod
    def restricted(code: str, source: str) -> bool:
        # A custom sub-account takes the default of the built-in account above it.
        while code not in chart.ACCOUNTS:
            code = code[:-2]
        return mapping.is_restricted(source) or bool(chart.ACCOUNTS[code].restricted_default)

    # -- numbers ------------------------------------------------------------------
    def number(self, date) -> tuple[int, str]:
        key = (date.year, date.month)
        period = self.periods.get(key)
        if period is None:
            rows = _rows(self.m.Period).select_for_update()
            period = rows.filter(org_id=self.org_id, year=date.year, month=date.month).first()
            if period is None:
                _rows(self.m.Period).bulk_create(
                    [self.m.Period(org_id=self.org_id, year=date.year, month=date.month)]
                )
                period = rows.get(org_id=self.org_id, year=date.year, month=date.month)
            if period.state == "closed":
                raise FundsMigrationError(
                    f"union {self.org_id}: {date.year}-{date.month:02d} is closed in the "
                    "books; reopen it to carry the old fund ledgers into it"
                )
            self.periods[key] = period
        period.last_seq += 1
        return period.last_seq, f"记-{period.last_seq:04d}"

    def save_numbers(self) -> None:
        for period in self.periods.values():
            _rows(self.m.Period).filter(pk=period.pk).update(last_seq=period.last_seq)

    # -- vouchers -----------------------------------------------------------------
    def _line(self, date, order, code, summary, *, debit=ZERO, credit=ZERO, **kw):
        code = self.leaf(code, date)
        income_or_expense = chart.needs_restricted(code)
        return self.m.VoucherLine(
            order=order,
            org_id=self.org_id,
            date=date,
            year=date.year,
            month=date.month,
            posted=True,
            closing=False,
            account_top=code[:3],
            account_code=code,
            account_name=self.account_name(code)[:120],
            summary=summary[:200],
            debit=debit,
            credit=credit,
            restricted=kw.get("restricted") if income_or_expense else None,
            expense_type="basic" if chart.is_expense(code) else "",
            fund_id=kw.get("fund_id"),
            payee=(kw.get("payee") or "")[:100],
        )

    def _voucher(self, first, *, date, summary, total, kind, external_no, reverses_id=None):
        seq, number = self.number(date)
        return self.m.Voucher(
            org_id=self.org_id,
            date=date,
            year=date.year,
            month=date.month,
            seq=seq,
            number=number,
            kind=kind,
            state="posted",
            summary=summary[:200],
            total=total,
            reverses_id=reverses_id,
            external_no=external_no[:30],
            note=NOTE,
            prepared_by_id=first.created_by_id,
            posted_by_id=first.created_by_id,
            posted_at=first.created_at,
        )

    def _lines(self, entries, date, summary, *, sign=1):
        """Item lines (one per account) and the bank line with the fund, as posting
        writes them; `sign` -1 for a 红字 reversal."""
        income = entries[0].income > 0
        groups: dict[tuple[str, bool], list] = defaultdict(list)
        for e in entries:
            code = self.account(e)
            groups[(code, self.restricted(code, e.source))].append(e)
        lines, total = [], ZERO
        for order, ((code, restricted), members) in enumerate(groups.items(), start=1):
            amount = sum((e.income or e.expense for e in members), ZERO) * sign
            payee = members[0].payee
            if len(members) > 1:
                payee = f"{payee}等 {len(members)} 人"
            side = {"credit": amount} if income else {"debit": amount}
            lines.append(
                self._line(date, order, code, summary, restricted=restricted, payee=payee, **side)
            )
            total += amount
        side = {"debit": total} if income else {"credit": total}
        lines.append(
            self._line(date, len(lines) + 1, CASH, summary, fund_id=entries[0].fund_id, **side)
        )
        return lines, total

    def units(self, todo):
        """The vouchers to write, in (date, id) order of their first entry: a batch's
        lines of one day and fund together, every other entry alone."""
        units, groups = [], {}
        for e in todo:
            key = _batch_key(e)
            if e.reverses_id is None and key is not None:
                group_key = (key[0], e.date, e.fund_id)
                if group_key in groups:
                    groups[group_key].append(e)
                    continue
                groups[group_key] = [e]
                units.append(("batch", groups[group_key]))
            else:
                units.append(("reversal" if e.reverses_id else "single", [e]))
        return units

    def run(self) -> int:
        todo = [e for e in self.entries if e.pk not in self.voucher_of]
        if not todo:
            return 0
        made = []  # (voucher, lines, entries, kind)
        for kind, entries in self.units(todo):
            first = entries[0]
            if kind == "reversal":
                made.append(self._reversal(first))
                continue
            if kind == "batch":
                batch_id = _batch_key(first)[0]
                title = self.batches.get(batch_id, (None, ""))[1]
                summary = f"{title}（慰问批次，{len(entries)}人）" if title else first.summary
                numbers = sorted(entries, key=lambda e: (e.voucher_year, e.voucher_seq))
                external = numbers[0].voucher_no
                if len(entries) > 1:
                    external = f"{external}~{numbers[-1].voucher_no}"
            else:
                summary, external = first.summary, first.voucher_no
            lines, total = self._lines(entries, first.date, summary)
            voucher = self._voucher(
                first,
                date=first.date,
                summary=summary,
                total=total,
                kind="payout",
                external_no=external,
            )
            # Written now: a later reversal names it, and its number is known already.
            _rows(self.m.Voucher).bulk_create([voucher])
            self.number_of[voucher.pk] = voucher.number
            for e in entries:
                self.voucher_of[e.pk] = voucher.pk
            made.append((voucher, lines, entries, kind))
        for voucher, lines, _entries, _kind in made:
            for line in lines:
                line.voucher_id = voucher.pk
        _rows(self.m.VoucherLine).bulk_create(
            [line for _v, lines, _e, _k in made for line in lines], batch_size=500
        )
        _rows(self.m.SourcePosting).bulk_create(self.postings(made), batch_size=500)
        self.save_numbers()
        return len(todo)

    def _reversal(self, entry):
        original = self.by_pk[entry.reverses_id]
        original_voucher = self.voucher_of[original.pk]
        reason = entry.summary
        if reason.startswith("冲销 ") and "：" in reason:
            reason = reason.split("：", 1)[1]
        summary = f"冲销 {original.date.isoformat()} {self.number_of[original_voucher]}：{reason}"
        lines, total = self._lines([original], entry.date, original.summary, sign=-1)
        voucher = self._voucher(
            entry,
            date=entry.date,
            summary=summary,
            total=total,
            kind="reversal",
            external_no=entry.voucher_no,
            reverses_id=original_voucher,
        )
        _rows(self.m.Voucher).bulk_create([voucher])
        self.number_of[voucher.pk] = voucher.number
        self.voucher_of[entry.pk] = voucher.pk
        return voucher, lines, [entry], "reversal"

    def _reversal_of(self, entry):
        rev = self.reversed_by.get(entry.pk)
        return self.voucher_of.get(rev) if rev is not None else None

    def _posting(self, voucher_id, source, source_id, *, reversal_id=None, **part):
        if reversal_id is None:
            if (source, source_id) in self.live:
                return None  # booked live already (a duplicate of the old ledger)
            self.live.add((source, source_id))
        return self.m.SourcePosting(
            org_id=self.org_id,
            source=source[:40],
            source_id=source_id[:64],
            voucher_id=voucher_id,
            reversal_id=reversal_id,
            **part,
        )

    def postings(self, made):
        out = []
        for voucher, _lines, entries, kind in made:
            for e in entries:
                out.append(
                    self._posting(voucher.pk, MIGRATED, str(e.pk), reversal_id=self._reversal_of(e))
                )
            if kind == "batch":
                batch_id = _batch_key(entries[0])[0]
                out.append(self._posting(voucher.pk, BATCH, str(batch_id)))
                for e in entries:
                    code = self.leaf(self.account(e), e.date)
                    out.append(
                        self._posting(
                            voucher.pk,
                            BATCH,
                            e.source_id,
                            reversal_id=self._reversal_of(e),
                            account_code=code,
                            restricted=self.restricted(code, e.source),
                            amount=e.expense,
                        )
                    )
            elif kind == "single" and entries[0].source and entries[0].source_id:
                e = entries[0]
                out.append(
                    self._posting(
                        voucher.pk, e.source, e.source_id, reversal_id=self._reversal_of(e)
                    )
                )
        return [p for p in out if p is not None]


def _check_balances(m: _Models) -> None:
    """Every fund's migrated lines equal its old Σ income − Σ expense, or refuse."""
    old = {
        row["fund_id"]: (row["i"] or ZERO) - (row["e"] or ZERO)
        for row in _rows(m.FundEntry)
        .values("fund_id")
        .annotate(i=Sum("income"), e=Sum("expense"))
        .order_by()
    }
    migrated = _rows(m.SourcePosting).filter(source=MIGRATED).values("voucher_id")
    books = {
        row["fund_id"]: Decimal(row["d"] or 0) - Decimal(row["c"] or 0)
        for row in _rows(m.VoucherLine)
        .filter(
            voucher_id__in=migrated,
            fund_id__isnull=False,
            account_top__in=("101", "102"),
            voucher__state__in=COMMITTED,
        )
        .values("fund_id")
        .annotate(d=Sum("debit"), c=Sum("credit"))
        .order_by()
    }
    wrong = [
        f"fund {fund_id}: old ledger {Decimal(balance).quantize(Decimal('0.01'))}, "
        f"books {Decimal(books.get(fund_id, ZERO)).quantize(Decimal('0.01'))}"
        for fund_id, balance in sorted(old.items())
        if Decimal(balance).quantize(Decimal("0.01"))
        != Decimal(books.get(fund_id, ZERO)).quantize(Decimal("0.01"))
    ]
    if wrong:
        raise FundsMigrationError(
            "the old fund ledgers and the books differ, nothing was migrated: " + "; ".join(wrong)
        )


def migrate_fund_entries(apps, schema_editor=None) -> int:
    """Carry every union's old ledger entries into its books; the number of entries carried
    (0 on a second run). All or nothing."""
    m = _Models(apps)
    carried = 0
    with transaction.atomic():
        unions = _rows(m.FundEntry).order_by().values_list("fund__org_id", flat=True).distinct()
        for org_id in sorted(set(unions)):
            carried += _Union(m, org_id).run()
        _check_balances(m)
    return carried


def forwards(apps, schema_editor):
    migrate_fund_entries(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0003_source_parts"),
        ("funds", "0004_verbose_names"),
        # The occasions of visits and batches choose their accounts.
        ("welfare", "0003_verbose_names"),
    ]

    # Going back leaves the vouchers: they are posted books now, corrected by reversal.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
