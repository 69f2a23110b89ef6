"""Workflows of the funds ledger: open a fund, record income and payouts, reverse an entry.

Every function is atomic and locks the fund row (SELECT … FOR UPDATE) before it reads the
balance or numbers a voucher, so concurrent payouts from one fund run one after the other:
the second sees the first one's entry. Welfare and aid pay through `fund_payout` with
their `source` ("welfare.visit") and `source_id`, and undo a payment only through
`fund_entry_reverse`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.audit.context import acting, current_actor
from gonghui.core.errors import DomainError
from gonghui.core.files import PDF, XLSX
from gonghui.core.validators import date_problem
from gonghui.orgs.models import Organisation

from . import money
from .exports import LedgerExporter, ledger_filename
from .models import ZERO, Fund, FundEntry, FundKind, entries_balance


class FundError(DomainError):
    """A funds operation was refused; the message is for the user."""


# -- helpers -------------------------------------------------------------------------
def _amount(amount) -> Decimal:
    """A positive Decimal with at most two decimals, or FundError."""
    if isinstance(amount, float):
        # A float amount is a programming error: 0.1 + 0.2 is not 0.3 in the books.
        raise TypeError("fund amounts are Decimal, never float")
    try:
        value = money.parse_amount(amount)
    except money.AmountError as exc:
        raise FundError(str(exc)) from None
    if value <= 0:
        raise FundError(_("The amount must be more than zero."))
    return value


def _text(value: str, *, field: str, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise FundError(_("Enter the %(field)s.") % {"field": field})
    if len(value) > limit:
        raise FundError(
            _("The %(field)s is too long (at most %(limit)s characters).")
            % {"field": field, "limit": limit}
        )
    return value


def _locked(fund: Fund) -> Fund:
    """The fund's row, locked until the transaction ends. Read through the base manager:
    the caller already holds the fund, and the lock must not depend on the active scope."""
    return Fund._base_manager.select_for_update().get(pk=fund.pk)


def _as_actor(actor):
    """Record the audit entries under `actor` when the request or job has not set one
    (services called from a command, a job or a test), keeping its source and IP."""
    current = current_actor()
    if getattr(current.user, "pk", None) or not getattr(actor, "pk", None):
        return contextlib.nullcontext()
    return acting(actor, ip=current.ip, source=current.source)


def _balance(fund_id: int) -> Decimal:
    return entries_balance(FundEntry._base_manager.filter(fund_id=fund_id))


def _available_on(fund: Fund, date: dt.date) -> Decimal:
    """What can be paid out on `date` without the ledger going below zero anywhere.

    A new entry sorts after every entry dated on or before `date`. A payout dated in
    the past lowers the running balance of every later line too, so it may take at most
    the lowest running balance from `date` on (money cannot be spent before it came in).
    """
    entries = FundEntry._base_manager.filter(fund_id=fund.pk)
    running = entries_balance(entries.filter(date__lte=date))
    lowest = running
    for income, expense in (
        entries.filter(date__gt=date)
        .order_by("date", "voucher_year", "voucher_seq")
        .values_list("income", "expense")
    ):
        running += income - expense
        lowest = min(lowest, running)
    return max(lowest, ZERO)


def _next_voucher(fund: Fund, year: int) -> tuple[int, str]:
    """The next number of the fund's year (the fund row is locked by the caller)."""
    last = FundEntry._base_manager.filter(fund_id=fund.pk, voucher_year=year).aggregate(
        m=Max("voucher_seq")
    )["m"]
    seq = (last or 0) + 1
    return seq, f"{year}-{seq:04d}"


