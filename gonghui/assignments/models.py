"""Assigned tasks and report forms (交办任务/报表, issue #16 item 2).

An upper union sends an `Assignment` (a task, or a form it defines as data) to chosen
unions below it; the choice is resolved when it is sent into one `AssignmentTarget` per
union, which also holds that union's answer (values, state, the reviewer's comment): one
answer per union, so the answer needs no table of its own. Files of an answer are
`AnswerFile` rows; reminders the upper union sends are `Reminder` rows, shown on the
union's dashboard.

A target is visible from either side: from the union it was sent to, and from the union
that sent it (scope_org_field names both).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.models import StoredFile, TenantManager, TenantModel


class Kind(models.TextChoices):
    TASK = "task", pgettext_lazy("assignment kind", "Task")  # 交办任务
    FORM = "form", pgettext_lazy("assignment kind", "Report form")  # 报表


class AssignmentStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("assignment status", "Draft")
    SENT = "sent", pgettext_lazy("assignment status", "Sent")
    # Called back by the sender: gone from the unions' inboxes, answers kept for the record.
    WITHDRAWN = "withdrawn", pgettext_lazy("assignment status", "Withdrawn")


class TargetMode(models.TextChoices):
    SUBTREE = "subtree", _("Every union below")
    UNIT_TYPE = "unit_type", _("Unions of chosen unit types")
    LIST = "list", _("Chosen unions")


class AnswerStatus(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("answer status", "Not started")
    DRAFT = "draft", pgettext_lazy("answer status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("answer status", "Submitted")
    RETURNED = "returned", pgettext_lazy("answer status", "Returned")
    ACCEPTED = "accepted", pgettext_lazy("answer status", "Accepted")


# The states in which the union still owes an answer (overdue past the deadline).
OPEN_STATES = (AnswerStatus.NOT_STARTED, AnswerStatus.DRAFT, AnswerStatus.RETURNED)


class Assignment(TenantModel):
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.FORM)
    title = models.CharField(_("title"), max_length=150)
    instructions = models.TextField(_("instructions"), blank=True)
    deadline = models.DateField(_("deadline"))
    # {"fields": [{"key", "label", "type", "required", "choices", "columns"}]}: rules.py.
    definition = models.JSONField(_("form definition"), default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.DRAFT,
    )
    withdrawn_reason = models.CharField(_("reason for withdrawing"), max_length=200, blank=True)
    # The task of the sender's own plan this passes down (issue #16 item 6), if any.
    plan_task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("task of the sender's plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
    )
    target_mode = models.CharField(
        _("sent to"), max_length=10, choices=TargetMode.choices, default=TargetMode.SUBTREE
    )
    # Unit types (orgs.UnitType values) or union codes, by target_mode.
    target_filter = models.JSONField(_("chosen types or unions"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()

    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = _("assigned task")
        verbose_name_plural = _("assigned tasks")
        ordering = ["-deadline", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def fields(self) -> list[dict]:
        return list((self.definition or {}).get("fields", []))

    def audit_readable(self, changes: dict) -> dict:
        # The form's definition as a cadre writes it (职工人数|数字|必填), not its JSON.
        if "definition" in changes:
            from .rules import to_lines

            changes["definition"] = [to_lines(d) if d else d for d in changes["definition"]]
        return changes


class AssignmentTarget(TenantModel):
    """One union an assignment was sent to, and that union's answer."""

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assigned task"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AnswerStatus.choices,
        default=AnswerStatus.NOT_STARTED,
    )
    values = models.JSONField(_("answers"), default=dict, blank=True)
    # Records of the union that show a task was done, like a plan task's evidence:
    # [{"kind": "activities.activity", "id": 12}] (kinds of gonghui.plans.evidence).
    records = models.JSONField(_("linked records"), default=list, blank=True)
    saved_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TenantManager()
    scope_org_field = ("org", "assignment__org")

    class Meta:
        verbose_name = _("union's answer")
        verbose_name_plural = _("unions' answers")
        ordering = ["assignment", "org__code"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "org"], name="assignments_target_once")
        ]

    def __str__(self) -> str:
        return f"{self.assignment}（{self.org.name}）"

    def is_overdue(self, today: dt.date) -> bool:
        """Still owed (not handed in, or handed back) after the deadline day."""
        return self.status in OPEN_STATES and today > self.assignment.deadline

    def board_status(self, today: dt.date) -> str:
        """The status the board shows: "overdue" over an open state past the deadline."""
        return "overdue" if self.is_overdue(today) else self.status

    def audit_readable(self, changes: dict) -> dict:
        # The answers under the form's labels (职工人数: 486), table rows under the columns'.
        if "values" in changes:
            fields = {f["key"]: f for f in self.assignment.fields}
            changes["values"] = [_labelled(v, fields) for v in changes["values"]]
        if "records" in changes:  # 活动：安全知识竞赛（2026-06-01）, not the kind's code
            changes["records"] = [
                [f"{r.get('label', '')}：{r.get('title', '')}（{r.get('date', '')}）" for r in v]
                if isinstance(v, list)
                else v
                for v in changes["records"]
            ]
        return changes


def _labelled(values, fields: dict):
    if not isinstance(values, dict):
        return values
    out = {}
    for key, value in values.items():
        field = fields.get(key) or {}
        if isinstance(value, list) and field.get("columns"):
            columns = {c["key"]: c["label"] for c in field["columns"]}
            value = [
                {columns.get(k, k): v for k, v in row.items()} if isinstance(row, dict) else row
                for row in value
            ]
        out[field.get("label", key)] = value
    return out


ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
# ext -> (content type, the first bytes a real file of that type starts with)
ATTACHMENT_TYPES = {
    "pdf": ("application/pdf", (b"%PDF",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
}


def _file_path(instance, filename: str) -> str:
    # Namespaced by union; the stored name is a random token, never the user's file name.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"assignments/{instance.target.org_id}/{instance.target_id}/{instance.token}.{ext}"


class AnswerFile(StoredFile):
    """A file attached to a union's answer (a photo, a scan, a spreadsheet), for one file
    field of the form; served only through a view that checks the reader."""

    target = models.ForeignKey(
        AssignmentTarget,
        verbose_name=_("union's answer"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    field = models.CharField(_("form field"), max_length=40)
    file = models.FileField(_("file"), upload_to=_file_path, max_length=300)

    objects = TenantManager()
    scope_org_field = ("target__org", "target__assignment__org")

    class Meta:
        verbose_name = _("answer attachment")
        verbose_name_plural = _("answer attachments")
        ordering = ["id"]

    def audit_org(self):
        return self.target.org

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_hex(16)
        super().save(*args, **kwargs)


class Reminder(TenantModel):
    """The upper union reminded a union of an answer it still owes."""

    target = models.ForeignKey(
        AssignmentTarget,
        verbose_name=_("union's answer"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    objects = TenantManager()
    scope_org_field = ("target__org", "target__assignment__org")

    audit_ignore_fields = frozenset({"sent_at"})

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return str(self.target)

    def audit_org(self):
        return self.target.org
