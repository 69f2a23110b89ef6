"""Dues workflows: a month's lines from the roster, the payroll deduction list out and
what payroll deducted back in, cash collected by group leaders, exemptions, and the
month's total booked to 401 (design §4).

Amounts come from finance.rules (0.5% of the wage, the ¥10 tail, the union's rounding).
Generating, importing and booking a union's dues take its DuesSettings row lock, so two
cadres doing either at once run one after the other; recording cash locks the line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.audit.context import acting, current_actor
from gonghui.core.errors import DomainError
from gonghui.core.models import audited_bulk_create
from gonghui.core.params import parse_year
from gonghui.core.scoping import locked
from gonghui.core.validators import date_problem
from gonghui.finance import posting
from gonghui.finance.rules import DuesRule, dues_amount, dues_base
from gonghui.funds import money
from gonghui.imports.tabular import read_table
from gonghui.members import idcard
from gonghui.members.models import ON_ROLL, Member, Status

from . import selectors
from .exports import COLUMNS, DeductionListExporter
from .models import OPEN_STATES, DuesLine, DuesSettings, Method, State
from .selectors import SOURCE, MonthSummary, add_months, month_key

# Left the union after the month: still on its roll that month.
LEFT = (Status.LEFT, Status.LAPSED, Status.EXPELLED)
MAX_LISTED_ERRORS = 20


class DuesError(DomainError):
    """A dues action was refused; the message says why, for the cadre."""


# -- helpers -------------------------------------------------------------------------
def _as_actor(actor):
    """Write the audit entries under `actor` when the request or job has not set one."""
    current = current_actor()
    if getattr(current.user, "pk", None) or not getattr(actor, "pk", None):
        return contextlib.nullcontext()
    return acting(actor, ip=current.ip, source=current.source)


def _union(org):
    if org is None or not org.is_union:
        raise DuesError(_("Dues are generated, imported and booked at the grassroots union."))
    return org


def month_start(year, month) -> dt.date:
    """The first day of the month, or DuesError for a year or month that is none."""
    if parse_year(year) is None or not (isinstance(month, int) and 1 <= month <= 12):
        raise DuesError(_("Give a month from 1 to 12 of a year from 2000 to 2100."), field="month")
    return dt.date(int(year), month, 1)


def _not_ahead(month: dt.date, *, allow_next: bool) -> None:
    this = timezone.localdate().replace(day=1)
    if month > (add_months(this, 1) if allow_next else this):
        raise DuesError(_("%(month)s has not begun yet.") % {"month": month_key(month)})


def _settings_locked(union) -> DuesSettings:
    """The union's settings row, created on first use, read under its row lock."""
    found = DuesSettings.objects.reaching(union).filter(org=union).first()
    if found is None:
        try:
            with transaction.atomic():
                found = DuesSettings(org=union)
                found.save()
        except IntegrityError:  # created meanwhile by another request
            found = DuesSettings.objects.reaching(union).get(org=union)
    return locked(found)


def _amount(value, *, field: str = "amount") -> Decimal:
    if isinstance(value, float):
        raise TypeError("dues are Decimal, never float")
    try:
        amount = money.parse_amount(value)
    except money.AmountError as exc:
        raise DuesError(str(exc), field=field) from None
    if amount <= 0:
        raise DuesError(_("The amount must be more than zero."), field=field)
    return amount


def _computed(member: Member, month: dt.date, rule: DuesRule) -> dict:
    """What the roster says the member's line of `month` is."""
    wage = member.monthly_wage
    exempt = ""
    if member.dues_stop_month is not None and member.dues_stop_month <= month:
        why = member.employment_status
        exempt = (
            _("Retained membership (%(why)s)") % {"why": why} if why else _("Retained membership")
        )
    usable = wage is not None and wage >= 0
    return {
        "unit_id": member.org_id,
        "wage": wage if usable else None,
        "base": dues_base(wage, rule) if usable else None,
        "amount_due": dues_amount(wage, rule) if usable and not exempt else Decimal("0.00"),
        "exempt_reason": exempt,
    }


