"""Ballot and evaluation workflows. Atomic; cadre actions audited on the ballot or form.

Votes and evaluation answers are written by `vote_cast` / `evaluation_respond` into the
two unaudited tables of models.py (who voted / what was voted, never together), with no
audit entry and no log line per vote.

Concurrency (many voters at the same moment, PostgreSQL):
- a voter's transaction reads the ballot row FOR SHARE: voters do not block each other,
  but `ballot_close` (FOR UPDATE) waits for every vote in flight and every later vote waits
  for the close and then sees the ballot closed;
- "exactly once" is a conditional UPDATE of the voter's participation row
  (`voted_on IS NULL` → today): of two concurrent votes by the same person the second
  finds no row to update; the sealed paper is inserted in the same transaction, so a vote
  is either fully recorded (participation + sealed paper) or not at all.

Secrecy against the database itself (docs/ballot-secrecy.md): the vote's transaction
writes no readable paper. Its content goes into a `SealedPaper` (sealing.py: encrypted
with a key derived from SECRET_KEY, one padded length per ballot), and `ballot_close` opens
them all and writes the papers in a random order in one later transaction. A dump taken
while the ballot is open can thus pair a participation only with an unreadable blob.
Evaluations work the same way (`SealedResponse`).

Phones and paper in one ballot (mode "mixed", a congress session where not everyone has a
login or a phone): each person votes once. A paper is handed to a named person of the
electorate (`ballot_hand_paper`), which marks them as voting, so their phone is refused;
a phone voter cannot be handed a paper; people present without a login can only vote on
paper. The papers issued are therefore at most the people present minus those who may
still vote by phone, and the paper counts, entered after the close, are added to the
phones' papers. A ballot made for a meeting takes its headcount from the meeting
(headcount.py), when created and again when voting opens.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.core.errors import DomainError

from . import headcount, rules, sealing
from .models import (
    CHOICES,
    GRADES,
    PHONE_MODES,
    SCORES,
    Ballot,
    BallotItem,
    BallotPaper,
    EvaluationForm,
    EvaluationItem,
    EvaluationParticipation,
    EvaluationResponse,
    EvaluationSubject,
    Grade,
    ItemKind,
    Mode,
    Participation,
    Scale,
    SealedPaper,
    SealedResponse,
    State,
)

# Receipt codes: 12 characters of an alphabet without look-alikes (0/O, 1/I/L), ~58 bits.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 12


class VotingError(DomainError):
    """A voting workflow was refused; the message is for the user."""


# -- helpers ---------------------------------------------------------------------------------


def _lock(model, pk: int, *, shared: bool = False):
    """The row of `pk`, locked for the rest of the transaction (outside any scope: the
    voter's page may sit below the ballot's organisation)."""
    if shared and connection.vendor == "postgresql":
        table = model._meta.db_table
        rows = list(model._base_manager.raw(f"SELECT * FROM {table} WHERE id = %s FOR SHARE", [pk]))  # noqa: S608
        if not rows:
            raise model.DoesNotExist
        return rows[0]
    return model._base_manager.select_for_update().get(pk=pk)


def _fresh(obj):
    """The record as stored now (a caller may hold a copy from before a state change)."""
    return type(obj)._base_manager.select_related("org").get(pk=obj.pk)


def new_receipt() -> str:
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def normalise_receipt(code: str) -> str:
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    raw = raw.replace("O", "0").replace("I", "1").replace("L", "1")
    if len(raw) != RECEIPT_LENGTH:
        return raw
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def receipt_hash(ballot: Ballot, code: str) -> str:
    """HMAC-SHA256 of the receipt keyed by the ballot's secret salt: the stored hash says
    nothing about the code, and nobody without the salt can test a guessed code."""
    msg = normalise_receipt(code).encode()
    return hmac.new(ballot.salt.encode(), msg, hashlib.sha256).hexdigest()


def _user_ids(ids: Iterable[int]) -> list[int]:
    ids = sorted({int(i) for i in ids})
    User = get_user_model()
    found = set(User._base_manager.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
    missing = [i for i in ids if i not in found]
    if missing:
        raise VotingError(
            _("Unknown or inactive users in the electorate: %(ids)s") % {"ids": missing}
        )
    return ids


def _require_state(obj, *states: str) -> None:
    if obj.state not in states:
        raise VotingError(
            _("Not possible while the state is “%(state)s”.") % {"state": obj.get_state_display()}
        )


def _source(source) -> tuple[str, str]:
    if not source:
        return "", ""
    kind, ident = source
    return str(kind)[:60], str(ident)[:40]


# -- ballots ---------------------------------------------------------------------------------


@transaction.atomic
def ballot_create(
    *,
    actor,
    org,
    title: str,
    items: list[dict],
    electorate_user_ids: list[int],
    total_electorate: int,
    secret: bool = True,
    rule: str = "congress",
    description: str = "",
    source: tuple[str, str] | None = None,
    mode: str = Mode.ONLINE,
    seats: int = 0,
    present: int | None = None,
) -> Ballot:
    """A ballot in draft: its items (motions or candidates), the electorate (users entitled
    to vote now, e.g. the representatives present) and the whole body (`total_electorate`,
    e.g. ALL representatives, the base of "more than half of all").

    Made for a meeting (`source` registered in headcount.py), the electorate, the people
    present and the whole body are the meeting's, whatever was passed."""
    if rule not in rules.RULES:
        raise VotingError(_("Unknown voting rule."))
    if mode not in Mode.values:
        raise VotingError(_("Unknown voting mode."))
    title = (title or "").strip()
    if not title:
        raise VotingError(_("A ballot needs a title."))
    cleaned = []
    for item in items or []:
        text = str(item.get("text", "")).strip()
        kind = item.get("kind", ItemKind.MOTION)
        if not text:
            continue
        if kind not in ItemKind.values:
            raise VotingError(_("Unknown item kind: %(kind)s") % {"kind": kind})
        cleaned.append((text[:300], kind))
    if not cleaned:
        raise VotingError(_("A ballot needs at least one item."))
    kind, ident = _source(source)
    meeting = headcount.of(kind, ident)
    if headcount.known(kind) and (meeting is None or meeting.org_id != org.pk):
        raise VotingError(_("That meeting is not one of this organisation's."))
    if meeting is not None:
        electorate_user_ids, total_electorate = meeting.voter_ids, meeting.total
        present = meeting.present
    voters = _user_ids(electorate_user_ids or [])
    if total_electorate is None or int(total_electorate) <= 0:
        raise VotingError(_("The number of all representatives must be positive."))
    total_electorate = int(total_electorate)
    if len(voters) > total_electorate:
        raise VotingError(
            _(
                "The electorate (%(n)s) is larger than the number of all representatives (%(total)s)."
            )
            % {"n": len(voters), "total": total_electorate}
        )
    present = _check_present(present, voters=len(voters), total=total_electorate)
    if mode == Mode.MIXED and present is None:
        raise VotingError(_("Phones and paper together need the number of people present."))
    if mode == Mode.ONLINE and not voters:
        raise VotingError(_("An online ballot needs an electorate."))
    ballot = Ballot(
        org=org,
        title=title[:200],
        description=description or "",
        rule=rule,
        secret=bool(secret),
        mode=mode,
        total_electorate=total_electorate,
        present=present,
        seats=max(0, int(seats or 0)),
        source_kind=kind,
        source_id=ident,
        created_by=actor if getattr(actor, "pk", None) else None,
        salt=secrets.token_hex(32),
    )
    ballot.save()
    for pos, (text, kind_) in enumerate(cleaned, start=1):
        BallotItem(ballot=ballot, position=pos, kind=kind_, text=text).save()
    _set_electorate(ballot, voters)
    return ballot


