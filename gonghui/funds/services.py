"""Workflows of the funds: open and close a fund, and the funds pages' money through the books.

A fund is a view of the books (docs/finance-design.md §3.3): income and payouts typed on
the funds pages become vouchers through `finance.posting` (`receipt_post`, `payout_post`),
numbered in their month (记-0001) and handed in for review, with the fund on their bank
line; a reversal is a 红字 voucher (`posting_reverse`). Nothing is written to the old
`FundEntry` table any more; its rows are history, carried into the books by the
migration finance 0004, and an old entry is reversed through the voucher it became.

Every function is atomic and locks the fund row (SELECT … FOR UPDATE) before it reads the
balance, then the month's Period row when the voucher is numbered (the same lock order as
finance.posting), so concurrent payouts from one fund run one after the other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import uuid
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.audit.context import acting, current_actor
from gonghui.core.errors import DomainError
from gonghui.core.files import PDF, XLSX
from gonghui.core.validators import date_problem
from gonghui.finance import posting
from gonghui.finance.models import SourcePosting, Voucher, VoucherLine, VoucherState
from gonghui.finance.posting import Item
from gonghui.finance.services import FinanceError
from gonghui.orgs.models import Organisation

from . import accounts, money, selectors
from .exports import LedgerExporter, ledger_filename
from .models import ZERO, Fund, FundEntry, FundKind
from .selectors import CASH, MANUAL, MIGRATED, Entry


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
        raise FundError(str(exc), field="amount") from None
    if value <= 0:
        raise FundError(_("The amount must be more than zero."), field="amount")
    return value


def _text(
    value: str, *, field: str, limit: int, required: bool = False, input_name: str = ""
) -> str:
    value = (value or "").strip()
    if required and not value:
        raise FundError(_("Enter the %(field)s.") % {"field": field}, field=input_name or None)
    if len(value) > limit:
        raise FundError(
            _("The %(field)s is too long (at most %(limit)s characters).")
            % {"field": field, "limit": limit},
            field=input_name or None,
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


def _balance(fund: Fund) -> Decimal:
    return posting.fund_balance(fund)


# The fields of the funds forms and API a refusal of the books concerns. A concern of the
# books' checks (beyond the budget, above a spending rule) asks for `override_reason`.
_FIELDS = {
    "amount": "amount",
    "date": "date",
    "summary": "summary",
    "reason": "reason",
    "override_reason": "override_reason",
}


@contextlib.contextmanager
def _books():
    """A refusal of the books (closed month, booked already, beyond the fund) as FundError,
    which the welfare and aid callers and the funds doors catch."""
    try:
        yield
    except FinanceError as exc:
        field = _FIELDS.get(exc.field or "", "account" if exc.field == "lines" else None)
        raise FundError(exc.message, field=field) from None


def _entry_date(date) -> dt.date:
    if isinstance(date, dt.datetime):
        date = timezone.localtime(date).date() if timezone.is_aware(date) else date.date()
    if not isinstance(date, dt.date):
        raise FundError(_("Enter the date of the entry."), field="date")
    problem = date_problem(date)
    if problem:
        raise FundError(problem, field="date")
    return date


def _check_entry_args(fund: Fund, summary, payee, source, source_id):
    if not fund.is_active:
        raise FundError(_("The fund “%(fund)s” is closed.") % {"fund": fund.name})
    summary = _text(summary, field=_("summary"), limit=200, required=True, input_name="summary")
    payee = _text(payee, field=_("payee"), limit=100, input_name="payee")
    # SourcePosting.source holds 40 characters.
    source = _text(source, field="source", limit=40, input_name="source")
    source_id = _text(str(source_id or ""), field="source_id", limit=64, input_name="source_id")
    return summary, payee, source, source_id


def _spent_message(fund: Fund, available: Decimal, amount: Decimal) -> str:
    return _(
        "The fund “%(fund)s” holds only %(balance)s yuan; "
        "the income of %(amount)s yuan was already spent and cannot be reversed."
    ) % {
        "fund": fund.name,
        "balance": money.fmt_amount(available),
        "amount": money.fmt_amount(amount),
    }


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
    """Close a fund (no new entries; it must be empty in the books) or open it again."""
    fund = _locked(fund)
    if not active and _balance(fund) != ZERO:
        raise FundError(
            _("A fund can only be closed when its balance is zero (balance: %(balance)s yuan).")
            % {"balance": money.fmt_amount(_balance(fund))}
        )
    if fund.is_active != active:
        fund.is_active = active
        with _as_actor(actor):
            fund.save()
    return fund


# -- money through the books ---------------------------------------------------------
def _book(
    *,
    actor,
    fund: Fund,
    amount,
    date,
    summary: str,
    payee: str,
    source: str,
    source_id,
    account: str,
    income: bool,
    override_reason: str = "",
) -> Entry:
    value = _amount(amount)
    fund = _locked(fund)
    date = _entry_date(date)
    summary, payee, source, source_id = _check_entry_args(fund, summary, payee, source, source_id)
    try:
        chosen = accounts.check(fund, date, account, income=income, source=source)
    except LookupError as exc:
        raise FundError(str(exc), field="account") from None
    if not (source and source_id):
        # Typed on the funds pages: a record of its own, so it can be reversed alone.
        source, source_id = MANUAL, uuid.uuid4().hex
    if income:
        if _balance(fund) + value > money.MAX_AMOUNT:
            raise FundError(_("This amount is too large."), field="amount")
    else:
        available = posting.fund_available_on(fund, date)
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
    # A payout goes through the books' checks: a concern needs the reason to go ahead.
    post = (
        posting.receipt_post
        if income
        else functools.partial(posting.payout_post, override_reason=override_reason)
    )
    with _books():
        voucher = post(
            actor=actor,
            org=fund.org,
            source=source,
            source_id=source_id,
            date=date,
            summary=summary,
            fund=fund,
            items=[
                Item(
                    chosen.code,
                    value,
                    restricted=accounts.restricted(chosen, source, fund),
                    payee=payee,
                )
            ],
        )
    return selectors.entry_of(voucher, fund)


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
    account: str = "",
) -> Entry:
    """Record money received (会费, 上级拨款, 捐助 …) as a voucher: Dr 102 with the fund,
    Cr the income `account` (by default the one the fund's kind proposes, see
    funds.accounts); `payee` is who paid it in. Numbered and handed in for review."""
    return _book(
        actor=actor,
        fund=fund,
        amount=amount,
        date=date,
        summary=summary,
        payee=payee,
        source=source,
        source_id=source_id,
        account=account,
        income=True,
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
    account: str = "",
    override_reason: str = "",
) -> Entry:
    """Pay out of the fund as a voucher: Dr the expense `account`, Cr 102 with the fund.
    Refused when the amount is not positive, has more than two decimals, or exceeds what
    the fund holds on that day and after; and when the same source record (`source`,
    `source_id`) is booked already and not reversed, so a double-clicked "pay" cannot pay
    twice. Beyond its line of the budget or above a spending rule (the books' checks), a
    payout is refused (field `override_reason`) unless `override_reason` says why it goes
    ahead; the voucher keeps the concerns and the reason."""
    return _book(
        actor=actor,
        fund=fund,
        amount=amount,
        date=date,
        summary=summary,
        payee=payee,
        source=source,
        source_id=source_id,
        account=account,
        income=False,
        override_reason=override_reason,
    )


def _live_record(voucher: Voucher) -> SourcePosting | None:
    """The record a voucher books that can still be undone as a whole: the module's own
    row rather than the migration's."""
    rows = list(
        SourcePosting._base_manager.filter(
            voucher_id=voucher.pk, amount__isnull=True, reversal__isnull=True
        ).order_by("id")
    )
    return next((sp for sp in rows if sp.source != MIGRATED), rows[0] if rows else None)


def _reversals(voucher: Voucher) -> str:
    numbers = (
        Voucher._base_manager.filter(reverses_id=voucher.pk)
        .exclude(state=VoucherState.VOIDED)
        .order_by("id")
        .values_list("number", flat=True)
    )
    return "、".join(numbers)


def _reverse(*, actor, fund: Fund, voucher: Voucher, key, reason, date) -> Entry:
    """Undo what `key` (a SourcePosting) books by a 红字 voucher, after the funds' checks:
    not before the original, and income only while the fund still holds it."""
    date = _entry_date(date) if date is not None else max(timezone.localdate(), voucher.date)
    if date < voucher.date:
        raise FundError(_("A reversal cannot be dated before the entry it reverses."), field="date")
    if key.amount is None:
        # The whole voucher: what it put into the fund leaves it again.
        sums = VoucherLine._base_manager.filter(
            voucher_id=voucher.pk, fund_id=fund.pk, account_top__in=CASH
        ).aggregate(d=Sum("debit"), c=Sum("credit"))
        into = Decimal(sums["d"] or 0) - Decimal(sums["c"] or 0)
        if into > 0:
            available = posting.fund_available_on(fund, date)
            if into > available:
                raise FundError(_spent_message(fund, available, into))
    with _books():
        red = posting.posting_reverse(
            actor=actor,
            org=voucher.org,
            source=key.source,
            source_id=key.source_id,
            date=date,
            reason=reason,
        )
    return selectors.entry_of(red, fund)


def _legacy_target(entry: FundEntry) -> tuple[Fund, Voucher, SourcePosting]:
    """An entry of the old ledger: the voucher the migration made of it, and what to undo
    (for a line of a welfare batch, that line's part of the batch's voucher)."""
    fund = _locked(entry.fund)
    entry = FundEntry._base_manager.select_related("fund").get(pk=entry.pk)
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
    migrated = (
        SourcePosting._base_manager.filter(
            org_id=fund.org_id, source=MIGRATED, source_id=str(entry.pk)
        )
        .select_related("voucher", "voucher__org")
        .order_by("id")
        .first()
    )
    if migrated is None:
        raise FundError(_("This entry of the old ledger is not in the books yet."))
    voucher = migrated.voucher
    key = migrated if migrated.reversal_id is None else None
    if key is not None and entry.source == "welfare.batch":
        key = SourcePosting._base_manager.filter(
            voucher_id=voucher.pk,
            source=entry.source,
            source_id=entry.source_id,
            reversal__isnull=True,
        ).first()
    if key is None:
        raise FundError(
            _("%(voucher)s has already been reversed by %(by)s.")
            % {"voucher": voucher.number, "by": _reversals(voucher) or "—"}
        )
    return fund, voucher, key


def _target(line: VoucherLine) -> tuple[Fund, Voucher, SourcePosting]:
    """A line of a fund's ledger in the books: its voucher and the record it books."""
    fund = _locked(line.fund)
    # Read again under the lock: another request may have reversed it meanwhile.
    voucher = Voucher._base_manager.select_related("org").get(pk=line.voucher_id)
    if voucher.reverses_id is not None:
        raise FundError(
            _("%(voucher)s is itself a reversal and cannot be reversed.")
            % {"voucher": voucher.number}
        )
    key = _live_record(voucher)
    if key is None:
        done = _reversals(voucher)
        if done:
            raise FundError(
                _("%(voucher)s has already been reversed by %(by)s.")
                % {"voucher": voucher.number, "by": done}
            )
        raise FundError(
            _("%(voucher)s was entered in the finance pages; correct it there.")
            % {"voucher": voucher.number}
        )
    return fund, voucher, key


@transaction.atomic
def fund_entry_reverse(*, actor, entry, reason: str, date: dt.date | None = None) -> Entry:
    """Cancel an entry of a fund's ledger by a 红字 voucher naming its voucher
    (finance.posting.posting_reverse), handed in for review. `entry` is a ledger line
    (selectors.Entry or its VoucherLine) or an entry of the old ledger (FundEntry), which
    is reversed through the voucher the migration made of it. A voucher is reversed once;
    a reversal is not reversed again (record it anew instead); reversing income that was
    already spent is refused like a payout would be. A voucher entered in the finance
    pages is corrected there."""
    reason = _text(reason, field=_("reason"), limit=120, required=True, input_name="reason")
    if isinstance(entry, FundEntry):
        fund, voucher, key = _legacy_target(entry)
    else:
        fund, voucher, key = _target(entry.line if isinstance(entry, Entry) else entry)
    return _reverse(actor=actor, fund=fund, voucher=voucher, key=key, reason=reason, date=date)


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


def entries_for_source(source: str, source_id) -> list[Entry]:
    """The ledger lines a source record caused (its vouchers and their reversals), oldest
    first, within the active scope."""
    booked = SourcePosting.objects.filter(source=source, source_id=str(source_id))
    ids = set(booked.values_list("voucher_id", flat=True))
    ids |= set(booked.exclude(reversal=None).values_list("reversal_id", flat=True))
    lines = selectors.entries().filter(voucher_id__in=ids).order_by("voucher_id", "order")
    return selectors.entries_of(list(lines))


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
