"""Reads of both doors (pages and API): the sender's assignments and board, the union's
inbox and one answer for this caller."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from gonghui.orgs.models import UNION_KINDS, Organisation, OrgKind

from .models import (
    OPEN_STATES,
    AnswerFile,
    AnswerStatus,
    Assignment,
    AssignmentStatus,
    AssignmentTarget,
    Reminder,
    TargetMode,
)

BOARD_STATES = [*AnswerStatus.values, "overdue"]


def unions_below(sender: Organisation):
    """The active unions (grassroots and joint) below `sender`, in code order."""
    return (
        Organisation.objects.filter(
            path__startswith=sender.path, kind__in=UNION_KINDS, is_active=True
        )
        .exclude(pk=sender.pk)
        .order_by("code")
    )


def resolve_targets(assignment: Assignment) -> list[Organisation]:
    """The unions below the sender that the choice names, in code order. A picked code
    outside the sender's subtree matches nothing."""
    unions = unions_below(assignment.org)
    chosen = assignment.target_filter or []
    if assignment.target_mode == TargetMode.UNIT_TYPE:
        unions = unions.filter(unit_type__in=chosen)
    elif assignment.target_mode == TargetMode.LIST:
        unions = unions.filter(code__in=chosen)
    return list(unions)


# -- the sender --------------------------------------------------------------------------


def assignments_sent(org: Organisation):
    """What `org` sent or drafted (not what its subtree's own upper unions sent), with
    counts for the list."""
    return (
        Assignment.objects.filter(org=org)
        .annotate(
            n_targets=Count("targets", distinct=True),
            n_in=Count(
                "targets",
                filter=Q(targets__status__in=[AnswerStatus.SUBMITTED, AnswerStatus.ACCEPTED]),
                distinct=True,
            ),
        )
        .order_by("-id")
    )


def assignments_below(org: Organisation):
    """What the upper unions below `org` sent to their unions (a city federation following
    its districts; drafts stay with their sender), with the answer counts: handed in
    (submitted or accepted), accepted, overdue and all. In tree order of the sender,
    newest first within it. A role with assignments.task:read at `org` covers them all."""
    today = timezone.localdate()
    return (
        Assignment.objects.filter(org__path__startswith=org.path, org__kind=OrgKind.UPPER)
        .exclude(org=org)
        .exclude(status=AssignmentStatus.DRAFT)
        .select_related("org")
        .annotate(
            n_targets=Count("targets", distinct=True),
            n_in=Count(
                "targets",
                filter=Q(targets__status__in=[AnswerStatus.SUBMITTED, AnswerStatus.ACCEPTED]),
                distinct=True,
            ),
            n_accepted=Count(
                "targets", filter=Q(targets__status=AnswerStatus.ACCEPTED), distinct=True
            ),
            n_overdue=Count(
                "targets",
                filter=Q(targets__status__in=OPEN_STATES, deadline__lt=today),
                distinct=True,
            ),
        )
        .order_by("org__path", "-id")
    )


def below_by_sender(org: Organisation) -> list[dict]:
    """assignments_below grouped by the upper union that sent them, with its totals:
    [{sender, assignments, n_targets, n_in, n_overdue}] in tree order."""
    groups: dict[int, dict] = {}
    for a in assignments_below(org):
        group = groups.setdefault(
            a.org_id,
            {"sender": a.org, "assignments": [], "n_targets": 0, "n_in": 0, "n_overdue": 0},
        )
        group["assignments"].append(a)
        if a.status == AssignmentStatus.SENT:
            for key in ("n_targets", "n_in", "n_overdue"):
                group[key] += getattr(a, key)
    return list(groups.values())


def assignment_below(org: Organisation, assignment_id: int) -> Assignment:
    """One of assignments_below(org) (404 for the organisation's own, a draft, or one
    outside its subtree)."""
    found = assignments_below(org).filter(pk=assignment_id).first()
    if found is None:
        raise Http404
    return found


def assignment_of(org: Organisation, assignment_id: int) -> Assignment:
    found = Assignment.objects.filter(org=org, pk=assignment_id).first()
    if found is None:
        raise Http404
    return found


def targets_of(assignment: Assignment):
    return (
        AssignmentTarget.objects.filter(assignment=assignment)
        .select_related("org", "assignment", "submitted_by", "reviewed_by")
        .annotate(n_reminders=Count("reminders"))
        .order_by("org__code")
    )


def board(assignment: Assignment, status: str = "") -> dict:
    """The status board: each union with its status (overdue computed), the counts."""
    today = timezone.localdate()
    rows = list(targets_of(assignment).prefetch_related("files"))
    for t in rows:
        t.overdue = t.is_overdue(today)
    counts = Counter(t.board_status(today) for t in rows)
    if status in BOARD_STATES:
        rows = [t for t in rows if t.board_status(today) == status]
    return {"rows": rows, "counts": {s: counts.get(s, 0) for s in BOARD_STATES}, "today": today}


def target_of(assignment: Assignment, target_id: int) -> AssignmentTarget:
    found = targets_of(assignment).filter(pk=target_id).first()
    if found is None:
        raise Http404
    return found


# -- the union ---------------------------------------------------------------------------


def inbox(org: Organisation):
    """What was sent to `org` itself, newest deadline last among the open ones."""
    return (
        AssignmentTarget.objects.filter(org=org, assignment__status=AssignmentStatus.SENT)
        .select_related("assignment", "assignment__org")
        .prefetch_related(Prefetch("reminders", queryset=Reminder.objects.order_by("-sent_at")))
        .order_by("assignment__deadline", "pk")
    )


def answer_of(org: Organisation, target_id: int) -> AssignmentTarget:
    """The answer of `org` with that id (a union is never shown another's: 404)."""
    found = (
        (inbox(org).prefetch_related(Prefetch("files", queryset=AnswerFile.objects.order_by("id"))))
        .filter(pk=target_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def file_of(target: AssignmentTarget, file_id: int) -> AnswerFile:
    found = AnswerFile.objects.filter(target=target, pk=file_id).first()
    if found is None:
        raise Http404
    return found


def open_for(org: Organisation) -> list[AssignmentTarget]:
    """The dashboard's list: answers `org` still owes, and those handed back."""
    return [t for t in inbox(org) if t.status in OPEN_STATES]


def plan_task_of(org: Organisation, task_id: int):
    """A task of `org`'s own plans (404 otherwise): what it passes down."""
    from gonghui.plans import selectors as plans

    found = plans.tasks(org).filter(pk=task_id).first()
    if found is None:
        raise Http404
    return found
