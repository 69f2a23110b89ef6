"""Reads of the ideas module: the committee's list, the member's own ideas, a department's
link, and the year's metrics (domain.md §10: 参与率, 人均件数, 采纳率, 实施率, 节创价值, reward
total) per union, per department and per responsible department."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise

from gonghui.members.models import ON_ROLL, Member
from gonghui.orgs.models import UNION_KINDS, Organisation

from . import rules
from .models import (
    OPEN,
    DepartmentRequest,
    Drive,
    Idea,
    IdeaFile,
    Review,
    Reward,
    Status,
)

ZERO = Decimal("0")


# -- the committee's side ------------------------------------------------------------------


def ideas(org: Organisation) -> QuerySet[Idea]:
    """The ideas of `org`'s subtree, as its pages and API list them."""
    return (
        Idea.objects.filter(org__path__startswith=org.path)
        .select_related("org", "proposer", "proposer__org", "drive", "reward")
        .order_by("-year", "-number", "-id")
    )


def filtered(qs: QuerySet[Idea], params) -> QuerySet[Idea]:
    """The list's filters: year, status, outcome, department, overdue, drive, text."""
    year = params.get("year", "")
    if str(year).isdigit():
        qs = qs.filter(year=int(year))
    if params.get("status") in Status.values:
        qs = qs.filter(status=params["status"])
    if params.get("outcome") in dict(rules.OUTCOMES):
        qs = qs.filter(outcome=params["outcome"])
    if params.get("department"):
        qs = qs.filter(department=params["department"])
    if params.get("overdue") in ("1", "true", "yes"):
        qs = qs.filter(status=Status.SENT, deadline__lt=timezone.localdate())
    if str(params.get("drive", "")).isdigit():
        qs = qs.filter(drive_id=int(params["drive"]))
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(proposer__name__icontains=q) | Q(team__icontains=q)
        )
    return qs


def departments(org: Organisation) -> list[str]:
    """The responsible departments ideas were sent to (for the list's filter and the form)."""
    rows = (
        Idea.objects.filter(org__path__startswith=org.path)
        .exclude(department="")
        .values_list("department", flat=True)
        .distinct()
    )
    return sorted(set(rows))


def overdue(org: Organisation) -> QuerySet[Idea]:
    return Idea.objects.filter(
        org__path__startswith=org.path, status=Status.SENT, deadline__lt=timezone.localdate()
    )


def idea_of(org: Organisation, idea_id) -> Idea:
    return ideas(org).filter(pk=idea_id).first() or _404()


def _404():
    raise Http404


def files_of(idea: Idea) -> list[IdeaFile]:
    return list(IdeaFile.objects.filter(idea=idea).order_by("id"))


def requests_of(idea: Idea) -> list[DepartmentRequest]:
    return list(
        DepartmentRequest.objects.filter(idea=idea).select_related("sent_by").order_by("-id")
    )


def reviews_of(idea: Idea) -> list[Review]:
    return list(Review.objects.filter(idea=idea).select_related("reviewer").order_by("id"))


def review_summary(reviews: list[Review]) -> dict:
    """The average weighted score and the tally of recommendations (names left out)."""
    tally = defaultdict(int)
    for r in reviews:
        if r.recommendation:
            tally[r.recommendation] += 1
    labels = dict(rules.OUTCOMES)
    avg = None
    if reviews:
        avg = (sum((r.score for r in reviews), ZERO) / len(reviews)).quantize(Decimal("0.1"))
    per_criterion = []
    for c in rules.CRITERIA:
        if reviews:
            mean = Decimal(sum(getattr(r, c.key) for r in reviews)) / len(reviews)
            per_criterion.append({"label": c.label, "mean": mean.quantize(Decimal("0.1"))})
    return {
        "count": len(reviews),
        "average": avg,
        "tally": [{"outcome": k, "label": labels[k], "n": tally[k]} for k, _l in rules.OUTCOMES],
        "criteria": per_criterion,
    }


def drives(org: Organisation) -> QuerySet[Drive]:
    return (
        Drive.objects.filter(org__path__startswith=org.path)
        .annotate(n_ideas=Count("ideas"))
        .select_related("org")
        .order_by("-starts_on", "-id")
    )


def file_of(idea: Idea, file_id) -> IdeaFile:
    return IdeaFile.objects.filter(idea=idea, pk=file_id).first() or _404()


def candidate_members(union: Organisation) -> QuerySet[Member]:
    return Member.objects.filter(org__path__startswith=union.path, status__in=ON_ROLL)


