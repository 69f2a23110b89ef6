"""Pages of assigned tasks and report forms: the upper union's list, new form, status
board and review of one union's answer; the union's inbox and its answer page. Thin: the
work is in services.py and the reads in selectors.py, shared with the API."""

from __future__ import annotations

import re

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import files
from gonghui.core.decorators import org_view
from gonghui.core.errors import DomainError
from gonghui.core.forms import run
from gonghui.orgs.models import OrgKind
from gonghui.plans import evidence as plans_evidence

from . import rules, selectors, services
from .forms import AssignmentForm, CommentForm, NoteForm, raw_values
from .models import OPEN_STATES, AnswerStatus, AssignmentStatus, Kind

READ, WRITE, ANSWER = "assignments.task:read", "assignments.task:write", "assignments.task:answer"
EMPTY_ROWS = 3  # blank rows a table field offers below what was typed


def _board_url(org, assignment_id) -> str:
    return reverse(
        "assignments:board", kwargs={"org_code": org.code, "assignment_id": assignment_id}
    )


def _status_words() -> dict:
    return dict(AnswerStatus.choices) | {"overdue": _("Overdue")}


# -- the sender --------------------------------------------------------------------------


@org_view(READ)
def index(request, org_code):
    return render(
        request,
        "assignments/index.html",
        {
            "assignments": selectors.assignments_sent(request.org),
            "below": selectors.below_by_sender(request.org)
            if request.org.kind == OrgKind.UPPER
            else [],
            "can_write": request.access.has(WRITE),
        },
    )


# -- what the upper unions below sent (read-only) ------------------------------------------


@org_view(READ)
def below_board(request, org_code, assignment_id):
    """A task or form an upper union below sent, its board read-only (a city federation
    following its districts)."""
    assignment = selectors.assignment_below(request.org, assignment_id)
    status = request.GET.get("status", "")
    board = selectors.board(assignment, status)
    ctx = {
        "assignment": assignment,
        "status": status if status in selectors.BOARD_STATES else "",
        "words": _status_words(),
        "board": board,
        "state_list": [(s, _status_words()[s], board["counts"][s]) for s in selectors.BOARD_STATES],
        "fields_lines": rules.to_lines(assignment.definition),
        "type_labels": rules.TYPE_LABELS,
        "below": True,
    }
    template = "assignments/_board_rows.html" if request.htmx else "assignments/below.html"
    return render(request, template, ctx)


@org_view(READ)
def below_target(request, org_code, assignment_id, target_id):
    assignment = selectors.assignment_below(request.org, assignment_id)
    target = selectors.target_of(assignment, target_id)
    target.overdue = target.is_overdue(timezone.localdate())
    return render(
        request,
        "assignments/target.html",
        {
            "assignment": assignment,
            "target": target,
            "items": _fields_with_values(target),
            "words": _status_words(),
            "reminders": target.reminders.order_by("-sent_at"),
            "below": True,
        },
    )


@org_view(READ)
def below_file(request, org_code, assignment_id, target_id, file_id):
    assignment = selectors.assignment_below(request.org, assignment_id)
    item = selectors.file_of(selectors.target_of(assignment, target_id), file_id)
    return files.serve_file(item.file, item.name, item.content_type)


@org_view(WRITE, methods=("GET", "POST"))
def create(request, org_code):
    form = AssignmentForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            assignment := run(
                form,
                services.assignment_create,
                actor=request.user,
                org=request.org,
                data=form.service_data(),
            )
        )
    ):
        messages.success(request, _("Draft saved: check the unions it goes to, then send it."))
        return redirect(_board_url(request.org, assignment.pk))
    return render(request, "assignments/form.html", {"form": form})


