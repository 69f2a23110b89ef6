"""Workflows of the levy funds. Every booking goes through the books' own services
(`voucher_create` + `voucher_submit`: numbered and handed in for review), one voucher per
record, linked to it. The union's row is locked first, so two requests recording the
same arrival wait for each other; the unique constraints are the database's last word.

Entries [A: 会计制度 102/131/211/402 说明; domain.md §4]:
- 自主拨缴: Dr 102 (the whole amount), Cr 402 (own share), Cr 211 (upper share).
- 税务代收 / 财政划拨: the upper union transfers the union's share down: Dr 102 Cr 402.
- 经费集中户: see models.Arrival: Dr 13102 Cr 402, its transfer Dr 102 Cr 13102.
- Remitting the upper share: Dr 211 Cr 102.
- Year-end receivable: Dr 13102 Cr 402 on 31 December; its receipt Dr 102 Cr 13102.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.access import resolve_access
from gonghui.audit.context import acting, current_actor
from gonghui.core.errors import DomainError
from gonghui.core.scoping import locked
from gonghui.finance import posting
from gonghui.finance import services as books
from gonghui.finance.models import VoucherState
from gonghui.finance.services import FinanceError, LineInput
from gonghui.funds import money
from gonghui.orgs.models import Organisation, OrgKind

from . import rules, selectors
from .models import Arrival, Receivable, Reminder, Remittance, SplitRule
from .rules import Way

SHORT_TEXT = 200


class LevyError(DomainError):
    """A 2% funds workflow was refused; the message is for the accountant."""


def _as_actor(actor):
    """The audit entries under `actor` when the request or job has not set one."""
    current = current_actor()
    if getattr(current.user, "pk", None) or not getattr(actor, "pk", None):
        return contextlib.nullcontext()
    return acting(actor, ip=current.ip, source=current.source)


def _workflow(fn):
    """Atomic, and audited under the acting user."""

    @functools.wraps(fn)
    @transaction.atomic
    def wrapper(*, actor, **kwargs):
        with _as_actor(actor):
            return fn(actor=actor, **kwargs)

    return wrapper


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _amount(value, *, field: str = "amount", allow_zero: bool = False) -> Decimal:
    if isinstance(value, float):
        raise TypeError("amounts are Decimal, never float")
    if value in (None, ""):
        raise LevyError(_("Enter the amount."), field=field)
    try:
        amount = money.parse_amount(value)
    except money.AmountError as exc:
        raise LevyError(str(exc), field=field) from None
    if amount < 0 or (amount == 0 and not allow_zero):
        raise LevyError(_("The amount must be more than zero."), field=field)
    return amount


def _text(value, *, field: str, limit: int = SHORT_TEXT) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise LevyError(
            _("The text is too long (at most %(n)s characters).") % {"n": limit}, field=field
        )
    return value


def _date(value, *, field: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise LevyError(_("Enter the date."), field=field)
    if value > timezone.localdate():
        raise LevyError(_("The date cannot be in the future."), field=field)
    return value


def _union(org: Organisation) -> Organisation:
    if not org.is_union:
        raise LevyError(_("The levy funds are recorded by a grassroots union."))
    return org


def _book(*, actor, org, date: dt.date, summary: str, lines) -> object:
    """One voucher through the books' services, numbered and handed in for review."""
    try:
        voucher = books.voucher_create(
            actor=actor, org=org, date=date, summary=summary, lines=lines
        )
        return books.voucher_submit(actor=actor, voucher=voucher)
    except FinanceError as exc:
        raise LevyError(exc.message, field=exc.field) from None


def _drop_voided(records) -> None:
    """A record whose voucher was voided in the books (作废: a wrong amount caught at
    review) gives way to the one recorded again; its voided voucher keeps its number, and
    the deletion is in the audit log. Called under the union's lock."""
    for record in records.filter(voucher__state=VoucherState.VOIDED):
        # A later step booked on it (the transfer, the receipt) that still stands keeps it.
        later = getattr(record, "transfer_voucher", None) or getattr(
            record, "collect_voucher", None
        )
        if later is None or later.state == VoucherState.VOIDED:
            record.delete()