def _check_present(present, *, voters: int, total: int) -> int | None:
    if present is None or present == "":
        return None
    try:
        present = int(present)
    except (TypeError, ValueError):
        raise VotingError(_("Counts must be whole numbers.")) from None
    if present < voters or present > total:
        raise VotingError(
            _(
                "People present (%(present)s) must be at least the voters with a login "
                "(%(voters)s) and at most all representatives (%(total)s)."
            )
            % {"present": present, "voters": voters, "total": total}
        )
    return present


def _set_electorate(ballot: Ballot, user_ids: list[int]) -> None:
    # Created sorted by user id before anyone votes: row ids carry no voting order.
    Participation._base_manager.filter(ballot=ballot).delete()
    Participation._base_manager.bulk_create(
        [Participation(ballot=ballot, user_id=uid) for uid in sorted(user_ids)]
    )


@transaction.atomic
def ballot_set_electorate(
    *, actor, ballot: Ballot, electorate_user_ids: list[int], total_electorate: int | None = None
) -> Ballot:
    """Replace the electorate of a ballot still in draft (attendance changed)."""
    ballot = _lock(Ballot, ballot.pk)
    _require_state(ballot, State.DRAFT)
    if headcount.of(ballot.source_kind, ballot.source_id) is not None:
        raise VotingError(_("This ballot takes its voters from the sign-in of its meeting."))
    voters = _user_ids(electorate_user_ids)
    if total_electorate is not None:
        ballot.total_electorate = int(total_electorate)
    if ballot.total_electorate <= 0 or len(voters) > ballot.total_electorate:
        raise VotingError(_("The electorate is larger than the number of all representatives."))
    _set_electorate(ballot, voters)
    ballot.save()
    audit.record(
        "voting.ballot.electorate_set", obj=ballot, changes={"electorate": [None, len(voters)]}
    )
    return ballot