@org_view(WRITE, methods=("GET", "POST"))
def edit(request, org_code, assignment_id):
    """Change a draft before it is sent (what was typed is kept on an error)."""
    assignment = selectors.assignment_of(request.org, assignment_id)
    if assignment.status != AssignmentStatus.DRAFT:
        messages.error(request, _("A task already sent is not changed."))
        return redirect(_board_url(request.org, assignment_id))
    form = AssignmentForm(request.POST or None, initial=AssignmentForm.initial_of(assignment))
    if (
        request.method == "POST"
        and form.is_valid()
        and run(
            form,
            services.assignment_update,
            actor=request.user,
            assignment=assignment,
            data=form.service_data(),
        )
    ):
        messages.success(request, _("Draft saved: check the unions it goes to, then send it."))
        return redirect(_board_url(request.org, assignment_id))
    return render(request, "assignments/form.html", {"form": form, "assignment": assignment})


@org_view(WRITE, methods=("POST",))
def from_task(request, org_code, task_id):
    """A task of the federation's own plan, passed down as a draft (issue #16 item 6)."""
    task = selectors.plan_task_of(request.org, task_id)
    assignment = services.assignment_from_task(actor=request.user, task=task)
    messages.success(request, _("Draft saved: check the unions it goes to, then send it."))
    return redirect(_board_url(request.org, assignment.pk))


@org_view(READ)
def board(request, org_code, assignment_id):
    assignment = selectors.assignment_of(request.org, assignment_id)
    status = request.GET.get("status", "")
    ctx = {
        "assignment": assignment,
        "status": status if status in selectors.BOARD_STATES else "",
        "words": _status_words(),
        "fields_lines": rules.to_lines(assignment.definition),
        "type_labels": rules.TYPE_LABELS,
    }
    if assignment.status == AssignmentStatus.DRAFT:
        ctx["preview"] = selectors.resolve_targets(assignment)
    else:
        ctx["board"] = selectors.board(assignment, status)
        ctx["unions_below"] = selectors.unions_below(request.org)
        ctx["state_list"] = [
            (s, _status_words()[s], ctx["board"]["counts"][s]) for s in selectors.BOARD_STATES
        ]
    template = "assignments/_board_rows.html" if request.htmx else "assignments/board.html"
    return render(request, template, ctx)


@org_view(WRITE, methods=("POST",))
def send(request, org_code, assignment_id):
    assignment = selectors.assignment_of(request.org, assignment_id)
    services.assignment_send(actor=request.user, assignment=assignment)
    messages.success(request, _("Sent to the unions."))
    return redirect(_board_url(request.org, assignment_id))


@org_view(WRITE, methods=("POST",))
def delete(request, org_code, assignment_id):
    assignment = selectors.assignment_of(request.org, assignment_id)
    services.assignment_delete(actor=request.user, assignment=assignment)
    messages.success(request, _("Draft deleted."))
    return redirect("assignments:index", org_code=request.org.code)


@org_view(WRITE, methods=("POST",))
def withdraw(request, org_code, assignment_id):
    assignment = selectors.assignment_of(request.org, assignment_id)
    services.assignment_withdraw(
        actor=request.user, assignment=assignment, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("Withdrawn: the unions no longer see it."))
    return redirect(_board_url(request.org, assignment_id))


@org_view(WRITE, methods=("POST",))
def add_unions(request, org_code, assignment_id):
    assignment = selectors.assignment_of(request.org, assignment_id)
    codes = [c for c in re.split(r"[\s,，、]+", request.POST.get("codes", "")) if c]
    n = services.assignment_add_unions(actor=request.user, assignment=assignment, codes=codes)
    messages.success(request, _("Sent to {n} more unions.").format(n=n))
    return redirect(_board_url(request.org, assignment_id))


@org_view(WRITE, methods=("POST",))
def remind_open(request, org_code, assignment_id):
    assignment = selectors.assignment_of(request.org, assignment_id)
    form = NoteForm(request.POST)
    form.is_valid()
    n = services.assignment_remind_open(
        actor=request.user, assignment=assignment, note=form.cleaned_data.get("note", "")
    )
    messages.success(request, _("{n} unions reminded.").format(n=n))
    return redirect(_board_url(request.org, assignment_id))


