"""Care workflows: hardship files, visits and their payouts, batches.

Each function is atomic, audited through the models (and by explicit entries where a
decision is not a field change), and raises WelfareError with a message for the user.
Money goes to the books through gonghui.finance.posting only: a visit's payout is one
voucher (source "welfare.visit"), a batch one voucher for all its people ("welfare.batch",
one part per visit), each handed to the accountant for review. Nothing here points at the
voucher: it is found by its source (`book_key`), and the fund's balance is the books'.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.core.errors import DomainError
from gonghui.core.models import audited_bulk_create
from gonghui.core.validators import date_problem
from gonghui.finance import mapping, posting
from gonghui.finance.services import FinanceError
from gonghui.funds.models import Fund
from gonghui.members import idcard
from gonghui.members.models import ON_ROLL, Member, Status
from gonghui.orgs.models import Organisation
from gonghui.spending import checks as spending_checks
from gonghui.spending.selectors import caps_for

from . import rules
from .models import (
    COUNTED_STATES,
    OPEN_STATES,
    Batch,
    BatchLine,
    CareSettings,
    CaseDocument,
    CaseReview,
    CaseState,
    ExitReason,
    HardshipFile,
    HelpMeasure,
    HouseholdMember,
    RegionLine,
    SickLeave,
    Visit,
    VisitState,
)


class WelfareError(DomainError):
    """A care workflow was refused; the message is for the user."""


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _add_year(day: dt.date, years: int = 1) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# -- the union, its region, its lines and settings ----------------------------------


def union_of(org: Organisation) -> Organisation:
    """The grassroots union of `org` (itself for an upper union, which has none)."""
    return org.union() or org


# Example lines used until an upper union sets its own; the amounts are placeholders
# ([C]), shown with that warning, never a statement of any city's real 低保.
DEFAULT_LINES: dict[str, Decimal] = {"安徽": Decimal("800.00"), "": Decimal("750.00")}
DEFAULT_LINE_SOURCE = "示例值（[C]，未设置本地低保标准，请上级工会按民政部门公布的标准设置）"


@dataclass(frozen=True)
class Lines:
    region: str
    dibao: Decimal
    low_line: Decimal
    accident_ratio: Decimal
    source: str
    effective_from: dt.date | None
    is_default: bool


def lines_for(org: Organisation, on: dt.date | None = None) -> Lines:
    """The poverty lines for `org` on `on`: the most specific setter above it (or itself)
    wins, then the latest line in force. Read past the scope on purpose: the lines of the
    ancestors are the rules this union lives under."""
    on = on or dt.date.today()
    region = org.rules_region()
    setters = [*org.ancestor_ids(), org.pk]
    depth = {pk: i for i, pk in enumerate(setters)}
    found = list(
        RegionLine._base_manager.filter(
            org_id__in=setters, region=region, effective_from__lte=on
        ).order_by("-effective_from", "-id")
    )
    if found:
        line = max(found, key=lambda r: (depth[r.org_id], r.effective_from, r.pk))
        return Lines(
            region,
            line.dibao_monthly,
            line.low_line,
            line.accident_ratio,
            line.source,
            line.effective_from,
            False,
        )
    dibao = DEFAULT_LINES.get(region, DEFAULT_LINES[""])
    return Lines(
        region, dibao, dibao * 2, rules.DEFAULT_ACCIDENT_RATIO, DEFAULT_LINE_SOURCE, None, True
    )


@transaction.atomic
def region_line_set(*, actor, org: Organisation, data: dict) -> RegionLine:
    """An upper union (or a union for itself) sets the lines of its region."""
    region = data.get("region") or org.rules_region()
    if not region:
        raise WelfareError(_("Set the region of the organisation first."))
    if data["dibao_monthly"] <= 0:
        raise WelfareError(_("The minimum living line must be above zero."))
    low = data.get("low_income_monthly")
    if low is not None and low < data["dibao_monthly"]:
        raise WelfareError(_("The low-income line cannot be below the minimum living line."))
    line = RegionLine(
        org=org,
        region=region,
        effective_from=data["effective_from"],
        dibao_monthly=data["dibao_monthly"],
        low_income_monthly=low,
        accident_ratio=data.get("accident_ratio") or rules.DEFAULT_ACCIDENT_RATIO,
        source=data["source"],
    )
    try:
        with transaction.atomic():
            line.save()
    except IntegrityError:
        raise WelfareError(_("A line for this region and date is already set.")) from None
    return line


def settings_for(org: Organisation) -> CareSettings:
    """The union's care settings, or unsaved defaults."""
    union = union_of(org)
    found = CareSettings._base_manager.filter(org=union).first()
    if found is not None:
        return found
    return CareSettings(
        org=union, must_visit=list(rules.DEFAULT_MUST_VISIT), reminder_ages=[50, 60]
    )


