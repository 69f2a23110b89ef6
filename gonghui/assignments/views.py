"""Pages of assigned tasks and report forms: the upper union's list, new form, status
board and review of one union's answer; the union's inbox and its answer page. Thin: the
work is in services.py and the reads in selectors.py, shared with the API."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import files
from gonghui.core.decorators import org_view
from gonghui.core.errors import DomainError
from gonghui.core.forms import run

from . import rules, selectors, services
from .forms import AssignmentForm, CommentForm, NoteForm, raw_values
from .models import OPEN_STATES, AnswerStatus, AssignmentStatus

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
        {"assignments": selectors.assignments_sent(request.org)},
    )


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


@org_view(ANSWER, methods=("GET", "POST"))
def answer(request, org_code, target_id):
    target = selectors.answer_of(request.org, target_id)
    errors: dict = {}
    post = None
    if request.method == "POST":
        post = request.POST
        submit = "submit" in request.POST
        values = raw_values(target.assignment.definition, request.POST)
        counts: dict = {}
        for f in target.files.all():
            counts[f.field] = counts.get(f.field, 0) + 1
        _clean, errors = rules.clean_values(
            target.assignment.definition, values, complete=submit, files=counts
        )
        if not errors:
            try:
                services.answer_save(
                    actor=request.user, target=target, values=values, submit=submit
                )
            except DomainError as exc:
                errors = {exc.field or "": exc.message}
            else:
                messages.success(request, _("Handed in.") if submit else _("Draft saved."))
                return redirect(_answer_url(request.org, target_id))
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
