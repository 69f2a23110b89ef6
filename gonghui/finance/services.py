"""Workflows of the books: prepare, submit, review, post, void and reverse vouchers; close
and reopen months.

Every function is atomic and takes the acting user. Locks, always in this order so two
workflows never wait on each other crosswise: the voucher row, then the Period row of its
month. The Period row serialises numbering with closing: a voucher submitted while the
month closes is either numbered before the close (and then blocks it, being pending) or
refused after it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from gonghui.audit import models as audit
from gonghui.audit.context import acting, current_actor
from gonghui.core.errors import DomainError
from gonghui.core.scoping import locked
from gonghui.core.validators import date_problem
from gonghui.funds import money

from . import chart, checks, rules
from .models import (
    PENDING_STATES,
    ZERO,
    ExpenseType,
    Period,
    PeriodState,
    Project,
    SourcePosting,
    SubAccount,
    Voucher,
    VoucherKind,
    VoucherLine,
    VoucherState,
)
from .selectors import chart_for

MAX_LINES = 200


class FinanceError(DomainError):
    """A bookkeeping action was refused; the message is for the accountant."""


@dataclass(frozen=True)
class LineInput:
    """One line as a door or another module hands it in. Amounts are text or Decimal as
    typed; exactly one of debit and credit is non-zero."""

    account: str
    debit: object = ZERO
    credit: object = ZERO
    summary: str = ""
    restricted: bool | None = None
    expense_type: str = ""
    project: Project | None = None
    economic_class: str = ""
    fund: object = None
    payee: str = ""


# -- helpers -------------------------------------------------------------------------
def _as_actor(actor):
    """Record the audit entries under `actor` when the request or job has not set one."""
    current = current_actor()
    if getattr(current.user, "pk", None) or not getattr(actor, "pk", None):
        return contextlib.nullcontext()
    return acting(actor, ip=current.ip, source=current.source)


def _text(value, *, label: str, limit: int, field: str, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise FinanceError(_("Enter the %(field)s.") % {"field": label}, field=field)
    if len(value) > limit:
        raise FinanceError(
            _("The %(field)s is too long (at most %(limit)s characters).")
            % {"field": label, "limit": limit},
            field=field,
        )
    return value


def _money(value, *, row: int, side: str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("amounts in the books are Decimal, never float")
    if value in (None, ""):
        return ZERO
    try:
        return money.parse_amount(value)
    except money.AmountError as exc:
        raise FinanceError(
            _("Line %(row)s, %(side)s: %(problem)s") % {"row": row, "side": side, "problem": exc},
            field="lines",
        ) from None


def _period(org, year: int, month: int) -> Period:
    """The month's Period row, created on first use, locked until the transaction ends."""
    rows = Period._base_manager.select_for_update()
    found = rows.filter(org=org, year=year, month=month).first()
    if found:
        return found
    try:
        with transaction.atomic():
            Period(org=org, year=year, month=month).save()
    except IntegrityError:
        pass  # another transaction created it meanwhile
    return rows.get(org=org, year=year, month=month)


def _open_period(org, date: dt.date) -> Period:
    """The month's Period, locked, if vouchers may still be numbered or posted in it: it
    is open and no later month is closed (months close in order, so a month before a
    closed one is closed too, even if no voucher ever made its row)."""
    period = _period(org, date.year, date.month)
    later_closed = Period._base_manager.filter(org=org, state=PeriodState.CLOSED).filter(
        _after(date.year, date.month)
    )
    if period.is_closed or later_closed.exists():
        raise FinanceError(
            _("%(year)s-%(month)02d is closed (结账); the chair can reopen it with a reason.")
            % {"year": date.year, "month": date.month},
            field="date",
        )
    return period


def _check_date(date) -> dt.date:
    if not isinstance(date, dt.date):
        raise FinanceError(_("Enter the voucher date."), field="date")
    problem = date_problem(date)
    if problem:
        raise FinanceError(problem, field="date")
    return date


