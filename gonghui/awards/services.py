"""Workflows of awards: a round from its call to its decision, nominations, their review,
the 公示 with its objections, the decision with certificate numbers, and the register of
titles held. Each is atomic, takes the acting user as `actor`, and is audited by the
models (the documents by an explicit entry, in documents.py).

Quotas are checked when the list is put up for 公示 (the list then is the one decided):
the places of the round, the mix quotas of the award (五一劳动奖章: 一线职工 ≥ 20%...), the
required documents; the negative list when a unit is nominated. Each refusal names the
rule and its source.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assignments.services import AssignmentError, check_upload
from gonghui.core.errors import DomainError
from gonghui.core.scoping import locked
from gonghui.core.validators import date_problem
from gonghui.members.models import ON_ROLL, Member
from gonghui.orgs.models import Organisation, OrgKind

from . import rules
from .models import (
    MAX_FILES,
    PHOTO_TYPES,
    AwardRound,
    Decision,
    Nomination,
    NominationFile,
    NominationStatus,
    Objection,
    RoundStatus,
    TitleHeld,
    TitleLevel,
)

ROUND_UNITS = (OrgKind.GRASSROOTS, OrgKind.JOINT, OrgKind.UPPER)
EDITABLE = ("year", "kind", "title", "call_text", "quota", "nomination_deadline", "publicity_days")
STORY_MAX = 5000
ACTIVE = (NominationStatus.SUBMITTED, NominationStatus.SELECTED, NominationStatus.NOT_SELECTED)


class AwardError(DomainError):
    """An awards workflow was refused; the message is for the user."""


def _today() -> dt.date:
    return timezone.localdate()


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _state(round_: AwardRound, *states, message: str) -> None:
    if round_.status not in states:
        raise AwardError(message)


def members_of(org: Organisation):
    """The members on the roll of `org`'s subtree (a group's login reads its union's)."""
    return Member.objects.reaching(org).filter(org__path__startswith=org.path, status__in=ON_ROLL)


# -- rounds ------------------------------------------------------------------------------------


def _apply(round_: AwardRound, data: dict) -> None:
    for name in EDITABLE:
        if name in data and data[name] is not None:
            setattr(round_, name, data[name])
    if round_.kind not in rules.BY_KEY:
        raise AwardError(_("Choose the award."), field="kind")
    round_.title = (round_.title or "").strip()[:150] or f"{round_.year}年度{round_.award.name}评选"
    if not isinstance(round_.year, int) or not 2000 <= round_.year <= 2100:
        raise AwardError(_("Set the year of the award."), field="year")
    if not isinstance(round_.quota, int) or not 1 <= round_.quota <= 500:
        raise AwardError(_("The places are a number from 1 to 500."), field="quota")
    days = round_.publicity_days
    if not isinstance(days, int) or not 1 <= days <= rules.MAX_PUBLICITY_DAYS:
        raise AwardError(
            _("The public notice lasts 1 to %(n)s working days.") % {"n": rules.MAX_PUBLICITY_DAYS},
            field="publicity_days",
        )
    if not isinstance(round_.nomination_deadline, dt.date):
        raise AwardError(_("Set the day nominations close."), field="nomination_deadline")
    if problem := date_problem(round_.nomination_deadline):
        raise AwardError(problem, field="nomination_deadline")
    round_.call_text = (round_.call_text or "").strip()[:5000]


@transaction.atomic
def round_create(*, actor, org: Organisation, data: dict) -> AwardRound:
    """A draft round of `org`; the places default to the award's count or share of members."""
    if org.kind not in ROUND_UNITS:
        raise AwardError(_("Award rounds are run by a union, not by a group or branch."))
    data = {"year": _today().year, **{k: v for k, v in data.items() if v is not None}}
    award = rules.BY_KEY.get(data.get("kind", ""))
    if award is None:
        raise AwardError(_("Choose the award."), field="kind")
    data.setdefault("quota", rules.default_quota(award, members_of(org).count()))
    data.setdefault("publicity_days", award.publicity_days)
    data.setdefault("nomination_deadline", _today() + dt.timedelta(days=14))
    round_ = AwardRound(org=org, created_by=_user(actor))
    _apply(round_, data)
    round_.save()
    return round_


@transaction.atomic
def round_update(*, actor, round: AwardRound, data: dict) -> AwardRound:
    round_ = locked(round)
    _state(round_, RoundStatus.DRAFT, message=_("Only a draft round is changed."))
    _apply(round_, data)
    round_.save()
    return round_


