"""Workflows of rationalisation proposals: a member submits from the phone, the committee
takes it up or not, sends it to a department (whose person answers through a link),
reviewers score it, the committee decides, follows the implementation, verifies the
value created and records the reward, paid through the books (50301), then closes it
with feedback. Each function is atomic and audited through the models; each refusal is
an IdeaError with a message for the person.

Self-service (`idea_submit`) checks that the acting user IS the proposer: every member
holds "ideas.idea:submit", so the permission alone proves nothing about the record.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.core.errors import DomainError
from gonghui.core.scoping import locked, scope
from gonghui.core.validators import date_problem
from gonghui.members.models import ON_ROLL, Member
from gonghui.orgs.models import Organisation

from . import rules
from .models import (
    Category,
    DepartmentRequest,
    Drive,
    Idea,
    IdeaFile,
    Review,
    Reward,
    Status,
)

BOOKS_SOURCE = "ideas.reward"  # finance.SourcePosting.source of a reward's payout
MAX_FILES = 6
FILE_MAX_BYTES = 10 * 1024 * 1024
# Extension → (content type, the first bytes such a file starts with).
FILE_TYPES = {
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "pdf": ("application/pdf", (b"%PDF-",)),
}


class IdeaError(DomainError):
    """A rationalisation-proposal workflow was refused; the message is for the person."""


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _text(value, *, field: str, message: str, limit: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise IdeaError(message, field=field)
    return value[:limit] if limit else value


def union_of(org: Organisation) -> Organisation:
    union = org.union()
    if union is None:
        raise IdeaError(_("Rationalisation proposals are handled by a grassroots union."))
    return union


def _status(idea: Idea, *allowed: str, message: str) -> Idea:
    """The idea read again under a row lock, refused unless in one of `allowed`."""
    fresh = locked(idea)
    if fresh.status not in allowed:
        raise IdeaError(message)
    return fresh


def _copy(src: Idea, dst: Idea) -> Idea:
    """The caller's copy follows the saved record."""
    for field in src._meta.concrete_fields:
        setattr(dst, field.attname, getattr(src, field.attname))
    dst._audit_before = src._audit_before
    return dst


# -- drives ------------------------------------------------------------------------------


DRIVE_FIELDS = ("title", "theme", "starts_on", "ends_on")


def _check_drive(drive: Drive) -> None:
    if not (drive.title or "").strip():
        raise IdeaError(_("Give the drive a title."), field="title")
    for name in ("starts_on", "ends_on"):
        value = getattr(drive, name)
        if value is None:
            raise IdeaError(_("Give the dates of the drive."), field=name)
        if problem := date_problem(value):
            raise IdeaError(problem, field=name)
    if drive.ends_on < drive.starts_on:
        raise IdeaError(_("The drive must end after it starts."), field="ends_on")


@transaction.atomic
def drive_create(*, actor, org: Organisation, data: dict) -> Drive:
    drive = Drive(org=union_of(org), **{k: data.get(k) for k in DRIVE_FIELDS})
    drive.title = (drive.title or "").strip()[:200]
    drive.theme = (drive.theme or "").strip()
    _check_drive(drive)
    drive.save()
    return drive


@transaction.atomic
def drive_update(*, actor, drive: Drive, data: dict) -> Drive:
    for key in DRIVE_FIELDS:
        if key in data and data[key] is not None:
            setattr(drive, key, data[key].strip() if isinstance(data[key], str) else data[key])
    _check_drive(drive)
    drive.save()
    return drive


def open_drive(union: Organisation, day: dt.date) -> Drive | None:
    return (
        Drive.objects.filter(org=union, starts_on__lte=day, ends_on__gte=day)
        .order_by("-starts_on", "-id")
        .first()
    )


# -- files -------------------------------------------------------------------------------


