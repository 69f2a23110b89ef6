"""Workflows of assigned tasks and report forms: the upper union drafts and sends, the
unions save, attach and hand in, the upper union returns, accepts and reminds. Each is
atomic and audited by the models (exports by an explicit entry)."""

from __future__ import annotations

import datetime as dt
import io
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.audit import models as audit
from gonghui.core.errors import DomainError
from gonghui.core.scoping import locked
from gonghui.orgs.models import Organisation, OrgKind

from . import rules, selectors
from .models import (
    ATTACHMENT_MAX_BYTES,
    ATTACHMENT_TYPES,
    OPEN_STATES,
    AnswerFile,
    AnswerStatus,
    Assignment,
    AssignmentStatus,
    AssignmentTarget,
    Kind,
    Reminder,
    TargetMode,
)

EDITABLE = ("kind", "title", "instructions", "deadline", "target_mode", "target_filter")
MAX_FILES = 30


class AssignmentError(DomainError):
    """An assignment workflow was refused; the message is for the user."""


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _now():
    return timezone.now()


# -- the sender's side ---------------------------------------------------------------------


def _apply(assignment: Assignment, data: dict) -> None:
    for name in EDITABLE:
        if name in data and data[name] is not None:
            setattr(assignment, name, data[name])
    assignment.title = (assignment.title or "").strip()[:150]
    if not assignment.title:
        raise AssignmentError(_("Give the task a title."), field="title")
    if assignment.kind not in Kind.values:
        raise AssignmentError(_("Unknown kind."), field="kind")
    if not isinstance(assignment.deadline, dt.date):
        raise AssignmentError(_("Set the deadline."), field="deadline")
    if assignment.target_mode not in TargetMode.values:
        raise AssignmentError(_("Choose who receives it."), field="target_mode")
    chosen = assignment.target_filter or []
    if not isinstance(chosen, list) or not all(isinstance(c, str) for c in chosen):
        raise AssignmentError(_("Choose who receives it."), field="target_filter")
    assignment.target_filter = [c.strip() for c in chosen if c.strip()]
    definition = data.get("definition", assignment.definition)
    if assignment.kind == Kind.TASK and not (definition or {}).get("fields"):
        definition = {"fields": rules.TASK_FIELDS}
    try:
        assignment.definition = rules.check_definition(definition)
    except rules.DefinitionError as exc:
        raise AssignmentError(str(exc), field="definition") from None


@transaction.atomic
def assignment_create(*, actor, org: Organisation, data: dict) -> Assignment:
    """A draft task or form of `org` (an upper union), to check before sending."""
    if org.kind != OrgKind.UPPER:
        raise AssignmentError(_("Tasks and forms are sent by an upper union to the unions below."))
    assignment = Assignment(org=org, created_by=_user(actor))
    _apply(assignment, data)
    assignment.save()
    return assignment


@transaction.atomic
def assignment_update(*, actor, assignment: Assignment, data: dict) -> Assignment:
    assignment = locked(assignment)
    if assignment.status != AssignmentStatus.DRAFT:
        raise AssignmentError(_("A task already sent is not changed."))
    _apply(assignment, data)
    assignment.save()
    return assignment


@transaction.atomic
def assignment_delete(*, actor, assignment: Assignment) -> None:
    if assignment.status != AssignmentStatus.DRAFT:
        raise AssignmentError(_("A task already sent is not deleted."))
    assignment.delete()


@transaction.atomic
def assignment_send(*, actor, assignment: Assignment) -> Assignment:
    """Send the draft: the chosen unions are resolved now, one answer row each (a union
    founded later does not receive it)."""
    assignment = locked(assignment)
    if assignment.status != AssignmentStatus.DRAFT:
        raise AssignmentError(_("This task has already been sent."))
    if assignment.deadline < timezone.localdate():
        raise AssignmentError(_("The deadline has passed: set a later one."), field="deadline")
    unions = selectors.resolve_targets(assignment)
    if not unions:
        raise AssignmentError(_("No union below matches the choice."), field="target_filter")
    for union in unions:
        AssignmentTarget(assignment=assignment, org=union).save()
    assignment.status = AssignmentStatus.SENT
    assignment.sent_at = _now()
    assignment.save()
    return assignment