def _take_headcount(ballot: Ballot) -> None:
    """A ballot made for a meeting takes the meeting's headcount again as voting opens."""
    meeting = headcount.of(ballot.source_kind, ballot.source_id)
    if meeting is None:
        return
    voters = _user_ids(meeting.voter_ids)
    ballot.total_electorate = meeting.total
    ballot.present = _check_present(meeting.present, voters=len(voters), total=meeting.total)
    # Those still present keep their row (and a paper already handed to them); latecomers
    # are added, still before anyone votes, so row ids carry no voting order.
    rows = Participation._base_manager.filter(ballot=ballot)
    rows.exclude(user_id__in=voters).delete()
    have = set(rows.values_list("user_id", flat=True))
    Participation._base_manager.bulk_create(
        [Participation(ballot=ballot, user_id=uid) for uid in voters if uid not in have]
    )


@transaction.atomic
def ballot_open(*, actor, ballot: Ballot) -> Ballot:
    ballot = _lock(Ballot, ballot.pk)
    _require_state(ballot, State.DRAFT)
    _take_headcount(ballot)
    ballot.state = State.OPEN
    ballot.opened_at = timezone.now()
    ballot.save()
    return ballot


# -- sealing (see the module docstring and sealing.py) ----------------------------------------


def _ballot_label(ballot: Ballot) -> str:
    # Binds a sealed paper to its ballot: moved to another ballot it no longer opens.
    return f"ballot:{ballot.pk}:{ballot.salt}"


def _evaluation_label(form: EvaluationForm) -> str:
    return f"evaluation:{form.pk}"


def _padded_size(worst: dict) -> int:
    """The length of the longest possible content: every sealed vote of a ballot is padded
    to it, so the sealed lengths are all equal whatever was chosen."""
    return len(sealing.encode(worst))


def seal_paper(ballot: Ballot, *, choices: dict[str, str], receipt_hash: str) -> SealedPaper:
    """Store a vote's content sealed until the close (also used by the demo data)."""
    longest = max(CHOICES, key=len)
    size = _padded_size({"c": dict.fromkeys(choices, longest), "r": "f" * len(receipt_hash)})
    blob = sealing.seal(_ballot_label(ballot), {"c": choices, "r": receipt_hash}, size=size)
    return SealedPaper._base_manager.create(id=uuid.uuid4(), ballot=ballot, sealed=blob)


def seal_response(form: EvaluationForm, *, answers: dict[str, dict]) -> SealedResponse:
    longest = max(SCORES) if form.scale == Scale.SCORES else max(GRADES, key=len)
    size = _padded_size({s: dict.fromkeys(row, longest) for s, row in answers.items()})
    blob = sealing.seal(_evaluation_label(form), answers, size=size)
    return SealedResponse._base_manager.create(id=uuid.uuid4(), form=form, sealed=blob)


def _unsealed(sealed_model, label: str, **filters) -> list[dict]:
    try:
        return [
            sealing.unseal(label, blob)
            for blob in sealed_model._base_manager.filter(**filters).values_list(
                "sealed", flat=True
            )
        ]
    except sealing.SealError:
        raise VotingError(
            _(
                "The sealed votes cannot be opened: the server's secret key was changed while "
                "voting was open. Ask the system administrator to restore the previous key, "
                "then close again."
            )
        ) from None


def _write_papers(model, opened: list[dict], sealed_model, **filters) -> int:
    """Write the opened votes and any paper already there (from before sealing existed) as
    papers in a random order with fresh random ids, in this transaction, and drop the sealed
    rows: the papers' physical order and transaction id no longer follow the votes."""
    rows = list(model._base_manager.filter(**filters).values())
    for row in rows:
        row.pop("id")
    rows += opened
    model._base_manager.filter(**filters).delete()
    sealed_model._base_manager.filter(**filters).delete()
    random.SystemRandom().shuffle(rows)
    model._base_manager.bulk_create([model(id=uuid.uuid4(), **r) for r in rows])
    return len(rows)


@transaction.atomic
def ballot_close(*, actor, ballot: Ballot) -> Ballot:
    """Close voting: waits for votes in flight (FOR UPDATE against their FOR SHARE)."""
    ballot = _lock(Ballot, ballot.pk)
    _require_state(ballot, State.OPEN)
    ballot.state = State.CLOSED
    ballot.closed_at = timezone.now()
    ballot.save()
    opened = [
        {"ballot_id": ballot.pk, "choices": v["c"], "receipt_hash": v["r"]}
        for v in _unsealed(SealedPaper, _ballot_label(ballot), ballot=ballot)
    ]
    papers = _write_papers(BallotPaper, opened, SealedPaper, ballot=ballot)
    voted = Participation._base_manager.filter(ballot=ballot, voted_on__isnull=False).count()
    audit.record(
        "voting.ballot.counted",
        obj=ballot,
        changes={"voted": [None, voted], "papers": [None, papers]},
    )
    return ballot