def _apply(line: DuesLine, values: dict) -> bool:
    """Set `values` on the line and its state; whether anything changed."""
    before = [getattr(line, k) for k in values] + [line.state]
    for key, value in values.items():
        setattr(line, key, value)
    line.settle_state()
    return before != [getattr(line, k) for k in values] + [line.state]


def _on_roll(month: dt.date) -> Q:
    """Members on the roll in `month`: joined by its end, not gone before it ended."""
    end = add_months(month, 1) - dt.timedelta(days=1)
    gone_after = Q(status__in=LEFT, status_since__gt=end)
    joined = Q(joined_on__isnull=True) | Q(joined_on__lte=end)
    return (Q(status__in=ON_ROLL) | gone_after) & joined


# -- settings ------------------------------------------------------------------------
@transaction.atomic
def dues_settings_update(*, actor, org, rounding: str) -> DuesSettings:
    """Choose how the union rounds its dues; lines not paid yet follow at the next generation."""
    with _as_actor(actor):
        found = _settings_locked(_union(org))
        if rounding not in dict(DuesSettings._meta.get_field("rounding").choices):
            raise DuesError(_("Choose a rounding from the list."), field="rounding")
        found.rounding = rounding
        found.save()
        return found


# -- the month -------------------------------------------------------------------------
@transaction.atomic
def dues_month_generate(*, actor, org, year: int, month: int) -> MonthSummary:
    """One line per member on the union's roll in the month, from the roster's wage.

    Idempotent: lines already paid and exemptions made by hand stay as they are, the
    others follow the roster (a wage entered since, a retirement), lines of members no
    longer on the roll that month go unless money was recorded on them. A member without
    a wage gets a line marked "needs a wage", so the month's list is the whole roll and
    the next generation fills it in."""
    union, first = _union(org), month_start(year, month)
    _not_ahead(first, allow_next=True)
    with _as_actor(actor):
        rule = DuesRule(rounding=_settings_locked(union).rounding)
        roll = list(
            Member.objects.filter(org__path__startswith=union.path)
            .filter(_on_roll(first))
            .select_related("org")
        )
        ids = [m.pk for m in roll]
        # A person's line of a month is unique on the platform: look past this union.
        existing = {
            line.member_id: line
            for line in DuesLine.objects.everywhere(why="one line per person and month")
            .filter(month=first)
            .filter(Q(org=union) | Q(member_id__in=ids))
        }
        new, done = [], {"created": 0, "updated": 0, "removed": 0, "kept": 0, "elsewhere": 0}
        for member in roll:
            line = existing.pop(member.pk, None)
            values = _computed(member, first, rule)
            if line is None:
                line = DuesLine(org=union, member=member, month=first)
                _apply(line, values)
                new.append(line)
            elif line.org_id != union.pk:
                done["elsewhere"] += 1
            elif line.state == State.PAID or line.exempt_by_hand or line.posted_in:
                done["kept"] += 1
            elif _apply(line, values):
                line.save()
                done["updated"] += 1
        for line in existing.values():  # this union's lines of members no longer on its roll
            if line.state != State.PAID and not line.exempt_by_hand and not line.posted_in:
                line.delete()
                done["removed"] += 1
        audited_bulk_create(DuesLine, new)
        done["created"] = len(new)
        return selectors.month_summary(union, first.year, first.month, **done)


def dues_deductions_export(
    *, actor, org, year: int, month: int, full_ids: bool = False
) -> tuple[str, bytes]:
    """The payroll deduction list of the month (.xlsx): who is to have how much deducted,
    with a blank 扣缴金额 column for payroll to fill in and send back. ID numbers masked
    unless `full_ids` (the door decides: the sensitive-data right). The export is logged."""
    union, first = _union(org), month_start(year, month)
    with _as_actor(actor):
        exporter = DeductionListExporter(user=actor, org=union, month=first, full_ids=full_ids)
        out = io.BytesIO()
        rows = exporter.write_xlsx(out)
        audit.record(
            "dues.deductions.exported",
            org=union,
            changes={"month": month_key(first), "rows": rows, "full_ids": full_ids},
        )
    name = _("%(union)s dues deductions %(year)s-%(month)02d.xlsx") % {
        "union": union.name,
        "year": first.year,
        "month": first.month,
    }
    return name, out.getvalue()