# -- the member's side ---------------------------------------------------------------------


def member_of(user, org: Organisation) -> Member | None:
    """The member record linked to `user` when it sits in `org`'s subtree (read by the
    account link: a worker's login usually sits at a group below the union)."""
    if not getattr(user, "is_authenticated", False):
        return None
    member = (
        Member.objects.everywhere(why="a login's own member record")
        .select_related("org")
        .filter(user=user)
        .first()
    )
    if member is None or not member.org.path.startswith(org.path):
        return None
    return member


def my_ideas(member: Member | None) -> list[Idea]:
    """The ideas the member proposed or co-proposed, newest first. Read past the scope:
    the ideas belong to the union above the member's group; the member record is theirs."""
    if member is None:
        return []
    qs = Idea.objects.everywhere(why="a member reads their own ideas").filter(
        Q(proposer=member) | Q(co_proposers=member)
    )
    return list(qs.distinct().select_related("org", "reward").order_by("-submitted_at", "-id"))


def my_idea(member: Member | None, idea_id) -> Idea:
    for idea in my_ideas(member):
        if idea.pk == int(idea_id):
            return idea
    raise Http404


def my_file(idea: Idea, file_id) -> IdeaFile:
    found = (
        IdeaFile.objects.everywhere(why="the file of the member's own idea")
        .filter(idea=idea, pk=file_id)
        .first()
    )
    return found or _404()


def my_files(idea: Idea) -> list[IdeaFile]:
    return list(
        IdeaFile.objects.everywhere(why="the files of the member's own idea")
        .filter(idea=idea)
        .order_by("id")
    )


def request_files(request: DepartmentRequest) -> list[IdeaFile]:
    """The idea's photos and documents, for the department's link (the link was checked)."""
    return list(
        IdeaFile.objects.everywhere(why="the idea the department's link names")
        .filter(idea_id=request.idea_id)
        .order_by("id")
    )


# -- metrics -------------------------------------------------------------------------------


def _members(org: Organisation) -> QuerySet[Member]:
    return Member.objects.filter(org__path__startswith=org.path, status__in=ON_ROLL)


def year_ideas(org: Organisation, year: int) -> QuerySet[Idea]:
    return Idea.objects.filter(org__path__startswith=org.path, year=year)


def _proposer_ids(qs: QuerySet[Idea]) -> set[int]:
    ids = set(qs.values_list("proposer_id", flat=True))
    ids |= set(
        Idea.co_proposers.through.objects.filter(idea__in=qs.values("pk")).values_list(
            "member_id", flat=True
        )
    )
    return ids


def _figures(count, proposers, members, adopted, implemented, value, rewards) -> dict:
    return {
        "ideas": count,
        "proposers": proposers,
        "members": members,
        "participation": rules.rate(proposers, members),
        "per_capita": rules.per_capita(count, members),
        "adopted": adopted,
        "adoption": rules.rate(adopted, count),
        "implemented": implemented,
        "implementation": rules.rate(implemented, adopted),
        "value": _money(value),
        "rewards": _money(rewards),
    }


def _money(value) -> Decimal:
    # SQLite sums decimals as floats: two places, whatever the database.
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


_COUNTS = {
    "n": Count("id", distinct=True),
    "adopted": Count("id", filter=Q(outcome__in=rules.ADOPTING), distinct=True),
    "implemented": Count("id", filter=Q(implemented_at__isnull=False), distinct=True),
}


def metrics(org: Organisation, year: int) -> dict:
    """The year's figures of `org` (a union, or an upper union over its subtree)."""
    qs = year_ideas(org, year)
    totals = qs.aggregate(**_COUNTS, value=Sum("value_created"))
    rewards = Reward.objects.filter(idea__in=qs.values("pk")).aggregate(
        total=Sum("amount"), paid=Sum("amount", filter=Q(paid_on__isnull=False))
    )
    proposer_ids = _proposer_ids(qs)
    members = _members(org).count()
    overall = _figures(
        totals["n"],
        len(proposer_ids),
        members,
        totals["adopted"],
        totals["implemented"],
        totals["value"],
        rewards["total"],
    )
    overall["rewards_paid"] = _money(rewards["paid"])
    overall["overdue"] = overdue(org).filter(year=year).count()
    by_status = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
    labels = dict(Status.choices)
    return {
        "year": year,
        "overall": overall,
        "by_status": [
            {"status": s, "label": labels[s], "n": by_status.get(s, 0)} for s in Status.values
        ],
        "by_month": _by_month(qs),
        "by_department": _by_department(org, qs, proposer_ids),
        "by_handler": _by_handler(qs),
        "by_union": _by_union(org, qs) if not org.is_union else [],
    }


