"""How the other modules' money reaches the books: one path for every payout and receipt.

Welfare (visits, batches), aid (金秋助学, 医疗互助) and activities (actual costs) do not keep
money of their own. When they pay or receive, they call `payout_post` / `receipt_post`:
one voucher, numbered in its month and handed in for review (the accountant checks the
receipts and posts it: the person who paid is its preparer, so four eyes hold), with the
fund it moves as the auxiliary dimension of its cash or bank line. The voucher counts
against the fund at once, so a second payout cannot spend the same money.

`SourcePosting` rows say which voucher paid which record; their partial unique
constraint is the database's answer to "the same payout cannot be posted twice". A
batch is one voucher with one row per visit besides its own, so one visit can be
reversed alone (`posting_reverse`), by a 红字 voucher naming the original.

Lock order: the fund row, then the month's Period row (inside numbering).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from gonghui.funds import money
from gonghui.funds.models import Fund

from . import chart, checks
from .models import (
    ZERO,
    Project,
    SourcePosting,
    Voucher,
    VoucherKind,
    VoucherLine,
    VoucherState,
)
from .selectors import chart_for
from .services import (
    FinanceError,
    LineInput,
    _as_actor,
    _check_date,
    _lines,
    _number,
    _text,
    _write_lines,
)

# Lines that hold money against a fund: everything numbered and not voided.
COMMITTED = (
    VoucherState.SUBMITTED,
    VoucherState.REVIEWED,
    VoucherState.REJECTED,
    VoucherState.POSTED,
)


@dataclass(frozen=True)
class Item:
    """One part of a payout or receipt: the expense (or income) account and amount, and
    `part` when the part is a record of its own that may be reversed alone (a visit of a
    batch). Items on the same account, 专项 flag and project share one voucher line."""

    account: str
    amount: Decimal
    restricted: bool = False
    project: Project | None = None
    payee: str = ""
    part: str = ""


# -- the fund's money ----------------------------------------------------------------
def _fund_lines(fund: Fund):
    return VoucherLine._base_manager.filter(
        fund_id=fund.pk,
        account_top__in=("101", "102"),
        voucher__state__in=COMMITTED,
    )


def _net(rows) -> Decimal:
    s = rows.aggregate(d=Sum("debit"), c=Sum("credit"))
    return (Decimal(s["d"] or 0) - Decimal(s["c"] or 0)).quantize(Decimal("0.01"))


def fund_balance(fund: Fund, on: dt.date | None = None) -> Decimal:
    """What the fund holds in the books: its cash and bank lines numbered and not voided
    (a payout waiting for review has already left it)."""
    rows = _fund_lines(fund)
    if on is not None:
        rows = rows.filter(date__lte=on)
    return _net(rows)


def fund_available_on(fund: Fund, date: dt.date) -> Decimal:
    """What can be paid out on `date` without the fund going below zero on any day:
    a payout dated in the past lowers every later day's balance too."""
    upto, after = Q(date__lte=date), Q(date__gt=date)
    sums = _fund_lines(fund).aggregate(
        d=Sum("debit", filter=upto), c=Sum("credit", filter=upto), later=Count("id", filter=after)
    )
    running = (Decimal(sums["d"] or 0) - Decimal(sums["c"] or 0)).quantize(Decimal("0.01"))
    if not sums["later"]:  # the usual case: nothing is dated after this payout
        return max(running, ZERO)
    lowest = running
    later = (
        _fund_lines(fund)
        .filter(after)
        .values("date")
        .annotate(d=Sum("debit"), c=Sum("credit"))
        .order_by("date")
    )
    for day in later:
        running += Decimal(day["d"] or 0) - Decimal(day["c"] or 0)
        lowest = min(lowest, running)
    return max(lowest, ZERO)


# -- posting -------------------------------------------------------------------------
def _grouped(items: list[Item], *, summary: str) -> tuple[list[tuple], Decimal]:
    groups: dict[tuple, list[Item]] = defaultdict(list)
    for item in items:
        groups[(item.account, item.restricted, item.project)].append(item)
    rows, total = [], ZERO
    for (account, restricted, project), members in groups.items():
        amount = sum((m.amount for m in members), ZERO)
        payee = (
            members[0].payee
            if len(members) == 1
            else _("%(name)s and others, %(n)s in all")
            % {
                "name": members[0].payee,
                "n": len(members),
            }
        )
        rows.append((account, restricted, project, amount, payee[:100]))
        total += amount
    return rows, total


