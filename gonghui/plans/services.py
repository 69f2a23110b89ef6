"""Work plan workflows: import, correct, accept, link evidence, record work, summarise.

Every function is atomic and takes the acting user; the models write the field-level
audit entries, and the workflows that are more than one field change (merge, split,
accept, link) add an entry of their own naming what happened.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.core.errors import DomainError
from gonghui.core.scoping import locked
from gonghui.orgs.models import CommitteeSeat, CommitteeTerm, Organisation

from . import evidence as evidence_registry
from .drafting import plan_years, shift_years
from .models import (
    TERM_MONTHS,
    Attachment,
    Evidence,
    Plan,
    PlanStatus,
    Record,
    Section,
    Task,
    TaskOrigin,
    TaskStatus,
)
from .taxonomy import CATEGORY_CODES

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_TYPES = {
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "pdf",
    "docx",
    "doc",
    "xlsx",
    "xls",
    "txt",
}


class PlanError(DomainError):
    """A plan workflow was refused; the message is for the user."""


# -- import -------------------------------------------------------------------


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _check_year(year: int) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise PlanError(_("Give the year of the plan, e.g. 2026.")) from None
    if not 2000 <= year <= 2100:
        raise PlanError(_("The year must be between 2000 and 2100."))
    return year


def _create_from_parse(*, actor, org, year, parsed, source_name, source_text) -> Plan:
    title = (parsed.title or "").strip()[:200] or _("%(year)s work plan") % {"year": year}
    plan = Plan(
        org=org,
        year=year,
        start_month=parsed.start_month,
        title=title,
        source_name=source_name[:200],
        source_text=source_text,
        created_by=_user(actor),
    )
    plan.save()
    by_key: dict[str, Section] = {}
    position = 0

    def add(sections, parent):
        nonlocal position
        for s in sections:
            position += 1
            section = Section(
                plan=plan,
                parent=parent,
                number=(s.number or "")[:20],
                title=(s.title or "").strip()[:300] or "—",
                position=position,
                level=s.level or 1,
            )
            section.save()
            by_key[s.key] = section
            add(s.children, section)

    add(parsed.sections, None)
    for i, t in enumerate(parsed.tasks, start=1):
        Task(
            plan=plan,
            section=by_key.get(t.section_key or ""),
            position=i,
            text=t.text.strip(),
            category=t.category if t.category in CATEGORY_CODES else "other",
            months=sorted({int(m) for m in t.months if 1 <= int(m) <= 12}),
            term=t.term or "",
            recurrence=t.recurrence,
            quantities=[{"value": q.value, "unit": q.unit} for q in t.quantities],
            source_line=t.source_line,
        ).save()
    audit.record(
        "plans.plan.imported",
        obj=plan,
        changes={"sections": [None, len(by_key)], "tasks": [None, len(parsed.tasks)]},
        note=source_name[:200],
    )
    return plan


@transaction.atomic
def plans_import(
    *,
    actor,
    org: Organisation,
    year,
    data: bytes,
    filename: str = "",
    title: str = "",
    as_kind: str = "",
) -> Imported:
    """Parse a plan document (.docx, .txt or pasted text) into draft plans of `org`.

    Nothing is saved unless the whole document parses: a collection of several plans
    gives one draft per plan. A document that reads as a summary, a congress report or a
    notice is refused with what it looks like, unless `as_kind` is "plan".
    """
    from .parsing import PlanParseError, parse_document, parse_plan, read_text, split_plans

    year = _check_year(year)
    try:
        text = read_text(data, filename)
        if as_kind != "plan":
            _refuse_other_kinds(text)
        # Each plan of a collection keeps its own part of the text as its source.
        every = [(part, parse_plan(part)) for part in split_plans(text)]
        found = [(part, parsed) for part, parsed in every if parsed.is_plan_like]
        if not found:
            parse_document(data, filename)  # raises the parser's own "no plan found"
    except PlanParseError as exc:
        raise PlanError(str(exc)) from exc
    if title and len(found) == 1:
        found[0][1].title = title
    imported = Imported(
        _create_from_parse(
            actor=actor,
            org=org,
            year=year,
            parsed=parsed,
            source_name=filename or _("pasted text"),
            source_text=part,
        )
        for part, parsed in found
    )
    # A part of a collection in which nothing was found is named, never dropped unsaid.
    imported.skipped = [
        parsed.title or _("part %(n)s") % {"n": n}
        for n, (_part, parsed) in enumerate(every, start=1)
        if not parsed.is_plan_like
    ]
    return imported


def _refuse_other_kinds(text: str) -> None:
    from .parsing import kind

    found = kind.document_kind(text)
    labels = {
        kind.SUMMARY: _("a year-end summary"),
        kind.CONGRESS_REPORT: _("a work report to a congress"),
        kind.NOTICE: _("an openness notice"),
    }
    if found.code in labels:
        raise PlanError(
            _(
                "This looks like %(kind)s (%(evidence)s), not a work plan, and was not "
                "imported. If it is a work plan, choose to import it as a work plan; a "
                "summary can be imported as the summary of its year."
            )
            % {"kind": labels[found.code], "evidence": f"“{found.evidence}”"},
            field="as_kind",
        )


class Imported(list):
    """The drafts an import made, and `skipped`: the titles of the parts of a collection
    in which no section, schedule or task was found (not imported)."""

    skipped: list[str]


@transaction.atomic
def plan_create(*, actor, org: Organisation, year, title: str) -> Plan:
    """An empty draft plan, for a union that writes its plan here rather than importing it."""
    title = (title or "").strip()
    if not title:
        raise PlanError(_("The plan needs a title."))
    plan = Plan(org=org, year=_check_year(year), title=title[:200], created_by=_user(actor))
    plan.save()
    return plan


def _accepted_same_year(plan: Plan) -> list[Plan]:
    """The other accepted plans of `plan`'s union and year."""
    return list(
        Plan.objects.filter(org_id=plan.org_id, year=plan.year, status=PlanStatus.ACCEPTED)
        .exclude(pk=plan.pk)
        .order_by("id")
    )