@transaction.atomic
def ballot_publish(*, actor, ballot: Ballot) -> Ballot:
    ballot = _lock(Ballot, ballot.pk)
    _require_state(ballot, State.CLOSED)
    if ballot.mode == Mode.PAPER and ballot.ballots_returned is None:
        raise VotingError(_("Enter the paper ballot counts before publishing."))
    result = ballot_result(ballot)
    if not result.consistent:
        raise VotingError(
            _("The tally does not match the number of votes; it cannot be published.")
        )
    ballot.state = State.PUBLISHED
    ballot.published_at = timezone.now()
    ballot.save()
    return ballot


@transaction.atomic
def ballot_delete(*, actor, ballot: Ballot) -> None:
    ballot = _lock(Ballot, ballot.pk)
    _require_state(ballot, State.DRAFT)
    Participation._base_manager.filter(ballot=ballot).delete()
    for item in ballot.items.all():
        item.delete()
    ballot.delete()


def _validate_choices(ballot: Ballot, items: list[BallotItem], choices: dict) -> dict[str, str]:
    if not isinstance(choices, dict):
        raise VotingError(_("Invalid ballot."))
    given = {str(k): v for k, v in choices.items()}
    known = {str(i.pk) for i in items}
    if set(given) - known:
        raise VotingError(_("The ballot names items that are not on it."))
    out = {}
    for item in items:
        value = given.get(str(item.pk))
        if value not in CHOICES:
            raise VotingError(
                _("Mark every item: for, against or abstain (%(item)s).") % {"item": item.text}
            )
        out[str(item.pk)] = value
    if ballot.seats:
        yes = sum(1 for i in items if i.kind == ItemKind.CANDIDATE and out[str(i.pk)] == "yes")
        if yes > ballot.seats:
            raise VotingError(
                _("At most %(seats)s candidates may be marked “for”.") % {"seats": ballot.seats}
            )
    return out


@transaction.atomic
def vote_cast(*, voter_user, ballot: Ballot, choices: dict) -> str:
    """Record one vote; returns the receipt code, which is shown once and never stored."""
    ballot = _lock(Ballot, ballot.pk, shared=True)
    if ballot.mode not in PHONE_MODES:
        raise VotingError(_("This ballot is counted on paper."))
    if ballot.state != State.OPEN:
        raise VotingError(_("Voting is not open."))
    mine = Participation._base_manager.filter(ballot=ballot, user_id=voter_user.pk).first()
    if mine is not None and mine.on_paper:
        raise VotingError(_("You were handed a paper ballot: vote on the paper."))
    if mine is not None and mine.voted_on is not None:
        raise VotingError(_("You have already voted in this ballot."))
    items = list(BallotItem._base_manager.filter(ballot=ballot).order_by("position", "id"))
    cleaned = _validate_choices(ballot, items, choices)
    marked = Participation._base_manager.filter(
        ballot=ballot, user_id=voter_user.pk, voted_on__isnull=True, on_paper=False
    ).update(voted_on=timezone.localdate())
    if marked != 1:
        # Lost a race with one's own other vote or with a paper handed meanwhile.
        if mine is not None:
            raise VotingError(_("You have already voted in this ballot."))
        raise VotingError(_("You are not in the electorate of this ballot."))
    code = new_receipt()
    # Sealed, not a readable paper: this transaction also marked the voter (same xmin).
    seal_paper(ballot, choices=cleaned, receipt_hash=receipt_hash(ballot, code))
    return code


@transaction.atomic
def ballot_hand_paper(*, actor, ballot: Ballot, user_ids: Iterable[int]) -> int:
    """Hand paper ballots to these people of a mixed ballot's electorate (they asked for
    paper, or have no phone with them): from now on their phone is refused. Someone who
    has voted on the phone gets no paper. Returns how many were handed one."""
    ballot = _lock(Ballot, ballot.pk)
    if ballot.mode != Mode.MIXED:
        raise VotingError(
            _("Paper ballots are handed out only where phones and paper are used together.")
        )
    _require_state(ballot, State.DRAFT, State.OPEN)
    wanted = sorted({int(u) for u in user_ids or ()})
    if not wanted:
        raise VotingError(_("Choose who is handed a paper ballot."))
    rows = Participation._base_manager.select_for_update().filter(ballot=ballot, user_id__in=wanted)
    found = {p.user_id: p for p in rows}
    if len(found) != len(wanted):
        raise VotingError(_("Only people entitled to vote in this ballot are handed a paper."))
    on_phone = [p for p in found.values() if p.voted_on is not None and not p.on_paper]
    if on_phone:
        raise VotingError(
            _("%(n)s of them have voted on their phones already and get no paper.")
            % {"n": len(on_phone)}
        )
    fresh = [uid for uid, p in found.items() if not p.on_paper]
    Participation._base_manager.filter(ballot=ballot, user_id__in=fresh).update(
        on_paper=True, voted_on=timezone.localdate()
    )
    audit.record(
        "voting.ballot.papers_handed", obj=ballot, changes={"papers_handed": [None, len(fresh)]}
    )
    return len(fresh)