def _lines(org, date: dt.date, lines, *, red: bool = False) -> tuple[list[VoucherLine], Decimal]:
    """Validated, unsaved lines and the voucher's total, or FinanceError naming the line.

    `red` allows the negative amounts of a 红字 reversal (built here, never typed)."""
    lines = list(lines)
    if len(lines) < 2:
        raise FinanceError(
            _("A voucher needs at least one debit and one credit line."), field="lines"
        )
    if len(lines) > MAX_LINES:
        raise FinanceError(
            _("A voucher has at most %(n)s lines.") % {"n": MAX_LINES}, field="lines"
        )
    accounts = chart_for(org, date)
    built, debit_sum, credit_sum = [], ZERO, ZERO
    for row, line in enumerate(lines, start=1):
        code = (line.account or "").strip()
        where = _("Line %(row)s") % {"row": row}
        if code in chart.NOT_GRASSROOTS:
            raise FinanceError(f"{where}: {chart.NOT_GRASSROOTS[code]}", field="lines")
        account = accounts.get(code)
        if account is None:
            raise FinanceError(
                _("%(where)s: account %(code)s is not in the grassroots chart.")
                % {"where": where, "code": code},
                field="lines",
            )
        if not chart.is_leaf(code, accounts.values()):
            raise FinanceError(
                _("%(where)s: %(code)s %(name)s has sub-accounts; choose one of them.")
                % {"where": where, "code": code, "name": account.name},
                field="lines",
            )
        if red:
            debit, credit = Decimal(line.debit or 0), Decimal(line.credit or 0)
        else:
            debit = _money(line.debit, row=row, side=_("debit"))
            credit = _money(line.credit, row=row, side=_("credit"))
        if (debit == 0) == (credit == 0):
            raise FinanceError(
                _("%(where)s: enter an amount on one side, debit or credit.") % {"where": where},
                field="lines",
            )
        restricted = line.restricted
        if chart.needs_restricted(code):
            if restricted is None:
                restricted = account.restricted_default
            if restricted is None:
                raise FinanceError(
                    _("%(where)s: say whether the money is special-purpose (专项) or not.")
                    % {"where": where},
                    field="lines",
                )
        else:
            restricted = None
        expense_type, project = line.expense_type or "", line.project
        if project is not None and project.org_id != org.pk:
            raise FinanceError(_("%(where)s: unknown project.") % {"where": where}, field="lines")
        if chart.is_expense(code):
            expense_type = expense_type or (
                ExpenseType.PROJECT if project is not None else ExpenseType.BASIC
            )
            if expense_type not in ExpenseType.values:
                raise FinanceError(_("%(where)s: unknown expenditure type.") % {"where": where})
            if expense_type == ExpenseType.PROJECT and project is None:
                raise FinanceError(
                    _("%(where)s: project expenditure needs its project.") % {"where": where},
                    field="lines",
                )
        else:
            expense_type = ""
        economic = (line.economic_class or "").strip()
        if economic and (not chart.is_expense(code) or economic not in rules.ECONOMIC_CLASSES):
            raise FinanceError(
                _("%(where)s: unknown economic class %(code)s.")
                % {"where": where, "code": economic},
                field="lines",
            )
        fund = line.fund
        if fund is not None and (fund.org_id != org.pk or not chart.is_cash(code)):
            raise FinanceError(
                _("%(where)s: a fund is kept only on cash and bank lines of this union.")
                % {"where": where},
                field="lines",
            )
        built.append(
            VoucherLine(
                order=row,
                org=org,
                date=date,
                year=date.year,
                month=date.month,
                account_top=code[:3],
                account_code=code,
                account_name=account.name,
                summary=_text(line.summary, label=_("summary"), limit=200, field="lines"),
                debit=debit,
                credit=credit,
                restricted=restricted,
                expense_type=expense_type,
                project=project,
                economic_class=economic,
                fund=fund,
                payee=_text(line.payee, label=_("payee or payer"), limit=100, field="lines"),
            )
        )
        debit_sum += debit
        credit_sum += credit
    if debit_sum != credit_sum:
        raise FinanceError(
            _("Debits (%(debit)s) and credits (%(credit)s) are not equal (借贷不平).")
            % {"debit": f"{debit_sum:,.2f}", "credit": f"{credit_sum:,.2f}"},
            field="lines",
        )
    return built, debit_sum