def _bank(org, date: dt.date) -> str:
    try:
        return posting.cash_account(org, "102", date)
    except FinanceError as exc:
        raise LevyError(exc.message) from None


def _month(month) -> dt.date:
    if isinstance(month, str):
        try:
            year, m = (int(p) for p in month.split("-")[:2])
            month = dt.date(year, m, 1)
        except (TypeError, ValueError):
            raise LevyError(_("Enter the payroll month as YYYY-MM."), field="month") from None
    if not isinstance(month, dt.date):
        raise LevyError(_("Enter the payroll month."), field="month")
    month = month.replace(day=1)
    if month > timezone.localdate().replace(day=1):
        raise LevyError(_("The payroll month cannot be in the future."), field="month")
    return month


# -- the split -------------------------------------------------------------------------
@_workflow
def split_rule_set(
    *, actor, org: Organisation, own_percent, effective_from: dt.date, source: str
) -> SplitRule:
    """An upper union sets the share its unions keep, for its whole subtree, from a date."""
    if org.kind != OrgKind.UPPER:
        raise LevyError(_("Only an upper union sets the split for the unions below it."))
    try:
        percent = Decimal(str(own_percent)).quantize(Decimal("0.01"))
    except ArithmeticError:
        raise LevyError(_("Enter a percentage."), field="own_percent") from None
    if not (Decimal("0") <= percent <= Decimal("100")):
        raise LevyError(_("The share is between 0 and 100 percent."), field="own_percent")
    if not isinstance(effective_from, dt.date):
        raise LevyError(_("Enter the date."), field="effective_from")
    source = _text(source, field="source")
    if not source:
        raise LevyError(_("Say where the split comes from (the document)."), field="source")
    locked(org, no_key=True)
    if SplitRule.objects.filter(org=org, effective_from=effective_from).exists():
        raise LevyError(
            _("A split from this date is set already; choose another date."),
            field="effective_from",
        )
    rule = SplitRule(
        org=org,
        own_percent=percent,
        effective_from=effective_from,
        source=source,
        set_by=_user(actor),
    )
    rule.save()
    return rule


# -- arrivals ----------------------------------------------------------------------------
def arrival_lines(org, *, way: str, amount: Decimal, own: Decimal, upper: Decimal, date, summary):
    """The voucher lines of an arrival (see the module's docstring)."""
    if way == Way.SELF:
        lines = [
            LineInput(_bank(org, date), debit=amount, summary=summary),
            LineInput("402", credit=own, restricted=False, summary=summary),
        ]
        if upper:
            lines.append(LineInput("211", credit=upper, summary=summary))
        return lines
    if way == Way.CENTRAL:
        return [
            LineInput("13102", debit=own, summary=summary),
            LineInput("402", credit=own, restricted=False, summary=summary),
        ]
    return [
        LineInput(_bank(org, date), debit=own, summary=summary),
        LineInput("402", credit=own, restricted=False, summary=summary),
    ]


