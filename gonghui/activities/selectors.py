"""Reads of the activities module: what a member may see, list counts, statistics."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.core import rows as made
from gonghui.finance.models import SourcePosting, Voucher
from gonghui.members.models import ON_ROLL, Member
from gonghui.members.selectors import search_q
from gonghui.orgs.models import UNION_KINDS, Organisation

from . import audience
from .models import (
    HELD,
    VISIBLE,
    Activity,
    ActivityFile,
    Kind,
    Signup,
    SignupState,
    Status,
)

READ = "activities.activity:read"

# -- the member's side -----------------------------------------------------------------


# What the member's own endpoints read of their record (another field is read on first
# use, one query more, never wrong); their node is read whole.
MEMBER_FIELDS = ("id", "org_id", "name", "sex", "birth_date", "status", "user_id")


def member_of(user, org: Organisation) -> Member | None:
    """The member record linked to `user`, when it sits in `org`'s subtree.

    Read by the account link, not through the scope (like members.views.me): a member
    whose login sits at a group still reads the union's activities. One short statement
    (gonghui.core.rows): this runs for every sign-up of the crowd at opening time, where
    compiling the ORM's query cost more than the database's work (#13 §9).
    """
    if not getattr(user, "is_authenticated", False):
        return None
    fields = [Member._meta.get_field(name) for name in MEMBER_FIELDS]
    picked = ", ".join(f'm."{f.column}"' for f in fields)
    sql = (
        f"SELECT {picked}, {made.columns(Organisation, 'o')} "  # noqa: S608
        f'FROM "{Member._meta.db_table}" m JOIN "{Organisation._meta.db_table}" o '
        'ON o."id" = m."org_id" WHERE m."user_id" = %s'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk])
        row = cursor.fetchone()  # one at most: the account link is one-to-one
    found = []
    if row is not None:
        member = made.instance(Member, row[: len(fields)], [f.attname for f in fields])
        member.org = made.instance(Organisation, row[len(fields) :])
        found.append(member)
    member = found[0] if found else None
    if member is None or not member.org.path.startswith(org.path):
        return None
    return member


def member_reach(member: Member) -> list[int]:
    """Ids of the organisations whose activities a member may see: the member's own node
    and every node above it (group, branch, union, upper unions)."""
    return [int(p) for p in member.org.path.strip("/").split("/") if p]


def visible_to_member(member: Member) -> QuerySet[Activity]:
    """Published activities organised above (or at) the member's node. The activity
    rows of an upper node are outside the request's scope on purpose: this is the one
    query that reads them, and only for the member's own chain of organisations."""
    return Activity._base_manager.select_related("org").filter(
        org_id__in=member_reach(member), status__in=VISIBLE
    )


def reachable_from(org: Organisation, activity_id: int) -> bool:
    """A published activity organised at, above or below `org`."""
    return Activity.objects.reaching(org).filter(pk=activity_id, status__in=VISIBLE).exists()


def member_activity(member: Member | None, activity_id: int) -> Activity | None:
    if member is None:
        return None
    return visible_to_member(member).filter(pk=activity_id).first()


def open_for(member: Member, *, now: dt.datetime | None = None) -> list[tuple[Activity, str]]:
    """Activities still ahead that the member belongs to the audience of, soonest first,
    each with the reason it is closed to them ("" when they may sign up)."""
    now = now or timezone.now()
    items = list(
        visible_to_member(member).filter(ends_at__gte=now).order_by("starts_at", "id")[:50]
    )
    paths = audience.paths_by_activity(a.pk for a in items)
    out = []
    for a in items:
        a._group_paths = paths.get(a.pk, [])
        if audience.refusal(a, member) is None:
            out.append(a)
    return out


def my_signups(member: Member) -> QuerySet[Signup]:
    return (
        Signup._base_manager.filter(member=member)
        .select_related("activity", "activity__org")
        .order_by("-activity__starts_at", "-id")
    )


def waiting_position(signup: Signup) -> int | None:
    """1 for the first on the waiting list, ..."""
    if signup.state != SignupState.WAITLISTED:
        return None
    return (
        Signup._base_manager.filter(
            activity_id=signup.activity_id, state=SignupState.WAITLISTED, seq__lt=signup.seq
        ).count()
        + 1
    )


# -- the cadres' side --------------------------------------------------------------------


def with_counts(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    return qs.annotate(
        n_confirmed=Count("signups", filter=Q(signups__state=SignupState.CONFIRMED)),
        n_waiting=Count("signups", filter=Q(signups__state=SignupState.WAITLISTED)),
        n_attended=Count("signups", filter=Q(signups__checked_in_at__isnull=False)),
    )


def signups_of(activity: Activity) -> QuerySet[Signup]:
    """All sign-ups of an activity the caller may manage (organised in scope): they follow
    the activity, whatever organisation each member sits at."""
    return (
        Signup._base_manager.filter(activity_id=activity.pk)
        .select_related("member", "member__org")
        .order_by("seq")
    )


def eligible_search(activity: Activity, q: str, *, limit: int = 20) -> list[Member]:
    """Members of the audience matching a roster search, not yet signed up."""
    if not q.strip():
        return []
    taken = Signup._base_manager.filter(
        activity_id=activity.pk, state__in=[SignupState.CONFIRMED, SignupState.WAITLISTED]
    ).values("member_id")
    return list(
        Member._base_manager.select_related("org")
        .filter(audience.condition(activity))
        .filter(search_q(q))
        .exclude(pk__in=taken)
        .order_by("name_pinyin", "id")[:limit]
    )


def activities() -> QuerySet[Activity]:
    """The activities organised in the caller's scope."""
    return Activity.objects.select_related("org")


def activity_list(qs: QuerySet[Activity], *, status=None, kind=None, year=None):
    """A list of activities with their counts, narrowed by status, kind and year."""
    qs = with_counts(qs)
    if status in Status.values:
        qs = qs.filter(status=status)
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    if year is not None:
        start, end = year_bounds(year)
        qs = qs.filter(starts_at__gte=start, starts_at__lt=end)
    return qs.order_by("-starts_at", "-id")


# -- one record for this caller (both doors) ------------------------------------------------


def activity(activity_id: int) -> Activity:
    """An activity organised in the caller's scope; another organisation's id is a 404."""
    return get_object_or_404(Activity.objects.select_related("org"), pk=activity_id)


def signup(activity: Activity, signup_id: int) -> Signup:
    """A sign-up of an activity found in scope: it follows the activity past the scope
    (the member may sit anywhere in the audience)."""
    found = get_object_or_404(
        Signup._base_manager.select_related("member", "member__org"),
        pk=signup_id,
        activity_id=activity.pk,
    )
    found.activity = activity
    return found


def own_signup(activity: Activity | None, member: Member | None) -> Signup | None:
    """The member's own sign-up; both were checked for this caller (the member by the
    account link, the activity on the member's chain), so it is read past the scope."""
    if activity is None or member is None:
        return None
    found = Signup._base_manager.filter(activity=activity, member=member).first()
    if found is not None:
        found.activity = activity
    return found


def own_signup_at(member: Member | None, activity_id: int) -> Signup:
    """The member's own sign-up at an activity on their chain (to cancel it), or a 404."""
    found = own_signup(member_activity(member, activity_id), member)
    if found is None:
        raise Http404
    return found


def member_to_add(member_id) -> Member | None:
    """The member a cadre adds to an activity, by id wherever they sit: signup_create then
    refuses anyone outside the activity's audience, saying why."""
    if not str(member_id or "").isdigit():
        return None
    qs = Member.objects.everywhere(why="signup_create checks the audience and says why")
    return qs.select_related("org").filter(pk=int(member_id)).first()


def activity_file(access, user, org: Organisation, activity_id, file_id) -> ActivityFile:
    """A photo or attachment for the organiser's readers, or for a member the activity is
    published to; 404 for anyone else. The file follows the activity reached."""
    found = None
    if access.has(READ):
        found = Activity.objects.select_related("org").filter(pk=activity_id).first()
    if found is None:
        found = member_activity(member_of(user, org), activity_id)
    if found is None:
        raise Http404
    return get_object_or_404(ActivityFile._base_manager, pk=file_id, activity_id=found.pk)


def file_of(activity: Activity, file_id) -> ActivityFile:
    """A file of an activity checked for this caller (to remove it), or a 404."""
    item = get_object_or_404(activity.files.all(), pk=file_id)
    item.activity = activity
    return item


def file_content(item: ActivityFile) -> bytes:
    try:
        with item.file.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise Http404 from None


# -- what the books hold of an activity ----------------------------------------------------

BOOKS_SOURCE = "activities.activity"  # as services.BOOKS_SOURCE (finance.SourcePosting)


def booked_vouchers(activities) -> dict[int, Voucher]:
    """The voucher that books each activity's actual cost now (the live booking: not
    reversed), by activity id, in one query however many activities (a list page).

    Read past the scope: the voucher is the union's, and the caller has been allowed
    the activities (a cadre of a branch sees what its activity's cost became). The
    activities' organisations must be loaded (select_related("org")): the unions are
    found among the nodes on their paths, in the same statement."""
    activities = [a for a in activities if a.actual_cost]
    if not activities:
        return {}
    nodes = {int(p) for a in activities for p in a.org.path.strip("/").split("/") if p}
    unions = Organisation._base_manager.filter(pk__in=nodes, kind__in=UNION_KINDS).values("pk")
    rows = SourcePosting._base_manager.filter(
        org_id__in=unions,
        source=BOOKS_SOURCE,
        source_id__in=[str(a.pk) for a in activities],
        reversal__isnull=True,
    ).select_related("voucher")
    return {int(row.source_id): row.voucher for row in rows}


def with_vouchers(activities) -> list[Activity]:
    """`activities` as a list, each with `booked_voucher` (a Voucher or None)."""
    activities = list(activities)
    found = booked_vouchers(activities)
    for a in activities:
        a.booked_voucher = found.get(a.pk)
    return activities


def booked_voucher(activity: Activity) -> Voucher | None:
    """The voucher of one activity's actual cost (attached by with_vouchers, or read)."""
    if not hasattr(activity, "booked_voucher"):
        with_vouchers([activity])
    return activity.booked_voucher


# -- shared by the interest groups and contests (groups/, contests/) ----------------------


def one(qs, **lookup):
    """The row of `qs` matching `lookup`, or a 404."""
    found = qs.filter(**lookup).first()
    if found is None:
        raise Http404
    return found


def member_in_scope(member_id) -> Member | None:
    """A member of the request's scope (a cadre's union), or None."""
    if not str(member_id or "").isdigit():
        return None
    return Member.objects.select_related("org").filter(pk=int(member_id)).first()


# -- statistics ----------------------------------------------------------------------------


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = zoneinfo.ZoneInfo(timezone.get_current_timezone_name())
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def held_in(org: Organisation, year: int) -> QuerySet[Activity]:
    """Activities organised in `org`'s subtree that took place in `year`."""
    start, end = year_bounds(year)
    return Activity.objects.filter(
        org__path__startswith=org.path, status__in=HELD, starts_at__gte=start, starts_at__lt=end
    )


def attendances(org: Organisation, year: int) -> QuerySet[Signup]:
    """Check-ins at the activities held in `org`'s subtree in `year`."""
    start, end = year_bounds(year)
    return Signup._base_manager.filter(
        activity__org__path__startswith=org.path,
        activity__status__in=HELD,
        activity__starts_at__gte=start,
        activity__starts_at__lt=end,
        checked_in_at__isnull=False,
    )


def member_attendances(org: Organisation, year: int) -> QuerySet[Signup]:
    """Check-ins in `year` of the members of `org`'s subtree, whoever organised (a
    member who went to the district's sports day took part in union life too)."""
    start, end = year_bounds(year)
    return Signup._base_manager.filter(
        member__org__path__startswith=org.path,
        activity__status__in=HELD,
        activity__starts_at__gte=start,
        activity__starts_at__lt=end,
        checked_in_at__isnull=False,
    )


@dataclass
class Statistics:
    year: int
    activities: int
    participants: int  # check-ins (person-times, 人次)
    people: int  # distinct members who took part
    on_roll: int
    by_month: list[dict]
    by_kind: list[dict]
    by_group: list[dict]
    most_active: list[dict]
    never_count: int
    never: list[Member]
    actual_cost: float

    @property
    def reach_percent(self) -> float:
        return round(100 * self.people / self.on_roll, 1) if self.on_roll else 0.0


def statistics(
    org: Organisation, year: int, *, top: int = 20, never_limit: int = 100
) -> Statistics:
    tz = timezone.get_current_timezone()
    held = held_in(org, year)
    acts_by_month = dict(
        held.annotate(m=ExtractMonth("starts_at", tzinfo=tz))
        .values_list("m")
        .annotate(n=Count("id"))
        .values_list("m", "n")
    )
    att = attendances(org, year)
    part_by_month = dict(
        att.annotate(m=ExtractMonth("activity__starts_at", tzinfo=tz))
        .values_list("m")
        .annotate(n=Count("id"))
        .values_list("m", "n")
    )
    by_month = [
        {"month": m, "activities": acts_by_month.get(m, 0), "participants": part_by_month.get(m, 0)}
        for m in range(1, 13)
    ]
    kinds = dict(held.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    kind_part = dict(
        att.values_list("activity__kind").annotate(n=Count("id")).values_list("activity__kind", "n")
    )
    by_kind = [
        {
            "kind": k,
            "label": str(label),
            "activities": kinds.get(k, 0),
            "participants": kind_part.get(k, 0),
        }
        for k, label in Kind.choices
        if kinds.get(k)
    ]

    mine = member_attendances(org, year)
    on_roll_qs = Member._base_manager.filter(org__path__startswith=org.path, status__in=ON_ROLL)
    roll_by_org = dict(
        on_roll_qs.values_list("org_id").annotate(n=Count("id")).values_list("org_id", "n")
    )
    part_by_org = {
        row["member__org_id"]: row
        for row in mine.values("member__org_id").annotate(
            times=Count("id"), people=Count("member_id", distinct=True)
        )
    }
    names = dict(
        Organisation._base_manager.filter(pk__in=set(roll_by_org) | set(part_by_org)).values_list(
            "pk", "name"
        )
    )
    by_group = []
    for org_id in sorted(set(roll_by_org) | set(part_by_org), key=lambda i: names.get(i, "")):
        row = part_by_org.get(org_id, {})
        roll = roll_by_org.get(org_id, 0)
        people = row.get("people", 0)
        by_group.append(
            {
                "org": names.get(org_id, "?"),
                "on_roll": roll,
                "times": row.get("times", 0),
                "people": people,
                "percent": round(100 * people / roll, 1) if roll else 0.0,
            }
        )

    top_rows = list(
        mine.values("member_id", "member__name", "member__org__name")
        .annotate(times=Count("id"))
        .order_by("-times", "member__name_pinyin", "member_id")[:top]
    )
    most_active = [
        {
            "member_id": r["member_id"],
            "name": r["member__name"],
            "org": r["member__org__name"],
            "times": r["times"],
        }
        for r in top_rows
    ]
    never_qs = (
        on_roll_qs.exclude(pk__in=mine.values("member_id"))
        .select_related("org")
        .order_by("org__path", "name_pinyin", "id")
    )
    people = mine.values("member_id").distinct().count()
    cost = held.aggregate(total=Sum("actual_cost"))["total"] or 0
    return Statistics(
        year=year,
        activities=sum(acts_by_month.values()),
        participants=sum(part_by_month.values()),
        people=people,
        on_roll=sum(roll_by_org.values()),
        by_month=by_month,
        by_kind=by_kind,
        by_group=by_group,
        most_active=most_active,
        never_count=never_qs.count(),
        never=list(never_qs[:never_limit]),
        actual_cost=float(cost),
    )