def _write_lines(voucher: Voucher, built: list[VoucherLine], *, replace: bool = False) -> None:
    if replace:  # a rewritten draft: its old lines go (a new voucher has none)
        VoucherLine._base_manager.filter(voucher_id=voucher.pk).delete()
    for line in built:
        line.voucher = voucher
        line.closing = voucher.kind == VoucherKind.CLOSING
    VoucherLine._base_manager.bulk_create(built)
    # The lines are not audited one by one: the voucher's log says what it was saved with.
    audit.record(
        "finance.voucher.lines",
        obj=voucher,
        changes={
            "lines": [
                None,
                "; ".join(
                    f"{ln.account_code} {ln.account_name} "
                    f"{'借' if ln.debit else '贷'} {ln.amount:.2f}"
                    for ln in built
                ),
            ]
        },
    )


def _state(voucher: Voucher, *allowed) -> Voucher:
    """The voucher re-read under its row lock, if its state is one of `allowed`."""
    fresh = locked(voucher)
    if fresh.state not in allowed:
        raise FinanceError(
            _("This voucher is %(state)s; that cannot be done now.")
            % {"state": fresh.get_state_display()}
        )
    return fresh


# Where a module's booking is undone, in words: the record there must change with it.
MODULES = {
    "welfare": _lazy("Welfare and care"),
    "aid": _lazy("Education and medical aid"),
    "activities": _lazy("Activities"),
    "funds": _lazy("Funds"),
    "dues": _lazy("Dues"),
}


def _not_booked_by_a_module(voucher: Voucher) -> None:
    """A voucher that books another module's record (a visit, a grant, an activity's
    cost) or undoes one is voided or reversed there, never here: the record would still
    say paid while the books said otherwise."""
    source = (
        SourcePosting._base_manager.filter(
            Q(voucher=voucher, reversal__isnull=True) | Q(reversal=voucher)
        )
        .values_list("source", flat=True)
        .first()
    )
    if source is None:
        return
    module = MODULES.get(source.split(".")[0])
    raise FinanceError(
        _("This voucher books a record of %(module)s: undo it there, and the books follow.")
        % {"module": module or _("another module")}
    )


def _copy_back(target: Voucher, fresh: Voucher) -> Voucher:
    """The caller's object shows what was saved (doors re-render it)."""
    target.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_state")})
    return fresh


# -- chart ---------------------------------------------------------------------------
@transaction.atomic
def subaccount_create(*, actor, org, parent_code: str, code: str, name: str) -> SubAccount:
    """A sub-account under a built-in or custom account, for `org` and its subtree."""
    with _as_actor(actor):
        parent_code, code = (parent_code or "").strip(), (code or "").strip()
        name = _text(name, label=_("account name"), limit=60, field="name", required=True)
        accounts = chart_for(org, timezone.localdate())
        if parent_code not in accounts:
            raise FinanceError(_("Choose the account it belongs under."), field="parent_code")
        if not (code.startswith(parent_code) and len(code) == len(parent_code) + 2):
            raise FinanceError(
                _("The code is the parent's code and two more digits (e.g. %(example)s).")
                % {"example": parent_code + "01"},
                field="code",
            )
        if not code.isdigit():
            raise FinanceError(_("An account code is digits only."), field="code")
        if code in accounts:
            raise FinanceError(_("Account %(code)s exists already.") % {"code": code}, field="code")
        sub = SubAccount(org=org, parent_code=parent_code, code=code, name=name)
        sub.save()
        return sub


