"""Reads of the democracy module: the counts the rules are applied to, quorum, the
representative's own view, the proposal report and the dashboard figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.accounts.models import RoleAssignment
from gonghui.members.models import ON_ROLL, Member
from gonghui.members.selectors import search_q
from gonghui.orgs.models import Organisation

from . import rules
from .models import (
    AWAITING_ANSWER,
    EXPIRY_NOTICE_DAYS,
    Attendance,
    Congress,
    CongressKind,
    Contract,
    Cosign,
    Delegation,
    ManagerLevel,
    Negotiation,
    Proposal,
    ProposalStatus,
    Representative,
    Resolution,
    Session,
    SessionDocument,
    SessionStatus,
)


@dataclass(frozen=True)
class Workforce:
    staff: int
    women: int
    from_roll: bool  # True when the members on the roll stand in for the staff count


def workforce(congress: Congress) -> Workforce:
    if congress.staff_count is not None:
        women = congress.women_staff_count
        if women is None:
            women = _roll(congress.org)["women"]
        return Workforce(congress.staff_count, women, False)
    roll = _roll(congress.org)
    women = congress.women_staff_count if congress.women_staff_count is not None else roll["women"]
    return Workforce(roll["total"], women, True)


def _on_roll(org: Organisation) -> QuerySet[Member]:
    return Member.objects.filter(org__path__startswith=org.path, status__in=ON_ROLL)


def _roll(org: Organisation) -> dict:
    return _on_roll(org).aggregate(total=Count("id"), women=Count("id", filter=Q(sex="female")))


def current_representatives(congress: Congress) -> QuerySet[Representative]:
    return Representative.objects.filter(congress=congress, left_on__isnull=True)


@dataclass(frozen=True)
class CongressChecks:
    workforce: Workforce
    rule: rules.RegionRule
    region: str
    checks: list[rules.Check]
    counts: dict

    @property
    def all_pass(self) -> bool:
        return all(c.passed is not False for c in self.checks)


def congress_checks(congress: Congress) -> CongressChecks:
    counts = current_representatives(congress).aggregate(
        total=Count("id"),
        women=Count("id", filter=Q(member__sex="female")),
        managers=Count("id", filter=~Q(manager_level=ManagerLevel.NONE)),
        teachers=Count("id", filter=Q(teacher=True)),
        front_line=Count("id", filter=Q(front_line=True)),
    )
    wf = workforce(congress)
    region = congress.org.rules_region()
    rule = rules.region_rule(region)
    comp = rules.Composition(
        kind=congress.kind,
        staff=wf.staff,
        women_staff=wf.women,
        representatives=counts["total"],
        women=counts["women"],
        managers=counts["managers"],
        teachers=counts["teachers"],
        front_line=counts["front_line"],
        front_line_required=congress.front_line_required,
    )
    return CongressChecks(wf, rule, region, rules.composition_checks(comp, rule), counts)


@dataclass(frozen=True)
class Quorum:
    present: int
    total: int
    needed: int
    met: bool

    @property
    def percent(self) -> float:
        return round(100 * self.present / self.total, 1) if self.total else 0.0


def quorum(session: Session) -> Quorum:
    """Present / all current representatives of the term, against two thirds."""
    total = current_representatives(session.congress).count()
    present = Attendance.objects.filter(
        session=session, representative__left_on__isnull=True
    ).count()
    return Quorum(present, total, rules.quorum_needed(total), rules.quorum_met(present, total))


def session_voters(session: Session) -> list[int]:
    """The active logins of the current representatives signed in at `session`: they may
    vote on their phones; the others present vote on paper."""
    return list(
        Attendance.objects.filter(
            session=session,
            representative__left_on__isnull=True,
            representative__member__user__is_active=True,
        ).values_list("representative__member__user_id", flat=True)
    )


def ballot_sessions(org: Organisation) -> QuerySet[Session]:
    """Sessions of `org`'s own congresses a ballot can still be held in (not closed)."""
    return (
        Session.objects.filter(congress__org=org)
        .exclude(status=SessionStatus.CLOSED)
        .select_related("congress")
        .order_by("-date", "-id")
    )


