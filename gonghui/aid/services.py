"""Workflows of education aid and mutual medical aid.

Every function is atomic and keyword-only, takes the acting user, and raises AidError with a
message for the user. Money moves only through the books (gonghui.finance.posting:
payout_post, receipt_post, posting_reverse): each payment or contribution is one voucher,
numbered and handed in for review, with the fund on its bank line and the record as its
source (books.py), so the same record cannot be booked twice and a fund cannot go below
zero. The rows here are locked first so one application or claim is paid once.
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.core.errors import DomainError
from gonghui.core.models import audited_bulk_create
from gonghui.finance import mapping, posting
from gonghui.finance.posting import Item
from gonghui.finance.services import FinanceError
from gonghui.funds.services import FundError
from gonghui.members.models import ON_ROLL, Member
from gonghui.orgs.models import Organisation

from . import books, rules
from .exports import EducationReportExport, MedicalReportExport
from .models import (
    CAP_STATES,
    AidRound,
    Application,
    ApplicationState,
    Claim,
    ClaimBill,
    ClaimState,
    Enrolment,
    Payment,
    RoundStandard,
    Scheme,
)

MAX_FILE_BYTES = 10 * 1024 * 1024
# Extension → the bytes such a file starts with: a renamed file is refused.
FILE_TYPES = {
    "pdf": (b"%PDF",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


class AidError(DomainError):
    """An aid workflow was refused; the message is for the user."""


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def aid_union(org: Organisation) -> Organisation:
    """The union that runs aid programmes and keeps the funds for `org` (the grassroots or
    joint union above a group or branch, as funds.services.funds_for finds it)."""
    union = org.union()
    if union is None:
        raise AidError(_("Aid is run by a grassroots union; open it from the union's pages."))
    return union


def check_file(upload) -> str:
    """Only PDF, JPEG and PNG scans up to 10 MB, recognised by their content."""
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in FILE_TYPES:
        raise AidError(
            _("%(name)s: only PDF, JPG and PNG files are accepted.") % {"name": name or "?"}
        )
    if upload.size > MAX_FILE_BYTES:
        raise AidError(_("%(name)s is larger than 10 MB.") % {"name": name})
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in FILE_TYPES[ext]):
        raise AidError(
            _("%(name)s is not a real %(ext)s file.") % {"name": name, "ext": ext.upper()}
        )
    return ext


def _member_of(union: Organisation, member: Member) -> Member:
    if not (member.org.path.startswith(union.path)) or member.status not in ON_ROLL:
        raise AidError(
            _("%(name)s is not a member of %(union)s.") % {"name": member.name, "union": union.name}
        )
    return member


def _money(value, *, positive: bool = True) -> Decimal:
    try:
        amount = rules.to_fen(value)
    except Exception:  # noqa: BLE001 - any unreadable amount
        raise AidError(_("Enter an amount in yuan, e.g. 3000 or 3000.50.")) from None
    if amount < 0 or (positive and amount == 0):
        raise AidError(_("The amount must be more than zero."))
    return amount


# -- 金秋助学: rounds ------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    actor,
    org: Organisation,
    year: int,
    name: str,
    opens_on: dt.date,
    closes_on: dt.date,
    standards: dict[str, Decimal] | None = None,
    standards_source: str = "",
    note: str = "",
) -> AidRound:
    union = aid_union(org)
    if closes_on < opens_on:
        raise AidError(_("The application window closes before it opens."))
    name = (name or "").strip() or f"{year}年金秋助学"
    if AidRound.objects.filter(org=union, name=name).exists():
        raise AidError(_("This union already has a round named %(name)s.") % {"name": name})
    rnd = AidRound(
        org=union,
        year=year,
        name=name[:100],
        opens_on=opens_on,
        closes_on=closes_on,
        standards_source=(standards_source or rules.DEFAULT_STANDARDS_SOURCE).strip(),
        note=(note or "").strip(),
        created_by=_user(actor),
    )
    rnd.save()
    _set_standards(rnd, rules.DEFAULT_STANDARDS if standards is None else standards)
    return rnd


def _set_standards(rnd: AidRound, standards: dict[str, Decimal]) -> None:
    unknown = set(standards) - set(rules.LEVEL_CODES)
    if unknown:
        raise AidError(_("Unknown school level: %(l)s") % {"l": ", ".join(sorted(unknown))})
    existing = {s.level: s for s in rnd.standard_rows.all()}
    for level in rules.LEVEL_CODES:
        if level not in standards or standards[level] in (None, ""):
            if level in existing:
                if rnd.applications.filter(level=level).exists():
                    raise AidError(_("A level with applications keeps its standard."))
                existing[level].delete()
            continue
        amount = _money(standards[level])
        row = existing.get(level) or RoundStandard(round=rnd, level=level)
        row.amount = amount
        row.save()


@transaction.atomic
def round_update(*, actor, rnd: AidRound, data: dict) -> AidRound:
    for field in ("name", "opens_on", "closes_on", "standards_source", "note", "year"):
        if field in data:
            setattr(rnd, field, data[field])
    if rnd.closes_on < rnd.opens_on:
        raise AidError(_("The application window closes before it opens."))
    if not (rnd.standards_source or "").strip():
        raise AidError(_("Name the source of the amounts."))
    if AidRound.objects.filter(org=rnd.org, name=rnd.name).exclude(pk=rnd.pk).exists():
        raise AidError(_("This union already has a round named %(name)s.") % {"name": rnd.name})
    rnd.save()
    if "standards" in data:
        _set_standards(rnd, data["standards"])
    return rnd


# -- 金秋助学: applications --------------------------------------------------------------------


@transaction.atomic
def application_create(
    *, actor, rnd: AidRound, member: Member, data: dict, proof, today: dt.date | None = None
) -> Application:
    """Register an application; the admission proof is required."""
    _member_of(rnd.org, member)
    today = today or dt.date.today()
    if not rnd.is_open(today):
        raise AidError(
            _("Applications to %(round)s are accepted from %(start)s to %(end)s.")
            % {"round": rnd.name, "start": rnd.opens_on, "end": rnd.closes_on}
        )
    level = data.get("level")
    if level not in rnd.standards():
        raise AidError(_("This round has no standard for that school level."))
    child = "".join((data.get("child_name") or "").split())
    if not child:
        raise AidError(_("Enter the child's name."))
    if not (data.get("school") or "").strip():
        raise AidError(_("Enter the school."))
    if Application.objects.filter(round=rnd, member=member, child_name=child).exists():
        raise AidError(
            _("%(child)s already has an application in %(round)s.")
            % {"child": child, "round": rnd.name}
        )
    if proof is None:
        raise AidError(_("Attach the admission proof (PDF, JPG or PNG)."))
    check_file(proof)
    size = int(data.get("household_size") or 1)
    if size < 1:
        raise AidError(_("The household has at least one person."))
    app = Application(
        round=rnd,
        member=member,
        child_name=child[:50],
        school=data["school"].strip()[:100],
        level=level,
        enrolled_on=data.get("enrolled_on"),
        household_size=size,
        income_per_head=_money(data.get("income_per_head", 0), positive=False),
        hardship_file=bool(data.get("hardship_file")) or has_hardship_file(member),
        proof_name=(proof.name or "")[:200],
        file_token=secrets.token_hex(16),
        created_by=_user(actor),
    )
    app.proof.save(proof.name, proof, save=False)
    try:
        with transaction.atomic():
            app.save()
    except IntegrityError:
        raise AidError(
            _("%(child)s already has an application in %(round)s.")
            % {"child": child, "round": rnd.name}
        ) from None
    return app


def has_hardship_file(member: Member) -> bool:
    """Whether the welfare module holds the member's hardship file (困难职工档案) in the
    "on file" state. The cadre's tick counts as well; this only fills it in."""
    from django.apps import apps

    try:
        model = apps.get_model("welfare", "HardshipFile")
    except LookupError:
        return False
    fields = {f.name for f in model._meta.get_fields()}
    if "member" not in fields:
        return False
    qs = model._base_manager.filter(member=member)
    if "state" in fields:
        qs = qs.filter(state="active")
    try:
        return qs.exists()
    except Exception:  # noqa: BLE001 - a module in progress must not break aid
        return False