@transaction.atomic
def subaccount_retire(*, actor, org, code: str, on: dt.date | None = None) -> SubAccount:
    """停用: a sub-account set here takes no new lines from `on` (default today). It is
    never deleted: the lines booked on it keep their account."""
    with _as_actor(actor):
        sub = SubAccount.objects.filter(org=org, code=(code or "").strip()).first()
        if sub is None:
            raise FinanceError(_("Only a sub-account added here can be retired."), field="code")
        if sub.retired_on is not None:
            raise FinanceError(_("Account %(code)s is retired already.") % {"code": sub.code})
        sub = locked(sub)
        sub.retired_on = on or timezone.localdate()
        sub.save()
        return sub


@transaction.atomic
def project_create(*, actor, org, code: str, name: str, restricted: bool = False) -> Project:
    with _as_actor(actor):
        code = _text(code, label=_("project code"), limit=20, field="code", required=True)
        name = _text(name, label=_("project name"), limit=100, field="name", required=True)
        if Project._base_manager.filter(org=org, code=code).exists():
            raise FinanceError(_("Project code %(code)s is taken.") % {"code": code}, field="code")
        project = Project(org=org, code=code, name=name, restricted=bool(restricted))
        project.save()
        return project


# -- vouchers ------------------------------------------------------------------------
@transaction.atomic
def voucher_create(
    *,
    actor,
    org,
    date: dt.date,
    summary: str,
    lines,
    attachments_count: int = 0,
    kind: str = VoucherKind.NORMAL,
    external_no: str = "",
) -> Voucher:
    """A draft voucher (no number yet), balanced and on leaf accounts of the chart."""
    with _as_actor(actor):
        date = _check_date(date)
        summary = _text(summary, label=_("summary"), limit=200, field="summary", required=True)
        built, total = _lines(org, date, lines)
        voucher = Voucher(
            org=org,
            date=date,
            summary=summary,
            kind=kind,
            attachments_count=max(int(attachments_count or 0), 0),
            total=total,
            external_no=(external_no or "")[:30],
            prepared_by=actor if getattr(actor, "pk", None) else None,
        )
        voucher.save()
        _write_lines(voucher, built)
        return voucher


@transaction.atomic
def voucher_update(
    *, actor, voucher: Voucher, date: dt.date, summary: str, lines, attachments_count: int = 0
) -> Voucher:
    """A draft or a returned voucher rewritten. A numbered one keeps its number, so it
    stays in its month."""
    with _as_actor(actor):
        fresh = _state(voucher, VoucherState.DRAFT, VoucherState.REJECTED)
        date = _check_date(date)
        if fresh.seq and (date.year, date.month) != (fresh.year, fresh.month):
            raise FinanceError(
                _("Voucher %(number)s belongs to %(year)s-%(month)02d; keep its date there.")
                % {"number": fresh.number, "year": fresh.year, "month": fresh.month},
                field="date",
            )
        fresh.date = date
        fresh.summary = _text(
            summary, label=_("summary"), limit=200, field="summary", required=True
        )
        fresh.attachments_count = max(int(attachments_count or 0), 0)
        built, fresh.total = _lines(fresh.org, date, lines)
        fresh.save()
        _write_lines(fresh, built, replace=True)
        return _copy_back(voucher, fresh)


@transaction.atomic
def voucher_delete(*, actor, voucher: Voucher) -> None:
    """A draft, which has no number yet, may go; anything numbered is voided instead."""
    with _as_actor(actor):
        fresh = _state(voucher, VoucherState.DRAFT)
        VoucherLine._base_manager.filter(voucher_id=fresh.pk).delete()
        for att in fresh.files.all():  # its files go with it, after commit
            storage, name = att.file.storage, att.file.name
            att.delete()
            transaction.on_commit(lambda s=storage, n=name: s.delete(n))
        fresh.delete()