def check_upload(upload) -> str:
    """The file's content type, known from its first bytes (a renamed file is refused);
    an image must also open as one."""
    name = (getattr(upload, "name", "") or "").strip()
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in FILE_TYPES:
        raise IdeaError(
            _("%(name)s: only photos (JPG, PNG) and PDF files are accepted.") % {"name": name},
            field="files",
        )
    if not upload.size:
        raise IdeaError(_("%(name)s is empty.") % {"name": name}, field="files")
    if upload.size > FILE_MAX_BYTES:
        raise IdeaError(
            _("%(name)s is larger than %(mb)s MB.")
            % {"name": name, "mb": FILE_MAX_BYTES // (1024 * 1024)},
            field="files",
        )
    content_type, magics = FILE_TYPES[ext]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(m) for m in magics):
        raise IdeaError(
            _("%(name)s is not a real %(ext)s file.") % {"name": name, "ext": ext.upper()},
            field="files",
        )
    if content_type.startswith("image/"):
        from PIL import Image

        try:
            with Image.open(upload) as img:
                img.verify()
        except Exception:  # noqa: BLE001 - any failure means "not an image"
            raise IdeaError(
                _("%(name)s is not a readable image.") % {"name": name}, field="files"
            ) from None
        finally:
            upload.seek(0)
    return content_type


def _attach(*, actor, idea: Idea, upload) -> IdeaFile:
    content_type = check_upload(upload)
    item = IdeaFile(
        idea=idea,
        name=(upload.name or "")[:200],
        size=upload.size,
        content_type=content_type,
        uploaded_by=_user(actor),
    )
    item.token = secrets.token_hex(16)  # the stored file name is made from it
    item.file.save(upload.name, upload, save=False)
    item.save()
    return item


@transaction.atomic
def file_add(*, actor, idea: Idea, upload) -> IdeaFile:
    """A photo or document added by the committee (a measurement, the department's note)."""
    if IdeaFile.objects.filter(idea=idea).count() >= MAX_FILES * 2:
        raise IdeaError(_("This idea has as many files as it can hold."), field="file")
    return _attach(actor=actor, idea=idea, upload=upload)


# -- submitting --------------------------------------------------------------------------

IDEA_FIELDS = ("title", "text", "expected_benefit", "category", "team")


def _clean(data: dict) -> dict:
    out = {
        "title": _text(
            data.get("title"), field="title", message=_("Give the idea a title."), limit=200
        ),
        "text": _text(
            data.get("text"),
            field="text",
            message=_("Say what you saw and what you suggest."),
        ),
        "expected_benefit": (data.get("expected_benefit") or "").strip(),
        "team": (data.get("team") or "").strip()[:100],
        "category": data.get("category") or Category.OTHER,
    }
    if out["category"] not in Category.values:
        raise IdeaError(_("Choose a category from the list."), field="category")
    return out


def _number(union: Organisation, year: int) -> int:
    # Locked so that two ideas of one union and year never get the same number.
    Organisation._base_manager.select_for_update().filter(pk=union.pk).first()
    last = Idea._base_manager.filter(org=union, year=year).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


def _create(
    *, actor, proposer: Member, data: dict, co_proposers, uploads, entered_by=None, at=None
) -> Idea:
    if proposer.status not in ON_ROLL:
        raise IdeaError(_("%(name)s is not on the roll of members.") % {"name": proposer.name})
    union = union_of(proposer.org)
    fields = _clean(data)
    uploads = list(uploads or [])
    if len(uploads) > MAX_FILES:
        raise IdeaError(
            _("At most %(n)s photos or files per idea.") % {"n": MAX_FILES}, field="files"
        )
    others = {m.pk: m for m in co_proposers or [] if m.pk != proposer.pk}
    for m in others.values():
        if not m.org.path.startswith(union.path) or m.status not in ON_ROLL:
            raise IdeaError(
                _("%(name)s is not a member of this union.") % {"name": m.name},
                field="co_proposers",
            )
    now = at or timezone.now()
    day = timezone.localtime(now).date()
    with scope(union):
        idea = Idea(
            org=union,
            year=day.year,
            number=_number(union, day.year),
            proposer=proposer,
            submitted_at=now,
            entered_by=entered_by,
            drive=open_drive(union, day),
            **fields,
        )
        idea.save()
        if others:
            idea.co_proposers.set(list(others.values()))
            audit.record(
                "ideas.idea.co_proposers_set",
                obj=idea,
                note="、".join(m.name for m in others.values()),
            )
        for upload in uploads:
            _attach(actor=actor, idea=idea, upload=upload)
    return idea