def paper_capacity(ballot: Ballot) -> int | None:
    """How many paper ballots a mixed ballot may have issued: those present who do not
    (or no longer) vote by phone. None where nobody votes by phone."""
    if ballot.mode != Mode.MIXED:
        return None
    phones = Participation._base_manager.filter(ballot=ballot, on_paper=False).count()
    return max(0, (ballot.present or 0) - phones)


@transaction.atomic
def paper_ballots_count(
    *,
    actor,
    ballot: Ballot,
    tallies: dict,
    ballots_issued: int,
    ballots_returned: int,
    invalid: int,
) -> Ballot:
    """Enter the counts of a paper ballot: per item {"yes": n, "no": n, "abstain": n}.

    Consistency: returned ≤ issued ≤ all representatives, invalid ≤ returned, and on every
    item for + against + abstain equals the valid papers (an unmarked item counts as an
    abstention on the paper, 弃权). Counts may be corrected until publication (audited).
    """
    ballot = _lock(Ballot, ballot.pk)
    if ballot.mode == Mode.ONLINE:
        raise VotingError(_("This ballot is voted online; paper counts cannot be added."))
    _require_state(ballot, State.CLOSED)
    try:
        issued, returned, invalid = int(ballots_issued), int(ballots_returned), int(invalid)
    except (TypeError, ValueError):
        raise VotingError(_("Counts must be whole numbers.")) from None
    if min(issued, returned, invalid) < 0:
        raise VotingError(_("Counts cannot be negative."))
    if issued > ballot.total_electorate:
        raise VotingError(_("More ballots issued than there are representatives."))
    if ballot.mode == Mode.MIXED:
        room = paper_capacity(ballot)
        if issued > room:
            raise VotingError(
                _(
                    "More paper ballots issued (%(issued)s) than people present who do not "
                    "vote by phone (%(room)s)."
                )
                % {"issued": issued, "room": room}
            )
    else:
        present = ballot.present or Participation._base_manager.filter(ballot=ballot).count()
        if present and issued > present:
            raise VotingError(_("More ballots issued than representatives present."))
    if returned > issued:
        raise VotingError(_("More ballots returned than issued."))
    if invalid > returned:
        raise VotingError(_("More invalid ballots than ballots returned."))
    valid = returned - invalid
    items = list(ballot.items.all())
    by_id = {str(k): v for k, v in (tallies or {}).items()}
    yes_total = 0
    for item in items:
        t = by_id.get(str(item.pk)) or {}
        try:
            yes, no, abstain = (int(t.get(k, 0) or 0) for k in CHOICES)
        except (TypeError, ValueError):
            raise VotingError(_("Counts must be whole numbers.")) from None
        if min(yes, no, abstain) < 0:
            raise VotingError(_("Counts cannot be negative."))
        if yes + no + abstain != valid:
            raise VotingError(
                _(
                    "%(item)s: for + against + abstain = %(sum)s, but there are %(valid)s valid ballots."
                )
                % {"item": item.text, "sum": yes + no + abstain, "valid": valid}
            )
        if item.kind == ItemKind.CANDIDATE:
            yes_total += yes
        item.paper_yes, item.paper_no, item.paper_abstain = yes, no, abstain
        item.save()
    if ballot.seats and yes_total > ballot.seats * valid:
        raise VotingError(_("More “for” marks than seats × valid ballots: a count is wrong."))
    ballot.ballots_issued, ballot.ballots_returned, ballot.invalid_papers = (
        issued,
        returned,
        invalid,
    )
    ballot.save()
    return ballot


# -- results ---------------------------------------------------------------------------------


@dataclass
class ItemResult:
    item: BallotItem
    yes: int = 0
    no: int = 0
    abstain: int = 0
    passed: bool = False
    elected: bool | None = None  # candidates only
    tie: bool = False

    @property
    def id(self) -> int:
        return self.item.pk

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain


@dataclass
class Result:
    ballot: Ballot
    rule: rules.Rule
    present: int  # entitled to vote now (representatives present), or ballots issued
    total: int  # all representatives: the base of the majority
    quorum_needed: int
    quorum_met: bool
    votes_needed: int  # yes votes an item needs
    voted: int  # people recorded as having voted (online) / ballots returned (paper)
    papers: int  # valid papers counted
    invalid: int = 0
    issued: int | None = None
    items: list[ItemResult] = field(default_factory=list)
    consistent: bool = True  # online: papers == voters recorded

    @property
    def source(self) -> str:
        return self.rule.source


def recount(items: list[BallotItem], papers: Iterable[dict]) -> dict[int, dict[str, int]]:
    """Counts per item from paper choices: the function anyone can re-run on the published
    papers. Keys are item ids, values {"yes": n, "no": n, "abstain": n}."""
    counts = {i.pk: dict.fromkeys(CHOICES, 0) for i in items}
    for choices in papers:
        for item_id, value in choices.items():
            if int(item_id) in counts and value in CHOICES:
                counts[int(item_id)][value] += 1
    return counts


def ballot_result(ballot: Ballot) -> Result:
    """The tally of a ballot with its rule. Counted from the papers (online) or from the
    entered counts (paper). Meaningful once closed; pages show it only when published."""
    ballot = _fresh(ballot)
    rule = rules.get(ballot.rule)
    items = list(BallotItem._base_manager.filter(ballot=ballot).order_by("position", "id"))
    # Made for a meeting: everyone signed in there, with or without a login.
    present = ballot.present
    if present is None:
        present = Participation._base_manager.filter(ballot=ballot).count()
    invalid, issued = 0, None
    voted = papers = 0
    counts = {i.pk: dict.fromkeys(CHOICES, 0) for i in items}
    consistent = True
    if ballot.mode in PHONE_MODES:
        voted = Participation._base_manager.filter(
            ballot=ballot, voted_on__isnull=False, on_paper=False
        ).count()
        choices = list(
            BallotPaper._base_manager.filter(ballot=ballot)
            .order_by("id")
            .values_list("choices", flat=True)
        )
        papers = len(choices)
        counts = recount(items, choices)
        consistent = papers == voted
    if ballot.mode in (Mode.PAPER, Mode.MIXED):
        issued = ballot.ballots_issued
        if ballot.mode == Mode.PAPER:
            present = present or (issued or 0)
        invalid = ballot.invalid_papers or 0
        returned = ballot.ballots_returned or 0
        valid = returned - invalid
        on_paper = {
            i.pk: {"yes": i.paper_yes, "no": i.paper_no, "abstain": i.paper_abstain} for i in items
        }
        consistent = consistent and all(sum(c.values()) == valid for c in on_paper.values())
        for pk, c in on_paper.items():
            for k in CHOICES:
                counts[pk][k] += c[k]
        voted += returned
        papers += valid
    total = ballot.total_electorate
    quorum_met = rule.quorum_met(present, total)
    result = Result(
        ballot=ballot,
        rule=rule,
        present=present,
        total=total,
        quorum_needed=rule.quorum_needed(total),
        quorum_met=quorum_met,
        votes_needed=rule.votes_needed(present, total),
        voted=voted,
        papers=papers,
        invalid=invalid,
        issued=issued,
        consistent=consistent,
    )
    for item in items:
        c = counts[item.pk]
        result.items.append(
            ItemResult(
                item=item,
                yes=c["yes"],
                no=c["no"],
                abstain=c["abstain"],
                passed=rule.passes(c["yes"], present, total),
            )
        )
    candidates = {r.id: r.yes for r in result.items if r.item.kind == ItemKind.CANDIDATE}
    if candidates:
        outcome = rules.elect(rule, candidates, seats=ballot.seats, present=present, total=total)
        for r in result.items:
            if r.id in outcome:
                r.elected = outcome[r.id].elected
                r.tie = outcome[r.id].tie
                r.passed = r.elected
    return result


def published_papers(ballot: Ballot) -> list[BallotPaper]:
    """All papers of a counted ballot, by random id: the data of a public recount."""
    ballot = _fresh(ballot)
    if not ballot.is_counted or ballot.mode != Mode.ONLINE:
        return []
    return list(BallotPaper._base_manager.filter(ballot=ballot).order_by("id"))


def receipt_verify(*, ballot: Ballot, code: str) -> BallotPaper | None:
    """The paper counted under this receipt code, once the results are published."""
    ballot = _fresh(ballot)
    if ballot.state != State.PUBLISHED or ballot.mode != Mode.ONLINE:
        raise VotingError(_("Receipts can be checked once the results are published."))
    return BallotPaper._base_manager.filter(
        ballot=ballot, receipt_hash=receipt_hash(ballot, code)
    ).first()


def has_voted(ballot: Ballot, user) -> bool | None:
    """True / False for a member of the electorate, None for anyone else."""
    row = (
        Participation._base_manager.filter(ballot=ballot, user_id=user.pk)
        .values("voted_on")
        .first()
    )
    if row is None:
        return None
    return row["voted_on"] is not None


