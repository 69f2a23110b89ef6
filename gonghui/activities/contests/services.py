"""Contests (比赛): entrants (members or teams), judges entering scores, the ranking
(ranking.py: drop the highest and lowest with three judges or more; ties share a rank)
and the publication of the results.

Scores are editable by their judge until the results are published; every change is an
audited save. Judges may be ordinary members: what lets them score is being assigned to
the contest, checked here against the acting user.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import RoleAssignment
from gonghui.members.models import Member

from .. import audience
from ..models import Activity, Contest, ContestMode, Entrant, Judge, Kind, Score, Status
from ..services import ActivityError
from . import ranking


def _open(contest: Contest) -> None:
    if contest.result_published:
        raise ActivityError(_("The results are published; the contest can no longer change."))


def _check_member(contest: Contest, member: Member) -> None:
    if why := audience.union_refusal(contest.activity.org, member):
        raise ActivityError(why)


@transaction.atomic
def contest_create(
    *,
    actor,
    activity: Activity,
    mode: str = ContestMode.INDIVIDUAL,
    score_min: Decimal = Decimal("0"),
    score_max: Decimal = Decimal("10"),
) -> Contest:
    if activity.kind != Kind.CONTEST:
        raise ActivityError(_("Only an activity of the kind competition can have a contest."))
    if activity.status == Status.ARCHIVED:
        raise ActivityError(_("An archived activity cannot be changed."))
    if Contest._base_manager.filter(activity=activity).exists():
        raise ActivityError(_("This activity has its contest already."))
    if mode not in ContestMode.values:
        raise ActivityError(_("Choose individual or team."))
    if score_min < 0 or score_max <= score_min or score_max > Decimal("999"):
        raise ActivityError(_("The score range is not valid."))
    contest = Contest(activity=activity, mode=mode, score_min=score_min, score_max=score_max)
    contest.save()
    return contest


@transaction.atomic
def entrant_add(
    *,
    actor,
    contest: Contest,
    member: Member | None = None,
    team_name: str = "",
    team_members=(),
) -> Entrant:
    _open(contest)
    team_members = list(team_members or [])
    if contest.mode == ContestMode.INDIVIDUAL:
        if member is None:
            raise ActivityError(_("Choose the member who enters."))
        _check_member(contest, member)
        if Entrant._base_manager.filter(contest=contest, member=member).exists():
            raise ActivityError(_("%(name)s has entered already.") % {"name": member.name})
        entrant = Entrant(contest=contest, member=member)
        entrant.save()
        return entrant
    team_name = team_name.strip()
    if not team_name:
        raise ActivityError(_("Give the team a name."))
    if Entrant._base_manager.filter(contest=contest, team_name=team_name).exists():
        raise ActivityError(_("There is already a team called %(name)s.") % {"name": team_name})
    for m in team_members:
        _check_member(contest, m)
    entrant = Entrant(contest=contest, team_name=team_name[:80])
    entrant.save()
    if team_members:
        entrant.team_members.set(team_members)
    return entrant


@transaction.atomic
def entrant_remove(*, actor, entrant: Entrant) -> None:
    _open(entrant.contest)
    if Score._base_manager.filter(entrant=entrant).exists():
        raise ActivityError(_("This entrant has been scored already."))
    entrant.delete()


def judge_candidates(org):
    """Users who may judge a contest of `org`: an account linked to a member of its
    subtree, or a role held in it (judges need not be cadres)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    member_users = Member._base_manager.filter(
        org__path__startswith=org.path, user__isnull=False
    ).values("user_id")
    role_users = RoleAssignment._base_manager.filter(org__path__startswith=org.path).values(
        "user_id"
    )
    return get_user_model().objects.filter(
        Q(pk__in=member_users) | Q(pk__in=role_users), is_active=True
    )


