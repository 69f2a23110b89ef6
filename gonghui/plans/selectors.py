"""Reads of the plans app: outlines, progress, the calendar and what is due."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from . import progress as progress_rules
from .models import (
    Attachment,
    Evidence,
    Plan,
    PlanStatus,
    Record,
    Section,
    Summary,
    Task,
    TaskStatus,
)


def task_progress(task: Task, dates: list[dt.date] | None = None) -> progress_rules.Progress:
    if dates is None:
        dates = [d for d in task.evidence.values_list("date", flat=True) if task.plan.covers(d)]
    return progress_rules.compute(task.span_months(), task.recurrence, dates)


def tasks_with_progress(tasks) -> list[Task]:
    """Tasks (a queryset) with `.progress` and `.evidence_list` set, in two queries."""
    tasks = list(
        tasks.select_related("plan", "section", "owner").prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("date", "id"))
        )
    )
    for t in tasks:
        t.evidence_list = list(t.evidence.all())
        t.progress = task_progress(t, [e.date for e in t.evidence_list if t.plan.covers(e.date)])
    return tasks


def is_done(task: Task) -> bool:
    """Done: its records complete it, or a cadre marked it done (which needs a record)."""
    return task.status == TaskStatus.DONE or task.progress.complete


@dataclass
class OutlineNode:
    section: Section | None
    tasks: list[Task] = field(default_factory=list)
    children: list[OutlineNode] = field(default_factory=list)


def plan_outline(plan: Plan) -> tuple[list[OutlineNode], list[Task]]:
    """The plan's sections as a tree with their tasks, and the tasks in plan order."""
    sections = list(plan.sections.order_by("position", "id"))
    tasks = tasks_with_progress(plan.tasks.order_by("position", "id"))
    nodes = {s.pk: OutlineNode(s) for s in sections}
    roots: list[OutlineNode] = []
    for s in sections:
        parent = nodes.get(s.parent_id)
        (parent.children if parent else roots).append(nodes[s.pk])
    loose = OutlineNode(None)
    for t in tasks:
        nodes.get(t.section_id, loose).tasks.append(t)
    if loose.tasks:
        roots.insert(0, loose)
    return roots, tasks


def tracked_tasks(year: int):
    """Tasks of the accepted plans of `year` in the active scope."""
    return Task.objects.filter(plan__status=PlanStatus.ACCEPTED, plan__year=year)


def tracked_tasks_on(day: dt.date):
    """Tasks of the accepted plans whose twelve months hold `day`: this calendar year's
    plans, and a school year's plan of last year from January to its August."""
    return Task.objects.filter(plan__status=PlanStatus.ACCEPTED).filter(
        Q(plan__year=day.year, plan__start_month__lte=day.month)
        | Q(plan__year=day.year - 1, plan__start_month__gt=day.month)
    )


@dataclass
class DueList:
    this_month: list[Task]
    overdue: list[Task]

    def by_owner(self) -> list[tuple[str, list[Task], list[Task]]]:
        """(owner name, due this month, overdue) per owner, unassigned last."""
        groups: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
        for t in self.this_month:
            groups[t.owner.person_name if t.owner else ""][0].append(t)
        for t in self.overdue:
            groups[t.owner.person_name if t.owner else ""][1].append(t)
        return sorted(
            ((name, due, late) for name, (due, late) in groups.items()),
            key=lambda row: (row[0] == "", row[0]),
        )


def is_whole_year(task: Task) -> bool:
    """A task for the whole year without a rhythm (全年征集合理化建议200条)."""
    return not task.months and task.term in ("", "whole_year") and not task.recurrence


def _due_months(task: Task) -> list[int]:
    """Months in which an open task is listed as due. A whole-year task without a
    recurrence ("建立健全困难职工档案") is due by the year's end, not every month."""
    if is_whole_year(task):
        return [(task.plan.start_month + 10) % 12 + 1]  # December, or a school year's August
    return task.span_months()