@transaction.atomic
def settings_save(*, actor, org: Organisation, data: dict) -> CareSettings:
    s = settings_for(org)
    unknown = set(data.get("must_visit", [])) - set(rules.OCCASIONS)
    if unknown:
        raise WelfareError(_("Unknown occasion: %(codes)s") % {"codes": ", ".join(unknown)})
    for key, value in data.items():
        setattr(s, key, value)
    s.save()
    return s


# -- hardship files -----------------------------------------------------------------


def _assess(file: HardshipFile, on: dt.date | None = None) -> rules.Assessment:
    lines = lines_for(file.org, on)
    household = rules.Household(
        size=1 + file.household.filter(left_on__isnull=True).count() if file.pk else 1,
        yearly_income=file.yearly_income,
        rigid_costs=file.rigid_costs,
        accident=file.accident,
        hardship_costs=file.hardship_costs,
        exclusions=frozenset(file.exclusions or []),
    )
    result = rules.assess(
        household,
        dibao_monthly=lines.dibao,
        low_income_monthly=lines.low_line,
        accident_ratio=lines.accident_ratio,
    )
    file.category = result.category
    file.per_head_monthly = result.shown
    file.dibao_used = lines.dibao
    file.low_line_used = lines.low_line
    file.line_source = f"{lines.region or '—'} · {lines.source}"[:250]
    file.assessment = "；".join(result.reasons)
    return result


def _validate_codes(data: dict) -> None:
    causes = set(data.get("causes") or [])
    if causes - set(rules.CAUSE_NAMES):
        raise WelfareError(_("Unknown cause of hardship."))
    if set(data.get("exclusions") or []) - set(rules.EXCLUSION_NAMES):
        raise WelfareError(_("Unknown exclusion."))
    for key in ("yearly_income", "rigid_costs", "hardship_costs"):
        if data.get(key) is not None and data[key] < 0:
            raise WelfareError(_("Amounts cannot be negative."))