@transaction.atomic
def round_delete(*, actor, round: AwardRound) -> None:
    _state(round, RoundStatus.DRAFT, message=_("Only a draft round is deleted."))
    round.delete()


@transaction.atomic
def round_open(*, actor, round: AwardRound) -> AwardRound:
    """Publish the call: members see it and nominate until the deadline."""
    round_ = locked(round)
    _state(round_, RoundStatus.DRAFT, message=_("This round is already open."))
    if round_.nomination_deadline < _today():
        raise AwardError(
            _("The nomination deadline has passed: set a later one."), field="nomination_deadline"
        )
    round_.status = RoundStatus.OPEN
    round_.save()
    return round_


@transaction.atomic
def round_close_nominations(*, actor, round: AwardRound) -> AwardRound:
    """End the nominations (before or at the deadline) and start the review."""
    round_ = locked(round)
    _state(round_, RoundStatus.OPEN, message=_("Nominations are not open."))
    round_.status = RoundStatus.REVIEW
    round_.save()
    return round_


def _quota_problems(round_: AwardRound, selected: list[Nomination]) -> list[str]:
    award = round_.award
    problems = []
    if len(selected) > round_.quota:
        problems.append(
            _("%(n)s selected for %(places)s places of %(award)s.")
            % {"n": len(selected), "places": round_.quota, "award": award.name}
        )
    people = [n for n in selected if n.nominee_type == rules.Nominee.MEMBER]
    for short in rules.mix_shortfalls(award, [set(n.tags) for n in people]):
        problems.append(
            _(
                "%(award)s: at least %(percent)s%% of the list must be %(tag)s "
                "(%(need)s of %(total)s, now %(have)s). Source: %(source)s."
            )
            % {
                "award": award.name,
                "percent": short.mix.min_percent,
                "tag": rules.Tag(short.mix.tag).label,
                "need": short.need,
                "total": short.total,
                "have": short.have,
                "source": short.mix.source,
            }
        )
    for n in selected:
        have = {f.document for f in n.files.all()}
        missing = [d for d in award.documents if d not in have]
        if missing:
            problems.append(
                _("%(name)s lacks the required documents: %(docs)s. Source: %(source)s.")
                % {"name": n.nominee_name, "docs": "、".join(missing), "source": award.source_text}
            )
    return problems


def quota_problems(round_: AwardRound) -> list[str]:
    """What stops the selected list from going to 公示 (shown on the review page too)."""
    selected = list(
        Nomination.objects.filter(round=round_, status=NominationStatus.SELECTED).prefetch_related(
            "files"
        )
    )
    return _quota_problems(round_, selected)


@transaction.atomic
def round_publicise(*, actor, round: AwardRound, start: dt.date | None = None) -> AwardRound:
    """Put the selected list up for 公示 from `start` (today) for the round's working days;
    its last day is computed with holidays and 调休 (rules.publicity_end)."""
    round_ = locked(round)
    _state(
        round_, RoundStatus.REVIEW, message=_("The list goes up for public notice after review.")
    )
    if Nomination.objects.filter(round=round_, status=NominationStatus.SUBMITTED).exists():
        raise AwardError(_("Review every nomination first: some are still waiting."))
    selected = list(
        Nomination.objects.filter(round=round_, status=NominationStatus.SELECTED).prefetch_related(
            "files"
        )
    )
    if not selected:
        raise AwardError(_("Select at least one nomination for the public notice."))
    problems = _quota_problems(round_, selected)
    if problems:
        raise AwardError(" ".join(problems))
    start = start or _today()
    if problem := date_problem(start):
        raise AwardError(problem, field="start")
    round_.publicity_start = start
    round_.publicity_end = rules.publicity_end(start, round_.publicity_days)
    round_.status = RoundStatus.PUBLICITY
    round_.save()
    return round_


def _next_certificate(org: Organisation, year: int) -> int:
    prefix = f"{org.code}-{year}-"
    taken = (
        Nomination.objects.filter(round__org=org, certificate_no__startswith=prefix)
        .aggregate(top=Max("certificate_no"))
        .get("top")
    )
    return int(taken.rsplit("-", 1)[1]) + 1 if taken else 1