def _number(voucher: Voucher) -> None:
    period = _open_period(voucher.org, voucher.date)
    period.last_seq += 1
    period.save(update_fields=["last_seq"])
    voucher.seq = period.last_seq
    voucher.number = f"记-{voucher.seq:04d}"


@transaction.atomic
def voucher_submit(*, actor, voucher: Voucher, override_reason: str = "") -> Voucher:
    """Hand the voucher in for review; it gets its number now (记-0001 per month). The
    registered checks (budget lines, spending rules) run now: a concern needs a reason."""
    with _as_actor(actor):
        fresh = _state(voucher, VoucherState.DRAFT, VoucherState.REJECTED)
        fresh.concerns, fresh.override_reason = checks.settle(
            org=fresh.org,
            date=fresh.date,
            lines=list(VoucherLine._base_manager.filter(voucher_id=fresh.pk)),
            reason=override_reason,
            voucher=fresh,
        )
        if fresh.seq is None:
            _number(fresh)
        else:
            _open_period(fresh.org, fresh.date)
        fresh.state = VoucherState.SUBMITTED
        fresh.save()
        return _copy_back(voucher, fresh)


@transaction.atomic
def voucher_review(*, actor, voucher: Voucher) -> Voucher:
    """审核: another person than the preparer checks the voucher and its documents."""
    with _as_actor(actor):
        fresh = _state(voucher, VoucherState.SUBMITTED)
        if fresh.prepared_by_id is not None and fresh.prepared_by_id == getattr(actor, "pk", None):
            raise FinanceError(
                _("You prepared this voucher; another person must review it (不相容岗位分离).")
            )
        fresh.state = VoucherState.REVIEWED
        fresh.reviewed_by = actor
        fresh.reviewed_at = timezone.now()
        fresh.save()
        return _copy_back(voucher, fresh)


@transaction.atomic
def voucher_reject(*, actor, voucher: Voucher, reason: str) -> Voucher:
    """Return a voucher to its preparer with the reason; it keeps its number."""
    with _as_actor(actor):
        fresh = _state(voucher, VoucherState.SUBMITTED, VoucherState.REVIEWED)
        fresh.note = _text(reason, label=_("reason"), limit=200, field="reason", required=True)
        fresh.state = VoucherState.REJECTED
        fresh.reviewed_by, fresh.reviewed_at = None, None
        fresh.save()
        return _copy_back(voucher, fresh)


@transaction.atomic
def voucher_post(*, actor, voucher: Voucher) -> Voucher:
    """记账: the reviewed voucher enters the ledgers and never changes again."""
    with _as_actor(actor):
        fresh = _state(voucher, VoucherState.REVIEWED)
        _open_period(fresh.org, fresh.date)
        fresh.state = VoucherState.POSTED
        fresh.posted_by = actor
        fresh.posted_at = timezone.now()
        fresh.save()
        VoucherLine._base_manager.filter(voucher_id=fresh.pk).update(posted=True)
        return _copy_back(voucher, fresh)


@transaction.atomic
def voucher_void(*, actor, voucher: Voucher, reason: str) -> Voucher:
    """作废: a numbered voucher that will not be posted keeps its number, with no effect."""
    with _as_actor(actor):
        fresh = _state(
            voucher, VoucherState.SUBMITTED, VoucherState.REVIEWED, VoucherState.REJECTED
        )
        _not_booked_by_a_module(fresh)
        fresh.note = _text(reason, label=_("reason"), limit=200, field="reason", required=True)
        fresh.state = VoucherState.VOIDED
        fresh.save()
        return _copy_back(voucher, fresh)