# -- what payroll deducted -----------------------------------------------------------------
PAY, UNCHANGED, SKIP, ERROR = "pay", "unchanged", "skip", "error"


@dataclass
class DeductionRow:
    row: int  # as Excel numbers it
    name: str
    amount: Decimal | None = None
    line: DuesLine | None = None
    action: str = PAY
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error(self, message: str) -> None:
        self.errors.append(message)
        self.action = ERROR


@dataclass
class DeductionPreview:
    month: dt.date
    rows: list[DeductionRow]
    committed: bool = False

    @property
    def errors(self) -> list[str]:
        return [
            _("Row %(row)s: %(message)s") % {"row": r.row, "message": m}
            for r in self.rows
            for m in r.errors
        ]

    @property
    def counts(self) -> dict[str, int]:
        return {a: sum(r.action == a for r in self.rows) for a in (PAY, UNCHANGED, SKIP, ERROR)}

    @property
    def total(self) -> Decimal:
        return sum((r.amount for r in self.rows if r.action == PAY), Decimal("0.00"))


def _read(file) -> list:
    data = file.read()
    table = read_table(data, getattr(file, "name", "") or "deductions.xlsx", COLUMNS)
    if "身份证号" not in table.columns and "会员证号" not in table.columns:
        raise DuesError(_("The file needs a column 身份证号 or 会员证号 to find each member."))
    return table.rows


class _Lookup:
    """The month's lines by ID number, card number and name (payroll files are long)."""

    def __init__(self, lines: list[DuesLine]):
        self.by_id = {ln.member.id_number.upper(): ln for ln in lines}
        self.by_card = {ln.member.card_number.strip(): ln for ln in lines if ln.member.card_number}
        self.by_name: dict[str, list[DuesLine]] = {}
        for ln in lines:
            self.by_name.setdefault(ln.member.name, []).append(ln)

    def find(self, idv: str, card: str, name: str) -> DuesLine | None:
        if idv and "*" in idv:  # a masked number from our own list: the name and its digits
            head, tail = idv.split("*", 1)[0], idv.rsplit("*", 1)[-1]
            found = [
                ln
                for ln in self.by_name.get(name, [])
                if ln.member.id_number.startswith(head) and ln.member.id_number.endswith(tail)
            ]
            return found[0] if len(found) == 1 else None
        if idv:
            return self.by_id.get(idcard.normalise(idv))
        return self.by_card.get(card) if card else None


def _check_rows(union, first: dt.date, rows) -> DeductionPreview:
    lookup = _Lookup(list(DuesLine.objects.filter(org=union, month=first).select_related("member")))
    preview, seen = DeductionPreview(first, []), {}
    for raw in rows:
        v = raw.values
        r = DeductionRow(raw.number, "".join(v.get("姓名", "").split()))
        preview.rows.append(r)
        for _column, message in raw.errors:
            r.error(message)
        text = v.get("扣缴金额", "")
        try:
            r.amount = money.parse_amount(text) if text else Decimal("0.00")
        except money.AmountError as exc:
            r.error(str(exc))
            continue
        if not r.amount:
            r.action = SKIP  # payroll deducted nothing from this person
            continue
        idv, card = v.get("身份证号", ""), v.get("会员证号", "")
        line = r.line = lookup.find(idv, card, r.name)
        if line is None:
            r.error(
                _("No member with %(number)s is on the dues list of %(month)s.")
                % {"number": idv or card or _("no ID or card number"), "month": month_key(first)}
            )
            continue
        if line.member.name != r.name:
            r.error(
                _("The name does not match the member's (%(name)s).") % {"name": line.member.name}
            )
        if line.pk in seen:
            r.error(_("The same member as row %(row)s.") % {"row": seen[line.pk]})
        seen.setdefault(line.pk, r.row)
        if line.state == State.EXEMPT:
            r.error(_("Exempt from dues this month: %(reason)s") % {"reason": line.exempt_reason})
        elif line.state == State.PAID:
            if line.method == Method.PAYROLL and line.amount_paid == r.amount:
                if r.action != ERROR:
                    r.action = UNCHANGED
            else:
                r.error(
                    _("Already paid: %(amount)s yuan on %(date)s (%(method)s).")
                    % {
                        "amount": money.fmt_amount(line.amount_paid),
                        "date": line.paid_on,
                        "method": line.get_method_display(),
                    }
                )
        elif line.amount_due and r.amount != line.amount_due:
            r.warnings.append(
                _("%(due)s yuan was due.") % {"due": money.fmt_amount(line.amount_due)}
            )
    return preview