def _lock_application(app: Application) -> Application:
    locked = Application._base_manager.select_for_update().get(pk=app.pk)
    locked.round = app.round
    return locked


@transaction.atomic
def application_decide(
    *,
    actor,
    application: Application,
    approve: bool,
    reason: str = "",
    amount: Decimal | None = None,
    date: dt.date | None = None,
) -> Application:
    """审核: approve (at most the round's standard for the level) or refuse with a reason."""
    app = _lock_application(application)
    if app.state not in (ApplicationState.APPLIED, ApplicationState.REVERSED):
        raise AidError(_("This application has already been decided."))
    reason = (reason or "").strip()
    if approve:
        standard = app.round.standards().get(app.level)
        if standard is None:
            raise AidError(_("This round has no standard for that school level."))
        amount = standard if amount in (None, "") else _money(amount)
        if amount > standard:
            raise AidError(
                _("The amount cannot exceed the round's standard of %(standard)s yuan.")
                % {"standard": standard}
            )
        app.state, app.amount = ApplicationState.APPROVED, amount
    else:
        if not reason:
            raise AidError(_("Give the reason for not approving."))
        app.state, app.amount = ApplicationState.REJECTED, None
    app.decision_reason = reason
    app.decided_by, app.decided_on = _user(actor), date or dt.date.today()
    app.save()
    application.__dict__.update(app.__dict__)
    return app