@transaction.atomic
def plan_accept(*, actor, plan: Plan, replace: bool = False) -> Plan:
    """Start tracking a draft. A union tracks one plan a year: while another plan of the
    year is accepted this is refused, naming it, unless `replace` says to archive it.

    Accepting is serialised per union by a lock on the union's row, and the plan is read
    again under it: two cadres accepting two drafts of the same year at the same moment
    would otherwise both find no accepted plan and both be tracked. The plan saved is the
    one read under the lock, so a change made meanwhile (a new title) is not undone."""
    locked(plan.org, no_key=True)
    given, plan = plan, locked(plan)
    if plan.status != PlanStatus.DRAFT:
        raise PlanError(_("Only a draft plan can be accepted."))
    if not plan.tasks.exists():
        raise PlanError(_("A plan without tasks cannot be accepted. Add the tasks first."))
    others = _accepted_same_year(plan)
    if others and not replace:
        raise PlanError(
            _(
                "%(titles)s is already the accepted plan of %(year)s. Accept this one "
                "only to replace it: that plan is then archived."
            )
            % {"titles": "、".join(f"《{o.title}》" for o in others), "year": plan.year}
        )
    for other in others:
        plan_archive(actor=actor, plan=other)
    plan.status = PlanStatus.ACCEPTED
    plan.accepted_at = timezone.now()
    plan.save()
    # The caller's instance shows what was saved (and diffs from it on its next save).
    for f in plan._meta.concrete_fields:
        setattr(given, f.attname, getattr(plan, f.attname))
    given._audit_before = plan._audit_before
    return plan


