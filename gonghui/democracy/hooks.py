"""What the democracy module plugs into the shared registries: a congress session as plan
evidence (召开职代会), the year's figures for the summary, and the dashboard cards."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.plans.evidence import Described
from gonghui.plans.figures import Figure

from . import selectors
from .models import Attendance, Proposal, ProposalStatus, Resolution, Session, SessionStatus

ANSWERED = (ProposalStatus.ANSWERED, ProposalStatus.IMPLEMENTED, ProposalStatus.RATED)


def describe_session(session: Session) -> Described:
    n = Attendance._base_manager.filter(session_id=session.pk).count()
    return Described(
        title=f"{session.congress} {session}",
        date=session.date,
        url=reverse(
            "democracy:session",
            kwargs={"org_code": session.congress.org.code, "session_id": session.pk},
        ),
        summary=_("%(date)s, %(n)s present") % {"date": session.date.isoformat(), "n": n},
        figures={"participants": n},
    )


def session_candidates(org, year: int):
    return (
        Session.objects.filter(congress__org__path__startswith=org.path, date__year=year)
        .exclude(status=SessionStatus.PLANNED)
        .select_related("congress", "congress__org")
        .order_by("-date", "-id")
    )


def year_figures(org, year: int) -> list[Figure]:
    sessions = session_candidates(org, year)
    proposals = (
        Proposal.objects.filter(congress__org__path__startswith=org.path, submitted_at__year=year)
        .exclude(status=ProposalStatus.DRAFT)
        .aggregate(
            total=Count("id"),
            registered=Count(
                "id", filter=~Q(status__in=[ProposalStatus.SUBMITTED, ProposalStatus.OPINION])
            ),
            answered=Count("id", filter=Q(status__in=ANSWERED)),
            satisfied=Count("id", filter=Q(satisfaction__in=["satisfied", "partly"])),
        )
    )
    n = sessions.count()
    if not n and not proposals["total"]:
        return []
    # Measure words: a meeting is held N 次 (not 人次), a proposal counted N 件.
    times = pgettext("measure word for meetings", "times")
    items = pgettext("measure word for proposals", "proposals")
    return [
        Figure(
            "democracy.sessions",
            _("Congress sessions held"),
            n,
            times,
            _("The workers' congress met {value} {unit}"),
        ),
        Figure(
            "democracy.proposals",
            _("Proposals collected"),
            proposals["total"],
            items,
            _("representatives submitted {value} {unit}"),
        ),
        Figure(
            "democracy.proposals_registered",
            _("Proposals registered"),
            proposals["registered"],
            items,
            _("{value} of them were registered"),
        ),
        Figure(
            "democracy.proposals_answered",
            _("Proposals answered"),
            proposals["answered"],
            items,
            _("{value} have been answered"),
        ),
        Figure(
            "democracy.proposals_satisfied",
            _("Proposers satisfied"),
            proposals["satisfied"],
            items,
            _("in {value} cases the proposer was satisfied or mostly satisfied"),
        ),
    ]


def panel(request) -> dict | None:
    """For cadres: the next session, overdue proposals, contracts ending soon."""
    org = request.org
    code = org.code
    today = timezone.localdate()
    session = selectors.next_session(org, today)
    overdue = selectors.overdue_proposals(org, today).count()
    can_contracts = request.access.has("democracy.contract:read")
    expiring = (
        [
            {
                "title": c.title,
                "days": c.days_left(today),
                "url": reverse(
                    "democracy:contract", kwargs={"org_code": code, "contract_id": c.pk}
                ),
            }
            for c in selectors.expiring_contracts(org, today)[:3]
        ]
        if can_contracts
        else []
    )
    if session is None and not overdue and not expiring:
        return None
    return {
        "next_session": session,
        "next_session_url": reverse(
            "democracy:session", kwargs={"org_code": code, "session_id": session.pk}
        )
        if session
        else "",
        "overdue": overdue,
        "overdue_url": reverse("democracy:proposals", kwargs={"org_code": code})
        + "?status=overdue",
        "expiring": expiring,
        "contracts_url": can_contracts,
        "more": reverse("democracy:index", kwargs={"org_code": code}),
    }


def member_panel(request) -> dict | None:
    """For a representative without cadre rights: their congress and its next session."""
    if request.access.has("democracy.congress:read"):
        return None
    member = selectors.member_of(request.user, request.org)
    seats = selectors.representative_terms(member)
    if not seats:
        return None
    seat = seats[0]
    session = (
        Session._base_manager.filter(congress_id=seat.congress_id, date__gte=timezone.localdate())
        .exclude(status=SessionStatus.CLOSED)
        .select_related("congress")
        .order_by("date")
        .first()
    )
    return {
        "seat": seat,
        "session": session,
        "more": reverse("democracy:me", kwargs={"org_code": request.org.code}),
    }


# -- ballots held at a session (voting.headcount) --------------------------------------------


def _headcount(session: Session | None):
    from gonghui.voting.headcount import Headcount

    if session is None:
        return None
    q = selectors.quorum(session)
    return Headcount(
        org_id=session.congress.org_id,
        present=q.present,
        total=q.total,
        voter_ids=tuple(selectors.session_voters(session)),
    )


def session_headcount(ident: str):
    return _headcount(Session.objects.filter(pk=ident).select_related("congress").first())


def resolution_headcount(ident: str):
    resolution = Resolution.objects.filter(pk=ident).select_related("session__congress").first()
    return _headcount(resolution.session if resolution else None)


def ballot_sessions(org) -> list[tuple[str, str]]:
    out = []
    for session in selectors.ballot_sessions(org):
        q = selectors.quorum(session)
        label = _("%(session)s %(date)s · %(present)s of %(total)s present") % {
            "session": f"{session.congress}{session}",
            "date": session.date.isoformat(),
            "present": q.present,
            "total": q.total,
        }
        out.append((str(session.pk), label))
    return out