@transaction.atomic
def application_pay(
    *,
    actor,
    application: Application,
    fund,
    date: dt.date | None = None,
    override_reason: str = "",
) -> Payment:
    """发放: pay the approved amount out of `fund` (a fund of the same union). Beyond its
    line of the budget or above a spending rule (the books' checks) it is refused, field
    `override_reason`, unless `override_reason` says why it goes ahead."""
    app = _lock_application(application)
    if app.state != ApplicationState.APPROVED:
        raise AidError(_("Only an approved application can be paid."))
    date = date or dt.date.today()
    voucher = _payout(
        actor=actor,
        org=app.round.org,
        fund=fund,
        date=date,
        # The books are read more widely than aid files (finance, auditors, the upper
        # union): the voucher names the payee and the application, never the child or
        # the school.
        summary=f"{app.round.name}补助（申请第{app.pk}号）",
        source=books.APPLICATION,
        source_id=str(app.pk),
        items=[Item(mapping.expense_account(books.APPLICATION), app.amount, payee=app.member.name)],
        override_reason=override_reason,
    )
    payment = Payment(
        org=app.round.org,
        application=app,
        amount=app.amount,
        paid_on=date,
        paid_by=_user(actor),
    )
    payment.save()
    payment._booking = _booked(voucher, fund)
    app.state = ApplicationState.PAID
    app.save()
    application.__dict__.update(app.__dict__)
    return payment


# -- payments and their reversal ----------------------------------------------------------------


def _check_fund(org: Organisation, fund) -> None:
    if fund is None:
        raise AidError(_("Choose the fund to pay from."))
    if fund.org_id != org.pk:
        raise AidError(_("Choose one of this union's own funds."))
    if not fund.is_active:
        raise AidError(_("The fund “%(fund)s” is closed.") % {"fund": fund.name})


def _booked(voucher, fund) -> books.Booking:
    """What `booking` reads back for a voucher just written (no query)."""
    return books.Booking(
        number=voucher.number,
        state=voucher.state,
        state_label=str(voucher.get_state_display()),
        fund_id=fund.pk,
        fund_name=fund.name,
    )


REASON = "override_reason"


def _books(post, **kwargs):
    """A posting of aid's money; the books' refusal becomes aid's (the same message). A
    concern of the books' checks keeps its field, so the doors ask for the reason."""
    try:
        return post(**kwargs)
    except (FinanceError, FundError) as exc:
        raise AidError(str(exc), field=REASON if exc.field == REASON else None) from None


def _payout(
    *, actor, org, fund, date, summary, source, source_id, items: list[Item], override_reason=""
):
    _check_fund(org, fund)
    return _books(
        posting.payout_post,
        actor=actor,
        org=org,
        source=source,
        source_id=source_id,
        date=date,
        summary=summary[:200],
        fund=fund,
        items=items,
        override_reason=override_reason,
    )