def due_tasks(org, today: dt.date) -> DueList:
    """What is due in `today`'s month and not yet covered, and what is overdue: the span
    ended before this month and the task is not complete (dropped tasks are left out)."""
    tasks = tasks_with_progress(
        tracked_tasks_on(today).filter(plan__org=org).exclude(status=TaskStatus.DROPPED)
    )
    this_month, overdue = [], []
    for t in tasks:
        if is_done(t):
            continue
        if t.due_date() < today.replace(day=1):
            overdue.append(t)
        elif today.month in _due_months(t) and not t.progress.is_covered(today.month):
            this_month.append(t)
    return DueList(this_month, overdue)


def spreads_over_months(task: Task) -> bool:
    """Whether a task belongs in each month of its span on the calendar: a monthly rhythm
    (每月一次) or months the plan names (七—八月份). A task for a term or the year with a
    rhythm of its own (一年两次体检) would otherwise fill every month and look due, or done,
    where nothing happens."""
    return bool(task.months) or (task.recurrence or {}).get("per") in ("month", "week")


def calendar(org, year: int) -> list[dict]:
    """Twelve months, each with the tasks due in it and whether each is done THERE: a
    month shows ✓ only for a monthly period that is complete or for records of that month.
    Tasks of a term or the whole year appear in the months of their records and are listed
    once under the year (`whole_year_tasks`)."""
    plans = Plan.objects.filter(org=org, year=year).exclude(status=PlanStatus.ARCHIVED)
    tasks = tasks_with_progress(
        Task.objects.filter(plan__in=plans).exclude(status=TaskStatus.DROPPED)
    )
    months = []
    # In the plan's order: a school year's calendar runs from September to August.
    start = min((p.start_month for p in plans), default=1)
    for m in [*range(start, 13), *range(1, start)]:
        rows = []
        for t in tasks:
            records = [e for e in t.evidence_list if e.date.month == m and t.plan.covers(e.date)]
            if spreads_over_months(t):
                if m not in t.span_months():
                    continue
                monthly = (t.recurrence or {}).get("per") in ("month", "week")
                covered = t.progress.is_covered(m) if monthly else bool(records)
                done_elsewhere = not covered and not monthly and t.progress.is_covered(m)
            elif records:
                covered, done_elsewhere = True, False
            else:
                continue
            rows.append(
                {
                    "task": t,
                    "covered": covered,
                    "done_elsewhere": done_elsewhere,
                    "records": records,
                }
            )
        months.append({"month": m, "year": year if m >= start else year + 1, "rows": rows})
    return months


def whole_year_tasks(org, year: int) -> list[Task]:
    """Tasks of a term or of the whole year (not spread over months), with progress: the
    calendar lists them once, under the year."""
    plans = Plan.objects.filter(org=org, year=year).exclude(status=PlanStatus.ARCHIVED)
    tasks = tasks_with_progress(
        Task.objects.filter(plan__in=plans, months=[]).exclude(status=TaskStatus.DROPPED)
    )
    return [t for t in tasks if not spreads_over_months(t)]


def open_tasks_for_linking(org, year: int):
    """Tasks a record of `year` can be linked to: accepted plans of the union (or of the
    unions above it within the active scope), not dropped."""
    return (
        tracked_tasks(year)
        .filter(plan__org=org)
        .exclude(status=TaskStatus.DROPPED)
        .select_related("plan", "section")
        .order_by("plan", "position")
    )


# -- the records both doors open: the union's own (scoped; another union's ids are not found)


def plans(org):
    return Plan.objects.filter(org=org)


def sections(org):
    return Section.objects.filter(plan__org=org)


def tasks(org):
    return Task.objects.filter(plan__org=org).select_related("plan")


def evidence(org):
    return Evidence.objects.filter(task__plan__org=org)


def records(org):
    return Record.objects.filter(org=org)


def attachments(org):
    # Served through the scoped lookup, never as a public media URL.
    return Attachment.objects.filter(record__org=org)


def summary_of(org, year: int) -> Summary | None:
    """The union's year-end summary of `year`, if one was generated."""
    return Summary.objects.filter(org=org, year=year).select_related("updated_by").first()
