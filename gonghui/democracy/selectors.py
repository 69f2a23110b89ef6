"""Reads of the democracy module: the counts the rules are applied to, quorum, the
representative's own view, the proposal report and the dashboard figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from gonghui.members.models import ON_ROLL, Member
from gonghui.orgs.models import Organisation

from . import rules
from .models import (
    AWAITING_ANSWER,
    EXPIRY_NOTICE_DAYS,
    Attendance,
    Congress,
    CongressKind,
    Contract,
    ManagerLevel,
    Proposal,
    ProposalStatus,
    Representative,
    Session,
    SessionStatus,
)


def region_of(org: Organisation) -> str:
    """The region whose rules apply: the organisation's own, else its nearest ancestor's."""
    if org.region:
        return org.region
    for node in reversed(org.ancestors()):
        if node.region:
            return node.region
    return ""


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


def _roll(org: Organisation) -> dict:
    return Member.objects.filter(org__path__startswith=org.path, status__in=ON_ROLL).aggregate(
        total=Count("id"), women=Count("id", filter=Q(sex="female"))
    )


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
    region = region_of(congress.org)
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


def own_proposal(rep_ids: list[int], proposal_id: int) -> Proposal | None:
    """A proposal the representative made or may co-sign (same congress)."""
    reps = Representative._base_manager.filter(pk__in=rep_ids)
    congress_ids = list(reps.values_list("congress_id", flat=True))
    return (
        Proposal._base_manager.select_related("congress", "congress__org", "proposer__member")
        .filter(pk=proposal_id, congress_id__in=congress_ids)
        .filter(Q(proposer_id__in=rep_ids) | Q(status=ProposalStatus.DRAFT))
        .first()
    )


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