@_workflow
def arrival_record(
    *,
    actor,
    org: Organisation,
    month,
    way: str,
    amount,
    received_on: dt.date,
    payroll_base=None,
    note: str = "",
    commit: bool = True,
) -> Arrival:
    """The 2% of a payroll month, arrived one way. For 自主拨缴 `amount` is what the
    employer paid (the whole 2%), split by the rule in force on `received_on`; for the
    other ways it is the union's share as it reached (or is held for) the union. With
    `commit` False nothing is saved: the answer shows the split before saving."""
    union = _union(org)
    month = _month(month)
    if way not in Way.values:
        raise LevyError(_("Choose how the money arrived."), field="way")
    amount = _amount(amount)
    base = None
    if payroll_base not in (None, ""):
        base = _amount(payroll_base, field="payroll_base")
    received_on = _date(received_on, field="received_on")
    if received_on < month:
        raise LevyError(_("The money cannot arrive before its payroll month."), field="received_on")
    note = _text(note, field="note")
    if way == Way.SELF:
        split = selectors.split_for(union, received_on)
        own, upper = rules.split_amount(amount, split.own_percent)
        percent = split.own_percent
    else:
        own, upper, percent = amount, Decimal("0.00"), Decimal("100")
    arrival = Arrival(
        org=union,
        month=month,
        way=way,
        payroll_base=base,
        amount=amount,
        own_share=own,
        upper_share=upper,
        own_percent=percent,
        received_on=received_on,
        note=note,
        recorded_by=_user(actor),
    )
    if not commit:
        return arrival
    locked(union, no_key=True)
    _drop_voided(Arrival.objects.filter(org=union, month=month, way=way))
    if Arrival.objects.filter(org=union, month=month, way=way).exists():
        raise LevyError(
            _("The levy funds of %(month)s arrived this way are recorded already.")
            % {"month": f"{month:%Y-%m}"},
            field="month",
        )
    summary = _("Levy funds of %(month)s: %(way)s") % {
        "month": f"{month:%Y-%m}",
        "way": rules.WAY_SHORT[way],
    }
    lines = arrival_lines(
        union, way=way, amount=amount, own=own, upper=upper, date=received_on, summary=summary
    )
    arrival.voucher = _book(actor=actor, org=union, date=received_on, summary=summary, lines=lines)
    try:
        with transaction.atomic():
            arrival.save()
    except IntegrityError:
        raise LevyError(_("This arrival is recorded already."), field="month") from None
    return arrival


@_workflow
def arrival_transfer(*, actor, arrival: Arrival, transferred_on: dt.date) -> Arrival:
    """The union's share held in the central account reaches its bank: Dr 102 Cr 13102."""
    fresh = locked(arrival)
    if fresh.way != Way.CENTRAL:
        raise LevyError(_("Only money held in the central account is transferred down."))
    if fresh.transfer_voucher_id is not None:
        raise LevyError(_("This transfer is recorded already."))
    transferred_on = _date(transferred_on, field="transferred_on")
    if transferred_on < fresh.received_on:
        raise LevyError(
            _("The transfer cannot come before the money was recorded."), field="transferred_on"
        )
    summary = _("Transfer from the central account, levy funds of %(month)s") % {
        "month": f"{fresh.month:%Y-%m}"
    }
    lines = [
        LineInput(_bank(fresh.org, transferred_on), debit=fresh.own_share, summary=summary),
        LineInput("13102", credit=fresh.own_share, summary=summary),
    ]
    fresh.transfer_voucher = _book(
        actor=actor, org=fresh.org, date=transferred_on, summary=summary, lines=lines
    )
    fresh.transferred_on = transferred_on
    fresh.save()
    return fresh


# -- the upper share -----------------------------------------------------------------------
@_workflow
def share_remit(
    *, actor, org: Organisation, amount, paid_on: dt.date, note: str = ""
) -> Remittance:
    """Pay the upper share up: Dr 211 Cr 102. Never more than the books say is owed."""
    union = _union(org)
    amount = _amount(amount)
    paid_on = _date(paid_on, field="paid_on")
    note = _text(note, field="note")
    locked(union, no_key=True)
    owed = selectors.owed(union)
    if amount > owed:
        raise LevyError(
            _("The books show %(owed)s yuan owed to the upper union; %(amount)s is more.")
            % {"owed": money.fmt_amount(owed), "amount": money.fmt_amount(amount)},
            field="amount",
        )
    summary = _("Upper share of the levy funds remitted")
    lines = [
        LineInput("211", debit=amount, summary=summary),
        LineInput(_bank(union, paid_on), credit=amount, summary=summary),
    ]
    remittance = Remittance(
        org=union, paid_on=paid_on, amount=amount, note=note, recorded_by=_user(actor)
    )
    remittance.voucher = _book(actor=actor, org=union, date=paid_on, summary=summary, lines=lines)
    remittance.save()
    return remittance