@transaction.atomic
def payment_reverse(
    *, actor, payment: Payment, reason: str, date: dt.date | None = None
) -> Payment:
    """冲正: a 红字 voucher reversing the payout's; the payment and both vouchers are kept.
    The application or claim goes to "payment reversed", from where it is decided again
    (and paid again). Without a date, today (or the payment's date if that is later)."""
    reason = (reason or "").strip()
    if not reason:
        raise AidError(_("Give the reason for the reversal."))
    locked = Payment._base_manager.select_for_update().get(pk=payment.pk)
    if locked.reversed:
        raise AidError(_("This payment has already been reversed."))
    target = locked.application or locked.claim
    target = type(target)._base_manager.select_for_update().get(pk=target.pk)
    date = date or max(dt.date.today(), locked.paid_on)
    source, source_id = locked.source
    red = _books(
        posting.posting_reverse,
        actor=actor,
        org=locked.org,
        source=source,
        source_id=source_id,
        date=date,
        # The voucher's summary has room for 120 characters of it; the payment keeps all.
        reason=reason[:120],
    )
    locked.reversed_on, locked.reversal_reason = red.date, reason
    locked.save()
    target.state = "reversed"
    target.save()
    payment.__dict__.update(locked.__dict__)
    payment.__dict__.pop("_booking", None)
    return locked


# -- 医疗互助: schemes and enrolment ------------------------------------------------------------


@transaction.atomic
def scheme_create(
    *,
    actor,
    org: Organisation,
    year: int,
    fund,
    name: str = "",
    contribution: Decimal = rules.DEFAULT_CONTRIBUTION,
    medical_rules: rules.MedicalRules = rules.DEFAULT_MEDICAL,
    rules_source: str = "",
) -> Scheme:
    union = aid_union(org)
    _check_fund(union, fund)
    if Scheme.objects.filter(org=union, year=year).exists():
        raise AidError(_("This union already has a scheme for %(year)s.") % {"year": year})
    scheme = Scheme(
        org=union,
        year=year,
        name=(name or f"{year}年职工医疗互助").strip()[:100],
        contribution=_money(contribution),
        rules_source=(rules_source or rules.DEFAULT_MEDICAL_SOURCE).strip(),
        fund=fund,
        created_by=_user(actor),
    )
    try:
        scheme.set_rules(medical_rules)
    except rules.RuleError as exc:
        raise AidError(str(exc)) from None
    scheme.save()
    # The scheme's money is 专项 and kept apart as a project of the books from the start.
    _books(books.scheme_project, actor=actor, scheme=scheme)
    return scheme


@transaction.atomic
def scheme_update(*, actor, scheme: Scheme, data: dict) -> Scheme:
    """Edit the name, source and rules. The contribution and fund are fixed once members are
    enrolled; decided claims keep the payout computed when they were approved."""
    enrolled = scheme.enrolments.exists()
    if "contribution" in data and _money(data["contribution"]) != scheme.contribution and enrolled:
        raise AidError(_("The contribution cannot change once members are enrolled."))
    if "fund" in data and data["fund"] != scheme.fund and enrolled:
        raise AidError(_("The fund cannot change once members are enrolled."))
    if "fund" in data:
        _check_fund(scheme.org, data["fund"])
        scheme.fund = data["fund"]
    if "contribution" in data:
        scheme.contribution = _money(data["contribution"])
    for field in ("name", "rules_source"):
        if field in data:
            setattr(scheme, field, (data[field] or "").strip())
    if not scheme.rules_source:
        raise AidError(_("Name where the rules come from."))
    if "rules" in data:
        try:
            scheme.set_rules(data["rules"])
        except rules.RuleError as exc:
            raise AidError(str(exc)) from None
    scheme.save()
    return scheme


def _scheme_items(*, actor, scheme: Scheme, source: str, amounts) -> list[Item]:
    """医疗互助 items: on the source's account, 专项, on the scheme's project (design §7
    Q6), for a payout of a claim (`books.CLAIM`) or contributions (`books.ENROLMENT`);
    `amounts` are (amount, payee, part) triples."""
    if source == books.CLAIM:
        account = mapping.expense_account(source)
    else:
        account = mapping.income_account(source)
    restricted = mapping.is_restricted(source)
    project = _books(books.scheme_project, actor=actor, scheme=scheme)
    return [
        Item(account, amount, restricted=restricted, project=project, payee=payee, part=part)
        for amount, payee, part in amounts
    ]