@transaction.atomic
def plan_draft_next_year(*, actor, plan: Plan) -> Plan:
    """Draft next year's plan from `plan`, an accepted plan, and the year's records
    (drafting.py): its sections and words, each task marked carried over, recurring or
    new with why. One draft per plan: a second is refused, naming the first.

    The plan's row is locked and read again, so that two cadres pressing the button at
    once get one draft, and the other is told where it is."""
    from .drafting import draft_next_year

    given, plan = plan, locked(plan, no_key=True)
    if plan.status != PlanStatus.ACCEPTED:
        raise PlanError(_("Only an accepted plan can be the basis of next year's plan."))
    existing = Plan.objects.filter(drafted_from=plan).order_by("id").first()
    if existing is not None:
        raise PlanError(
            _(
                "Next year's plan was already drafted from this plan: 《{title}》 ({year}, "
                "plan no. {id}). Open it from the work plans of {year} to go on with it."
            ).format(title=existing.title, year=existing.year, id=existing.pk)
        )
    year = _check_year(plan.year + 1)
    draft = draft_next_year(plan)
    new = Plan(
        org=plan.org,
        year=year,
        start_month=plan.start_month,
        title=draft.title[:200],
        created_by=_user(actor),
        drafted_from=given,
    )
    new.save()
    sections: dict[int, Section] = {}
    # Parents before their children: a section is saved with its parent's new row.
    for s in plan.sections.order_by("level", "position", "id"):
        section = Section(
            plan=new,
            parent=sections.get(s.parent_id),
            number=s.number,
            title=shift_years(s.title, plan_years(plan))[:300],
            position=s.position,
            level=s.level,
        )
        section.save()
        sections[s.pk] = section
    for position, d in enumerate(draft.tasks, start=1):
        Task(
            plan=new,
            section=sections.get(d.section_id),
            position=position,
            text=d.text,
            category=d.category if d.category in CATEGORY_CODES else "other",
            months=d.months,
            term=d.term,
            recurrence=d.recurrence,
            quantities=d.quantities,
            owner_id=d.owner_id,
            origin=d.origin,
            origin_note=d.note[:200],
            drafted_from=d.source,
        ).save()
    counts = draft.counts()
    audit.record(
        "plans.plan.drafted",
        obj=new,
        changes={
            "drafted_from": [None, plan.pk],
            "tasks": [None, len(draft.tasks)],
            "tasks_carried": [None, counts[TaskOrigin.CARRIED]],
            "tasks_recurring": [None, counts[TaskOrigin.RECURRING]],
            "tasks_new": [None, counts[TaskOrigin.NEW]],
        },
    )
    return new


@transaction.atomic
def plan_archive(*, actor, plan: Plan) -> Plan:
    if plan.status == PlanStatus.ARCHIVED:
        raise PlanError(_("The plan is already archived."))
    plan.status = PlanStatus.ARCHIVED
    plan.save()
    return plan


@transaction.atomic
def plan_update(*, actor, plan: Plan, title: str, year, start_month=None) -> Plan:
    """Title and year; `start_month` 9 makes it a school year (September to August), 1 a
    calendar year, None keeps it."""
    title = (title or "").strip()
    if not title:
        raise PlanError(_("The plan needs a title."))
    plan.title = title[:200]
    plan.year = _check_year(year)
    if start_month is not None:
        if int(start_month) not in (1, 9):
            raise PlanError(
                _("A plan's year starts in January or, for a school year, in September."),
                field="start_month",
            )
        plan.start_month = int(start_month)
    plan.save()
    return plan


@transaction.atomic
def plan_delete(*, actor, plan: Plan) -> None:
    """Discard a draft (a wrong file, a plan of a collection not wanted)."""
    if plan.status != PlanStatus.DRAFT:
        raise PlanError(_("Only a draft can be discarded; archive an accepted plan instead."))
    for task in plan.tasks.all():
        task.delete()
    for section in plan.sections.order_by("-level", "-position"):
        section.delete()
    plan.delete()