# -- the representative's side ----------------------------------------------------------------


def member_of(user, org: Organisation) -> Member | None:
    """The member record linked to `user` when it sits in `org`'s subtree (read by the
    account link, not through the scope: a representative's login usually sits at a group
    below the union that holds the congress)."""
    if not getattr(user, "is_authenticated", False):
        return None
    member = Member._base_manager.select_related("org").filter(user=user).first()
    if member is None or not member.org.path.startswith(org.path):
        return None
    return member


def home_code(user) -> str | None:
    """The organisation code under which `user` acts as a member: the deepest node on
    their member record's chain where they hold a role (None without one). The sign-in QR
    code's landing route asks it, outside any organisation, for the login's own records."""
    members = Member.objects.everywhere(why="a login's own member record")
    member = members.select_related("org").filter(user=user).first()
    if member is None:
        return None
    roles = RoleAssignment.objects.everywhere(why="a login's own roles").filter(
        user=user, org_id__in=[*member.org.ancestor_ids(), member.org_id]
    )
    best = max(roles.select_related("org"), key=lambda r: r.org.depth, default=None)
    return best.org.code if best else None


def representative_terms(member: Member | None, day: dt.date | None = None) -> list[Representative]:
    """The member's current seats: the congress term is running and they have not left.
    The congress is the member's own union's or above (its path is a prefix of theirs)."""
    if member is None:
        return []
    day = day or timezone.localdate()
    chain = [int(p) for p in member.org.path.strip("/").split("/") if p]
    return list(
        Representative._base_manager.select_related("congress", "congress__org", "member")
        .filter(
            member=member,
            left_on__isnull=True,
            congress__org_id__in=chain,
            congress__start_date__lte=day,
            congress__end_date__gte=day,
        )
        .order_by("-congress__start_date")
    )


def own_proposal(seats: list[Representative], proposal_id) -> tuple[Proposal, Representative]:
    """A proposal the representative made or may co-sign (a draft of their congress), and
    their seat in that congress; 404 otherwise."""
    proposal = (
        Proposal._base_manager.select_related("congress", "congress__org", "proposer__member")
        .filter(pk=proposal_id, congress_id__in=[r.congress_id for r in seats])
        .filter(Q(proposer_id__in=[r.pk for r in seats]) | Q(status=ProposalStatus.DRAFT))
        .first()
    )
    if proposal is None:
        raise Http404
    return proposal, next(r for r in seats if r.congress_id == proposal.congress_id)


# -- proposals ----------------------------------------------------------------------------


def proposals_of_year(org: Organisation, year: int) -> QuerySet[Proposal]:
    """Proposals submitted in `year` (drafts never count)."""
    return (
        Proposal.objects.filter(
            congress__org__path__startswith=org.path,
            submitted_at__year=year,
        )
        .exclude(status=ProposalStatus.DRAFT)
        .select_related("congress", "proposer__member", "session")
        .annotate(n_cosigns=Count("cosigns"))
        .order_by("number", "id")
    )


def overdue_proposals(org: Organisation, day: dt.date | None = None) -> QuerySet[Proposal]:
    day = day or timezone.localdate()
    return Proposal.objects.filter(
        congress__org__path__startswith=org.path,
        status__in=AWAITING_ANSWER,
        deadline__lt=day,
    )


def proposal_report(org: Organisation, year: int) -> dict:
    items = list(proposals_of_year(org, year))
    today = timezone.localdate()
    by_status: dict[str, int] = {}
    for p in items:
        by_status[p.status] = by_status.get(p.status, 0) + 1
    registered = [
        p for p in items if p.status not in (ProposalStatus.SUBMITTED, ProposalStatus.OPINION)
    ]
    answered = [
        p
        for p in items
        if p.status in (ProposalStatus.ANSWERED, ProposalStatus.IMPLEMENTED, ProposalStatus.RATED)
    ]
    rated = [p for p in items if p.satisfaction]
    return {
        "items": items,
        "total": len(items),
        "registered": len(registered),
        "opinions": by_status.get(ProposalStatus.OPINION, 0),
        "answered": len(answered),
        "implemented": sum(1 for p in items if p.implemented_at),
        "overdue": sum(1 for p in items if p.is_overdue(today)),
        "satisfied": sum(1 for p in rated if p.satisfaction in ("satisfied", "partly")),
        "rated": len(rated),
        "today": today,
    }