def _income(*, actor, scheme: Scheme, date, summary: str, source_id: str, members, parts: bool):
    """One receipt voucher into the scheme's fund for the contributions of `members`; with
    `parts`, a part per member so that one contribution can be reversed alone."""
    _check_fund(scheme.org, scheme.fund)
    items = _scheme_items(
        actor=actor,
        scheme=scheme,
        source=books.ENROLMENT,
        amounts=[(scheme.contribution, m.name, str(m.pk) if parts else "") for m in members],
    )
    return _books(
        posting.receipt_post,
        actor=actor,
        org=scheme.org,
        source=books.ENROLMENT,
        source_id=source_id,
        date=date,
        summary=summary[:200],
        fund=scheme.fund,
        items=items,
    )


@transaction.atomic
def enrolment_create(
    *, actor, scheme: Scheme, member: Member, date: dt.date | None = None
) -> Enrolment:
    """Enrol one member; the contribution goes into the scheme's medical aid fund."""
    _member_of(scheme.org, member)
    Scheme._base_manager.select_for_update().get(pk=scheme.pk)
    if Enrolment.objects.filter(scheme=scheme, member=member).exists():
        raise AidError(_("%(name)s is already enrolled.") % {"name": member.name})
    date = date or dt.date.today()
    voucher = _income(
        actor=actor,
        scheme=scheme,
        date=date,
        summary=f"{scheme.name}会员互助金：{member.name}",
        source_id=books.enrolment_source_id(scheme.pk, member.pk),
        members=[member],
        parts=False,
    )
    enrolment = Enrolment(
        scheme=scheme,
        member=member,
        contribution=scheme.contribution,
        paid_on=date,
        created_by=_user(actor),
    )
    enrolment.save()
    enrolment._booking = _booked(voucher, scheme.fund)
    return enrolment


def enrolment_candidates(scheme: Scheme):
    """Members on the union's roll who are not in the scheme yet."""
    return (
        Member.objects.filter(org__path__startswith=scheme.org.path, status__in=ON_ROLL)
        .exclude(pk__in=Enrolment.objects.filter(scheme=scheme).values("member_id"))
        .order_by("name_pinyin", "id")
    )


@transaction.atomic
def enrolment_bulk(
    *, actor, scheme: Scheme, members=None, date: dt.date | None = None
) -> list[Enrolment]:
    """Enrol many members at once (the whole roll by default): one receipt voucher for the
    total, as when contributions are deducted from one month's payroll, with a part per
    member."""
    Scheme._base_manager.select_for_update().get(pk=scheme.pk)
    candidates = enrolment_candidates(scheme)
    if members is not None:
        ids = [m.pk for m in members]
        chosen = list(candidates.filter(pk__in=ids).select_related("org"))
        missing = set(ids) - {m.pk for m in chosen}
        if missing:
            raise AidError(_("Some of the chosen members are already enrolled or not on the roll."))
    else:
        chosen = list(candidates)
    if not chosen:
        raise AidError(_("Nobody left to enrol."))
    date = date or dt.date.today()
    voucher = _income(
        actor=actor,
        scheme=scheme,
        date=date,
        summary=f"{scheme.name}会员互助金：{len(chosen)}人×{scheme.contribution}元",
        source_id=f"{scheme.pk}:bulk:{chosen[0].pk}-{len(chosen)}",
        members=chosen,
        parts=True,
    )
    rows = audited_bulk_create(
        Enrolment,
        [
            Enrolment(
                scheme=scheme,
                member=m,
                contribution=scheme.contribution,
                paid_on=date,
                created_by=_user(actor),
            )
            for m in chosen
        ],
    )
    booked = _booked(voucher, scheme.fund)
    for row in rows:
        row._booking = booked
    return rows


# -- 医疗互助: claims -----------------------------------------------------------------------------


