"""Workflows of the democracy module: congress terms and their representatives, sessions
with sign-in and resolutions, proposals from draft to the proposer's rating, and
collective contracts. Each is atomic and audited through the models; each refusal is a
DemocracyError with a message for the user.

Self-service functions (a representative signs in, drafts, co-signs, submits, rates)
check that the acting user IS the representative, in office, in a running term: the
permission "democracy.proposal:submit" is held by every member, so the page's
permission alone proves nothing about the seat.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.core.errors import DomainError
from gonghui.members.models import ON_ROLL, Member
from gonghui.orgs.models import Organisation

from . import rules, selectors
from .models import (
    AWAITING_ANSWER,
    DOCUMENT_MAX_BYTES,
    DOCUMENT_TYPES,
    AgendaItem,
    Attendance,
    Congress,
    Contract,
    Cosign,
    Delegation,
    HonouringCheck,
    Negotiation,
    Proposal,
    ProposalStatus,
    Representative,
    Resolution,
    Satisfaction,
    Session,
    SessionDocument,
    SessionStatus,
    SigninMethod,
)

SIGNIN_SALT = "gonghui.democracy.signin"
# A sign-in code is valid on the day of the session (and the day after, for sessions
# running past midnight), and at most this long after it was printed.
SIGNIN_TOKEN_MAX_AGE = dt.timedelta(days=60)


class DemocracyError(DomainError):
    """A democracy workflow was refused; the message is for the user."""


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


# -- congress terms ------------------------------------------------------------------------

CONGRESS_FIELDS = (
    "kind",
    "term_number",
    "start_date",
    "end_date",
    "staff_count",
    "women_staff_count",
    "front_line_required",
    "min_cosigners",
    "note",
)


def _check_congress(congress: Congress) -> None:
    if not congress.org.is_union:
        raise DemocracyError(_("A congress is held by a grassroots union."))
    if congress.end_date <= congress.start_date:
        raise DemocracyError(_("The term must end after it starts."))
    if (congress.end_date - congress.start_date).days > 6 * 366:
        # Terms are 3 or 5 years (上海 2017, 教育部令第32号), with up to a year's delay.
        raise DemocracyError(_("A congress term lasts three to five years."))
    if (
        congress.women_staff_count is not None
        and congress.staff_count is not None
        and congress.women_staff_count > congress.staff_count
    ):
        raise DemocracyError(_("There cannot be more women than staff."))
    clash = (
        Congress.objects.filter(
            org=congress.org,
            start_date__lte=congress.end_date,
            end_date__gte=congress.start_date,
        )
        .exclude(pk=congress.pk)
        .exists()
    )
    if clash:
        raise DemocracyError(_("Another congress term of this union overlaps these dates."))


@transaction.atomic
def congress_create(*, actor, org: Organisation, data: dict) -> Congress:
    congress = Congress(org=org, **{k: v for k, v in data.items() if k in CONGRESS_FIELDS})
    _check_congress(congress)
    if Congress.objects.filter(org=org, term_number=congress.term_number).exists():
        raise DemocracyError(_("This union already has a congress of that term number."))
    congress.save()
    return congress


@transaction.atomic
def congress_update(*, actor, congress: Congress, data: dict) -> Congress:
    for key, value in data.items():
        if key in CONGRESS_FIELDS:
            setattr(congress, key, value)
    _check_congress(congress)
    if (
        Congress.objects.filter(org=congress.org, term_number=congress.term_number)
        .exclude(pk=congress.pk)
        .exists()
    ):
        raise DemocracyError(_("This union already has a congress of that term number."))
    congress.save()
    return congress


@transaction.atomic
def delegation_create(*, actor, congress: Congress, name: str, leader: str = "") -> Delegation:
    name = (name or "").strip()
    if not name:
        raise DemocracyError(_("Give the delegation a name."))
    if Delegation.objects.filter(congress=congress, name=name).exists():
        raise DemocracyError(_("There is already a delegation of that name."))
    return Delegation.objects.create(congress=congress, name=name, leader=leader.strip())


REPRESENTATIVE_FIELDS = ("delegation", "manager_level", "front_line", "teacher", "elected_on")


@transaction.atomic
def representatives_add(
    *,
    actor,
    congress: Congress,
    members: list[Member],
    delegation: Delegation | None = None,
    elected_on: dt.date | None = None,
    manager_level: str = "",
    front_line: bool = False,
    teacher: bool = False,
) -> list[Representative]:
    """Record the representatives the members elected (选举产生) for this term."""
    if congress.is_assembly:
        raise DemocracyError(
            _("An all-staff assembly has no representatives: every member attends.")
        )
    if delegation is not None and delegation.congress_id != congress.pk:
        raise DemocracyError(_("That delegation belongs to another congress."))
    added = []
    for member in members:
        if not member.org.path.startswith(congress.org.path):
            raise DemocracyError(
                _("%(name)s is not a member of this union.") % {"name": member.name}
            )
        if member.status not in ON_ROLL:
            raise DemocracyError(
                _("%(name)s is not on the roll of members.") % {"name": member.name}
            )
        existing = Representative.objects.filter(congress=congress, member=member).first()
        if existing is not None:
            if existing.left_on is None:
                continue  # already a representative: adding twice is harmless
            raise DemocracyError(
                _("%(name)s left this term's congress; a by-election adds a new member.")
                % {"name": member.name}
            )
        added.append(
            Representative.objects.create(
                congress=congress,
                member=member,
                delegation=delegation,
                elected_on=elected_on or congress.start_date,
                manager_level=manager_level,
                front_line=front_line,
                teacher=teacher,
            )
        )
    return added


@transaction.atomic
def representative_update(*, actor, representative: Representative, data: dict) -> Representative:
    for key, value in data.items():
        if key in REPRESENTATIVE_FIELDS:
            setattr(representative, key, value)
    if (
        representative.delegation is not None
        and representative.delegation.congress_id != representative.congress_id
    ):
        raise DemocracyError(_("That delegation belongs to another congress."))
    if representative.manager_level and representative.front_line:
        raise DemocracyError(_("A manager is not counted as a front-line worker."))
    representative.save()
    return representative


@transaction.atomic
def representative_remove(
    *, actor, representative: Representative, reason: str = "", day: dt.date | None = None
) -> Representative | None:
    """A representative entered by mistake is deleted; one with a record (attendance,
    proposals) leaves the congress with a date and reason and stays on record."""
    used = (
        representative.attendance.exists()
        or representative.proposals.exists()
        or representative.cosigns.exists()
    )
    if not used:
        representative.delete()
        return None
    if representative.left_on is not None:
        raise DemocracyError(_("This representative has already left."))
    if not reason.strip():
        raise DemocracyError(_("Give the reason the representative leaves."))
    representative.left_on = day or timezone.localdate()
    representative.left_reason = reason.strip()[:100]
    representative.save()
    return representative


# -- sessions ------------------------------------------------------------------------------

SESSION_FIELDS = ("number", "date", "place", "note")


@transaction.atomic
def session_create(*, actor, congress: Congress, data: dict) -> Session:
    number = data.get("number")
    if not number:
        last = Session.objects.filter(congress=congress).aggregate(n=Max("number"))["n"]
        number = (last or 0) + 1
    if Session.objects.filter(congress=congress, number=number).exists():
        raise DemocracyError(_("This term already has a session of that number."))
    day = data.get("date")
    if day is None:
        raise DemocracyError(_("Give the date of the session."))
    if not congress.start_date <= day <= congress.end_date + dt.timedelta(days=366):
        raise DemocracyError(_("The session date is outside the congress term."))
    return Session.objects.create(
        congress=congress,
        number=number,
        date=day,
        place=data.get("place", ""),
        note=data.get("note", ""),
    )


@transaction.atomic
def session_update(*, actor, session: Session, data: dict) -> Session:
    if session.status == SessionStatus.CLOSED:
        raise DemocracyError(_("A closed session cannot be changed."))
    for key, value in data.items():
        if key in SESSION_FIELDS and value is not None:
            setattr(session, key, value)
    if (
        Session.objects.filter(congress=session.congress, number=session.number)
        .exclude(pk=session.pk)
        .exists()
    ):
        raise DemocracyError(_("This term already has a session of that number."))
    session.save()
    return session


@transaction.atomic
def session_open(*, actor, session: Session) -> Session:
    if session.status != SessionStatus.PLANNED:
        raise DemocracyError(_("Only a planned session can be opened."))
    session.status = SessionStatus.OPEN
    session.save()
    return session


@transaction.atomic
def session_close(*, actor, session: Session) -> Session:
    if session.status != SessionStatus.OPEN:
        raise DemocracyError(_("Only a session in progress can be closed."))
    session.status = SessionStatus.CLOSED
    session.save()
    return session


@transaction.atomic
def session_new_code(*, actor, session: Session) -> Session:
    """A new sign-in key: every QR code printed before stops working."""
    if session.status == SessionStatus.CLOSED:
        raise DemocracyError(_("A closed session cannot be changed."))
    session.signin_key = secrets.token_hex(8)
    session.save()
    return session


@transaction.atomic
def agenda_add(*, actor, session: Session, title: str, presenter: str = "") -> AgendaItem:
    if session.status == SessionStatus.CLOSED:
        raise DemocracyError(_("A closed session cannot be changed."))
    title = (title or "").strip()
    if not title:
        raise DemocracyError(_("Write the agenda item."))
    last = AgendaItem.objects.filter(session=session).aggregate(n=Max("position"))["n"] or 0
    return AgendaItem.objects.create(
        session=session, title=title[:200], presenter=presenter.strip()[:50], position=last + 1
    )


@transaction.atomic
def agenda_remove(*, actor, item: AgendaItem) -> None:
    if item.session.status == SessionStatus.CLOSED:
        raise DemocracyError(_("A closed session cannot be changed."))
    item.delete()


def _validate_upload(upload) -> str:
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in DOCUMENT_TYPES:
        raise DemocracyError(
            _("Files of type %(ext)s are not accepted (allowed: %(allowed)s).")
            % {"ext": ext or "?", "allowed": ", ".join(sorted(DOCUMENT_TYPES))}
        )
    if upload.size > DOCUMENT_MAX_BYTES:
        raise DemocracyError(
            _("The file is larger than %(mb)s MB.") % {"mb": DOCUMENT_MAX_BYTES // (1024 * 1024)}
        )
    return {
        "pdf": "application/pdf",
        "txt": "text/plain",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "png": "image/png",
    }.get(ext, "application/octet-stream")


@transaction.atomic
def document_add(*, actor, session: Session, upload) -> SessionDocument:
    if session.status == SessionStatus.CLOSED:
        raise DemocracyError(_("A closed session cannot be changed."))
    content_type = _validate_upload(upload)
    doc = SessionDocument(
        session=session,
        name=(upload.name or "")[:200],
        size=upload.size,
        content_type=content_type,
        uploaded_by=_user(actor),
        token=secrets.token_hex(16),
    )
    doc.file.save(upload.name, upload, save=False)
    doc.save()
    return doc


@transaction.atomic
def document_remove(*, actor, document: SessionDocument) -> None:
    if document.session.status == SessionStatus.CLOSED:
        raise DemocracyError(_("A closed session cannot be changed."))
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


# -- sign-in -------------------------------------------------------------------------------


def signin_token(session: Session) -> str:
    """What the session's sign-in QR code carries: its id and key, signed, and the last
    day it is valid."""
    until = (session.date + dt.timedelta(days=1)).isoformat()
    return signing.dumps({"s": session.pk, "k": session.signin_key, "u": until}, salt=SIGNIN_SALT)


def signin_session(token: str, *, today: dt.date | None = None) -> tuple[int, str]:
    """(session id, key) of a valid token; DemocracyError when forged or expired."""
    try:
        data = signing.loads(token, salt=SIGNIN_SALT, max_age=SIGNIN_TOKEN_MAX_AGE.total_seconds())
    except signing.SignatureExpired:
        raise DemocracyError(_("This sign-in code has expired.")) from None
    except signing.BadSignature:
        raise DemocracyError(_("This sign-in code is not valid.")) from None
    today = today or timezone.localdate()
    if today.isoformat() > str(data.get("u", "")):
        raise DemocracyError(_("This sign-in code has expired."))
    return int(data["s"]), str(data.get("k", ""))


def _require_seat(actor, representative: Representative) -> None:
    """The acting user is this representative, in office, in a running term."""
    if representative.member.user_id is None or representative.member.user_id != getattr(
        actor, "pk", None
    ):
        raise DemocracyError(_("Only the representative themself can do this."))
    if representative.left_on is not None:
        raise DemocracyError(_("You are no longer a representative of this congress."))
    if not representative.congress.is_current():
        raise DemocracyError(_("This congress term is not running."))


@transaction.atomic
def signin_self(*, actor, session: Session, representative: Representative, key: str) -> Attendance:
    """The representative scanned the session's code and confirmed on their phone."""
    _require_seat(actor, representative)
    if representative.congress_id != session.congress_id:
        raise DemocracyError(_("You are not a representative of this congress."))
    if key != session.signin_key:
        raise DemocracyError(_("This sign-in code has been replaced; scan the new one."))
    if session.status == SessionStatus.CLOSED:
        raise DemocracyError(_("The session is closed."))
    # Base managers here and below: the representative acts from their own group's
    # pages, outside the union's scope; the seat was checked above.
    existing = Attendance._base_manager.filter(
        session=session, representative=representative
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Attendance.objects.create(
                session=session, representative=representative, method=SigninMethod.QR
            )
    except IntegrityError:  # signed in twice at the same moment
        return Attendance._base_manager.get(session=session, representative=representative)


@transaction.atomic
def attendance_set(*, actor, session: Session, present: list[Representative]) -> tuple[int, int]:
    """The sign-in list: exactly `present` are marked present. Returns (added, removed)."""
    if session.status == SessionStatus.CLOSED:
        raise DemocracyError(_("A closed session cannot be changed."))
    wanted = {r.pk for r in present}
    for r in present:
        if r.congress_id != session.congress_id or r.left_on is not None:
            raise DemocracyError(
                _("%(name)s is not a representative of this congress.") % {"name": r.member.name}
            )
    have = {a.representative_id: a for a in Attendance.objects.filter(session=session)}
    added = removed = 0
    for pk in wanted - set(have):
        Attendance.objects.create(session=session, representative_id=pk, method=SigninMethod.LIST)
        added += 1
    for pk in set(have) - wanted:
        have[pk].delete()
        removed += 1
    return added, removed


# -- resolutions ---------------------------------------------------------------------------


@transaction.atomic
def resolution_create(*, actor, session: Session, title: str, text: str = "") -> Resolution:
    if session.status == SessionStatus.CLOSED:
        raise DemocracyError(_("A closed session cannot be changed."))
    title = (title or "").strip()
    if not title:
        raise DemocracyError(_("Give the resolution a title."))
    return Resolution.objects.create(session=session, title=title[:200], text=text)


@transaction.atomic
def resolution_record_votes(
    *, actor, resolution: Resolution, votes_for: int, votes_against: int, abstentions: int
) -> Resolution:
    """Counts of a show of hands or a paper count. No quorum, no decision; adopted only
    with more than half of ALL current representatives (domain.md §5)."""
    session = resolution.session
    if session.status != SessionStatus.OPEN:
        raise DemocracyError(_("Votes are recorded while the session is in progress."))
    if resolution.ballot_id:
        raise DemocracyError(_("This resolution is decided by its ballot."))
    if min(votes_for, votes_against, abstentions) < 0:
        raise DemocracyError(_("Vote counts cannot be negative."))
    q = selectors.quorum(session)
    if not q.met:
        raise DemocracyError(
            _("No quorum: %(present)s of %(total)s representatives present, %(needed)s needed.")
            % {"present": q.present, "total": q.total, "needed": q.needed}
        )
    try:
        outcome = rules.decide(
            votes_for=votes_for,
            votes_against=votes_against,
            abstentions=abstentions,
            present=q.present,
            total=q.total,
        )
    except ValueError:
        raise DemocracyError(
            _("%(n)s votes counted but only %(present)s representatives are present.")
            % {"n": votes_for + votes_against + abstentions, "present": q.present}
        ) from None
    resolution.votes_for = votes_for
    resolution.votes_against = votes_against
    resolution.abstentions = abstentions
    resolution.present, resolution.total = q.present, q.total
    resolution.adopted = outcome.adopted
    resolution.save()
    return resolution


def voting_available() -> bool:
    try:
        from gonghui.voting import services as voting
    except ImportError:
        return False
    return hasattr(voting, "ballot_create") and hasattr(voting, "ballot_result")


@transaction.atomic
def resolution_open_ballot(*, actor, resolution: Resolution, secret: bool = True):
    """A ballot in the voting app for this resolution, opened at once. It takes the
    session's sign-in (voting.headcount): everyone present counts, those with a login vote
    on their phones and the others on paper, counted in after the close; the threshold
    counts ALL representatives."""
    session = resolution.session
    if session.status != SessionStatus.OPEN:
        raise DemocracyError(_("Ballots are opened while the session is in progress."))
    if resolution.ballot_id or resolution.adopted is not None:
        raise DemocracyError(_("This resolution already has a result or a ballot."))
    q = selectors.quorum(session)
    if not q.met:
        raise DemocracyError(
            _("No quorum: %(present)s of %(total)s representatives present, %(needed)s needed.")
            % {"present": q.present, "total": q.total, "needed": q.needed}
        )
    if not voting_available():
        raise DemocracyError(_("Electronic ballots are not available yet; record the counts."))
    from gonghui.voting import services as voting

    try:
        ballot = voting.ballot_create(
            actor=actor,
            org=session.congress.org,
            title=f"{session.congress}{session} · {resolution.title}"[:200],
            items=[{"text": resolution.title, "kind": "motion"}],
            electorate_user_ids=[],
            total_electorate=q.total,
            secret=secret,
            rule="congress",
            source=("democracy.resolution", resolution.pk),
            mode="mixed",
        )
        voting.ballot_open(actor=actor, ballot=ballot)
    except voting.VotingError as exc:
        raise DemocracyError(str(exc)) from None
    resolution.ballot_id = ballot.pk
    resolution.present, resolution.total = q.present, q.total
    resolution.save()
    return ballot


@transaction.atomic
def resolution_take_ballot_result(*, actor, resolution: Resolution) -> Resolution:
    """Copy the counted result of the resolution's ballot (closed in the voting app)."""
    if not resolution.ballot_id or not voting_available():
        raise DemocracyError(_("This resolution has no ballot."))
    from gonghui.voting import services as voting
    from gonghui.voting.models import Ballot

    ballot = Ballot.objects.filter(pk=resolution.ballot_id).first()
    if ballot is None:
        raise DemocracyError(_("This resolution has no ballot."))
    if not ballot.is_counted:
        raise DemocracyError(_("Close the ballot first; then its result can be taken."))
    result = voting.ballot_result(ballot)
    item = result.items[0]
    resolution.votes_for, resolution.votes_against = item.yes, item.no
    resolution.abstentions = item.abstain
    resolution.present, resolution.total = result.present, result.total
    # The majority rule is this app's own: more than half of ALL representatives.
    resolution.adopted = result.quorum_met and rules.passes(item.yes, result.total)
    resolution.save()
    return resolution


# -- proposals -----------------------------------------------------------------------------

PROPOSAL_FIELDS = ("title", "body", "category")


def _clean_proposal(data: dict) -> dict:
    out = {k: (data.get(k) or "").strip() for k in PROPOSAL_FIELDS if k in data}
    if "title" in out and not out["title"]:
        raise DemocracyError(_("Give the proposal a title."))
    if "body" in out and not out["body"]:
        raise DemocracyError(_("Write the reasons and the suggestions."))
    return out


@transaction.atomic
def proposal_create(
    *, actor, representative: Representative, data: dict, session: Session | None = None
) -> Proposal:
    _require_seat(actor, representative)
    fields = _clean_proposal({"category": "other", **data})
    if session is not None and session.congress_id != representative.congress_id:
        raise DemocracyError(_("That session belongs to another congress."))
    return Proposal.objects.create(
        congress=representative.congress, proposer=representative, session=session, **fields
    )


@transaction.atomic
def proposal_update(*, actor, proposal: Proposal, data: dict) -> Proposal:
    _require_seat(actor, proposal.proposer)
    if proposal.status != ProposalStatus.DRAFT:
        raise DemocracyError(_("A submitted proposal cannot be changed."))
    for key, value in _clean_proposal(data).items():
        setattr(proposal, key, value)
    proposal.save()
    return proposal


@transaction.atomic
def proposal_cosign(*, actor, proposal: Proposal, representative: Representative) -> Cosign:
    _require_seat(actor, representative)
    if representative.congress_id != proposal.congress_id:
        raise DemocracyError(_("You are not a representative of this congress."))
    if representative.pk == proposal.proposer_id:
        raise DemocracyError(_("The proposer cannot co-sign their own proposal."))
    if proposal.status != ProposalStatus.DRAFT:
        raise DemocracyError(_("The proposal has been submitted already."))
    cosign = Cosign._base_manager.filter(proposal=proposal, representative=representative).first()
    return cosign or Cosign.objects.create(proposal=proposal, representative=representative)


@transaction.atomic
def proposal_withdraw_cosign(*, actor, proposal: Proposal, representative: Representative) -> None:
    _require_seat(actor, representative)
    if proposal.status != ProposalStatus.DRAFT:
        raise DemocracyError(_("The proposal has been submitted already."))
    cosign = Cosign._base_manager.filter(proposal=proposal, representative=representative).first()
    if cosign is not None:
        cosign.delete()


@transaction.atomic
def proposal_submit(*, actor, proposal: Proposal) -> Proposal:
    _require_seat(actor, proposal.proposer)
    return _submit(proposal)


def _submit(proposal: Proposal) -> Proposal:
    # Locked so that two submissions of one congress never get the same number.
    Congress._base_manager.select_for_update().filter(pk=proposal.congress_id).first()
    if proposal.status != ProposalStatus.DRAFT:
        raise DemocracyError(_("The proposal has been submitted already."))
    need = proposal.congress.min_cosigners
    have = Cosign._base_manager.filter(
        proposal=proposal, representative__left_on__isnull=True
    ).count()
    if have < need:
        raise DemocracyError(
            _("A proposal needs %(need)s co-signers before it is submitted; it has %(have)s.")
            % {"need": need, "have": have}
        )
    last = Proposal._base_manager.filter(congress=proposal.congress).aggregate(n=Max("number"))["n"]
    proposal.number = (last or 0) + 1
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = timezone.now()
    proposal.help_requested = False
    proposal.save()
    return proposal


@transaction.atomic
def proposal_request_help(*, actor, proposal: Proposal, ask: bool = True) -> Proposal:
    """The proposer shows their draft to the union committee and asks for help with it
    (`ask`), or keeps it to themselves again."""
    _require_seat(actor, proposal.proposer)
    if proposal.status != ProposalStatus.DRAFT:
        raise DemocracyError(_("Only a draft is shown to the committee for help."))
    proposal.help_requested = bool(ask)
    proposal.save()
    return proposal


@transaction.atomic
def proposal_enter_paper(
    *,
    actor,
    proposer: Representative,
    data: dict,
    cosigners: list[Representative],
    session: Session | None = None,
) -> Proposal:
    """A proposal handed in on paper (with its co-signers' signatures), entered by the
    committee for the representative and submitted at once under the same rules."""
    congress = proposer.congress
    if proposer.left_on is not None:
        raise DemocracyError(
            _("%(name)s is not a representative of this congress.") % {"name": proposer.member.name}
        )
    for rep in cosigners:
        if rep.congress_id != congress.pk or rep.left_on is not None:
            raise DemocracyError(
                _("%(name)s is not a representative of this congress.") % {"name": rep.member.name}
            )
        if rep.pk == proposer.pk:
            raise DemocracyError(_("The proposer cannot co-sign their own proposal."))
    if session is not None and session.congress_id != congress.pk:
        raise DemocracyError(_("That session belongs to another congress."))
    fields = _clean_proposal({"category": "other", **data})
    proposal = Proposal.objects.create(
        congress=congress, proposer=proposer, session=session, entered_by=_user(actor), **fields
    )
    for rep in {r.pk: r for r in cosigners}.values():
        Cosign.objects.create(proposal=proposal, representative=rep)
    return _submit(proposal)


@transaction.atomic
def proposal_review(*, actor, proposal: Proposal, accept: bool, reason: str = "") -> Proposal:
    """The proposal committee registers the proposal (立案), or turns it into an opinion
    (不立案，转为意见建议) with the reason, which the proposer sees."""
    if proposal.status != ProposalStatus.SUBMITTED:
        raise DemocracyError(_("Only a submitted proposal is reviewed."))
    reason = (reason or "").strip()
    if not accept and not reason:
        raise DemocracyError(_("Give the reason the proposal is not registered."))
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.OPINION
    proposal.review_reason = reason
    proposal.reviewed_at = timezone.now()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_assign(*, actor, proposal: Proposal, department: str, deadline: dt.date) -> Proposal:
    if proposal.status not in AWAITING_ANSWER:
        raise DemocracyError(_("Only a registered proposal is assigned to a department."))
    department = (department or "").strip()
    if not department or deadline is None:
        raise DemocracyError(_("Give the responsible department and the deadline."))
    proposal.department = department[:100]
    proposal.deadline = deadline
    proposal.status = ProposalStatus.ASSIGNED
    proposal.save()
    return proposal


@transaction.atomic
def proposal_answer(*, actor, proposal: Proposal, answer: str) -> Proposal:
    if proposal.status != ProposalStatus.ASSIGNED:
        raise DemocracyError(_("Only an assigned proposal is answered."))
    if not (answer or "").strip():
        raise DemocracyError(_("Write the department's answer."))
    proposal.answer = answer.strip()
    proposal.answered_at = timezone.now()
    proposal.status = ProposalStatus.ANSWERED
    proposal.save()
    return proposal


@transaction.atomic
def proposal_implement(*, actor, proposal: Proposal, implementation: str) -> Proposal:
    if proposal.status != ProposalStatus.ANSWERED:
        raise DemocracyError(_("Record the answer before the implementation."))
    if not (implementation or "").strip():
        raise DemocracyError(_("Describe what was done."))
    proposal.implementation = implementation.strip()
    proposal.implemented_at = timezone.now()
    proposal.status = ProposalStatus.IMPLEMENTED
    proposal.save()
    return proposal


@transaction.atomic
def proposal_rate(*, actor, proposal: Proposal, satisfaction: str, note: str = "") -> Proposal:
    """The proposer says whether the answer satisfies them (满意/基本满意/不满意)."""
    _require_seat(actor, proposal.proposer)
    if proposal.status not in (ProposalStatus.ANSWERED, ProposalStatus.IMPLEMENTED):
        raise DemocracyError(_("A proposal is rated once it has been answered."))
    if satisfaction not in Satisfaction.values:
        raise DemocracyError(_("Choose how satisfied you are."))
    proposal.satisfaction = satisfaction
    proposal.satisfaction_note = (note or "").strip()
    proposal.rated_at = timezone.now()
    proposal.status = ProposalStatus.RATED
    proposal.save()
    return proposal


# -- collective contracts ------------------------------------------------------------------

CONTRACT_FIELDS = (
    "kind",
    "title",
    "terms",
    "employer",
    "start_date",
    "end_date",
    "approved_by",
    "signed_on",
    "filed_on",
    "filed_with",
)


def _check_contract(contract: Contract) -> None:
    if not contract.org.is_union:
        raise DemocracyError(_("A collective contract is concluded by a grassroots union."))
    if contract.end_date <= contract.start_date:
        raise DemocracyError(_("The contract must end after it starts."))
    resolution = contract.approved_by
    if resolution is not None:
        if resolution.session.congress.org_id != contract.org_id:
            raise DemocracyError(_("That resolution is of another union's congress."))
        if resolution.adopted is not True:
            raise DemocracyError(_("The congress has not adopted that resolution."))
    if contract.filed_on and contract.signed_on and contract.filed_on < contract.signed_on:
        raise DemocracyError(_("A contract is filed after it is signed."))


@transaction.atomic
def contract_create(*, actor, org: Organisation, data: dict) -> Contract:
    contract = Contract(org=org, **{k: v for k, v in data.items() if k in CONTRACT_FIELDS})
    _check_contract(contract)
    contract.save()
    return contract


@transaction.atomic
def contract_update(*, actor, contract: Contract, data: dict) -> Contract:
    for key, value in data.items():
        if key in CONTRACT_FIELDS:
            setattr(contract, key, value)
    _check_contract(contract)
    contract.save()
    return contract


@transaction.atomic
def negotiation_add(*, actor, contract: Contract, data: dict, upload=None) -> Negotiation:
    if not data.get("date") or not (data.get("parties") or "").strip():
        raise DemocracyError(_("Give the date and who took part."))
    item = Negotiation(
        contract=contract,
        date=data["date"],
        parties=data["parties"].strip()[:300],
        notes=(data.get("notes") or "").strip(),
        token=secrets.token_hex(16),
    )
    if upload is not None:
        item.content_type = _validate_upload(upload)
        item.file_name = (upload.name or "")[:200]
        item.file.save(upload.name, upload, save=False)
    item.save()
    return item


@transaction.atomic
def honouring_check_record(
    *,
    actor,
    contract: Contract,
    year: int,
    findings: str,
    checked_on: dt.date,
    reported_to: Session | None = None,
) -> HonouringCheck:
    if not (findings or "").strip():
        raise DemocracyError(_("Write what the check found."))
    if reported_to is not None and reported_to.congress.org_id != contract.org_id:
        raise DemocracyError(_("That session is of another union's congress."))
    check = HonouringCheck.objects.filter(contract=contract, year=year).first()
    if check is None:
        check = HonouringCheck(contract=contract, year=year)
    check.findings = findings.strip()
    check.checked_on = checked_on
    check.reported_to = reported_to
    check.save()
    return check


def record_report_exported(org: Organisation, year: int) -> None:
    """The proposal report lists representatives by name: its export is on the record."""
    audit.record("democracy.proposal.report_exported", org=org, note=str(year))