def dues_deductions_preview(*, org, year: int, month: int, file) -> DeductionPreview:
    """What importing the payroll's file would do, row by row; nothing is written."""
    union, first = _union(org), month_start(year, month)
    return _check_rows(union, first, _read(file))


@transaction.atomic
def dues_deductions_import(
    *, actor, org, year: int, month: int, file, commit: bool = True
) -> DeductionPreview:
    """Mark the lines paid by payroll deduction: every row of the file (name, ID or card
    number, 扣缴金额), or none. A row naming nobody on the month's list, a name that does
    not match, a line exempt or paid otherwise refuses the whole file, naming the rows.
    Importing the same file again changes nothing. Without `commit`, the preview."""
    if not commit:
        return dues_deductions_preview(org=org, year=year, month=month, file=file)
    union, first = _union(org), month_start(year, month)
    rows = _read(file)
    with _as_actor(actor):
        _settings_locked(union)
        preview = _check_rows(union, first, rows)
        if preview.errors:
            listed = preview.errors[:MAX_LISTED_ERRORS]
            more = len(preview.errors) - len(listed)
            text = "；".join(listed) + (_(" … and %(n)s more") % {"n": more} if more else "")
            raise DuesError(_("Nothing was imported. %(errors)s") % {"errors": text}, field="file")
        end = add_months(first, 1) - dt.timedelta(days=1)
        paid_on = min(timezone.localdate(), end)
        who = actor if getattr(actor, "pk", None) else None
        for r in preview.rows:
            if r.action == PAY:
                line = r.line
                line.amount_paid, line.method, line.paid_on = r.amount, Method.PAYROLL, paid_on
                line.collected_by, line.receipt_no = who, ""
                line.settle_state()
                line.save()
        preview.committed = True
        return preview


# -- one line ------------------------------------------------------------------------
@transaction.atomic
def dues_cash_record(
    *, actor, line: DuesLine, amount, receipt_no: str, paid_on: dt.date
) -> DuesLine:
    """Dues paid in cash to a group leader (or the union's office), with the receipt
    number. Only a line of the organisation worked in: a group leader's group."""
    with _as_actor(actor):
        if not DuesLine.objects.filter(pk=line.pk).exists():
            raise DuesError(_("This member is outside the organisation you are working in."))
        fresh = locked(line)
        if fresh.state == State.EXEMPT:
            raise DuesError(_("This month is exempt from dues."))
        if fresh.state == State.PAID:
            raise DuesError(_("This month is paid already."))
        amount = _amount(amount)
        receipt_no = (receipt_no or "").strip()
        if not receipt_no or len(receipt_no) > 30:
            raise DuesError(
                _("Enter the receipt number (at most 30 characters)."), field="receipt_no"
            )
        problem = date_problem(paid_on) if isinstance(paid_on, dt.date) else _("Enter the date.")
        if not problem and paid_on > timezone.localdate():
            problem = _("The date cannot be in the future.")
        if problem:
            raise DuesError(problem, field="paid_on")
        others = DuesLine.objects.everywhere(why="a receipt book belongs to one union").filter(
            org_id=fresh.org_id, receipt_no=receipt_no
        )
        if others.exclude(member_id=fresh.member_id).exists():
            raise DuesError(
                _("Receipt %(no)s was given to another member.") % {"no": receipt_no},
                field="receipt_no",
            )
        fresh.amount_paid, fresh.method, fresh.receipt_no = amount, Method.CASH, receipt_no
        fresh.paid_on = paid_on
        fresh.collected_by = actor if getattr(actor, "pk", None) else None
        fresh.settle_state()
        fresh.save()
        return fresh