@transaction.atomic
def idea_submit(*, actor, member: Member, data: dict, co_proposers=(), uploads=()) -> Idea:
    """A member submits an idea (alone, or for a team with co-proposers), with photos."""
    if member.user_id is None or member.user_id != getattr(actor, "pk", None):
        raise IdeaError(_("Only the member themself submits their idea."))
    return _create(
        actor=actor, proposer=member, data=data, co_proposers=co_proposers, uploads=uploads
    )


def co_proposers(member: Member, ids) -> list[Member]:
    """The members of `member`'s union of these ids (a client names them by id)."""
    union = union_of(member.org)
    with scope(union):
        found = Member.objects.filter(org__path__startswith=union.path, status__in=ON_ROLL).in_bulk(
            list(ids)
        )
    unknown = [str(pk) for pk in ids if pk not in found]
    if unknown:
        raise IdeaError(
            _("Not a member of this union: %s") % ", ".join(unknown), field="co_proposer_ids"
        )
    return list(found.values())


@transaction.atomic
def idea_enter(
    *,
    actor,
    org: Organisation,
    proposer: Member,
    data: dict,
    co_proposers=(),
    uploads=(),
    handed_in: dt.date | None = None,
) -> Idea:
    """An idea handed in on paper (or in the suggestion box), entered by the committee;
    `handed_in` is the day it was handed in (today by default, never ahead, this year)."""
    union = union_of(org)
    at = None
    if handed_in is not None:
        today = timezone.localdate()
        if handed_in > today or handed_in.year != today.year:
            raise IdeaError(
                _("An idea handed in this year, up to today, is entered."), field="handed_in"
            )
        at = timezone.make_aware(dt.datetime.combine(handed_in, dt.time(9, 0)))
    if not proposer.org.path.startswith(union.path):
        raise IdeaError(
            _("%(name)s is not a member of this union.") % {"name": proposer.name},
            field="proposer",
        )
    return _create(
        actor=actor,
        proposer=proposer,
        data=data,
        co_proposers=co_proposers,
        uploads=uploads,
        entered_by=_user(actor),
        at=at,
    )


# -- the committee's cycle ---------------------------------------------------------------


@transaction.atomic
def idea_accept(*, actor, idea: Idea, note: str = "") -> Idea:
    """立项/初审: the committee takes the idea up."""
    fresh = _status(idea, Status.SUBMITTED, message=_("Only a submitted idea is screened."))
    fresh.status = Status.ACCEPTED
    fresh.screen_note = (note or "").strip()
    fresh.screened_at = timezone.now()
    fresh.save()
    return _copy(fresh, idea)


@transaction.atomic
def idea_decline(*, actor, idea: Idea, reason: str) -> Idea:
    """初审未通过: not taken up, with the reason the proposer reads."""
    reason = _text(reason, field="reason", message=_("Give the reason: the proposer reads it."))
    fresh = _status(idea, Status.SUBMITTED, message=_("Only a submitted idea is screened."))
    fresh.status = Status.NOT_ACCEPTED
    fresh.screen_note = reason
    fresh.screened_at = timezone.now()
    fresh.save()
    return _copy(fresh, idea)


@transaction.atomic
def idea_send(
    *,
    actor,
    idea: Idea,
    department: str,
    deadline: dt.date | None = None,
    contact: str = "",
) -> DepartmentRequest:
    """转办: the idea goes to the responsible department with a deadline; the answer comes
    back through the request's link. Sending again (another department, a new deadline)
    withdraws the earlier link."""
    department = _text(
        department,
        field="department",
        message=_("Name the responsible department."),
        limit=100,
    )
    today = timezone.localdate()
    deadline = deadline or rules.default_deadline(today)
    if deadline < today:
        raise IdeaError(_("The deadline cannot be in the past."), field="deadline")
    if problem := date_problem(deadline):
        raise IdeaError(problem, field="deadline")
    fresh = _status(
        idea,
        Status.ACCEPTED,
        Status.SENT,
        message=_("An idea is sent to a department once it is taken up."),
    )
    now = timezone.now()
    for old in DepartmentRequest.objects.filter(idea=fresh, revoked_at__isnull=True):
        if old.answered_at is None:
            old.revoked_at = now
            old.save()
    request = DepartmentRequest.objects.create(
        idea=fresh,
        department=department,
        contact=(contact or "").strip()[:50],
        deadline=deadline,
        expires_on=rules.link_expiry(deadline),
        sent_by=_user(actor),
    )
    fresh.status = Status.SENT
    fresh.department = department
    fresh.deadline = deadline
    fresh.save()
    _copy(fresh, idea)
    return request