@transaction.atomic
def voucher_reverse(*, actor, voucher: Voucher, date: dt.date, reason: str) -> Voucher:
    """A 红字 voucher naming the original, with the same lines in negative amounts,
    handed in for review. The original stays as it was: the books show both."""
    with _as_actor(actor):
        original = _state(voucher, VoucherState.POSTED)
        _not_booked_by_a_module(original)
        if original.kind == VoucherKind.CLOSING:
            raise FinanceError(_("Year-end closing entries are undone by reopening the year."))
        if original.reverses_id:
            raise FinanceError(_("A reversal is not reversed; enter the voucher again."))
        live = Voucher._base_manager.filter(reverses=original).exclude(state=VoucherState.VOIDED)
        if live.exists():
            raise FinanceError(
                _("Voucher %(number)s has been reversed already.") % {"number": original.number}
            )
        reason = _text(reason, label=_("reason"), limit=120, field="reason", required=True)
        date = _check_date(date)
        if date < original.date:
            raise FinanceError(_("A reversal cannot be dated before its original."), field="date")
        lines = [
            LineInput(
                account=ln.account_code,
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
        built, total = _lines(original.org, date, lines, red=True)
        reversal = Voucher(
            org=original.org,
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
        _number(reversal)
        reversal.state = VoucherState.SUBMITTED
        reversal.save()
        _write_lines(reversal, built)
        SourcePosting._base_manager.filter(voucher=original, reversal__isnull=True).update(
            reversal=reversal
        )
        return reversal


# -- periods -------------------------------------------------------------------------
@transaction.atomic
def period_close(*, actor, org, year: int, month: int) -> Period:
    """结账: months close in order, and only with nothing waiting for review or posting."""
    with _as_actor(actor):
        period = _period(org, year, month)
        if period.is_closed:
            raise FinanceError(_("%(period)s is closed already.") % {"period": period})
        earlier = Period._base_manager.filter(org=org, state=PeriodState.OPEN).filter(
            Q(year__lt=year) | Q(year=year, month__lt=month)
        )
        first = earlier.order_by("year", "month").first()
        if first is not None:
            raise FinanceError(
                _("Close %(period)s first: months close in order.") % {"period": first}
            )
        pending = Voucher._base_manager.filter(
            org=org, year=year, month=month, state__in=PENDING_STATES
        ).order_by("seq")
        if pending.exists():
            raise FinanceError(
                _("Vouchers %(numbers)s are not posted yet: post or void them first.")
                % {"numbers": "、".join(v.number for v in pending[:10])}
            )
        drafts = Voucher._base_manager.filter(
            org=org, year=year, month=month, state=VoucherState.DRAFT
        ).count()
        if drafts:
            raise FinanceError(
                _("%(n)s draft vouchers are dated in this month: submit or delete them first.")
                % {"n": drafts}
            )
        period.state = PeriodState.CLOSED
        period.closed_by = actor
        period.closed_at = timezone.now()
        period.save()
        return period


@transaction.atomic
def period_reopen(*, actor, org, year: int, month: int, reason: str) -> list[Period]:
    """反结账: the chair reopens a month, with the reason; every later closed month
    reopens with it (newest first), each with its own audit entry."""
    with _as_actor(actor):
        reason = _text(reason, label=_("reason"), limit=200, field="reason", required=True)
        period = _period(org, year, month)
        if not period.is_closed:
            raise FinanceError(_("%(period)s is open.") % {"period": period})
        later = (
            Period._base_manager.select_for_update()
            .filter(org=org, state=PeriodState.CLOSED)
            .filter(_after(year, month))
            .order_by("-year", "-month")
        )
        reopened = []
        for p in [*later, period]:
            p.state = PeriodState.OPEN
            p.reopened_by = actor
            p.reopened_at = timezone.now()
            p.reopen_reason = reason
            p.save()
            reopened.append(p)
        return reopened


def _after(year: int, month: int) -> Q:
    return Q(year__gt=year) | Q(year=year, month__gt=month)


# -- year end ------------------------------------------------------------------------
CARRY = {True: ("32103", "32104"), False: ("32203", "32205")}  # 专项 → 321, 非专项 → 322


@transaction.atomic
def year_close(*, actor, org, year: int) -> Voucher:
    """年末结转: one voucher dated 31 December that closes every income and expense
    account of the year, 专项 into 32103 本年收支结转 and on to 32104 累计结转, 非专项 into
    32203 and on to 32205 累计结余. Posted at once: it is computed from posted books, and
    December cannot close while anything of the year waits. Run again after a reopened
    December took more vouchers, it closes only what is left."""
    with _as_actor(actor):
        date = dt.date(year, 12, 31)
        _open_period(org, date)
        pending = Voucher._base_manager.filter(
            org=org, year=year, state__in=(*PENDING_STATES, VoucherState.DRAFT)
        )
        if pending.exists():
            raise FinanceError(_("Post, void or delete every voucher of the year first."))
        totals = (
            VoucherLine._base_manager.filter(org=org, year=year, posted=True)
            .filter(Q(account_top__startswith="4") | Q(account_top__startswith="5"))
            .values("account_code", "restricted")
            .annotate(d=Sum("debit"), c=Sum("credit"))
            .order_by("account_code", "restricted")
        )
        lines, carried = [], {True: ZERO, False: ZERO}
        summary = _("Year-end closing %(year)s") % {"year": year}
        for row in totals:
            net = (Decimal(row["d"] or 0) - Decimal(row["c"] or 0)).quantize(Decimal("0.01"))
            if not net:
                continue
            # Close the account to zero: a debit balance is credited away and vice versa.
            side = {"credit": net} if net > 0 else {"debit": -net}
            lines.append(
                LineInput(
                    row["account_code"], restricted=row["restricted"], summary=summary, **side
                )
            )
            carried[row["restricted"]] -= net  # income (credit) adds, expense takes away
        for restricted, amount in carried.items():
            this_year, accumulated = CARRY[restricted]
            if amount > 0:  # a surplus: Cr 本年收支结转, then Dr it, Cr 累计
                lines += [
                    LineInput(this_year, credit=amount, summary=summary),
                    LineInput(this_year, debit=amount, summary=summary),
                    LineInput(accumulated, credit=amount, summary=summary),
                ]
            elif amount < 0:
                lines += [
                    LineInput(this_year, debit=-amount, summary=summary),
                    LineInput(this_year, credit=-amount, summary=summary),
                    LineInput(accumulated, debit=-amount, summary=summary),
                ]
        if not lines:
            raise FinanceError(_("Nothing to carry forward: income and expense are closed."))
        built, total = _lines(org, date, lines)
        voucher = Voucher(
            org=org,
            date=date,
            kind=VoucherKind.CLOSING,
            summary=summary,
            total=total,
            prepared_by=actor,
        )
        _number(voucher)
        voucher.state = VoucherState.POSTED
        voucher.posted_by, voucher.posted_at = actor, timezone.now()
        voucher.save()
        for line in built:
            line.posted = True
        _write_lines(voucher, built)
        return voucher


# -- exports -------------------------------------------------------------------------
def statements_export(*, actor, org, year: int, month: int | None, fmt: str):
    """工会01 and 工会02 of a month (or the year) as .xlsx or PDF, logged: (file name,
    bytes, media type). The pages' and the API's downloads are this one call."""
    from gonghui.core.files import PDF, XLSX

    from . import exports
    from .selectors import statement_set

    with _as_actor(actor), transaction.atomic():
        result = statement_set(org, year, month)
        write = exports.statements_pdf if fmt == "pdf" else exports.statements_xlsx
        name, content = write(result, user=actor)
        audit.record(
            "finance.statements.exported",
            org=org,
            changes={"year": year, "month": month, "format": fmt},
        )
    return name, content, PDF if fmt == "pdf" else XLSX