def _by_month(qs) -> list[dict]:
    rows = {
        r["m"]: r
        for r in qs.annotate(m=ExtractMonth("submitted_at"))
        .values("m")
        .annotate(**_COUNTS)
        .order_by()
    }
    return [
        {
            "month": m,
            "ideas": rows.get(m, {}).get("n", 0),
            "adopted": rows.get(m, {}).get("adopted", 0),
        }
        for m in range(1, 13)
    ]


def _by_department(org, qs, proposer_ids: set[int]) -> list[dict]:
    """Per department of the proposers (the roster's 部门): participation among the
    department's members, ideas, adoption, value."""
    members = dict(_members(org).values_list("department").annotate(n=Count("id")).order_by())
    proposers = defaultdict(int)
    for dept in Member.objects.filter(pk__in=proposer_ids).values_list("department", flat=True):
        proposers[dept] += 1
    rows = (
        qs.values("proposer__department").annotate(**_COUNTS, value=Sum("value_created")).order_by()
    )
    by = {r["proposer__department"]: r for r in rows}
    rewards = dict(
        Reward.objects.filter(idea__in=qs.values("pk"))
        .values_list("idea__proposer__department")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    out = []
    for dept in sorted(set(members) | set(by), key=lambda d: (d == "", d)):
        r = by.get(dept, {})
        row = _figures(
            r.get("n", 0),
            proposers.get(dept, 0),
            members.get(dept, 0),
            r.get("adopted", 0),
            r.get("implemented", 0),
            r.get("value"),
            rewards.get(dept),
        )
        row["department"] = dept
        out.append(row)
    return out


def _by_handler(qs) -> list[dict]:
    """Per responsible department: sent, answered, answered late, overdue now."""
    today = timezone.localdate()
    out = []
    for r in (
        qs.exclude(department="")
        .values("department")
        .annotate(
            sent=Count("id"),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            overdue=Count("id", filter=Q(status=Status.SENT, deadline__lt=today)),
            adopted=Count("id", filter=Q(outcome__in=rules.ADOPTING)),
        )
        .order_by("department")
    ):
        out.append(dict(r))
    late = defaultdict(int)
    for dept, deadline, at in (
        qs.exclude(department="")
        .filter(answered_at__isnull=False)
        .values_list("department", "deadline", "answered_at")
    ):
        if deadline and timezone.localtime(at).date() > deadline:
            late[dept] += 1
    for row in out:
        row["late"] = late.get(row["department"], 0)
    return out


def _by_union(org, qs) -> list[dict]:
    unions = list(
        Organisation.objects.filter(path__startswith=org.path, kind__in=UNION_KINDS).order_by(
            "path"
        )
    )
    out = []
    for union in unions:
        sub = qs.filter(org=union)
        t = sub.aggregate(**_COUNTS, value=Sum("value_created"))
        rewards = Reward.objects.filter(idea__in=sub.values("pk")).aggregate(s=Sum("amount"))["s"]
        row = _figures(
            t["n"],
            len(_proposer_ids(sub)),
            _members(union).count(),
            t["adopted"],
            t["implemented"],
            t["value"],
            rewards,
        )
        row["union"] = union
        out.append(row)
    return out


def metrics_json(m: dict) -> dict:
    """The metrics as the API answers them: amounts and rates as text, unions by code."""

    def plain(value):
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, Organisation):
            return {"code": value.code, "name": value.name}
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return str(value) if isinstance(value, Promise) else value

    return plain(m)


def chart_data(m: dict) -> dict:
    """What the metrics page's charts draw (json_script)."""
    return {
        "months": [r["month"] for r in m["by_month"]],
        "ideas": [r["ideas"] for r in m["by_month"]],
        "adopted": [r["adopted"] for r in m["by_month"]],
        "departments": [r["department"] or "—" for r in m["by_department"]],
        "participation": [float(r["participation"] or 0) for r in m["by_department"]],
        "statuses": [{"name": str(r["label"]), "value": r["n"]} for r in m["by_status"] if r["n"]],
    }


def desk(org: Organisation) -> dict:
    """The dashboard's figures: ideas waiting on the committee, overdue departments."""
    qs = Idea.objects.filter(org__path__startswith=org.path)
    return {
        "waiting": qs.filter(status__in=[Status.SUBMITTED, Status.ANSWERED]).count(),
        "open": qs.filter(status__in=OPEN).count(),
        "overdue": overdue(org).count(),
    }