# -- sections -----------------------------------------------------------------


@transaction.atomic
def section_create(*, actor, plan: Plan, title: str, number: str = "", parent=None) -> Section:
    title = (title or "").strip()
    if not title:
        raise PlanError(_("The section needs a title."))
    if parent is not None and parent.plan_id != plan.pk:
        raise PlanError(_("That section belongs to another plan."))
    last = plan.sections.aggregate(m=Max("position"))["m"] or 0
    section = Section(
        plan=plan,
        parent=parent,
        number=number.strip()[:20],
        title=title[:300],
        position=last + 1,
        level=(parent.level + 1) if parent else 1,
    )
    section.save()
    return section


@transaction.atomic
def section_update(*, actor, section: Section, title: str, number: str = "") -> Section:
    title = (title or "").strip()
    if not title:
        raise PlanError(_("The section needs a title."))
    section.title = title[:300]
    section.number = (number or "").strip()[:20]
    section.save()
    return section


# -- tasks --------------------------------------------------------------------


def _clean_months(months: Iterable) -> list[int]:
    out = set()
    for m in months or []:
        try:
            m = int(m)
        except (TypeError, ValueError):
            raise PlanError(_("Months are numbers from 1 to 12.")) from None
        if not 1 <= m <= 12:
            raise PlanError(_("Months are numbers from 1 to 12."))
        out.add(m)
    return sorted(out)


def _check_owner(plan: Plan, owner) -> None:
    if owner is None:
        return
    if owner.term.org_id != plan.org_id:
        raise PlanError(_("The owner must sit on this union's committee."))


def _check_section(plan: Plan, section) -> None:
    if section is not None and section.plan_id != plan.pk:
        raise PlanError(_("That section belongs to another plan."))


TASK_FIELDS = ("text", "category", "months", "term", "owner", "section", "recurrence", "quantities")


def _apply(task: Task, data: dict) -> None:
    for name, value in data.items():
        if name not in TASK_FIELDS:
            raise PlanError(_("Unknown field: %(name)s") % {"name": name})
        if name == "text":
            value = (value or "").strip()
            if not value:
                raise PlanError(_("The task needs a text."))
        elif name == "category" and value not in CATEGORY_CODES:
            raise PlanError(_("Unknown category."))
        elif name == "months":
            value = _clean_months(value)
        elif name == "term":
            value = value or ""
            if value and value not in TERM_MONTHS:
                raise PlanError(_("Unknown term."))
        elif name == "owner":
            _check_owner(task.plan, value)
        elif name == "section":
            _check_section(task.plan, value)
        setattr(task, name, value)


@transaction.atomic
def task_create(*, actor, plan: Plan, data: dict, after: Task | None = None) -> Task:
    task = Task(plan=plan, category="other")
    _apply(task, data)
    if after is not None:
        _shift_after(plan, after.position)
        task.position = after.position + 1
    else:
        task.position = (plan.tasks.aggregate(m=Max("position"))["m"] or 0) + 1
    task.save()
    return task


def _shift_after(plan: Plan, position: int, by: int = 1) -> None:
    # Saved one by one: each move is in the log (a plan has tens of tasks, not thousands).
    for later in plan.tasks.filter(position__gt=position).order_by("-position"):
        later.position += by
        later.save()


@transaction.atomic
def task_update(*, actor, task: Task, data: dict) -> Task:
    _apply(task, data)
    task.save()
    return task


@transaction.atomic
def tasks_update(*, actor, tasks: list[Task], data: dict) -> int:
    """The same change (category, owner, section) to several tasks at once."""
    for task in tasks:
        _apply(task, data)
        task.save()
    return len(tasks)