@transaction.atomic
def assignment_withdraw(*, actor, assignment: Assignment, reason: str) -> Assignment:
    """Call back a sent task (sent by mistake, overtaken): it leaves the unions' inboxes
    and dashboards; what they had answered is kept with it for the record."""
    assignment = locked(assignment)
    reason = (reason or "").strip()
    if assignment.status != AssignmentStatus.SENT:
        raise AssignmentError(_("Only a sent task can be withdrawn."))
    if not reason:
        raise AssignmentError(_("Say why it is withdrawn: the unions see it."), field="reason")
    assignment.status = AssignmentStatus.WITHDRAWN
    assignment.withdrawn_reason = reason[:200]
    assignment.save()
    return assignment


@transaction.atomic
def assignment_add_unions(*, actor, assignment: Assignment, codes: list[str]) -> int:
    """Send a task already sent to more unions (forgotten, or founded since): the named
    unions below the sender that do not have it yet; how many were added."""
    assignment = locked(assignment)
    if assignment.status != AssignmentStatus.SENT:
        raise AssignmentError(_("Unions are added to a task that has been sent."))
    wanted = {c.strip() for c in codes if isinstance(c, str) and c.strip()}
    if not wanted:
        raise AssignmentError(_("Name at least one union."), field="codes")
    below = {u.code: u for u in selectors.unions_below(assignment.org) if u.code in wanted}
    unknown = sorted(wanted - set(below))
    if unknown:
        raise AssignmentError(
            _("Not a union below: {codes}.").format(codes="、".join(unknown)), field="codes"
        )
    have = set(
        AssignmentTarget.objects.filter(assignment=assignment).values_list("org_id", flat=True)
    )
    added = [u for code, u in sorted(below.items()) if u.pk not in have]
    if not added:
        raise AssignmentError(_("These unions have it already."), field="codes")
    for union in added:
        AssignmentTarget(assignment=assignment, org=union).save()
    return len(added)


@transaction.atomic
def assignment_from_task(*, actor, task) -> Assignment:
    """Pass a task of the upper union's own plan down to the unions below (issue #16
    item 6): a draft task to every union below, due at the end of the task's last month,
    to be checked and sent like any other."""
    from gonghui.plans.models import PlanStatus

    org = task.plan.org
    if org.kind != OrgKind.UPPER:
        raise AssignmentError(_("Tasks and forms are sent by an upper union to the unions below."))
    if task.plan.status != PlanStatus.ACCEPTED:
        raise AssignmentError(_("Only the tasks of an accepted plan are passed down."))
    if (
        Assignment.objects.filter(plan_task=task)
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .exists()
    ):
        raise AssignmentError(_("This task has already been passed down."))
    year = task.plan.year
    deadline = max(task.due_date(), timezone.localdate())
    text = " ".join(task.text.split())
    assignment = Assignment(org=org, created_by=_user(actor), plan_task=task)
    _apply(
        assignment,
        {
            "kind": Kind.TASK,
            "title": text[:60] + ("…" if len(text) > 60 else ""),
            "instructions": _("From our {year} work plan: {text}").format(year=year, text=text),
            "deadline": deadline,
            "target_mode": TargetMode.SUBTREE,
            "target_filter": [],
        },
    )
    assignment.save()
    return assignment


@transaction.atomic
def answer_return(*, actor, target: AssignmentTarget, comment: str) -> AssignmentTarget:
    """Hand a submitted answer back to the union, saying what to change."""
    target = locked(target)
    comment = (comment or "").strip()
    if target.status != AnswerStatus.SUBMITTED:
        raise AssignmentError(_("Only a submitted answer can be returned."))
    if not comment:
        raise AssignmentError(_("Say what the union should change."), field="comment")
    target.status = AnswerStatus.RETURNED
    target.review_comment = comment[:2000]
    target.reviewed_at = _now()
    target.reviewed_by = _user(actor)
    target.save()
    return target


@transaction.atomic
def answer_accept(*, actor, target: AssignmentTarget, comment: str = "") -> AssignmentTarget:
    target = locked(target)
    if target.status != AnswerStatus.SUBMITTED:
        raise AssignmentError(_("Only a submitted answer can be accepted."))
    target.status = AnswerStatus.ACCEPTED
    target.review_comment = (comment or "").strip()[:2000]
    target.reviewed_at = _now()
    target.reviewed_by = _user(actor)
    target.save()
    return target