def _amounts(items) -> list[Item]:
    items = list(items)
    if not items:
        raise FinanceError(_("Nothing to pay."))
    checked = []
    for item in items:
        if isinstance(item.amount, float):
            raise TypeError("amounts in the books are Decimal, never float")
        try:
            amount = money.parse_amount(item.amount)
        except money.AmountError as exc:
            raise FinanceError(str(exc), field="amount") from None
        if amount <= 0:
            raise FinanceError(_("The amount must be more than zero."), field="amount")
        checked.append(Item(**{**item.__dict__, "amount": amount}))
    return checked


def cash_account(org, code: str, on: dt.date) -> str:
    """The leaf that takes a module's cash or bank line: `code` itself, or, once the
    union keeps sub-accounts under it (10201 工行, 10202 农行), the first one still in
    use (the account a union opens first is its main account)."""
    if not chart.is_cash(code):
        raise FinanceError(_("Money moves through cash (101) or the bank (102)."))
    accounts = chart_for(org, on)
    if code in accounts and chart.is_leaf(code, accounts.values()):
        return code
    leaves = sorted(
        c for c in accounts if c.startswith(code) and chart.is_leaf(c, accounts.values())
    )
    if not leaves:
        raise FinanceError(_("Money moves through cash (101) or the bank (102)."))
    return leaves[0]


def _post(
    *,
    actor,
    org,
    source,
    source_id,
    date,
    summary,
    fund,
    items,
    cash,
    income,
    attachments=0,
    override_reason="",
):
    with _as_actor(actor):
        date = _check_date(date)
        summary = _text(summary, label=_("summary"), limit=200, field="summary", required=True)
        cash = cash_account(org, cash, date)
        items = _amounts(items)
        if fund is not None:
            if fund.org_id != org.pk:
                raise FinanceError(_("The fund belongs to another union."), field="fund")
            fund = Fund._base_manager.select_for_update().get(pk=fund.pk)
        taken = SourcePosting._base_manager.filter(
            org=org, source=source, source_id=str(source_id), reversal__isnull=True
        ).select_related("voucher")
        if taken.exists():
            raise FinanceError(
                _("This has already been booked (voucher %(number)s).")
                % {"number": taken[0].voucher.number}
            )
        rows, total = _grouped(items, summary=summary)
        if not income and fund is not None:
            available = fund_available_on(fund, date)
            if total > available:
                raise FinanceError(
                    _("“%(fund)s” holds only %(balance)s yuan; %(amount)s yuan is refused.")
                    % {
                        "fund": fund.name,
                        "balance": money.fmt_amount(available),
                        "amount": money.fmt_amount(total),
                    },
                    field="amount",
                )
        side = "credit" if income else "debit"
        lines = [
            LineInput(
                account,
                restricted=restricted,
                project=project,
                payee=payee,
                summary=summary,
                **{side: amount},
            )
            for account, restricted, project, amount, payee in rows
        ]
        cash_side = "debit" if income else "credit"
        lines.append(LineInput(cash, fund=fund, summary=summary, **{cash_side: total}))
        built, total = _lines(org, date, lines)
        concerns, reason = (
            ([], "")
            if income
            else checks.settle(org=org, date=date, lines=built, reason=override_reason)
        )
        voucher = Voucher(
            org=org,
            date=date,
            kind=VoucherKind.PAYOUT,
            summary=summary,
            total=total,
            concerns=concerns,
            override_reason=reason,
            attachments_count=max(int(attachments or 0), 0),
            prepared_by=actor if getattr(actor, "pk", None) else None,
        )
        _number(voucher)
        voucher.state = VoucherState.SUBMITTED
        voucher.save()
        _write_lines(voucher, built)
        postings = [
            SourcePosting(org=org, source=source, source_id=str(source_id), voucher=voucher)
        ]
        postings += [
            SourcePosting(
                org=org,
                source=source,
                source_id=f"{source_id}:{item.part}",
                voucher=voucher,
                account_code=item.account,
                restricted=item.restricted,
                project=item.project,
                amount=item.amount,
            )
            for item in items
            if item.part
        ]
        try:
            with transaction.atomic():
                SourcePosting._base_manager.bulk_create(postings)
        except IntegrityError:
            # Another request booked the same record between our check and now.
            raise FinanceError(_("This has already been booked.")) from None
        return voucher