@transaction.atomic
def request_withdraw(*, actor, idea: Idea) -> Idea:
    """Withdraw the department's link (sent to the wrong person, passed around): it stops
    working at once and the idea waits to be sent again."""
    fresh = _status(idea, Status.SENT, message=_("Only an idea with a department has a link."))
    for old in DepartmentRequest.objects.filter(
        idea=fresh, revoked_at__isnull=True, answered_at__isnull=True
    ):
        old.revoked_at = timezone.now()
        old.save()
    fresh.status = Status.ACCEPTED
    fresh.deadline = None
    fresh.save()
    return _copy(fresh, idea)


def _record_answer(fresh: Idea, *, answer: str, by: str, request=None) -> Idea:
    now = timezone.now()
    if request is not None:
        request.answer = answer
        request.answered_by = by
        request.answered_at = now
        request.save()
    fresh.answer = answer
    fresh.answered_by = by
    fresh.answered_at = now
    fresh.status = Status.ANSWERED
    fresh.save()
    return fresh


@transaction.atomic
def idea_record_answer(*, actor, idea: Idea, answer: str, answered_by: str = "") -> Idea:
    """The department answered on paper or by phone: the committee records it (the link
    then no longer takes an answer)."""
    answer = _text(answer, field="answer", message=_("Write the department's answer."))
    fresh = _status(idea, Status.SENT, message=_("Only an idea with a department is answered."))
    open_request = (
        DepartmentRequest.objects.filter(
            idea=fresh, revoked_at__isnull=True, answered_at__isnull=True
        )
        .order_by("-id")
        .first()
    )
    _record_answer(
        fresh,
        answer=answer,
        by=(answered_by or "").strip()[:50] or fresh.department,
        request=open_request,
    )
    return _copy(fresh, idea)


def department_request(token: str, *, today: dt.date | None = None) -> DepartmentRequest:
    """The request of a link's token, usable today; IdeaError (one message for every
    kind of dead link) otherwise. Read past the scope: the link is the credential."""
    token = (token or "").strip()
    found = None
    if 20 <= len(token) <= 64:
        found = (
            DepartmentRequest.objects.everywhere(why="a department's link names its request")
            .select_related("idea", "idea__org")
            .filter(token=token)
            .first()
        )
    if found is None:
        raise IdeaError(_("This link is not valid."))
    return found


@transaction.atomic
def department_answer(*, token: str, answer: str, name: str) -> DepartmentRequest:
    """The department's person answers through the link: once, before it expires, while
    the idea is still with them. Audited without a login, with the caller's address."""
    answer = _text(answer, field="answer", message=_("Write your answer."))
    name = _text(name, field="name", message=_("Write your name."), limit=50)
    request = department_request(token)
    # The actor is the request's (no login, its address): the link is on the record.
    with scope(request.idea.org):
        request = DepartmentRequest._base_manager.select_for_update().get(pk=request.pk)
        if request.answered_at is not None:
            raise IdeaError(_("This link has been answered already; thank you."))
        if request.revoked_at is not None:
            raise IdeaError(_("The union has withdrawn this link."))
        if timezone.localdate() > request.expires_on:
            raise IdeaError(_("This link has expired. Please contact the union."))
        idea = locked(request.idea)
        if idea.status != Status.SENT:
            raise IdeaError(_("The union has withdrawn this link."))
        request.idea = idea
        _record_answer(idea, answer=answer, by=name, request=request)
    return request