@transaction.atomic
def task_move(*, actor, task: Task, direction: str) -> Task:
    """Move a task one place up or down in the plan; crossing into the neighbour's
    section when the neighbour is in another one (how a cadre drags a line)."""
    tasks = list(task.plan.tasks.order_by("position", "id"))
    i = next(i for i, t in enumerate(tasks) if t.pk == task.pk)
    j = i - 1 if direction == "up" else i + 1
    if direction not in ("up", "down"):
        raise PlanError(_("Move up or down."))
    if not 0 <= j < len(tasks):
        return task
    other = tasks[j]
    if other.section_id != task.section_id:
        task.section_id = other.section_id
    else:
        task.position, other.position = other.position, task.position
        if task.position == other.position:  # equal positions after an import: spread them
            task.position += 1 if direction == "down" else -1
        other.save()
    task.save()
    return task


@transaction.atomic
def tasks_merge(*, actor, tasks: list[Task]) -> Task:
    """Merge tasks into the first (in plan order): texts joined, months and quantities
    united, evidence moved; the others are deleted."""
    if len(tasks) < 2:
        raise PlanError(_("Choose at least two tasks to merge."))
    if len({t.plan_id for t in tasks}) != 1:
        raise PlanError(_("Only tasks of the same plan can be merged."))
    tasks = sorted(tasks, key=lambda t: (t.position, t.pk))
    keep, rest = tasks[0], tasks[1:]
    texts = [keep.text.rstrip("。；; ")] + [t.text.rstrip("。；; ") for t in rest]
    keep.text = "；".join(texts) + "。"
    keep.months = sorted({*keep.months, *(m for t in rest for m in t.months)})
    keep.quantities = keep.quantities + [q for t in rest for q in t.quantities]
    if keep.owner_id is None:
        keep.owner_id = next((t.owner_id for t in rest if t.owner_id), None)
    keep.save()
    seen = set(keep.evidence.values_list("kind", "object_id"))
    for t in rest:
        for ev in t.evidence.all():
            if (ev.kind, ev.object_id) in seen:
                ev.delete()
            else:
                ev.task = keep
                ev.save()
                seen.add((ev.kind, ev.object_id))
        t.delete()
    audit.record("plans.task.merged", obj=keep, changes={"merged": [[t.pk for t in rest], keep.pk]})
    return keep


@transaction.atomic
def task_split(*, actor, task: Task, parts: list[str]) -> list[Task]:
    """Split a task into several: the first part stays on the task (with its evidence),
    each further part becomes a new task right after it with the same section,
    category, months and owner."""
    parts = [p.strip() for p in parts if p and p.strip()]
    if len(parts) < 2:
        raise PlanError(_("Give at least two parts, one per line."))
    task.text = parts[0]
    task.save()
    _shift_after(task.plan, task.position, by=len(parts) - 1)
    created = [task]
    for offset, text in enumerate(parts[1:], start=1):
        new = Task(
            plan=task.plan,
            section=task.section,
            position=task.position + offset,
            text=text,
            category=task.category,
            months=list(task.months),
            term=task.term,
            recurrence=task.recurrence,
            owner=task.owner,
        )
        new.save()
        created.append(new)
    audit.record(
        "plans.task.split", obj=task, changes={"split": [task.pk, [t.pk for t in created[1:]]]}
    )
    return created


@transaction.atomic
def task_delete(*, actor, task: Task) -> None:
    if task.evidence.exists():
        raise PlanError(
            _("This task has records linked to it; mark it dropped instead of deleting it.")
        )
    task.delete()


@transaction.atomic
def tasks_delete(*, actor, tasks: list[Task]) -> None:
    """Delete the ticked tasks, all or none (one with records linked refuses them all)."""
    for task in tasks:
        task_delete(actor=actor, task=task)


@transaction.atomic
def task_set_status(*, actor, task: Task, status: str) -> Task:
    if status not in TaskStatus.values:
        raise PlanError(_("Unknown status."))
    if status == TaskStatus.DONE and not task.evidence.exists():
        raise PlanError(
            _("Link the record that shows the task was done (an activity, a visit, a work record).")
        )
    task.status = status
    task.save()
    return task