# -- dashboard ----------------------------------------------------------------------------


def next_session(org: Organisation, day: dt.date | None = None) -> Session | None:
    day = day or timezone.localdate()
    return (
        Session.objects.filter(congress__org__path__startswith=org.path, date__gte=day)
        .exclude(status=SessionStatus.CLOSED)
        .select_related("congress")
        .order_by("date", "id")
        .first()
    )


def expiring_contracts(org: Organisation, day: dt.date | None = None) -> QuerySet[Contract]:
    """Contracts ending within the notice period, or ended less than a year ago without
    a newer one of the same kind (the unit may be working without a contract)."""
    day = day or timezone.localdate()
    qs = Contract.objects.filter(
        org__path__startswith=org.path,
        end_date__lte=day + dt.timedelta(days=EXPIRY_NOTICE_DAYS),
        end_date__gte=day - dt.timedelta(days=365),
    ).order_by("end_date")
    newer = Contract.objects.filter(
        org=OuterRef("org"), kind=OuterRef("kind"), start_date__gt=OuterRef("start_date")
    )
    return qs.filter(~Exists(newer))


def current_congress(org: Organisation, day: dt.date | None = None) -> Congress | None:
    day = day or timezone.localdate()
    return (
        Congress.objects.filter(org=org, start_date__lte=day, end_date__gte=day)
        .order_by("-term_number")
        .first()
    )


def congress_kind_for(org: Organisation) -> str:
    """The kind a new congress of `org` is offered: 教代会 for a school."""
    return CongressKind.TEACHERS if org.unit_type == "school" else CongressKind.CONGRESS


# -- the records both doors look up (scoped: another organisation's id is not there) -----


def congresses(org: Organisation) -> QuerySet[Congress]:
    return (
        Congress.objects.filter(org__path__startswith=org.path)
        .select_related("org")
        .order_by("org__path", "-term_number")
    )


def sessions() -> QuerySet[Session]:
    return Session.objects.select_related("congress", "congress__org")


def representatives() -> QuerySet[Representative]:
    return Representative.objects.select_related("congress", "congress__org", "member")


def resolutions() -> QuerySet[Resolution]:
    return Resolution.objects.select_related(
        "session", "session__congress", "session__congress__org"
    )


def proposals() -> QuerySet[Proposal]:
    """Proposals as the committee reads them: a draft is the proposer's alone, unless they
    asked the committee for help with it."""
    return Proposal.objects.select_related(
        "congress", "congress__org", "proposer__member", "session"
    ).exclude(status=ProposalStatus.DRAFT, help_requested=False)


def help_drafts(org: Organisation) -> QuerySet[Proposal]:
    """Drafts whose proposers asked the committee for help, oldest first."""
    return (
        Proposal.objects.filter(
            congress__org__path__startswith=org.path,
            status=ProposalStatus.DRAFT,
            help_requested=True,
        )
        .select_related("congress", "proposer__member")
        .order_by("created_at", "id")
    )


def sitting_representatives(org: Organisation) -> QuerySet[Representative]:
    """The representatives still sitting in the current congresses of `org` (for a
    proposal entered from paper), by congress and name."""
    today = timezone.localdate()
    return (
        Representative.objects.filter(
            congress__org=org, congress__end_date__gte=today, left_on__isnull=True
        )
        .select_related("member", "congress")
        .order_by("congress_id", "member__name_pinyin", "id")
    )