def handed_paper(ballot: Ballot, user) -> bool:
    """Whether `user` was handed a paper ballot (a mixed ballot): they vote on the paper."""
    return Participation._base_manager.filter(
        ballot=ballot, user_id=user.pk, on_paper=True
    ).exists()


# -- evaluations -----------------------------------------------------------------------------


@transaction.atomic
def evaluation_create(
    *,
    actor,
    org,
    title: str,
    subjects: list[dict],
    items: list[str],
    electorate_user_ids: list[int],
    scale: str = Scale.GRADES,
    description: str = "",
    source: tuple[str, str] | None = None,
) -> EvaluationForm:
    """A democratic evaluation in draft: leaders ({"name", "title"}), the items each is rated
    on (德/能/勤/绩/廉, or one overall item), and who may answer."""
    if scale not in Scale.values:
        raise VotingError(_("Unknown scale."))
    title = (title or "").strip()
    if not title:
        raise VotingError(_("An evaluation needs a title."))
    subjects = [s for s in subjects or [] if str(s.get("name", "")).strip()]
    items = [str(i).strip() for i in items or [] if str(i).strip()]
    if not subjects:
        raise VotingError(_("An evaluation needs at least one person to evaluate."))
    if not items:
        items = [_("Overall")]
    voters = _user_ids(electorate_user_ids or [])
    if not voters:
        raise VotingError(_("An evaluation needs people to answer it."))
    kind, ident = _source(source)
    form = EvaluationForm(
        org=org,
        title=title[:200],
        description=description or "",
        scale=scale,
        source_kind=kind,
        source_id=ident,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    form.save()
    for pos, s in enumerate(subjects, start=1):
        EvaluationSubject(
            form=form,
            position=pos,
            name=str(s["name"]).strip()[:60],
            title=str(s.get("title", "")).strip()[:60],
        ).save()
    for pos, text in enumerate(items, start=1):
        EvaluationItem(form=form, position=pos, text=text[:100]).save()
    EvaluationParticipation._base_manager.bulk_create(
        [EvaluationParticipation(form=form, user_id=uid) for uid in voters]
    )
    return form


@transaction.atomic
def evaluation_open(*, actor, form: EvaluationForm) -> EvaluationForm:
    form = _lock(EvaluationForm, form.pk)
    _require_state(form, State.DRAFT)
    form.state = State.OPEN
    form.opened_at = timezone.now()
    form.save()
    return form


@transaction.atomic
def evaluation_close(*, actor, form: EvaluationForm) -> EvaluationForm:
    form = _lock(EvaluationForm, form.pk)
    _require_state(form, State.OPEN)
    form.state = State.CLOSED
    form.closed_at = timezone.now()
    form.save()
    opened = [
        {"form_id": form.pk, "answers": a}
        for a in _unsealed(SealedResponse, _evaluation_label(form), form=form)
    ]
    n = _write_papers(EvaluationResponse, opened, SealedResponse, form=form)
    audit.record("voting.evaluationform.counted", obj=form, changes={"responses": [None, n]})
    return form


@transaction.atomic
def evaluation_publish(*, actor, form: EvaluationForm) -> EvaluationForm:
    form = _lock(EvaluationForm, form.pk)
    _require_state(form, State.CLOSED)
    form.state = State.PUBLISHED
    form.published_at = timezone.now()
    form.save()
    return form


@transaction.atomic
def evaluation_delete(*, actor, form: EvaluationForm) -> None:
    form = _lock(EvaluationForm, form.pk)
    _require_state(form, State.DRAFT)
    EvaluationParticipation._base_manager.filter(form=form).delete()
    for row in [*form.subjects.all(), *form.items.all()]:
        row.delete()
    form.delete()


def _validate_answers(form: EvaluationForm, subjects, items, answers: dict) -> dict:
    if not isinstance(answers, dict):
        raise VotingError(_("Invalid answers."))
    given = {str(k): v for k, v in answers.items()}
    if set(given) - {str(s.pk) for s in subjects}:
        raise VotingError(_("The answers name people who are not on the form."))
    out: dict[str, dict] = {}
    for s in subjects:
        row = given.get(str(s.pk))
        if not isinstance(row, dict):
            raise VotingError(_("Rate every item for %(name)s.") % {"name": s.name})
        row = {str(k): v for k, v in row.items()}
        if set(row) - {str(i.pk) for i in items}:
            raise VotingError(_("The answers name items that are not on the form."))
        out[str(s.pk)] = {}
        for i in items:
            value = row.get(str(i.pk))
            if form.scale == Scale.SCORES:
                try:
                    value = int(value)
                except (TypeError, ValueError):
                    value = None
                ok = value in SCORES
            else:
                ok = value in GRADES
            if not ok:
                raise VotingError(
                    _("Rate every item for %(name)s (%(item)s).") % {"name": s.name, "item": i.text}
                )
            out[str(s.pk)][str(i.pk)] = value
    return out


@transaction.atomic
def evaluation_respond(*, voter_user, form: EvaluationForm, answers: dict) -> None:
    """Record one anonymous answer sheet, exactly once per person."""
    form = _lock(EvaluationForm, form.pk, shared=True)
    if form.state != State.OPEN:
        raise VotingError(_("The evaluation is not open."))
    if has_responded(form, voter_user):
        raise VotingError(_("You have already answered this evaluation."))
    subjects = list(EvaluationSubject._base_manager.filter(form=form).order_by("position", "id"))
    items = list(EvaluationItem._base_manager.filter(form=form).order_by("position", "id"))
    cleaned = _validate_answers(form, subjects, items, answers)
    marked = EvaluationParticipation._base_manager.filter(
        form=form, user_id=voter_user.pk, responded_on__isnull=True
    ).update(responded_on=timezone.localdate())
    if marked != 1:
        if EvaluationParticipation._base_manager.filter(form=form, user_id=voter_user.pk).exists():
            raise VotingError(_("You have already answered this evaluation."))
        raise VotingError(_("You are not among those asked to answer this evaluation."))
    # Sealed until the close, like a ballot paper (see the module docstring).
    seal_response(form, answers=cleaned)


def has_responded(form: EvaluationForm, user) -> bool | None:
    row = (
        EvaluationParticipation._base_manager.filter(form=form, user_id=user.pk)
        .values("responded_on")
        .first()
    )
    if row is None:
        return None
    return row["responded_on"] is not None


@dataclass
class GradeCount:
    key: str
    label: str
    count: int
    percent: float  # of the answers, for display only (one decimal)


@dataclass
class SubjectItemResult:
    item: EvaluationItem
    grades: list[GradeCount] = field(default_factory=list)
    mean: float | None = None  # scores scale
    answers: int = 0


@dataclass
class SubjectResult:
    subject: EvaluationSubject
    items: list[SubjectItemResult] = field(default_factory=list)
    overall: list[GradeCount] = field(default_factory=list)  # all items pooled
    mean: float | None = None
    answers: int = 0
    # 优秀 + 称职 share (the usual "满意率"/称职率), grades scale only
    approval: float | None = None


@dataclass
class EvaluationResult:
    form: EvaluationForm
    entitled: int
    responded: int
    responses: int
    subjects: list[SubjectResult] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        return self.responded == self.responses


def _pct(n: int, d: int) -> float:
    return round(100.0 * n / d, 1) if d else 0.0


def _grade_counts(values: list, scale: str) -> list[GradeCount]:
    if scale == Scale.SCORES:
        return [
            GradeCount(str(s), str(s), values.count(s), _pct(values.count(s), len(values)))
            for s in SCORES
        ]
    return [
        GradeCount(
            g.value, str(g.label), values.count(g.value), _pct(values.count(g.value), len(values))
        )
        for g in Grade
    ]


def evaluation_result(form: EvaluationForm) -> EvaluationResult:
    form = _fresh(form)
    subjects = list(EvaluationSubject._base_manager.filter(form=form).order_by("position", "id"))
    items = list(EvaluationItem._base_manager.filter(form=form).order_by("position", "id"))
    sheets = list(
        EvaluationResponse._base_manager.filter(form=form)
        .order_by("id")
        .values_list("answers", flat=True)
    )
    parts = EvaluationParticipation._base_manager.filter(form=form)
    result = EvaluationResult(
        form=form,
        entitled=parts.count(),
        responded=parts.filter(responded_on__isnull=False).count(),
        responses=len(sheets),
    )
    for s in subjects:
        sr = SubjectResult(subject=s, answers=len(sheets))
        pooled: list = []
        for i in items:
            values = [sheet.get(str(s.pk), {}).get(str(i.pk)) for sheet in sheets]
            values = [v for v in values if v is not None]
            pooled += values
            ir = SubjectItemResult(
                item=i, grades=_grade_counts(values, form.scale), answers=len(values)
            )
            if form.scale == Scale.SCORES and values:
                ir.mean = round(sum(values) / len(values), 2)
            sr.items.append(ir)
        sr.overall = _grade_counts(pooled, form.scale)
        if form.scale == Scale.SCORES:
            sr.mean = round(sum(pooled) / len(pooled), 2) if pooled else None
        else:
            good = sum(g.count for g in sr.overall if g.key in ("excellent", "competent"))
            sr.approval = _pct(good, len(pooled))
        result.subjects.append(sr)
    return result