@transaction.atomic
def round_decide(
    *, actor, round: AwardRound, number: str, date: dt.date | None = None, text: str = ""
) -> AwardRound:
    """The decision after the 公示: refused while an objection waits for its answer or
    before the notice is over. Each name on the list is awarded with a certificate number
    (<union>-<year>-001, running through the union's year), and awarded members enter the
    register of titles held."""
    round_ = locked(round)
    _state(round_, RoundStatus.PUBLICITY, message=_("A round is decided after its public notice."))
    waiting = Objection.objects.filter(nomination__round=round_, answered_at__isnull=True).count()
    if waiting:
        raise AwardError(
            _("%(n)s objections are not answered yet: answer them before deciding.")
            % {"n": waiting}
        )
    date = date or _today()
    if round_.publicity_end and date <= round_.publicity_end:
        raise AwardError(
            _("The public notice runs until %(end)s: decide after it.")
            % {"end": round_.publicity_end.isoformat()},
            field="date",
        )
    if date > _today():
        raise AwardError(_("The date cannot be in the future."), field="date")
    number = (number or "").strip()[:60]
    if not number:
        raise AwardError(_("Give the decision its document number."), field="number")
    Decision(
        round=round_,
        number=number,
        date=date,
        text=(text or "").strip()[:5000],
        decided_by=_user(actor),
    ).save()
    seq = _next_certificate(round_.org, round_.year)
    award = round_.award
    for n in Nomination.objects.filter(round=round_, status=NominationStatus.SELECTED).order_by(
        "id"
    ):
        n.status = NominationStatus.AWARDED
        n.certificate_no = f"{round_.org.code}-{round_.year}-{seq:03d}"
        seq += 1
        n.save()
        if n.member_id:
            TitleHeld(
                org=round_.org,
                member_id=n.member_id,
                title=award.name,
                level=TitleLevel.UNIT if award.source == rules.Source.OWN else award.level,
                year=round_.year,
                awarding_body=round_.org.name,
                nomination=n,
            ).save()
    round_.status = RoundStatus.DECIDED
    round_.save()
    return round_


@transaction.atomic
def round_close(*, actor, round: AwardRound) -> AwardRound:
    round_ = locked(round)
    _state(round_, RoundStatus.DECIDED, message=_("A round is closed once it is decided."))
    round_.status = RoundStatus.CLOSED
    round_.save()
    return round_


# -- nominations -------------------------------------------------------------------------------


def _nominee(round_: AwardRound, data: dict) -> dict:
    """The nominee's fields from what was sent: the member, group or union is one of the
    round's union; a department is typed."""
    award = round_.award
    kind = data.get("nominee_type") or award.nominees[0]
    if kind not in award.nominees:
        raise AwardError(
            _("%(award)s is awarded to: %(who)s.")
            % {
                "award": award.name,
                "who": "、".join(str(rules.Nominee(k).label) for k in award.nominees),
            },
            field="nominee_type",
        )
    out = {"nominee_type": kind, "member": None, "nominee_org": None, "nominee_unit": ""}
    if kind == rules.Nominee.MEMBER:
        member = members_of(round_.org).filter(pk=data.get("member") or 0).first()
        if member is None:
            raise AwardError(_("Choose a member of the union."), field="member")
        out.update(member=member, nominee_name=member.name, nominee_unit=member.org.name)
    elif kind in (rules.Nominee.GROUP, rules.Nominee.UNION):
        want = OrgKind.GROUP if kind == rules.Nominee.GROUP else None
        found = (
            Organisation.objects.reaching(round_.org)
            .filter(path__startswith=round_.org.path, pk=data.get("nominee_org") or 0)
            .first()
        )
        ok = found is not None and (
            found.kind == want if want else found.kind in (OrgKind.GRASSROOTS, OrgKind.JOINT)
        )
        if not ok:
            raise AwardError(_("Choose a group or union of this union."), field="nominee_org")
        out.update(nominee_org=found, nominee_name=found.name)
    else:
        name = (data.get("nominee_name") or "").strip()[:100]
        if not name:
            raise AwardError(_("Name the department or team."), field="nominee_name")
        out.update(nominee_name=name, nominee_unit=round_.org.name)
    return out


def _tags(data: dict, member: Member | None) -> list[str]:
    tags = [t for t in (data.get("tags") or []) if t in rules.DECLARED_TAGS]
    if member is not None:
        if member.sex == "female":
            tags.append(rules.Tag.WOMEN)
        if member.member_type == "migrant":
            tags.append(rules.Tag.MIGRANT)
    return sorted(set(tags))