# -- year-end receivable --------------------------------------------------------------------
@_workflow
def receivable_book(*, actor, org: Organisation, year: int, amount, note: str = "") -> Receivable:
    """2% due for `year` and not yet received: Dr 13102 Cr 402 on 31 December (the one
    accrual the system allows)."""
    union = _union(org)
    amount = _amount(amount)
    note = _text(note, field="note")
    year = int(year)
    end = dt.date(year, 12, 31)
    if end > timezone.localdate() + dt.timedelta(days=31):
        raise LevyError(_("A receivable is booked at the end of its year."), field="year")
    locked(union, no_key=True)
    _drop_voided(Receivable.objects.filter(org=union, year=year))
    if Receivable.objects.filter(org=union, year=year).exists():
        raise LevyError(
            _("The receivable of %(year)s is booked already.") % {"year": year}, field="year"
        )
    summary = _("Levy funds receivable at the end of %(year)s") % {"year": year}
    lines = [
        LineInput("13102", debit=amount, summary=summary),
        LineInput("402", credit=amount, restricted=False, summary=summary),
    ]
    receivable = Receivable(
        org=union, year=year, amount=amount, note=note, recorded_by=_user(actor)
    )
    receivable.voucher = _book(actor=actor, org=union, date=end, summary=summary, lines=lines)
    try:
        with transaction.atomic():
            receivable.save()
    except IntegrityError:
        raise LevyError(_("This receivable is booked already."), field="year") from None
    return receivable


@_workflow
def receivable_collect(*, actor, receivable: Receivable, collected_on: dt.date) -> Receivable:
    """The receivable arrives in the next year: Dr 102 Cr 13102."""
    fresh = locked(receivable)
    if fresh.collect_voucher_id is not None:
        raise LevyError(_("Its receipt is recorded already."))
    collected_on = _date(collected_on, field="collected_on")
    if collected_on.year <= fresh.year:
        raise LevyError(
            _("A year-end receivable is received in a later year."), field="collected_on"
        )
    summary = _("Levy funds receivable of %(year)s received") % {"year": fresh.year}
    lines = [
        LineInput(_bank(fresh.org, collected_on), debit=fresh.amount, summary=summary),
        LineInput("13102", credit=fresh.amount, summary=summary),
    ]
    fresh.collect_voucher = _book(
        actor=actor, org=fresh.org, date=collected_on, summary=summary, lines=lines
    )
    fresh.collected_on = collected_on
    fresh.save()
    return fresh


# -- reminders -------------------------------------------------------------------------------
@_workflow
def reminder_send(*, actor, org: Organisation, union, amount=None, message: str = "") -> Reminder:
    """An upper union (`org`) reminds a union in its subtree to remit the upper share.
    Only from a strict ancestor, by someone holding levy.reminder:send there. Without an
    amount, the share the union's books show owed."""
    if isinstance(union, str):
        union = Organisation._base_manager.filter(code=union).first()
    if union is None or not union.is_union:
        raise LevyError(_("Choose a union below this one."), field="union")
    if union.pk == org.pk or not union.is_descendant_of(org):
        raise LevyError(_("Only a union above it can remind a union."), field="union")
    access = resolve_access(actor, org.code) if _user(actor) is not None else None
    if _user(actor) is not None and not (access and access.has("levy.reminder:send")):
        raise LevyError(_("You may not send reminders from this union."))
    owed = selectors.owed(union)
    if amount in (None, ""):
        amount = owed
    amount = _amount(amount)
    message = _text(message, field="message", limit=300)
    reminder = Reminder(
        org=union, sent_from=org, amount=amount, message=message, sent_by=_user(actor)
    )
    reminder.save()
    return reminder