@transaction.atomic
def judge_add(*, actor, contest: Contest, user, name: str = "") -> Judge:
    _open(contest)
    if not judge_candidates(contest.activity.org).filter(pk=user.pk).exists():
        raise ActivityError(_("This person cannot judge a contest of this union."))
    if Judge._base_manager.filter(contest=contest, user=user).exists():
        raise ActivityError(_("This person is a judge of the contest already."))
    member = Member._base_manager.filter(user=user).first()
    label = name or (member.name if member else "") or str(user)
    judge = Judge(contest=contest, user=user, name=label[:60])
    judge.save()
    return judge


@transaction.atomic
def judge_remove(*, actor, judge: Judge) -> None:
    _open(judge.contest)
    if Score._base_manager.filter(judge=judge).exists():
        raise ActivityError(_("This judge has entered scores already."))
    judge.delete()


def judge_of(user, contest: Contest) -> Judge | None:
    if getattr(user, "pk", None) is None:
        return None
    return Judge._base_manager.filter(contest=contest, user_id=user.pk).first()


@transaction.atomic
def score_enter(*, actor, contest: Contest, entrant: Entrant, value: Decimal) -> Score:
    """The acting user, a judge of the contest, gives (or corrects) an entrant's score."""
    judge = judge_of(actor, contest)
    if judge is None:
        raise ActivityError(_("Only the contest's judges enter scores."))
    locked = Contest._base_manager.select_for_update().get(pk=contest.pk)
    _open(locked)
    if entrant.contest_id != contest.pk:
        raise ActivityError(_("This entrant is not in the contest."))
    if value is None or not (contest.score_min <= value <= contest.score_max):
        raise ActivityError(
            _("The score must be between %(lo)s and %(hi)s.")
            % {"lo": contest.score_min, "hi": contest.score_max}
        )
    value = Decimal(value).quantize(Decimal("0.01"))
    score = Score._base_manager.filter(judge=judge, entrant=entrant).first()
    if score is None:
        score = Score(judge=judge, entrant=entrant, value=value)
    elif score.value == value:
        return score
    score.judge, score.entrant, score.value = judge, entrant, value
    try:
        with transaction.atomic():
            score.save()
    except IntegrityError:  # two taps at once: the other one won; enter again to change it
        raise ActivityError(_("The score was just entered; reload and try again.")) from None
    return score


def judges_of(contest: Contest) -> list[Judge]:
    """Read past the scope: a member's login below the union still sees the judges."""
    return list(Judge._base_manager.filter(contest=contest).order_by("id"))


def results(contest: Contest) -> list[dict]:
    """The ranking (ranking.rank) with each entrant and their scores by judge."""
    entrants = list(
        Entrant._base_manager.filter(contest=contest)
        .select_related("member", "member__org")
        .prefetch_related(Prefetch("team_members", queryset=Member._base_manager.order_by("id")))
    )
    judges = judges_of(contest)
    by_entrant: dict[int, dict[int, Decimal]] = {e.pk: {} for e in entrants}
    for s in Score._base_manager.filter(entrant__contest=contest):
        by_entrant.setdefault(s.entrant_id, {})[s.judge_id] = s.value
    ranked = ranking.rank({k: list(v.values()) for k, v in by_entrant.items()}, len(judges))
    entrant_of = {e.pk: e for e in entrants}
    return [
        {
            "entrant": entrant_of[r.key],
            "final": r.final,
            "rank": r.rank,
            "dropped": r.dropped,
            "scores": [by_entrant[r.key].get(j.pk) for j in judges],
            "scored": bool(by_entrant[r.key]),
        }
        for r in ranked
    ]


@transaction.atomic
def results_publish(*, actor, contest: Contest) -> Contest:
    """Publish the ranking: every entrant scored by every judge; scores freeze."""
    locked = Contest._base_manager.select_for_update().get(pk=contest.pk)
    _open(locked)
    if not Judge._base_manager.filter(contest=contest).exists():
        raise ActivityError(_("The contest has no judges."))
    rows = results(contest)
    if not rows:
        raise ActivityError(_("The contest has no entrants."))
    if any(r["rank"] is None for r in rows):
        raise ActivityError(_("Not every judge has scored every entrant yet."))
    contest.result_published = True
    contest.published_at = timezone.now()
    contest.save()
    return contest