@org_view(READ)
def export(request, org_code, assignment_id):
    assignment = selectors.assignment_of(request.org, assignment_id)
    name, content = services.answers_export(actor=request.user, assignment=assignment)
    return files.file_response(content, filename=name, content_type=files.XLSX)


def _fields_with_values(target, post=None, errors=None) -> list[dict]:
    """The form's fields with what to show in each: the posted text (kept on an error) or
    the saved value; a table's rows plus a few blank ones."""
    values = raw_values(target.assignment.definition, post) if post is not None else target.values
    errors = errors or {}
    by_field: dict = {}
    for f in target.files.all():
        by_field.setdefault(f.field, []).append(f)
    out = []
    for field in target.assignment.fields:
        item = {
            "field": field,
            "error": errors.get(field["key"]),
            "files": by_field.get(field["key"], []),
        }
        value = values.get(field["key"])
        if field["type"] == "table":
            rows = [r for r in (value or []) if isinstance(r, dict) and any(r.values())]
            cells = [[(c, row.get(c["key"], "")) for c in field["columns"]] for row in rows]
            item["filled_rows"] = cells
            item["rows"] = cells + [[(c, "") for c in field["columns"]]] * EMPTY_ROWS
        else:
            item["value"] = "" if value is None else value
        out.append(item)
    return out


@org_view(READ)
def target_detail(request, org_code, assignment_id, target_id):
    assignment = selectors.assignment_of(request.org, assignment_id)
    target = selectors.target_of(assignment, target_id)
    target.overdue = target.is_overdue(timezone.localdate())
    return render(
        request,
        "assignments/target.html",
        {
            "assignment": assignment,
            "target": target,
            "items": _fields_with_values(target),
            "words": _status_words(),
            "reminders": target.reminders.order_by("-sent_at"),
            "can_review": target.status == AnswerStatus.SUBMITTED,
            "can_remind": target.status in OPEN_STATES,
            "comment_form": CommentForm(),
        },
    )


def _review(request, assignment_id, target_id, service, done: str):
    assignment = selectors.assignment_of(request.org, assignment_id)
    target = selectors.target_of(assignment, target_id)
    form = CommentForm(request.POST)
    form.is_valid()
    service(actor=request.user, target=target, comment=form.cleaned_data.get("comment", ""))
    messages.success(request, done)
    return redirect(_board_url(request.org, assignment_id))


@org_view(WRITE, methods=("POST",))
def target_return(request, org_code, assignment_id, target_id):
    return _review(
        request, assignment_id, target_id, services.answer_return, _("Returned to the union.")
    )


@org_view(WRITE, methods=("POST",))
def target_accept(request, org_code, assignment_id, target_id):
    return _review(request, assignment_id, target_id, services.answer_accept, _("Accepted."))


@org_view(WRITE, methods=("POST",))
def target_remind(request, org_code, assignment_id, target_id):
    assignment = selectors.assignment_of(request.org, assignment_id)
    target = selectors.target_of(assignment, target_id)
    form = NoteForm(request.POST)
    form.is_valid()
    services.target_remind(
        actor=request.user, target=target, note=form.cleaned_data.get("note", "")
    )
    messages.success(request, _("Reminder sent."))
    return redirect(_board_url(request.org, assignment_id))


@org_view(READ)
def target_file(request, org_code, assignment_id, target_id, file_id):
    assignment = selectors.assignment_of(request.org, assignment_id)
    item = selectors.file_of(selectors.target_of(assignment, target_id), file_id)
    return files.serve_file(item.file, item.name, item.content_type)


# -- the union ---------------------------------------------------------------------------


@org_view(READ)
def inbox(request, org_code):
    return render(
        request,
        "assignments/inbox.html",
        {"targets": selectors.inbox(request.org), "words": _status_words()},
    )