def submitted_proposals(org: Organisation, status: str = "") -> QuerySet[Proposal]:
    """The proposals handled here (no drafts), newest first; `status` a status or "overdue"."""
    qs = (
        Proposal.objects.filter(congress__org__path__startswith=org.path)
        .exclude(status=ProposalStatus.DRAFT)
        .select_related("congress", "proposer__member")
        .order_by("-submitted_at", "-id")
    )
    if status == "overdue":
        return qs.filter(pk__in=overdue_proposals(org).values("pk"))
    if status in ProposalStatus.values:
        return qs.filter(status=status)
    return qs


def contracts(org: Organisation) -> QuerySet[Contract]:
    return (
        Contract.objects.filter(org__path__startswith=org.path)
        .select_related("org")
        .order_by("-end_date", "id")
    )


def congress_roster(congress: Congress) -> list[Representative]:
    """The term's representatives for its page: those still sitting first, by delegation
    and pinyin."""
    return list(
        Representative.objects.filter(congress=congress)
        .select_related("member", "member__org", "delegation")
        .order_by("left_on", "delegation__name", "member__name_pinyin", "id")
    )


def sign_in_list(session: Session) -> list[Representative]:
    """The current representatives by delegation, each with `attendance_row` (their
    sign-in at `session`, or None)."""
    reps = list(
        current_representatives(session.congress)
        .select_related("member", "delegation")
        .order_by("delegation__name", "member__name_pinyin", "id")
    )
    present = {a.representative_id: a for a in session.attendance.all()}
    for r in reps:
        r.attendance_row = present.get(r.pk)
    return reps


def roll_candidates(congress: Congress, *, q: str = "", department: str = "") -> QuerySet[Member]:
    """Members on the union's roll who are not yet representatives of the term, found by
    name or pinyin and department."""
    taken = Representative.objects.filter(congress=congress).values_list("member_id", flat=True)
    qs = _on_roll(congress.org).exclude(pk__in=taken)
    if q:
        qs = qs.filter(search_q(q))
    if department:
        qs = qs.filter(department=department)
    return qs.select_related("org").order_by("name_pinyin", "id")


def roll_departments(congress: Congress) -> list[str]:
    return sorted(
        d for d in _on_roll(congress.org).values_list("department", flat=True).distinct() if d
    )


def roll_members(congress: Congress, ids) -> list[Member]:
    """The members among `ids` on the roll of the congress's union (its subtree)."""
    return list(
        Member.objects.filter(pk__in=ids, org__path__startswith=congress.org.path).select_related(
            "org"
        )
    )


def delegation_of(congress: Congress, pk) -> Delegation | None:
    return Delegation.objects.filter(congress=congress, pk=pk).first()


def representatives_among(congress: Congress, ids) -> list[Representative]:
    return list(
        Representative.objects.filter(congress=congress, pk__in=ids).select_related("member")
    )


# -- the representative's own records, past the scope -------------------------------------
# A representative's login usually sits at a group below the union that holds the congress:
# these read through the seats found by their own member record (representative_terms),
# never through an id the caller chose alone.


def seat_sessions(seats: list[Representative]) -> QuerySet[Session]:
    return Session._base_manager.select_related("congress", "congress__org").filter(
        congress_id__in=[r.congress_id for r in seats]
    )


def seat_proposals(seats: list[Representative]) -> QuerySet[Proposal]:
    """The proposals the caller made."""
    return Proposal._base_manager.filter(proposer_id__in=[r.pk for r in seats])


def cosignable_drafts(seats: list[Representative]) -> QuerySet[Proposal]:
    """Colleagues' drafts in the caller's congresses, which they may co-sign."""
    return Proposal._base_manager.filter(
        congress_id__in=[r.congress_id for r in seats], status=ProposalStatus.DRAFT
    ).exclude(proposer_id__in=[r.pk for r in seats])


def _cosign_rows() -> QuerySet[Cosign]:
    """Co-signatures in the order signed, with the name of who signed (past the scope: the
    proposals were found for this caller, their cosigns follow them)."""
    return (
        Cosign._base_manager.select_related("representative__member")
        .only("proposal", "signed_at", "representative__member__name")
        .order_by("signed_at", "id")
    )