@transaction.atomic
def dues_exempt(*, actor, line: DuesLine, reason: str) -> DuesLine:
    """Exempt one month of one member, with the reason (hardship, unpaid leave…); an empty
    reason lifts an exemption made by hand and the line follows the roster again."""
    with _as_actor(actor):
        fresh = locked(line)
        if fresh.state == State.PAID:
            raise DuesError(_("This month is paid already."))
        reason = (reason or "").strip()
        if len(reason) > 100:
            raise DuesError(_("At most 100 characters."), field="reason")
        if reason:
            fresh.exempt_reason, fresh.exempt_by_hand, fresh.amount_due = reason, True, 0
        elif fresh.exempt_by_hand:
            rule = DuesRule(rounding=selectors.settings_of(fresh.org).rounding)
            fresh.exempt_by_hand = False
            _apply(fresh, _computed(fresh.member, fresh.month, rule))
        else:
            raise DuesError(_("Give the reason."), field="reason")
        fresh.settle_state()
        fresh.save()
        return fresh


# -- booking -------------------------------------------------------------------------------
def _advance_paid_until(union, upto: dt.date) -> int:
    """Member.dues_paid_until moves forward to the last month up to which every line of
    the member here is paid or exempt (design §7 Q8: the roster shows it either way)."""
    rows = (
        DuesLine.objects.filter(org=union, month__lte=upto)
        .order_by()
        .values("member_id")
        .annotate(
            first=Min("month"),
            last=Max("month"),
            open=Min("month", filter=Q(state__in=OPEN_STATES)),
        )
    )
    through = {}
    for row in rows:
        month = add_months(row["open"], -1) if row["open"] else row["last"]
        if month >= row["first"]:  # at least one month settled here
            through[row["member_id"]] = month
    moved = 0
    for member in Member.objects.filter(pk__in=list(through)):
        month = through[member.pk]
        if member.dues_paid_until is None or member.dues_paid_until < month:
            member.dues_paid_until = month
            member.save(update_fields=["dues_paid_until", "updated_at"])
            moved += 1
    return moved


@transaction.atomic
def dues_month_post(
    *, actor, org, year: int, month: int, fund=None, date: dt.date | None = None
) -> MonthSummary:
    """Book what was paid on the month's lines (and back dues paid since on earlier
    months) as ONE receipt voucher: Dr 102 Cr 401 非专项, handed in for review. A month
    is booked once (the books refuse a second voucher for it). Members whose lines are
    all settled up to the month have their dues_paid_until moved forward."""
    union, first = _union(org), month_start(year, month)
    _not_ahead(first, allow_next=False)
    key = month_key(first)
    with _as_actor(actor):
        _settings_locked(union)
        voucher = selectors.booked_voucher(union, first)
        if voucher:
            raise DuesError(
                _("The dues of %(month)s are booked already (voucher %(number)s).")
                % {"month": key, "number": voucher}
            )
        waiting = list(
            DuesLine.objects.filter(org=union, state=State.PAID, month__lte=first).filter(
                Q(posted_in="") | Q(posted_in=key)
            )
        )
        total = sum((ln.amount_paid for ln in waiting), Decimal("0.00"))
        if not total:
            raise DuesError(
                _("Nothing paid up to %(month)s is waiting to be booked.") % {"month": key}
            )
        earlier = sum(ln.month < first for ln in waiting)
        summary = _("Dues of %(year)s-%(month)02d") % {"year": first.year, "month": first.month}
        if earlier:
            summary += _(" (with %(n)s back payments of earlier months)") % {"n": earlier}
        end = add_months(first, 1) - dt.timedelta(days=1)
        booked = posting.receipt_post(
            actor=actor,
            org=union,
            source=SOURCE,
            source_id=key,
            date=date or min(end, timezone.localdate()),
            summary=summary,
            fund=fund,
            items=[posting.Item("401", total, restricted=False)],
        )
        # The voucher is the record of the booking (one entry, as finance writes a
        # voucher's lines): the lines only learn which month's post booked them.
        ids = [ln.pk for ln in waiting]
        DuesLine.objects.everywhere(why="marked by the post above").filter(pk__in=ids).update(
            posted_in=key
        )
        moved = _advance_paid_until(union, first)
        audit.record(
            "dues.month.posted",
            org=union,
            changes={
                "month": key,
                "voucher": booked.number,
                "total": str(total),
                "lines": len(ids),
                "paid_until_moved": moved,
            },
        )
        return selectors.month_summary(union, first.year, first.month)