# -- evidence -----------------------------------------------------------------


def _auto_status(task: Task) -> None:
    """Linked records move a task on by themselves: under way, then done when complete."""
    from .selectors import task_progress

    if task.status == TaskStatus.DROPPED:
        return
    progress = task_progress(task)
    status = TaskStatus.DONE if progress.complete else TaskStatus.DOING
    if not task.evidence.exists():
        status = TaskStatus.TODO
    if status != task.status:
        task.status = status
        task.save()


def resolve_evidence_object(kind_key: str, object_id):
    """The record of a registered kind, looked up through its scoped manager (so a record
    outside the active organisation is not found)."""
    try:
        kind = evidence_registry.get(kind_key)
    except LookupError:
        raise PlanError(_("Unknown kind of record.")) from None
    try:
        return kind, kind.model_class._default_manager.get(pk=object_id)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise PlanError(_("That record was not found.")) from None


@transaction.atomic
def evidence_link(*, actor, task: Task, kind_key: str, object_id) -> Evidence:
    if task.plan.status != PlanStatus.ACCEPTED:
        raise PlanError(_("Records are linked to the tasks of an accepted plan."))
    kind, obj = resolve_evidence_object(kind_key, object_id)
    if task.evidence.filter(kind=kind.key, object_id=str(obj.pk)).exists():
        raise PlanError(_("This record is already linked to the task."))
    described = kind.describe(obj)
    ev = Evidence(
        task=task,
        kind=kind.key,
        object_id=str(obj.pk),
        title=described.title[:300],
        date=described.date,
        linked_by=_user(actor),
    )
    ev.save()
    _auto_status(task)
    return ev


@transaction.atomic
def evidence_unlink(*, actor, evidence: Evidence) -> None:
    task = evidence.task
    evidence.delete()
    _auto_status(task)


# -- free-text records ----------------------------------------------------------


def _check_file(f) -> str:
    name = getattr(f, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ATTACHMENT_TYPES:
        raise PlanError(
            _("%(name)s: this kind of file is not accepted (photos, PDF, Word, Excel, text).")
            % {"name": name}
        )
    if f.size > MAX_ATTACHMENT_BYTES:
        raise PlanError(_("%(name)s is larger than 20 MB.") % {"name": name})
    return ext


@transaction.atomic
def record_create(
    *, actor, org: Organisation, data: dict, files=(), task: Task | None = None
) -> Record:
    """A work record (工作记录) with attachments; linked to `task` when given."""
    for f in files:
        _check_file(f)
    title = (data.get("title") or "").strip()
    if not title:
        raise PlanError(_("The record needs a title."))
    if not data.get("date"):
        raise PlanError(_("The record needs a date."))
    record = Record(
        org=org,
        date=data["date"],
        title=title[:200],
        text=(data.get("text") or "").strip(),
        participants=data.get("participants"),
        amount=data.get("amount"),
        created_by=_user(actor),
    )
    record.save()
    for f in files:
        attachment_add(actor=actor, record=record, upload=f)
    if task is not None:
        evidence_link(actor=actor, task=task, kind_key="plans.record", object_id=record.pk)
    return record


@transaction.atomic
def attachment_add(*, actor, record: Record, upload) -> Attachment:
    _check_file(upload)
    att = Attachment(
        record=record,
        token=secrets.token_hex(16),
        name=(getattr(upload, "name", "") or "file")[:200],
        size=upload.size,
        content_type=(getattr(upload, "content_type", "") or "")[:100],
    )
    att.file.save(upload.name, upload, save=False)
    att.save()
    return att


# -- owners ---------------------------------------------------------------------


def owner_choices(org: Organisation):
    """Seats of the union's current committee (the newest term)."""
    term = CommitteeTerm.objects.filter(org=org).order_by("-number").first()
    if term is None:
        return CommitteeSeat.objects.none()
    return CommitteeSeat.objects.filter(term=term).order_by("order", "id")