@transaction.atomic
def nomination_submit(*, actor, round: AwardRound, data: dict, uploads=()) -> Nomination:
    """A nomination with its 事迹 (and photos or documents) while the call is open."""
    round_ = locked(round)
    _state(round_, RoundStatus.OPEN, message=_("Nominations for this round are closed."))
    if round_.nomination_deadline < _today():
        raise AwardError(_("The nomination deadline has passed."))
    if not _user(actor):
        raise AwardError(_("Log in to nominate."))
    fields = _nominee(round_, data)
    story = (data.get("story") or "").strip()
    if len(story) < 10:
        raise AwardError(_("Tell the deeds in at least 10 characters."), field="story")
    if len(story) > STORY_MAX:
        raise AwardError(
            _("Keep the deeds under %(n)s characters.") % {"n": STORY_MAX}, field="story"
        )
    duplicate = Nomination.objects.filter(round=round_, status__in=ACTIVE)
    if fields["member"] is not None:
        duplicate = duplicate.filter(member=fields["member"])
    elif fields["nominee_org"] is not None:
        duplicate = duplicate.filter(nominee_org=fields["nominee_org"])
    else:
        duplicate = duplicate.filter(nominee_name=fields["nominee_name"])
    if duplicate.exists():
        raise AwardError(
            _("%(name)s is already nominated in this round.") % {"name": fields["nominee_name"]}
        )
    negatives = [n for n in (data.get("negatives") or []) if n in round_.award.negatives]
    if negatives:
        raise AwardError(
            _("Not eligible under the negative list (%(items)s). Source: %(source)s.")
            % {
                "items": "、".join(str(rules.Negative(n).label) for n in negatives),
                "source": round_.award.source_text,
            },
            field="negatives",
        )
    nomination = Nomination(
        round=round_,
        tags=_tags(data, fields["member"]),
        negatives=[],
        story=story,
        nominated_by=actor,
        nominated_on=_today(),
        **fields,
    )
    nomination.save()
    for upload in uploads:
        file_add(actor=actor, nomination=nomination, upload=upload)
    return nomination


def can_change(actor, nomination: Nomination) -> bool:
    return bool(_user(actor)) and nomination.nominated_by_id == actor.pk


@transaction.atomic
def nomination_withdraw(*, actor, nomination: Nomination, committee: bool = False) -> Nomination:
    """Withdrawn by the one who nominated (or the committee) before the 公示."""
    n = locked(nomination)
    if not committee and not can_change(actor, n):
        raise AwardError(_("Only the one who nominated can withdraw the nomination."))
    if n.round.status not in (RoundStatus.OPEN, RoundStatus.REVIEW) or n.status not in ACTIVE:
        raise AwardError(_("This nomination can no longer be withdrawn."))
    n.status = NominationStatus.WITHDRAWN
    n.save()
    return n