def _next_number(org: Organisation, year: int) -> str:
    union = union_of(org)
    prefix = f"KN{year}-"
    taken = HardshipFile._base_manager.filter(
        org__path__startswith=union.path, number__startswith=prefix
    ).values_list("number", flat=True)
    n = max((int(x[len(prefix) :]) for x in taken if x[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{n + 1:03d}"


@transaction.atomic
def case_create(*, actor, member, data: dict) -> HardshipFile:
    """File a household (申报): one open file per member (一户一档)."""
    _validate_codes(data)
    if member.status not in ON_ROLL:
        raise WelfareError(_("Only members on the roll can be filed."))
    if HardshipFile.objects.filter(member=member, state__in=OPEN_STATES).exists():
        raise WelfareError(_("This member's household already has an open file."))
    if not data.get("causes"):
        raise WelfareError(_("Choose at least one cause of hardship."))
    applied = data.get("applied_on") or dt.date.today()
    file = HardshipFile(
        org=member.org,
        member=member,
        created_by=_user(actor),
        number=_next_number(member.org, applied.year),
        **data,
    )
    _assess(file, applied)
    try:
        with transaction.atomic():
            file.save()
    except IntegrityError:
        raise WelfareError(_("This member's household already has an open file.")) from None
    return file


EDITABLE = (
    "address",
    "phone",
    "causes",
    "exclusions",
    "yearly_income",
    "rigid_costs",
    "accident",
    "hardship_costs",
    "situation",
)


@transaction.atomic
def case_update(*, actor, file: HardshipFile, data: dict) -> HardshipFile:
    """Correct the facts of an open file; the category is computed again."""
    file = HardshipFile.objects.select_for_update().get(pk=file.pk)
    if not file.is_open:
        raise WelfareError(_("A closed file is kept as it was; record a follow-up instead."))
    _validate_codes(data)
    for key, value in data.items():
        if key in EDITABLE:
            setattr(file, key, value)
    if not file.causes:
        raise WelfareError(_("Choose at least one cause of hardship."))
    _assess(file)
    file.save()
    return file


TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    # action: (from states, to state)
    "check": ((CaseState.APPLIED,), CaseState.CHECKING),
    "submit": ((CaseState.CHECKING,), CaseState.APPROVAL),
    "approve": ((CaseState.APPROVAL,), CaseState.ACTIVE),
    "reject": ((CaseState.APPLIED, CaseState.CHECKING, CaseState.APPROVAL), CaseState.REJECTED),
    "close": ((CaseState.ACTIVE,), CaseState.CLOSED),
}


@transaction.atomic
def case_transition(
    *,
    actor,
    file: HardshipFile,
    action: str,
    note: str = "",
    date: dt.date | None = None,
    exit_reason: str = "",
) -> HardshipFile:
    """Move a file along 申报 → 调查核实 → 审批 → 在档帮扶 → 解困脱困."""
    if action not in TRANSITIONS:
        raise WelfareError(_("Unknown step."))
    file = HardshipFile.objects.select_for_update().get(pk=file.pk)
    sources, target = TRANSITIONS[action]
    if file.state not in sources:
        raise WelfareError(
            _("Not possible while the file is %(state)s.") % {"state": file.get_state_display()}
        )
    date = date or dt.date.today()
    before = file.state
    if action == "approve":
        result = _assess(file, date)
        if not result.eligible:
            raise WelfareError(
                _("The household does not meet the hardship standard: %(why)s")
                % {"why": "；".join(result.reasons)}
            )
        file.approved_on = date
        file.approved_by = _user(actor)
        file.next_review = _add_year(date)
    elif action == "reject":
        if not note.strip():
            raise WelfareError(_("Give the reason."))
        file.closed_on = date
        file.exit_note = note
    elif action == "close":
        if exit_reason not in ExitReason.values:
            raise WelfareError(_("Choose why the file is closed."))
        if not note.strip():
            raise WelfareError(_("Give the reason."))
        file.closed_on = date
        file.exit_reason = exit_reason
        file.exit_note = note
        file.next_review = None
    file.state = target
    file.save()
    audit.record(
        f"welfare.case.{action}",
        obj=file,
        changes={"state": [before, target]},
        note=note if action not in ("reject", "close") else "",
    )
    return file


@transaction.atomic
def case_review(
    *, actor, file: HardshipFile, date: dt.date, outcome: str, note: str = ""
) -> CaseReview:
    """The yearly re-check (年度复核), or a follow-up after the file was closed."""
    file = HardshipFile.objects.select_for_update().get(pk=file.pk)
    if outcome not in CaseReview.Outcome.values:
        raise WelfareError(_("Unknown outcome."))
    if file.state == CaseState.ACTIVE:
        if outcome == CaseReview.Outcome.FOLLOW_UP:
            raise WelfareError(_("A follow-up is for a closed file."))
        before = file.category
        result = _assess(file, date)
        if outcome == CaseReview.Outcome.CONTINUE and result.category != before:
            outcome = CaseReview.Outcome.RECATEGORISED
        file.next_review = _add_year(date)
        file.save()
    elif file.state == CaseState.CLOSED:
        if outcome != CaseReview.Outcome.FOLLOW_UP:
            raise WelfareError(_("A closed file only takes follow-ups."))
    else:
        raise WelfareError(_("Only files on record are reviewed."))
    review = CaseReview(
        file=file,
        date=date,
        outcome=outcome,
        category=file.category,
        note=note,
        reviewer=_user(actor),
    )
    review.save()
    return review


@transaction.atomic
def household_add(*, actor, file: HardshipFile, data: dict) -> HouseholdMember:
    if not file.is_open:
        raise WelfareError(_("A closed file is kept as it was; record a follow-up instead."))
    if data.get("id_number"):
        try:
            data["id_number"] = idcard.parse(data["id_number"]).number
        except idcard.IdNumberError as exc:
            raise WelfareError(str(exc)) from None
    person = HouseholdMember(file=file, **data)
    person.save()
    file = HardshipFile.objects.select_for_update().get(pk=file.pk)
    _assess(file)
    file.save()
    return person


@transaction.atomic
def household_leave(*, actor, person: HouseholdMember, date: dt.date) -> HouseholdMember:
    """Someone left the household (moved out, died): kept, no longer counted."""
    if person.left_on:
        raise WelfareError(_("Already recorded."))
    person.left_on = date
    person.save()
    file = HardshipFile.objects.select_for_update().get(pk=person.file_id)
    if file.is_open:
        _assess(file)
        file.save()
    return person


@transaction.atomic
def measure_add(*, actor, file: HardshipFile, data: dict) -> HelpMeasure:
    if not file.is_open:
        raise WelfareError(_("A closed file is kept as it was; record a follow-up instead."))
    measure = HelpMeasure(file=file, **data)
    measure.save()
    return measure


@transaction.atomic
def measure_done(*, actor, measure: HelpMeasure, date: dt.date, result: str) -> HelpMeasure:
    if measure.done_on:
        raise WelfareError(_("Already recorded."))
    if not result.strip():
        raise WelfareError(_("Say what came of it."))
    measure.done_on = date
    measure.result = result
    measure.save()
    return measure


ALLOWED_DOCUMENTS = {"pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "txt"}
MAX_DOCUMENT = 10 * 1024 * 1024


@transaction.atomic
def document_add(*, actor, file: HardshipFile, upload, kind: str) -> CaseDocument:
    name = getattr(upload, "name", "") or "document"
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED_DOCUMENTS:
        raise WelfareError(_("Upload a PDF, an image, a Word or Excel file."))
    if upload.size > MAX_DOCUMENT:
        raise WelfareError(_("The file is larger than 10 MB."))
    if kind not in CaseDocument.Kind.values:
        raise WelfareError(_("Choose the kind of document."))
    doc = CaseDocument(
        file=file, kind=kind, name=name[:200], size=upload.size, uploaded_by=_user(actor)
    )
    doc.upload.save(name, upload, save=False)
    doc.save()
    return doc


@transaction.atomic
def sick_leave_record(*, actor, member, start: dt.date, note: str = "") -> SickLeave:
    if SickLeave.objects.filter(member=member, end__isnull=True).exists():
        raise WelfareError(_("This member's sick leave is already recorded."))
    leave = SickLeave(org=member.org, member=member, start=start, note=note)
    leave.save()
    return leave


@transaction.atomic
def sick_leave_end(*, actor, leave: SickLeave, end: dt.date) -> SickLeave:
    if leave.end:
        raise WelfareError(_("Already recorded."))
    if end < leave.start:
        raise WelfareError(_("The end is before the start."))
    leave.end = end
    leave.save()
    return leave


# -- visits and payouts -------------------------------------------------------------

VISIT_FUND_KINDS = ("union", "hardship", "upper_grant", "donation")


def _fund_ok(fund, member_org: Organisation):
    if fund.kind not in VISIT_FUND_KINDS:
        raise WelfareError(
            _(
                "Visits are paid from union funds, the hardship fund, an upper union's grant "
                "or donations."
            )
        )
    union = union_of(member_org)
    if fund.org_id != union.pk:
        raise WelfareError(_("The fund belongs to another union."))


def _lock_fund(fund):
    # Locks in one order everywhere (fund, then members) so that a batch and a single
    # visit paying at the same time wait for each other instead of deadlocking.

    return Fund._base_manager.select_for_update().get(pk=fund.pk)


def _lock_member(member):
    return Member._base_manager.select_for_update().select_related("org").get(pk=member.pk)


def findings_for(
    *,
    member,
    occasion: str,
    festival: str,
    amount: Decimal,
    date: dt.date,
    exclude_batch=None,
) -> list[rules.Finding]:
    """What a payout to `member` would break, given what they had this year."""
    table = caps_for(member.org, date)  # the upper union's rules, else the region's
    year = Visit._base_manager.filter(member=member, date__year=date.year, state__in=COUNTED_STATES)
    if exclude_batch is not None:
        year = year.exclude(batch=exclude_batch)
    same = year.filter(occasion=occasion)
    if occasion == "festival":
        same = same.filter(festival=festival)
    festival_paid = year.filter(occasion="festival").aggregate(s=Sum("amount"))["s"]
    return rules.check_payout(
        table=table,
        occasion=occasion,
        amount=amount,
        festival=festival,
        festival_paid_this_year=festival_paid or Decimal(0),
        repeats=same.count(),
    )


def _check_override(findings, *, override_reason: str, may_override: bool) -> None:
    if not findings:
        return
    text = "；".join(f.message for f in findings)
    if not override_reason.strip():
        raise WelfareError(
            _("Refused: %(why)s. Only the chair may allow it, with a reason.") % {"why": text}
        )
    if not may_override:
        raise WelfareError(
            _("Refused: %(why)s. Only the chair may allow an exception.") % {"why": text}
        )


VISIT_SOURCE, BATCH_SOURCE = "welfare.visit", "welfare.batch"


def book_key(visit) -> tuple[str, str]:
    """The (source, source_id) under which the books hold the payout of `visit`: its own
    voucher, or its part of its batch's voucher. Visits paid before the books carry the
    same keys (their ledger entries were moved into vouchers under them)."""
    if visit.batch_id:
        return BATCH_SOURCE, f"{visit.batch_id}:{visit.pk}"
    return VISIT_SOURCE, str(visit.pk)


def _as_visit(label: str) -> str:
    # "生病住院" → "生病住院慰问"; "春节慰问" stays as it is.
    return label if "慰问" in label else f"{label}慰问"


def _summary(visit) -> str:
    """A voucher summary the accountant reads: the occasion and the person."""
    return f"{_as_visit(visit.occasion_label)}：{visit.member.name}"[:200]


def _batch_summary(batch, people: int) -> str:
    """The batch's voucher summary, e.g. 2026年春节慰问（200人）：2026年双节送温暖."""
    label = _as_visit(batch.occasion_label)
    return f"{batch.date.year}年{label}（{people}人）：{batch.title}"[:200]


def _item(visit, *, source: str, part: str = "") -> posting.Item:
    return posting.Item(
        mapping.expense_account(source, visit.occasion),
        visit.amount,
        # Money of the hardship fund is earmarked (专项) whatever the occasion.
        restricted=mapping.is_restricted(source, visit.fund.kind if visit.fund_id else None),
        payee=visit.member.name,
        part=part,
    )


def _book(
    *,
    actor,
    fund,
    source: str,
    source_id: str,
    date,
    summary: str,
    items,
    attachments=0,
    override_reason: str = "",
):
    """One payout voucher; the books' refusals (more than the fund holds on that day, a
    closed month, booked already) come back as welfare's own error. The books' other
    checks (its line of the budget) still run: a concern refuses the payout, field
    `override_reason`, unless the reason given for going ahead covers it too; the voucher
    keeps the concerns and the reason."""
    try:
        # Checked against the spending rules here (findings_for): the books skip them.
        with spending_checks.checked_by("welfare"):
            return posting.payout_post(
                actor=actor,
                org=fund.org,
                source=source,
                source_id=source_id,
                date=date,
                summary=summary,
                fund=fund,
                items=items,
                attachments=attachments,
                override_reason=override_reason,
            )
    except FinanceError as exc:
        field = "override_reason" if exc.field == "override_reason" else None
        raise WelfareError(str(exc), field=field) from None


def _visit_save(
    *,
    actor,
    member,
    data: dict,
    override_reason: str,
    may_override: bool,
    batch=None,
    replaces=None,
):
    """Check a visit against the rules and save it ("paid" when money or goods of a value
    were given: the caller books it in the same transaction). Returns the visit and what
    the chair allowed."""
    occasion = data.get("occasion", "")
    festival = data.get("festival", "") if occasion == "festival" else ""
    form = data.get("form", "")
    amount = data.get("amount") or Decimal(0)
    if isinstance(amount, float):
        raise TypeError("money is Decimal, never float")
    goods = (data.get("goods") or "").strip()
    date = data.get("date") or dt.date.today()
    fund = data.get("fund")
    why = rules.forbidden(occasion, form, festival, goods) or date_problem(date)
    if why:
        raise WelfareError(why)
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise WelfareError(_("Enter the amount in yuan with at most two decimals."))
    if form == rules.GOODS and not goods:
        raise WelfareError(_("Say which goods were given."))
    if form == rules.CASH and amount <= 0:
        raise WelfareError(_("Enter the amount of the condolence money."))
    if amount > 0 and fund is None:
        raise WelfareError(_("Choose the fund it is paid from."))
    if not (data.get("visitors") or "").strip():
        raise WelfareError(_("Say who visited."))
    if fund is not None:
        _fund_ok(fund, member.org)
        fund = _lock_fund(fund)
    member = _lock_member(member)
    if member.status not in ON_ROLL and occasion != "death_member":
        raise WelfareError(_("Only members on the roll are visited."))
    findings = findings_for(
        member=member, occasion=occasion, festival=festival, amount=amount, date=date
    )
    _check_override(findings, override_reason=override_reason, may_override=may_override)
    hardship_file = data.get("hardship_file")
    if hardship_file is not None and hardship_file.member_id != member.pk:
        raise WelfareError(_("The hardship file is another member's."))
    visit = Visit(
        org=member.org,
        member=member,
        occasion=occasion,
        festival=festival,
        event_date=data.get("event_date"),
        date=date,
        visitors=data["visitors"].strip()[:200],
        form=form,
        amount=amount,
        goods=goods[:200],
        fund=fund if amount > 0 else None,
        # Paid in the same transaction as its voucher: both are saved, or neither.
        state=VisitState.PAID if amount > 0 else VisitState.RECORDED,
        batch=batch,
        hardship_file=hardship_file,
        signed_off=bool(data.get("signed_off")),
        receipt=(data.get("receipt") or "")[:100],
        note=(data.get("note") or "")[:300],
        findings=[{"code": f.code, "message": f.message} for f in findings],
        override_reason=override_reason.strip()[:300] if findings else "",
        override_by=_user(actor) if findings else None,
        replaces=replaces,
        recorded_by=_user(actor),
    )
    visit.save()
    return visit, findings


def _log_override(visit, findings) -> None:
    if findings:
        audit.record(
            "welfare.visit.override",
            obj=visit,
            changes={"findings": [f.message for f in findings], "reason": visit.override_reason},
            note=visit.override_reason,
        )


@transaction.atomic
def visit_record(
    *,
    actor,
    member,
    data: dict,
    override_reason: str = "",
    may_override: bool = False,
    replaces=None,
):
    """Record a visit and, when money or goods of a value were given, pay it from the fund:
    one voucher "welfare.visit" in the books, handed to the accountant for review.

    Refused outright where the national rules forbid it (cash where the rules say goods,
    festival goods on another day, shopping cards). Above the region's cap, above the
    year's festival total or a second time for the same occasion: refused unless the
    chair allows it with a reason, which is logged. Refused beyond what the fund holds.
    Beyond its line of the budget (the books' check) refused too, field `override_reason`,
    unless a reason is given (by whoever records it: the budget is not a welfare rule).
    """
    visit, findings = _visit_save(
        actor=actor,
        member=member,
        data=data,
        override_reason=override_reason,
        may_override=may_override,
        replaces=replaces,
    )
    if visit.state == VisitState.PAID:
        source, source_id = book_key(visit)
        _book(
            actor=actor,
            fund=visit.fund,
            source=source,
            source_id=source_id,
            date=visit.date,
            summary=_summary(visit),
            items=[_item(visit, source=source)],
            override_reason=override_reason,
        )
    _log_override(visit, findings)
    return visit


@transaction.atomic
def visit_reverse(*, actor, visit, reason: str, date: dt.date | None = None):
    """Undo a paid visit: a 红字 voucher in the books (of the visit's voucher, or of its
    part of its batch's voucher); the visit stays, marked reversed."""

    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if not reason.strip():
        raise WelfareError(_("Give the reason."))
    if visit.state == VisitState.REVERSED:
        raise WelfareError(_("This visit was already reversed."))
    if visit.state == VisitState.PAID:
        source, source_id = book_key(visit)
        try:
            posting.posting_reverse(
                actor=actor,
                org=visit.fund.org,
                source=source,
                source_id=source_id,
                date=date or max(timezone.localdate(), visit.date),
                reason=reason.strip()[:120],
            )
        except FinanceError as exc:
            raise WelfareError(str(exc)) from None
    visit.state = VisitState.REVERSED
    visit.reversal_reason = reason.strip()[:150]
    visit.save()
    audit.record("welfare.visit.reversed", obj=visit, note=visit.reversal_reason)
    return visit


@transaction.atomic
def visit_correct(
    *, actor, visit, data: dict, reason: str, override_reason: str = "", may_override: bool = False
):
    """A mistake in a paid visit: reverse it and record the right one; both are kept."""
    visit_reverse(actor=actor, visit=visit, reason=reason, date=data.get("date"))
    return visit_record(
        actor=actor,
        member=visit.member,
        data=data,
        replaces=visit,
        override_reason=override_reason,
        may_override=may_override,
    )


@transaction.atomic
def visit_sign_off(*, actor, visit, receipt: str = ""):
    """The recipient signed for it (the receipt came back later)."""
    if visit.signed_off:
        raise WelfareError(_("Already recorded."))
    visit.signed_off = True
    visit.receipt = receipt[:100]
    visit.save()
    return visit


# -- batches ------------------------------------------------------------------------

SELECTIONS = ("all", "group", "retirees", "hardship")


def batch_groups(org: Organisation, group) -> list[Organisation]:
    """The groups (or branches) of `org`'s union named by `group`: one code, or several
    (the pages choose groups by name, the API names one by its code)."""
    union = union_of(org)
    codes = {group} if isinstance(group, str) else set(group)
    nodes = list(
        Organisation.objects.filter(code__in=codes, path__startswith=union.path).order_by("path")
    )
    if not codes or len(nodes) != len(codes):
        raise WelfareError(_("Choose a group."))
    return nodes


def batch_candidates(org: Organisation, selection: str, group="") -> QuerySet:
    """Members for a batch: everyone on the roll, one or more groups, the retirees, or
    the households on file (在档帮扶)."""
    union = union_of(org)
    qs = Member.objects.filter(org__path__startswith=union.path, status__in=ON_ROLL)
    if selection == "group":
        within = Q()
        for node in batch_groups(union, group):
            within |= Q(org__path__startswith=node.path)
        qs = qs.filter(within)
    elif selection == "retirees":
        qs = qs.filter(status=Status.RETAINED)
    elif selection == "hardship":
        qs = qs.filter(
            hardship_files__state=CaseState.ACTIVE, hardship_files__org__path__startswith=union.path
        )
    elif selection != "all":
        raise WelfareError(_("Choose whom the batch is for."))
    return qs.select_related("org").order_by("org__path", "name_pinyin", "id").distinct()


@transaction.atomic
def batch_create(*, actor, org: Organisation, data: dict, selection: str = "all", group=""):
    """Plan a batch for the members chosen from the roster, one line each."""
    union = union_of(org)
    occasion, form = data.get("occasion", ""), data.get("form", "")
    festival = data.get("festival", "") if occasion == "festival" else ""
    why = rules.forbidden(occasion, form, festival, data.get("goods", ""))
    why = why or date_problem(data["date"])
    if why:
        raise WelfareError(why)
    amount = data.get("amount") or Decimal(0)
    if amount < 0:
        raise WelfareError(_("Amounts cannot be negative."))
    if amount > 0 and data.get("fund") is None:
        raise WelfareError(_("Choose the fund it is paid from."))
    if data.get("fund") is not None and data["fund"].org_id != union.pk:
        raise WelfareError(_("The fund belongs to another union."))
    members = list(batch_candidates(union, selection, group))
    if not members:
        raise WelfareError(_("Nobody matches this choice."))
    groups = batch_groups(union, group) if selection == "group" else []
    label = {
        "all": "全体会员",
        "group": "、".join(g.name for g in groups)[:200],
        "retirees": "退休会员",
        "hardship": "在档困难职工",
    }
    batch = Batch(
        org=union,
        title=data["title"],
        occasion=occasion,
        festival=festival,
        date=data["date"],
        form=form,
        amount=amount,
        goods=data.get("goods", ""),
        fund=data.get("fund"),
        visitors=data.get("visitors", ""),
        selection=label.get(selection, selection),
        created_by=_user(actor),
    )
    batch.save()

    audited_bulk_create(
        BatchLine,
        [BatchLine(batch=batch, member=m, amount=amount, goods=batch.goods) for m in members],
    )
    return batch


# The order of a batch's lines on the 发放表 and in payment: by group (the tree's order),
# then by the pinyin of the name, as the roster sorts.
LINE_ORDER = ("member__org__path", "member__name_pinyin", "member__id")


def batch_figures(batch) -> tuple[int, Decimal]:
    """How many people a batch pays and how much in all: what the payer confirms."""
    sums = batch.lines.aggregate(n=Count("id"), total=Sum("amount"))
    return sums["n"], (sums["total"] or Decimal(0)).quantize(Decimal("0.01"))


def _draft(batch):
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != Batch.State.DRAFT:
        raise WelfareError(_("This batch is paid; it is kept as it is."))
    return batch


@transaction.atomic
def batch_line_add(*, actor, batch, member):
    batch = _draft(batch)
    if not member.org.path.startswith(batch.org.path):
        raise WelfareError(_("The member belongs to another union."))
    if BatchLine.objects.filter(batch=batch, member=member).exists():
        raise WelfareError(_("Already in the batch."))
    line = BatchLine(batch=batch, member=member, amount=batch.amount, goods=batch.goods)
    line.save()
    return line


@transaction.atomic
def batch_line_change(*, actor, line, amount: Decimal | None = None, goods: str | None = None):
    _draft(line.batch)
    if amount is not None:
        if amount < 0:
            raise WelfareError(_("Amounts cannot be negative."))
        line.amount = amount
    if goods is not None:
        line.goods = goods[:200]
    line.save()
    return line


@transaction.atomic
def batch_line_remove(*, actor, line) -> None:
    _draft(line.batch)
    line.delete()


def batch_findings(batch) -> dict[int, list[rules.Finding]]:
    """Per line id, what its payout would break (and what no override allows)."""
    out: dict[int, list[rules.Finding]] = {}
    for line in batch.lines.select_related("member", "member__org"):
        why = rules.forbidden(batch.occasion, batch.form, batch.festival, line.goods)
        if why:
            out[line.pk] = [rules.Finding("forbidden", why)]
            continue
        found = findings_for(
            member=line.member,
            occasion=batch.occasion,
            festival=batch.festival,
            amount=line.amount,
            date=batch.date,
            exclude_batch=batch,
        )
        if found:
            out[line.pk] = found
    return out


@dataclass(frozen=True)
class BrokenRule:
    """A rule some lines of a batch break, as the batch's banner names it."""

    message: str  # what the rule says, e.g. 超过标准：安徽省规定每次不超过 300 元
    lines: int  # how many lines break it
    source: str = ""  # the document the cap comes from, for a cap


def batch_broken_rules(batch, findings: dict[int, list[rules.Finding]]) -> list[BrokenRule]:
    """The rules the lines of `findings` (batch_findings) break, each once, with the number
    of lines and, for a cap, the document that sets it: the banner names the rule, not only
    a count."""
    counts: dict[str, int] = {}
    capped: set[str] = set()
    for found in findings.values():
        for f in found:
            counts[f.message] = counts.get(f.message, 0) + 1
            if f.cap is not None:
                capped.add(f.message)
    source = caps_for(batch.org, batch.date).source if capped else ""
    return [
        BrokenRule(message, n, source if message in capped else "") for message, n in counts.items()
    ]


def _attach_sheet(voucher, batch) -> None:
    """The batch's 发放表 (PDF, the rows in the order the receipts cite) attached to its
    voucher, so the accountant reviews the voucher with the list it pays."""
    # Not at the top: the sheet reads selectors, which read this module.
    from gonghui.finance.services_attachments import attach_generated

    from .sheet import render_sheet, sheet_filename

    attach_generated(
        voucher=voucher,
        name=sheet_filename(batch),
        content=render_sheet(batch, None),
        content_type="application/pdf",
    )


@transaction.atomic
def batch_pay(
    *,
    actor,
    batch,
    override_reason: str = "",
    may_override: bool = False,
    progress=None,
    expected: tuple[int, Decimal] | None = None,
):
    """Record every visit of the batch and book its money as ONE voucher
    ("welfare.batch", with a part per visit), in one transaction: all or nothing.

    Lines above the standard or repeating an occasion need the chair's reason (one for
    the batch, logged on each visit); a voucher beyond its line of the budget needs a
    reason too (field `override_reason`), which the voucher keeps. `progress(done, total)`
    is called as lines are paid.
    `expected`: the (people, total) the payer confirmed; refused if the batch now differs.
    Lines are paid in the order of the 发放表 (LINE_ORDER), whose row numbers the receipts cite.
    """

    batch = _draft(batch)
    lines = list(batch.lines.select_related("member", "member__org").order_by(*LINE_ORDER))
    if not lines:
        raise WelfareError(_("The batch has nobody in it."))
    now = batch_figures(batch)
    if expected is not None and now != expected:
        raise WelfareError(
            _(
                "The batch changed after you looked at it: it is now %(n)s people, "
                "%(total)s yuan. Nothing was paid; check it and confirm again."
            )
            % {"n": now[0], "total": now[1]}
        )
    total = sum((ln.amount for ln in lines), Decimal(0))
    if batch.fund is not None:
        # Checked up front for a clear message; the books refuse it anyway.
        fund = _lock_fund(batch.fund)
        available = posting.fund_available_on(fund, batch.date)
        if total > available:
            raise WelfareError(
                _("The fund “%(fund)s” holds only %(balance)s yuan; the batch needs %(total)s.")
                % {"fund": batch.fund.name, "balance": available, "total": total}
            )
    items = []
    for i, line in enumerate(lines, 1):
        data = {
            "occasion": batch.occasion,
            "festival": batch.festival,
            "form": batch.form,
            "amount": line.amount,
            "goods": line.goods,
            "date": batch.date,
            "fund": batch.fund if line.amount > 0 else None,
            "visitors": batch.visitors or str(actor),
            "signed_off": True,
            "receipt": f"{batch.title} 发放表第{i}行",
        }
        try:
            visit, findings = _visit_save(
                actor=actor,
                member=line.member,
                data=data,
                batch=batch,
                override_reason=override_reason,
                may_override=may_override,
            )
        except WelfareError as exc:
            raise WelfareError(
                _("Line %(n)s (%(name)s): %(why)s") % {"n": i, "name": line.member.name, "why": exc}
            ) from None
        _log_override(visit, findings)
        if visit.state == VisitState.PAID:
            items.append(_item(visit, source=BATCH_SOURCE, part=str(visit.pk)))
        line.visit = visit
        line.save()
        if progress:
            progress(i, len(lines))
    if items:
        # One voucher for the whole batch, as the accountant books it with the 发放表:
        # a debit line per expense account, one part per visit (each reversible alone).
        voucher = _book(
            actor=actor,
            fund=batch.fund,
            source=BATCH_SOURCE,
            source_id=str(batch.pk),
            date=batch.date,
            summary=_batch_summary(batch, len(items)),
            items=items,
            attachments=1,  # the batch's 发放表, signed by each member
            override_reason=override_reason,
        )
        _attach_sheet(voucher, batch)
    batch.state = Batch.State.PAID
    batch.paid_by = _user(actor)
    batch.paid_at = timezone.now()
    batch.override_reason = override_reason.strip()[:300]
    batch.save()
    audit.record(
        "welfare.batch.paid", obj=batch, changes={"lines": len(lines), "total": str(total)}
    )
    return batch