def _write(
    *,
    actor,
    fund: Fund,
    date: dt.date,
    summary: str,
    income: Decimal = ZERO,
    expense: Decimal = ZERO,
    payee: str = "",
    source: str = "",
    source_id: str = "",
    reverses: FundEntry | None = None,
) -> FundEntry:
    seq, voucher_no = _next_voucher(fund, date.year)
    entry = FundEntry(
        fund=fund,
        voucher_no=voucher_no,
        voucher_year=date.year,
        voucher_seq=seq,
        date=date,
        summary=summary,
        income=income,
        expense=expense,
        payee=payee,
        source=source,
        source_id=source_id,
        reverses=reverses,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    with _as_actor(actor):
        entry.save()
    return entry


def _entry_date(date) -> dt.date:
    if isinstance(date, dt.datetime):
        date = timezone.localtime(date).date() if timezone.is_aware(date) else date.date()
    if not isinstance(date, dt.date):
        raise FundError(_("Enter the date of the entry."))
    problem = date_problem(date)
    if problem:
        raise FundError(problem)
    return date


def _check_entry_args(fund: Fund, summary, payee, source, source_id):
    if not fund.is_active:
        raise FundError(_("The fund “%(fund)s” is closed.") % {"fund": fund.name})
    summary = _text(summary, field=_("summary"), limit=200, required=True)
    payee = _text(payee, field=_("payee"), limit=100)
    source = _text(source, field="source", limit=50)
    source_id = _text(str(source_id or ""), field="source_id", limit=64)
    return summary, payee, source, source_id


# -- funds ---------------------------------------------------------------------------
@transaction.atomic
def fund_create(
    *, actor, org: Organisation, kind: str, name: str, opened_on: dt.date | None = None
) -> Fund:
    """Open a fund in a grassroots (or joint) union. Names are unique within the union."""
    if not org.is_union:
        raise FundError(_("Funds are kept by a grassroots union or a joint union."))
    if kind not in FundKind.values:
        raise FundError(_("Choose the kind of fund."))
    name = _text(name, field=_("fund name"), limit=100, required=True)
    if Fund._base_manager.filter(org=org, name=name).exists():
        raise FundError(_("This union already has a fund named “%(name)s”.") % {"name": name})
    fund = Fund(org=org, kind=kind, name=name, opened_on=opened_on or timezone.localdate())
    with _as_actor(actor):
        fund.save()
    return fund


@transaction.atomic
def fund_set_active(*, actor, fund: Fund, active: bool) -> Fund:
    """Close a fund (no new entries; it must be empty) or open it again."""
    fund = _locked(fund)
    if not active and _balance(fund.pk) != ZERO:
        raise FundError(
            _("A fund can only be closed when its balance is zero (balance: %(balance)s yuan).")
            % {"balance": money.fmt_amount(_balance(fund.pk))}
        )
    if fund.is_active != active:
        fund.is_active = active
        with _as_actor(actor):
            fund.save()
    return fund


# -- entries -------------------------------------------------------------------------
@transaction.atomic
def fund_income(
    *,
    actor,
    fund: Fund,
    amount: Decimal,
    date: dt.date,
    summary: str,
    payee: str = "",
    source: str = "",
    source_id: str = "",
) -> FundEntry:
    """Record money received (会费, 上级拨款, 捐助 …); `payee` is who paid it in."""
    value = _amount(amount)
    fund = _locked(fund)
    date = _entry_date(date)
    summary, payee, source, source_id = _check_entry_args(fund, summary, payee, source, source_id)
    if _balance(fund.pk) + value > money.MAX_AMOUNT:
        raise FundError(_("This amount is too large."))
    return _write(
        actor=actor,
        fund=fund,
        date=date,
        summary=summary,
        income=value,
        payee=payee,
        source=source,
        source_id=source_id,
    )


@transaction.atomic
def fund_payout(
    *,
    actor,
    fund: Fund,
    amount: Decimal,
    date: dt.date,
    summary: str,
    payee: str = "",
    source: str = "",
    source_id: str = "",
) -> FundEntry:
    """Pay out of the fund. Refused when the amount is not positive, has more than two
    decimals, or exceeds what the fund holds; and when the same source record (`source`,
    `source_id`) already has a payout from this fund that was not reversed, so a
    double-clicked "pay" cannot pay twice."""
    value = _amount(amount)
    fund = _locked(fund)
    date = _entry_date(date)
    summary, payee, source, source_id = _check_entry_args(fund, summary, payee, source, source_id)
    if source and source_id:
        earlier = (
            FundEntry._base_manager.filter(
                fund_id=fund.pk,
                source=source,
                source_id=source_id,
                expense__gt=0,
                reverses__isnull=True,
                reversed_by__isnull=True,
            )
            .order_by("id")
            .first()
        )
        if earlier is not None:
            raise FundError(
                _(
                    "This has already been paid from the fund (voucher %(voucher)s). "
                    "Reverse that entry first to pay it again."
                )
                % {"voucher": earlier.voucher_no}
            )
    available = _available_on(fund, date)
    if value > available:
        raise FundError(
            _(
                "The fund “%(fund)s” holds only %(balance)s yuan; "
                "a payout of %(amount)s yuan is refused."
            )
            % {
                "fund": fund.name,
                "balance": money.fmt_amount(available),
                "amount": money.fmt_amount(value),
            }
        )
    return _write(
        actor=actor,
        fund=fund,
        date=date,
        summary=summary,
        expense=value,
        payee=payee,
        source=source,
        source_id=source_id,
    )


@transaction.atomic
def fund_entry_reverse(
    *, actor, entry: FundEntry, reason: str, date: dt.date | None = None
) -> FundEntry:
    """Cancel `entry` by a reversing entry (冲销): the same amount on the other side,
    summary "冲销 2026-0007：reason". An entry is reversed at most once; a reversal is not
    reversed again (record the entry anew instead). Reversing income that was already
    spent is refused like a payout would be."""
    fund = _locked(entry.fund)
    # Read the entry again under the lock: another request may have reversed it meanwhile.
    entry = FundEntry._base_manager.get(pk=entry.pk)
    reason = _text(reason, field=_("reason"), limit=150, required=True)
    if entry.reverses_id is not None:
        raise FundError(
            _("%(voucher)s is itself a reversal and cannot be reversed.")
            % {"voucher": entry.voucher_no}
        )
    if entry.is_reversed:
        raise FundError(
            _("%(voucher)s has already been reversed by %(by)s.")
            % {"voucher": entry.voucher_no, "by": entry.reversed_by.voucher_no}
        )
    date = _entry_date(date) if date is not None else max(timezone.localdate(), entry.date)
    if date < entry.date:
        raise FundError(_("A reversal cannot be dated before the entry it reverses."))
    summary = f"冲销 {entry.voucher_no}：{reason}"[:200]
    _check_entry_args(fund, summary, entry.payee, entry.source, entry.source_id)
    if entry.income > 0:
        available = _available_on(fund, date)
        if entry.income > available:
            raise FundError(
                _(
                    "The fund “%(fund)s” holds only %(balance)s yuan; "
                    "the income of %(amount)s yuan was already spent and cannot be reversed."
                )
                % {
                    "fund": fund.name,
                    "balance": money.fmt_amount(available),
                    "amount": money.fmt_amount(entry.income),
                }
            )
    return _write(
        actor=actor,
        fund=fund,
        date=date,
        summary=summary,
        income=entry.expense,
        expense=entry.income,
        payee=entry.payee,
        source=entry.source,
        source_id=entry.source_id,
        reverses=entry,
    )


# -- selectors the other modules use ---------------------------------------------------
def funds_for(org: Organisation, kind: str | None = None):
    """The active funds of the union `org` belongs to (itself, or the union above a group
    or branch), within the active scope; optionally of one kind."""
    union = org.union()
    if union is None:
        return Fund.objects.none()
    qs = Fund.objects.filter(org=union, is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind", "name", "id")


def entries_for_source(source: str, source_id) -> list[FundEntry]:
    """The entries a source record caused (payouts and their reversals), oldest first."""
    return list(
        FundEntry.objects.filter(source=source, source_id=str(source_id))
        .select_related("fund")
        .order_by("id")
    )


def ledger_export(*, actor, fund: Fund, year: int, fmt: str) -> tuple[str, bytes, str]:
    """A fund's ledger of `year` as a workbook (`fmt` "xlsx") or a PDF ("pdf"): its file
    name, content and media type, for the page and the API alike. The export is logged
    (which year, in which format, how many entries) in the fund's union."""
    exporter = LedgerExporter(user=actor, fund=fund, year=year)
    if fmt == "xlsx":
        out = io.BytesIO()
        rows = exporter.write_xlsx(out)
        content, media_type = out.getvalue(), XLSX
    else:
        content, media_type, rows = exporter.render_pdf(), PDF, len(exporter.book.rows)
    audit.record(
        "funds.ledger.exported",
        obj=fund,
        changes={"year": [None, year], "format": [None, fmt], "rows": [None, rows]},
    )
    return ledger_filename(fund, year, fmt), content, media_type