@transaction.atomic
def target_remind(*, actor, target: AssignmentTarget, note: str = "") -> Reminder:
    """Remind the union of an answer it still owes (shown on its dashboard)."""
    target = locked(target)
    if target.status not in OPEN_STATES:
        raise AssignmentError(_("This union has already handed in its answer."))
    reminder = Reminder(target=target, note=(note or "").strip()[:200], sent_by=_user(actor))
    reminder.save()
    return reminder


@transaction.atomic
def assignment_remind_open(*, actor, assignment: Assignment, note: str = "") -> int:
    """Remind every union that still owes an answer; how many were reminded."""
    count = 0
    for target in selectors.targets_of(assignment):
        if target.status in OPEN_STATES:
            target_remind(actor=actor, target=target, note=note)
            count += 1
    if not count:
        raise AssignmentError(_("Every union has handed in its answer."))
    return count


def answers_export(*, actor, assignment: Assignment) -> tuple[str, bytes]:
    """Every union's answer as one workbook (one row a union, one column a field); the
    export is logged."""
    from .exports import AnswerTableExporter

    exporter = AnswerTableExporter(user=_user(actor), org=assignment.org, assignment=assignment)
    out = io.BytesIO()
    with transaction.atomic():
        exporter.write_xlsx(out)
        audit.record(
            "assignments.answers.exported",
            org=assignment.org,
            changes={"assignment": [None, assignment.title]},
        )
    return f"{assignment.title}-汇总.xlsx", out.getvalue()


# -- the union's side ----------------------------------------------------------------------


def _answerable(target: AssignmentTarget) -> None:
    if target.assignment.status != AssignmentStatus.SENT:
        raise AssignmentError(_("This task has not been sent."))
    if target.status not in OPEN_STATES:
        raise AssignmentError(
            _("The answer has been handed in: it can be changed once it is returned.")
        )


def _file_counts(target: AssignmentTarget) -> dict:
    counts: dict = {}
    for key in AnswerFile.objects.filter(target=target).values_list("field", flat=True):
        counts[key] = counts.get(key, 0) + 1
    return counts


@transaction.atomic
def answer_save(
    *, actor, target: AssignmentTarget, values: dict, submit: bool = False
) -> AssignmentTarget:
    """Keep what the union typed (a draft), or hand it in with `submit`: the values are
    checked against the form, the required ones only when handed in."""
    target = locked(target)
    _answerable(target)
    clean, errors = rules.clean_values(
        target.assignment.definition, values, complete=submit, files=_file_counts(target)
    )
    if errors:
        key, message = next(iter(errors.items()))
        raise AssignmentError(message, field=key)
    target.values = clean
    target.saved_at = _now()
    if submit:
        target.status = AnswerStatus.SUBMITTED
        target.submitted_at = target.saved_at
        target.submitted_by = _user(actor)
    elif target.status == AnswerStatus.NOT_STARTED:
        target.status = AnswerStatus.DRAFT
    target.save()
    return target


@transaction.atomic
def answer_update(
    *,
    actor,
    target: AssignmentTarget,
    values: dict,
    uploads: list | None = None,
    remove: list | None = None,
    link: list | None = None,
    unlink: list | None = None,
    submit: bool = False,
) -> AssignmentTarget:
    """The answer page's one form: what was typed is kept as a draft together with the
    files chosen and removed in the same post (attaching never loses the typing), then
    handed in when asked. All or nothing: a refused file keeps nothing of the post."""
    target = answer_save(actor=actor, target=target, values=values)
    for file_id in remove or []:
        item = AnswerFile.objects.filter(target=target, pk=file_id).first()
        if item is not None:
            answer_file_delete(actor=actor, item=item)
    for field, upload in uploads or []:
        answer_file_add(actor=actor, target=target, field=field, upload=upload)
    for kind, object_id in unlink or []:
        answer_record_unlink(actor=actor, target=target, kind=kind, object_id=object_id)
    for kind, object_id in link or []:
        answer_record_link(actor=actor, target=target, kind=kind, object_id=object_id)
    if submit:
        target = answer_submit(actor=actor, target=target, values=values)
    return target


RECORDS_MAX = 30