@transaction.atomic
def review_record(
    *, actor, idea: Idea, scores: dict, recommendation: str = "", note: str = ""
) -> Review:
    """A reviewer's points per criterion (0 to the criterion's maximum) and what they
    recommend; a second call by the same reviewer replaces their review."""
    fresh = _status(
        idea,
        Status.ACCEPTED,
        Status.ANSWERED,
        message=_("Reviews are recorded once the idea is taken up and before the decision."),
    )
    try:
        clean = {k: int(scores.get(k)) for k in rules.CRITERIA_KEYS}
        score = rules.weighted_score(clean)
    except (TypeError, ValueError):
        raise IdeaError(
            _("Give every criterion a score from 0 to %(max)s.")
            % {"max": rules.CRITERIA[0].max_points},
            field="scores",
        ) from None
    if recommendation and recommendation not in dict(rules.OUTCOMES):
        raise IdeaError(_("Choose a recommendation from the list."), field="recommendation")
    if getattr(actor, "pk", None) is None:
        raise IdeaError(_("A review is recorded by a reviewer with a login."))
    review = Review.objects.filter(idea=fresh, reviewer=actor).first() or Review(
        idea=fresh, reviewer=actor
    )
    for key, value in clean.items():
        setattr(review, key, value)
    review.score = score
    review.recommendation = recommendation
    review.note = (note or "").strip()
    review.save()
    return review


@transaction.atomic
def idea_decide(*, actor, idea: Idea, outcome: str, reason: str = "") -> Idea:
    """The outcome of the review: adopt, adopt on trial, keep for later or not adopt; the
    last two with the reason the proposer reads."""
    if outcome not in dict(rules.OUTCOMES):
        raise IdeaError(_("Choose the outcome."), field="outcome")
    reason = (reason or "").strip()
    if outcome in rules.NEEDS_REASON and not reason:
        raise IdeaError(_("Give the reason: the proposer reads it."), field="reason")
    fresh = _status(
        idea,
        Status.ACCEPTED,
        Status.ANSWERED,
        message=_(
            "The outcome is decided once the idea is taken up (and the department has answered)."
        ),
    )
    fresh.outcome = outcome
    fresh.outcome_reason = reason
    fresh.decided_at = timezone.now()
    fresh.status = {
        rules.OUTCOME_LATER: Status.KEPT,
        rules.OUTCOME_REJECT: Status.REJECTED,
    }.get(outcome, Status.ADOPTED)
    fresh.save()
    return _copy(fresh, idea)


@transaction.atomic
def idea_implement(*, actor, idea: Idea, implementation: str) -> Idea:
    implementation = _text(
        implementation, field="implementation", message=_("Describe what is being done.")
    )
    fresh = _status(idea, Status.ADOPTED, message=_("Only an adopted idea is implemented."))
    fresh.implementation = implementation
    fresh.implemented_at = timezone.now()
    fresh.status = Status.IMPLEMENTING
    fresh.save()
    return _copy(fresh, idea)


def _value(value) -> Decimal:
    try:
        value = Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        raise IdeaError(_("Give the value in 10,000 yuan."), field="value_created") from None
    if value < 0 or value >= Decimal("100000000"):
        raise IdeaError(
            _("The value created is from 0 to 99,999,999.99 (10,000 yuan)."),
            field="value_created",
        )
    return value


@transaction.atomic
def idea_verify(*, actor, idea: Idea, value_created, verification: str) -> Idea:
    """验证: the value the implemented idea created (节创价值, 万元), and how it was measured."""
    value = _value(value_created)
    verification = _text(
        verification,
        field="verification",
        message=_("Say how the value was measured and who confirmed it."),
    )
    fresh = _status(
        idea,
        Status.IMPLEMENTING,
        message=_("The value is verified once the idea is being implemented."),
    )
    fresh.value_created = value
    fresh.verification = verification
    fresh.verified_at = timezone.now()
    fresh.status = Status.VERIFIED
    fresh.save()
    return _copy(fresh, idea)


def _payees(idea: Idea) -> str:
    names = [idea.proposer.name, *(m.name for m in idea.co_proposers.all())]
    return "、".join(names)[:200]