def _decimal(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        out = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise AwardError(_("Give a score from 0 to 100."), field=field) from None
    if not out.is_finite() or not 0 <= out <= 100:
        raise AwardError(_("Give a score from 0 to 100."), field=field)
    return out.quantize(Decimal("0.1"))


@transaction.atomic
def nomination_review(
    *,
    actor,
    nomination: Nomination,
    selected: bool,
    score=None,
    votes_for: int | None = None,
    votes_cast: int | None = None,
    note: str = "",
) -> Nomination:
    """The committee's review of one nomination: its score or its votes, selected or not."""
    n = locked(nomination)
    if n.round.status != RoundStatus.REVIEW:
        raise AwardError(_("Nominations are reviewed once nominations have closed."))
    if n.status not in ACTIVE:
        raise AwardError(_("This nomination was withdrawn."))
    n.score = _decimal(score, "score")
    if votes_cast is not None and votes_for is not None and votes_for > votes_cast:
        raise AwardError(_("More votes for than votes cast."), field="votes_for")
    n.votes_for, n.votes_cast = votes_for, votes_cast
    n.review_note = (note or "").strip()[:2000]
    n.status = NominationStatus.SELECTED if selected else NominationStatus.NOT_SELECTED
    n.reviewed_by = _user(actor)
    n.save()
    return n


@transaction.atomic
def file_add(*, actor, nomination: Nomination, upload, document: str = "") -> NominationFile:
    """A photo or a document (checked by its bytes) added while the nomination is open or
    under review; a required document names itself (`document`)."""
    try:
        content_type = check_upload(upload)
    except AssignmentError as exc:
        raise AwardError(exc.message, field="file") from None
    n = nomination
    if n.round.status not in (RoundStatus.OPEN, RoundStatus.REVIEW) or n.status not in ACTIVE:
        raise AwardError(_("Files are added before the public notice."), field="file")
    document = (document or "").strip()
    if document and document not in n.round.award.documents:
        raise AwardError(_("Not a document this award asks for."), field="document")
    if NominationFile.objects.filter(nomination=n).count() >= MAX_FILES:
        raise AwardError(
            _("A nomination holds at most %(n)s files.") % {"n": MAX_FILES}, field="file"
        )
    item = NominationFile(
        nomination=n,
        document=document,
        name=upload.name.strip()[:200],
        size=upload.size,
        content_type=content_type,
        uploaded_by=_user(actor),
        token=secrets.token_hex(16),  # the stored file's name is made from it
    )
    item.file.save(upload.name, upload, save=False)
    item.save()
    return item


def photos_of(nomination: Nomination) -> list[NominationFile]:
    return [f for f in nomination.files.all() if f.content_type in PHOTO_TYPES]


# -- the 公示 and its objections ---------------------------------------------------------------


@transaction.atomic
def objection_raise(*, actor, nomination: Nomination, text: str) -> Objection:
    """A member's objection to a name on the 公示, until its last day."""
    n = nomination
    round_ = n.round
    if round_.status != RoundStatus.PUBLICITY or n.status != NominationStatus.SELECTED:
        raise AwardError(_("Objections are raised to a name on the public notice."))
    if round_.publicity_end and _today() > round_.publicity_end:
        raise AwardError(_("The public notice is over."))
    if not _user(actor):
        raise AwardError(_("Log in to raise an objection."))
    text = (text or "").strip()
    if len(text) < 5:
        raise AwardError(_("Say what the objection is about."), field="text")
    if len(text) > 2000:
        raise AwardError(_("Keep the objection under 2000 characters."), field="text")
    objection = Objection(nomination=n, raised_by=actor, text=text, raised_on=_today())
    objection.save()
    return objection


@transaction.atomic
def objection_answer(
    *, actor, objection: Objection, answer: str, upheld: bool = False
) -> Objection:
    """The committee's answer. An upheld objection takes the name off the list."""
    o = locked(objection)
    if o.nomination.round.status != RoundStatus.PUBLICITY:
        raise AwardError(_("Objections are answered during the public notice."))
    answer = (answer or "").strip()
    if not answer:
        raise AwardError(_("Write the answer."), field="answer")
    o.answer = answer[:2000]
    o.upheld = bool(upheld)
    o.answered_by = _user(actor)
    o.answered_at = timezone.now()
    o.save()
    if o.upheld:
        n = locked(o.nomination)
        if n.status == NominationStatus.SELECTED:
            n.status = NominationStatus.NOT_SELECTED
            n.review_note = (n.review_note + "\n" if n.review_note else "") + str(
                _("Taken off the list after an objection during the public notice.")
            )
            n.save()
    return o


# -- the register of titles held ---------------------------------------------------------------


@transaction.atomic
def title_add(*, actor, org: Organisation, data: dict) -> TitleHeld:
    """A title from elsewhere (市劳动模范 2019, 省五一劳动奖章...) on a member's record."""
    if org.kind not in ROUND_UNITS:
        raise AwardError(_("The register is kept by the union."))
    member = members_of(org).filter(pk=data.get("member") or 0).first()
    if member is None:
        raise AwardError(_("Choose a member of the union."), field="member")
    title = (data.get("title") or "").strip()[:100]
    if not title:
        raise AwardError(_("Name the title."), field="title")
    if data.get("level") not in TitleLevel.values:
        raise AwardError(_("Choose the level."), field="level")
    year = data.get("year")
    if not isinstance(year, int) or not 1950 <= year <= _today().year:
        raise AwardError(_("Give the year it was awarded."), field="year")
    body = (data.get("awarding_body") or "").strip()[:100]
    if not body:
        raise AwardError(_("Name who awarded it."), field="awarding_body")
    held = TitleHeld(
        org=org,
        member=member,
        title=title,
        level=data["level"],
        year=year,
        awarding_body=body,
        note=(data.get("note") or "").strip()[:200],
    )
    held.save()
    return held


@transaction.atomic
def title_delete(*, actor, title: TitleHeld) -> None:
    if title.nomination_id:
        raise AwardError(_("A title awarded in a round here stays on the record."))
    title.delete()