@transaction.atomic
def payout_post(
    *,
    actor,
    org,
    source: str,
    source_id,
    date: dt.date,
    summary: str,
    fund: Fund | None,
    items,
    cash: str = "102",
    attachments: int = 0,
    override_reason: str = "",
) -> Voucher:
    """Pay out of `fund` for the record (`source`, `source_id`): Dr the items' expense
    accounts, Cr `cash` (102 bank by default) with the fund. Refused beyond what the fund
    holds on that day and after, and when the record is booked already. `attachments`:
    the documents the accountant will find with it (a batch's 发放表 is one). Without a fund
    (a union that keeps none) the cash line carries none and nothing limits the amount.
    The registered checks (gonghui.finance.checks) run on the lines: a concern refuses the
    payout unless `override_reason` says why it goes ahead."""
    return _post(
        actor=actor,
        org=org,
        source=source,
        source_id=source_id,
        date=date,
        summary=summary,
        fund=fund,
        items=items,
        cash=cash,
        income=False,
        attachments=attachments,
        override_reason=override_reason,
    )


@transaction.atomic
def receipt_post(
    *,
    actor,
    org,
    source: str,
    source_id,
    date: dt.date,
    summary: str,
    fund: Fund | None,
    items,
    cash: str = "102",
    attachments: int = 0,
) -> Voucher:
    """Money received into `fund` for the record: Dr `cash` with the fund, Cr the items'
    income accounts."""
    return _post(
        actor=actor,
        org=org,
        source=source,
        source_id=source_id,
        date=date,
        summary=summary,
        fund=fund,
        items=items,
        cash=cash,
        income=True,
        attachments=attachments,
    )


@transaction.atomic
def posting_reverse(*, actor, org, source: str, source_id, date: dt.date, reason: str) -> Voucher:
    """Undo the booking of a record (or of one part of a batch) by a 红字 voucher naming
    the original: the same accounts in negative amounts, handed in for review."""
    with _as_actor(actor):
        reason = _text(reason, label=_("reason"), limit=120, field="reason", required=True)
        date = _check_date(date)
        found = (
            SourcePosting._base_manager.select_for_update()
            .filter(org=org, source=source, source_id=str(source_id), reversal__isnull=True)
            .first()
        )
        if found is None:
            raise FinanceError(_("There is no booking of this to reverse."))
        original = found.voucher
        if original.state == VoucherState.VOIDED:
            raise FinanceError(_("Its voucher was voided; there is nothing to reverse."))
        if date < original.date:
            raise FinanceError(_("A reversal cannot be dated before its original."), field="date")
        split = found.amount is not None or (
            SourcePosting._base_manager.filter(voucher=original, amount__isnull=False).exists()
        )
        if found.amount is not None:
            parts = [found]
        else:
            parts = list(
                SourcePosting._base_manager.select_for_update().filter(
                    voucher=original, reversal__isnull=True, amount__isnull=False
                )
            )
        if split and not parts:
            raise FinanceError(_("Every part of it has been reversed already."))
        fund_line = original.lines.filter(Q(account_top="101") | Q(account_top="102")).first()
        if split:
            # Only what is still booked: parts reversed before are left out.
            lines, total = [], ZERO
            for p in parts:
                key = (
                    {"debit": -p.amount}
                    if original.lines.filter(account_code=p.account_code, debit__gt=0).exists()
                    else {"credit": -p.amount}
                )
                lines.append(
                    LineInput(
                        p.account_code,
                        restricted=p.restricted if chart.needs_restricted(p.account_code) else None,
                        project=p.project,
                        summary=original.summary,
                        **key,
                    )
                )
                total += p.amount
            cash_side = "credit" if "debit" in key else "debit"
            lines.append(
                LineInput(
                    fund_line.account_code,
                    fund=fund_line.fund,
                    summary=original.summary,
                    **{cash_side: -total},
                )
            )
        else:
            lines = [
                LineInput(
                    ln.account_code,
                    debit=-ln.debit,
                    credit=-ln.credit,
                    summary=ln.summary,
                    restricted=ln.restricted,
                    expense_type=ln.expense_type,
                    project=ln.project,
                    economic_class=ln.economic_class,
                    fund=ln.fund,
                    payee=ln.payee,
                )
                for ln in original.lines.all()
            ]
        built, total = _lines(org, date, lines, red=True)
        red = Voucher(
            org=org,
            date=date,
            kind=VoucherKind.REVERSAL,
            summary=(
                _("Reversal of %(number)s (%(date)s): %(reason)s")
                % {"number": original.number, "date": original.date.isoformat(), "reason": reason}
            )[:200],
            total=total,
            reverses=original,
            prepared_by=actor if getattr(actor, "pk", None) else None,
        )
        _number(red)
        red.state = VoucherState.SUBMITTED
        red.save()
        _write_lines(red, built)
        for p in [found, *parts]:
            if p.reversal_id is None:
                p.reversal = red
                p.save(update_fields=["reversal"])
        if found.amount is None:
            # The whole record is undone: so is every part of it.
            SourcePosting._base_manager.filter(voucher=original, reversal__isnull=True).update(
                reversal=red
            )
        return red