def record_choices(target: AssignmentTarget, kind_key: str) -> list:
    """Records of the union of a kind that may be linked (plan evidence's candidates for
    the task's year), with what is shown of each."""
    from gonghui.plans import evidence

    try:
        kind = evidence.get(kind_key)
    except LookupError:
        return []
    linked = {(r["kind"], str(r["id"])) for r in target.records}
    year = target.assignment.deadline.year
    return [
        (obj, kind.describe(obj))
        for obj in kind.candidates(target.org, year)[:50]
        if (kind.key, str(obj.pk)) not in linked
    ]


@transaction.atomic
def answer_record_link(*, actor, target: AssignmentTarget, kind: str, object_id) -> dict:
    """Link a record of the union (an activity held, a notice published…) to its answer
    as proof the task was done, like a plan task's evidence."""
    from gonghui.plans import evidence

    target = locked(target)
    _answerable(target)
    try:
        found = evidence.get(kind)
    except LookupError:
        raise AssignmentError(_("Unknown kind of record."), field="kind") from None
    obj = next((o for o, _d in record_choices(target, kind) if str(o.pk) == str(object_id)), None)
    if obj is None:
        raise AssignmentError(_("That record was not found."), field="object_id")
    if len(target.records) >= RECORDS_MAX:
        raise AssignmentError(_("At most {n} records.").format(n=RECORDS_MAX))
    described = found.describe(obj)
    record = {
        "kind": found.key,
        "id": obj.pk,
        "label": str(found.label),
        "title": described.title[:200],
        "date": described.date.isoformat(),
    }
    target.records = [*target.records, record]
    if target.status == AnswerStatus.NOT_STARTED:
        target.status = AnswerStatus.DRAFT
    target.saved_at = _now()
    target.save()
    return record


@transaction.atomic
def answer_record_unlink(
    *, actor, target: AssignmentTarget, kind: str, object_id
) -> AssignmentTarget:
    target = locked(target)
    _answerable(target)
    kept = [r for r in target.records if (r["kind"], str(r["id"])) != (kind, str(object_id))]
    if len(kept) == len(target.records):
        raise AssignmentError(_("That record is not linked."), field="object_id")
    target.records = kept
    target.save()
    return target


def answer_submit(*, actor, target: AssignmentTarget, values: dict | None = None):
    return answer_save(
        actor=actor, target=target, values=target.values if values is None else values, submit=True
    )


def check_upload(upload) -> str:
    """The file's content type, known from its first bytes; AssignmentError otherwise."""
    name = (getattr(upload, "name", "") or "").strip()
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ATTACHMENT_TYPES:
        raise AssignmentError(
            _(
                "{name}: only PDF, JPG, PNG, Word (.docx) and Excel (.xlsx) files are accepted."
            ).format(name=name or "?"),
            field="file",
        )
    if not upload.size:
        raise AssignmentError(_("{name} is empty.").format(name=name), field="file")
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise AssignmentError(_("{name} is larger than 20 MB.").format(name=name), field="file")
    content_type, magics = ATTACHMENT_TYPES[ext]
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in magics):
        raise AssignmentError(
            _("{name} is not a real {ext} file.").format(name=name, ext=ext.upper()), field="file"
        )
    return content_type


@transaction.atomic
def answer_file_add(*, actor, target: AssignmentTarget, field: str, upload) -> AnswerFile:
    content_type = check_upload(upload)
    target = locked(target)
    _answerable(target)
    keys = {f["key"] for f in target.assignment.fields if f["type"] == "file"}
    if field not in keys:
        raise AssignmentError(_("This form has no such attachment field."), field="field")
    if AnswerFile.objects.filter(target=target).count() >= MAX_FILES:
        raise AssignmentError(
            _("An answer holds at most {n} files.").format(n=MAX_FILES), field="file"
        )
    item = AnswerFile(
        target=target,
        field=field,
        name=upload.name.strip()[:200],
        size=upload.size,
        content_type=content_type,
        uploaded_by=_user(actor),
        token=secrets.token_hex(16),  # the stored file's name is made from it
    )
    item.file.save(upload.name, upload, save=False)
    item.save()
    if target.status == AnswerStatus.NOT_STARTED:
        target.status = AnswerStatus.DRAFT
        target.saved_at = _now()
        target.save()
    return item


@transaction.atomic
def answer_file_delete(*, actor, item: AnswerFile) -> None:
    _answerable(item.target)
    storage, name = item.file.storage, item.file.name
    item.delete()
    transaction.on_commit(lambda: storage.delete(name))