def _answer_url(org, target_id) -> str:
    return reverse("assignments:answer", kwargs={"org_code": org.code, "target_id": target_id})


def _uploads(target, request) -> list:
    """The files chosen in the answer form, by file field (inputs named file__<key>)."""
    return [
        (f["key"], upload)
        for f in target.assignment.fields
        if f["type"] == "file"
        for upload in request.FILES.getlist(f"file__{f['key']}")
    ]


@org_view(ANSWER, methods=("GET", "POST"))
def answer(request, org_code, target_id):
    """The union's answer: one form for what is typed, the files and the linked records,
    so attaching or removing a file keeps the typing (saved as a draft with it)."""
    target = selectors.answer_of(request.org, target_id)
    errors: dict = {}
    post = None
    if request.method == "POST":
        post = request.POST
        submit = "submit" in request.POST
        values = raw_values(target.assignment.definition, request.POST)
        uploads = _uploads(target, request)
        counts: dict = {}
        removed = {int(v) for v in request.POST.getlist("remove") if v.isdigit()}
        for f in target.files.all():
            if f.pk not in removed:
                counts[f.field] = counts.get(f.field, 0) + 1
        for key, _upload in uploads:
            counts[key] = counts.get(key, 0) + 1
        _clean, errors = rules.clean_values(
            target.assignment.definition, values, complete=submit, files=counts
        )
        if not errors:
            try:
                services.answer_update(
                    actor=request.user,
                    target=target,
                    values=values,
                    uploads=uploads,
                    remove=sorted(removed),
                    link=[v.split(":", 1) for v in request.POST.getlist("link") if ":" in v],
                    unlink=[v.split(":", 1) for v in request.POST.getlist("unlink") if ":" in v],
                    submit=submit,
                )
            except DomainError as exc:
                key = exc.field if exc.field in {f["key"] for f in target.assignment.fields} else ""
                errors = {key: exc.message}
            else:
                if submit:
                    done = _("Handed in.")
                elif uploads or removed or "link" in request.POST or "unlink" in request.POST:
                    done = _("Draft saved with the files and records.")
                else:
                    done = _("Draft saved.")
                messages.success(request, done)
                return redirect(_answer_url(request.org, target_id))
    is_task = target.assignment.kind == Kind.TASK
    choices = []
    if is_task and target.status in OPEN_STATES:
        for kind in plans_evidence.kinds():
            found = services.record_choices(target, kind.key)[:30]
            if found:
                choices.append((kind.label, [(f"{kind.key}:{o.pk}", d) for o, d in found]))
    return render(
        request,
        "assignments/answer.html",
        {
            "target": target,
            "assignment": target.assignment,
            "items": _fields_with_values(target, post, errors),
            "errors": errors,
            "general_error": errors.get(""),
            "editable": target.status in OPEN_STATES,
            "words": _status_words(),
            "today": timezone.localdate(),
            "is_task": is_task,
            "choices": choices,
        },
        status=400 if errors else 200,
    )


@org_view(ANSWER, methods=("POST",))
def answer_file_add(request, org_code, target_id):
    target = selectors.answer_of(request.org, target_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
    else:
        services.answer_file_add(
            actor=request.user, target=target, field=request.POST.get("field", ""), upload=upload
        )
        messages.success(request, _("File attached."))
    return redirect(_answer_url(request.org, target_id))


@org_view(ANSWER, methods=("POST",))
def answer_file_delete(request, org_code, target_id, file_id):
    target = selectors.answer_of(request.org, target_id)
    services.answer_file_delete(actor=request.user, item=selectors.file_of(target, file_id))
    messages.success(request, _("File removed."))
    return redirect(_answer_url(request.org, target_id))


@org_view(READ)
def answer_file(request, org_code, target_id, file_id):
    item = selectors.file_of(selectors.answer_of(request.org, target_id), file_id)
    return files.serve_file(item.file, item.name, item.content_type)