@transaction.atomic
def reward_record(
    *,
    actor,
    idea: Idea,
    amount,
    note: str = "",
    awarded_on: dt.date | None = None,
    pay: bool = False,
    fund=None,
    override_reason: str = "",
) -> Reward:
    """The reward of an adopted idea; with `pay`, paid at once through the books."""
    try:
        amount = Decimal(str(amount)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        raise IdeaError(_("Give the amount in yuan."), field="amount") from None
    if amount <= 0 or amount >= Decimal("100000000"):
        raise IdeaError(_("The amount must be more than zero."), field="amount")
    awarded_on = awarded_on or timezone.localdate()
    if problem := date_problem(awarded_on):
        raise IdeaError(problem, field="awarded_on")
    fresh = _status(
        idea,
        Status.ADOPTED,
        Status.IMPLEMENTING,
        Status.VERIFIED,
        message=_("A reward is given to an adopted idea."),
    )
    if Reward.objects.filter(idea=fresh).exists():
        raise IdeaError(_("This idea has its reward already."))
    reward = Reward.objects.create(
        idea=fresh,
        amount=amount,
        payee=_payees(fresh),
        note=(note or "").strip()[:200],
        awarded_on=awarded_on,
    )
    fresh.status = Status.REWARDED
    fresh.save()
    _copy(fresh, idea)
    if pay:
        reward_pay(actor=actor, reward=reward, fund=fund, override_reason=override_reason)
    return reward


@transaction.atomic
def reward_pay(
    *, actor, reward: Reward, date: dt.date | None = None, fund=None, override_reason: str = ""
) -> Reward:
    """Pay the reward through the books: a payout voucher on 50301 (劳动和技能竞赛) in the
    idea's union, handed in for the accountant's review. A concern of the books' checks
    (beyond the budget line, a spending rule) refuses it, field `override_reason`, unless
    the reason to go ahead is given."""
    from gonghui.finance import posting
    from gonghui.finance.services import FinanceError
    from gonghui.funds.models import Fund, FundKind

    reward = locked(reward)
    if reward.paid_on is not None:
        raise IdeaError(_("This reward has been paid already."))
    idea = reward.idea
    union = idea.org
    date = date or timezone.localdate()
    if fund is None:
        funds = list(Fund._base_manager.filter(org=union, kind=FundKind.UNION, is_active=True)[:2])
        fund = funds[0] if len(funds) == 1 else None
    elif fund.org_id != union.pk:
        raise IdeaError(_("The fund belongs to another union."), field="fund")
    try:
        voucher = posting.payout_post(
            actor=actor,
            org=union,
            source=BOOKS_SOURCE,
            source_id=str(reward.pk),
            date=date,
            summary=_("Rationalisation proposal reward: “%(title)s”") % {"title": idea.title},
            fund=fund,
            items=[posting.Item(rules.REWARD_ACCOUNT, reward.amount, payee=reward.payee[:50])],
            override_reason=override_reason,
        )
    except FinanceError as exc:
        if exc.field == "override_reason":
            raise IdeaError(exc.message, field="override_reason") from None
        raise IdeaError(
            _("The books refused the payout: %(reason)s") % {"reason": exc.message},
            field=exc.field if exc.field in ("amount", "fund") else None,
        ) from None
    reward.paid_on = date
    reward.voucher_number = voucher.number[:20]
    reward.save()
    return reward


@transaction.atomic
def idea_close(*, actor, idea: Idea, feedback: str) -> Idea:
    """反馈: the last word to the proposer; the idea is closed."""
    feedback = _text(feedback, field="feedback", message=_("Write the feedback to the proposer."))
    fresh = _status(
        idea,
        Status.KEPT,
        Status.IMPLEMENTING,
        Status.VERIFIED,
        Status.REWARDED,
        message=_("An idea is closed once it is decided (and carried out)."),
    )
    fresh.feedback = feedback
    fresh.closed_at = timezone.now()
    fresh.status = Status.CLOSED
    fresh.save()
    return _copy(fresh, idea)


def record_report_exported(org: Organisation, year: int) -> None:
    """The yearly report lists proposers by name: its export is on the record."""
    audit.record("ideas.idea.report_exported", org=org, note=str(year))