def with_cosigners(proposals):
    """`proposals` (a queryset, or a list already read) with their co-signers read in one
    statement for all of them, for cosigner_names: a list of proposals answered with
    their co-signers reads a constant number of statements, not one per proposal."""
    found = Prefetch("cosigns", queryset=_cosign_rows(), to_attr="cosign_rows")
    if isinstance(proposals, QuerySet):
        return proposals.prefetch_related(found)
    prefetch_related_objects(proposals, found)
    return proposals


def cosigner_names(proposal: Proposal) -> list[str]:
    """Who co-signed, in the order they signed: read with the proposal by with_cosigners,
    else here."""
    rows = getattr(proposal, "cosign_rows", None)
    if rows is not None:
        return [c.representative.member.name for c in rows]
    return list(
        Cosign._base_manager.filter(proposal=proposal)
        .order_by("signed_at", "id")
        .values_list("representative__member__name", flat=True)
    )


def session_child(session: Session, model, pk):
    """An agenda item or a paper of `session` (404 otherwise), knowing its session."""
    item = get_object_or_404(model.objects.filter(session=session), pk=pk)
    item.session = session
    return item


def negotiations_with_file() -> QuerySet[Negotiation]:
    return Negotiation.objects.exclude(file="")


def seat_overview(seats: list[Representative]) -> dict:
    """A representative's own page: the coming sessions of their congresses (with whether
    they signed in and the papers), their proposals, and colleagues' drafts to co-sign."""
    rep_ids = [r.pk for r in seats]
    sessions = list(
        seat_sessions(seats).exclude(status=SessionStatus.CLOSED).order_by("date", "id")
    )
    signed = set(
        Attendance._base_manager.filter(
            representative_id__in=rep_ids, session__in=sessions
        ).values_list("session_id", flat=True)
    )
    docs: dict[int, list] = {}
    for d in SessionDocument._base_manager.filter(session__in=sessions):
        docs.setdefault(d.session_id, []).append(d)
    for s in sessions:
        s.signed_in = s.pk in signed
        s.docs = docs.get(s.pk, [])
    mine = list(seat_proposals(seats).select_related("congress").order_by("-created_at", "-id"))
    to_cosign = list(
        cosignable_drafts(seats)
        .select_related("proposer__member")
        .order_by("-created_at", "-id")[:20]
    )
    cosigned = set(
        Proposal._base_manager.filter(cosigns__representative_id__in=rep_ids).values_list(
            "pk", flat=True
        )
    )
    for p in to_cosign:
        p.cosigned = p.pk in cosigned
    return {"sessions": sessions, "mine": mine, "to_cosign": to_cosign}


def seat_session(
    seats: list[Representative], session_id
) -> tuple[Session | None, Representative | None]:
    """The session a checked sign-in code names, when it is one of the caller's
    congresses', and their seat there; (None, None) otherwise: nothing about it is shown
    to someone without a seat in it."""
    session = seat_sessions(seats).filter(pk=session_id).first()
    if session is None:
        return None, None
    return session, next(r for r in seats if r.congress_id == session.congress_id)


def attendance_of(session: Session | None, rep: Representative | None) -> Attendance | None:
    if session is None or rep is None:
        return None
    return Attendance._base_manager.filter(session=session, representative=rep).first()


def cosigns_of(proposal: Proposal) -> list[Cosign]:
    """The co-signatures of a proposal the caller reached as its proposer or co-signer."""
    return list(
        Cosign._base_manager.filter(proposal=proposal).select_related("representative__member")
    )


def seat_document(seats: list[Representative], session_id, document_id) -> SessionDocument:
    """A paper of a session of one of the caller's congresses (404 otherwise)."""
    session = get_object_or_404(seat_sessions(seats), pk=session_id)
    return get_object_or_404(SessionDocument._base_manager.filter(session=session), pk=document_id)