@transaction.atomic
def claim_create(
    *,
    actor,
    scheme: Scheme,
    member: Member,
    hospital: str,
    admitted_on: dt.date,
    discharged_on: dt.date,
    bills=(),
) -> Claim:
    """提交: a claim of an enrolled member, with its bills (dicts of category, total,
    eligible, note and an optional file)."""
    enrolment = Enrolment.objects.filter(scheme=scheme, member=member).first()
    if enrolment is None:
        raise AidError(
            _("%(name)s is not enrolled in %(scheme)s.")
            % {"name": member.name, "scheme": scheme.name}
        )
    if not (hospital or "").strip():
        raise AidError(_("Enter the hospital."))
    if discharged_on < admitted_on:
        raise AidError(_("The discharge date is before the admission date."))
    if discharged_on.year != scheme.year:
        raise AidError(
            _("The scheme of %(year)s covers stays that end in %(year)s.") % {"year": scheme.year}
        )
    claim = Claim(
        scheme=scheme,
        enrolment=enrolment,
        hospital=hospital.strip()[:100],
        admitted_on=admitted_on,
        discharged_on=discharged_on,
        created_by=_user(actor),
    )
    claim.save()
    for bill in bills:
        bill_add(actor=actor, claim=claim, **bill)
    return claim


_EDITABLE = (ClaimState.SUBMITTED, ClaimState.REVIEWING)


@transaction.atomic
def bill_add(
    *, actor, claim: Claim, category: str, total, eligible, note: str = "", file=None
) -> ClaimBill:
    if claim.state not in _EDITABLE:
        raise AidError(_("Bills can only be added before the claim is decided."))
    if category not in rules.BILL_CATEGORY_CODES:
        raise AidError(_("Choose the bill's category."))
    total, eligible = _money(total), _money(eligible, positive=False)
    if eligible > total:
        raise AidError(_("The eligible amount cannot exceed the bill's total."))
    bill = ClaimBill(
        claim=claim,
        category=category,
        total=total,
        eligible=eligible,
        note=(note or "").strip()[:200],
        file_token=secrets.token_hex(16),
    )
    if file is not None:
        check_file(file)
        bill.file_name = (file.name or "")[:200]
        bill.file.save(file.name, file, save=False)
    bill.save()
    return bill


@transaction.atomic
def bill_remove(*, actor, bill: ClaimBill) -> None:
    if bill.claim.state not in _EDITABLE:
        raise AidError(_("Bills can only be removed before the claim is decided."))
    bill.delete()


def paid_before(claim: Claim) -> Decimal:
    """This year's payouts of the member's other claims that hold part of the yearly cap."""
    payouts = (
        Claim._base_manager.filter(enrolment_id=claim.enrolment_id, state__in=CAP_STATES)
        .exclude(pk=claim.pk)
        .values_list("payout", flat=True)
    )
    return sum(payouts, rules.ZERO)


def claim_quote(claim: Claim) -> rules.Payout:
    """The payout the scheme's rules give this claim now (nothing is stored)."""
    bills = [rules.BillLine(b.category, b.total, b.eligible) for b in claim.bills.all()]
    return rules.compute_payout(claim.scheme.rules, bills, paid_before=paid_before(claim))


def _lock_claim(claim: Claim) -> Claim:
    locked = Claim._base_manager.select_for_update().get(pk=claim.pk)
    locked.scheme = claim.scheme
    return locked


@transaction.atomic
def claim_review(*, actor, claim: Claim) -> Claim:
    """审核: a cadre takes the claim up (bills can still be corrected)."""
    locked = _lock_claim(claim)
    if locked.state not in (ClaimState.SUBMITTED, ClaimState.REVERSED):
        raise AidError(_("Only a submitted claim can be taken up for review."))
    locked.state = ClaimState.REVIEWING
    locked.save()
    claim.__dict__.update(locked.__dict__)
    return locked


@transaction.atomic
def claim_decide(
    *, actor, claim: Claim, approve: bool, reason: str = "", date: dt.date | None = None
) -> Claim:
    """核准 with the payout the rules give (snapshotted), or 拒绝 with a reason."""
    # The enrolment is locked so two claims of one member cannot both take the last of the
    # yearly cap.
    Enrolment._base_manager.select_for_update().get(pk=claim.enrolment_id)
    locked = _lock_claim(claim)
    if locked.state != ClaimState.REVIEWING:
        raise AidError(_("Take the claim up for review before deciding it."))
    reason = (reason or "").strip()
    if approve:
        if not locked.bills.exists():
            raise AidError(_("The claim has no bills."))
        try:
            quote = claim_quote(locked)
        except rules.RuleError as exc:
            raise AidError(str(exc)) from None
        if quote.payout <= 0:
            raise AidError(
                _("By the scheme's rules this claim pays nothing; reject it with the reason.")
            )
        locked.state = ClaimState.APPROVED
        locked.counted_amount, locked.payout = quote.counted, quote.payout
        locked.breakdown = quote.breakdown()
    else:
        if not reason:
            raise AidError(_("Give the reason for the rejection."))
        locked.state, locked.payout = ClaimState.REJECTED, None
    locked.decision_reason = reason
    locked.decided_by, locked.decided_on = _user(actor), date or dt.date.today()
    locked.save()
    claim.__dict__.update(locked.__dict__)
    return locked


@transaction.atomic
def claim_pay(
    *, actor, claim: Claim, date: dt.date | None = None, override_reason: str = ""
) -> Payment:
    """已赔付: pay the approved payout out of the scheme's medical aid fund; a concern of
    the books' checks needs `override_reason`, as for application_pay."""
    locked = _lock_claim(claim)
    if locked.state != ClaimState.APPROVED:
        raise AidError(_("Only an approved claim can be paid."))
    # The scheme's row is locked before the fund's (as enrolment does): its project is
    # created once.
    scheme = Scheme._base_manager.select_for_update().get(pk=locked.scheme_id)
    member = locked.enrolment.member
    date = date or dt.date.today()
    voucher = _payout(
        actor=actor,
        org=scheme.org,
        fund=scheme.fund,
        date=date,
        # Hospital and dates are health data: the voucher names only the claim.
        summary=f"{scheme.name}赔付（理赔第{locked.pk}号）",
        source=books.CLAIM,
        source_id=str(locked.pk),
        items=_scheme_items(
            actor=actor,
            scheme=scheme,
            source=books.CLAIM,
            amounts=[(locked.payout, member.name, "")],
        ),
        override_reason=override_reason,
    )
    payment = Payment(
        org=scheme.org,
        claim=locked,
        amount=locked.payout,
        paid_on=date,
        paid_by=_user(actor),
    )
    payment.save()
    payment._booking = _booked(voucher, scheme.fund)
    locked.state = ClaimState.PAID
    locked.save()
    claim.__dict__.update(locked.__dict__)
    return payment


# -- what is read out: scans and reports, each reading logged -----------------------------------


def scan_open(*, actor, record: Application | ClaimBill) -> tuple[str, bytes, str] | None:
    """A stored scan (an application's admission proof, a bill) to download: its file name,
    content and media type; None when none was attached. Who opened a personal document is
    on the record."""
    if isinstance(record, Application):
        field, name = record.proof, record.proof_name
    else:
        field, name = record.file, record.file_name
    if not field:
        return None
    ext = field.name.rsplit(".", 1)[-1].lower()
    audit.record(record.audit_action("file_viewed"), obj=record)
    # Scans are at most MAX_FILE_BYTES: read whole.
    with field.open("rb") as fh:
        content = fh.read()
    return name or f"file.{ext}", content, CONTENT_TYPES.get(ext, "application/octet-stream")


REPORTS = {"education": EducationReportExport, "medical": MedicalReportExport}


def report_export(*, actor, org: Organisation, year: int, programme: str) -> tuple[str, bytes]:
    """The year's report of a programme ("education" or "medical") as a workbook: its file
    name and content. The export is logged with the number of rows."""
    exporter = REPORTS[programme](user=actor, org=org, options={"year": year})
    out = io.BytesIO()
    count = exporter.write_xlsx(out)
    audit.record(f"aid.{exporter.identifier}.exported", org=org, changes={"rows": [None, count]})
    return f"{org.name}{year}年{exporter.name}.xlsx", out.getvalue()
