"""Work plans (工作计划) as tracked tasks, their evidence, and year-end summaries.

A plan is imported from the union's own document and kept with its source text; cadres
correct the parsed outline while it is a draft and accept it. From then on its tasks are
followed by linking the records that fulfil them (evidence), never by ticking boxes.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.models import TenantModel

from .parsing.dates import TERMS
from .taxonomy import CATEGORIES

# The terms a task can be due in (上半年, 下学期, 年底 ...) and their months, as the parser
# reads them (parsing/dates.py); the labels are the plans' own words.
TERM_MONTHS: dict[str, list[int]] = {code: list(months) for code, (_zh, months) in TERMS.items()}
TERM_CHOICES = [(code, zh) for code, (zh, _months) in TERMS.items()]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (being corrected)")
    ACCEPTED = "accepted", _("Accepted (tracked)")
    ARCHIVED = "archived", _("Archived")


class Plan(TenantModel):
    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # A school's plan for a 学年 runs from September of `year` to August of the next:
    # its January–August are next year's (#15 §3). 1 for a calendar year.
    start_month = models.PositiveSmallIntegerField(
        _("the plan's year starts in month"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    # The document as imported: the parse can always be compared with what was written.
    source_name = models.CharField(_("source file"), max_length=200, blank=True)
    source_text = models.TextField(_("source text"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    # The accepted plan of the year before that this one was drafted from (#15 §7); one
    # draft per plan, so a second click opens it instead of drafting again.
    drafted_from = models.ForeignKey(
        "self",
        verbose_name=_("drafted from the plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafts",
    )

    # The source text is logged once at import, not repeated in every later entry.
    audit_ignore_fields = frozenset({"source_text"})

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    def year_of(self, month: int) -> int:
        """The calendar year of the plan's `month`: next year's for the months before the
        plan's year starts (January–August of a school year)."""
        return self.year if month >= self.start_month else self.year + 1

    def covers(self, day: dt.date) -> bool:
        """Whether `day` falls in the plan's twelve months."""
        return day.year == self.year_of(day.month)

    @property
    def is_school_year(self) -> bool:
        return self.start_month != 1


class Section(TenantModel):
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sections"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=300)
    position = models.PositiveIntegerField(_("position"), default=0)
    level = models.PositiveSmallIntegerField(_("level"), default=1)

    scope_org_field = "plan__org"

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.label}{self.title}"

    @property
    def label(self) -> str:
        """The number as the plan writes it before its title: 一、 （一） 1. ①"""
        n = self.number.strip()
        if not n:
            return ""
        if n[0] == "第":  # 第一部分 is followed by a space, not a 、
            return n + "\u3000"
        if n[-1] in "、.．，,)）】" or n[0] in "（(【":
            return n if n[-1] not in ".．,，" else n[:-1] + "、"
        return n + ("" if n[-1] in "①②③④⑤⑥⑦⑧⑨⑩" else "、")

    def audit_org(self):
        return self.plan.org


class TaskStatus(models.TextChoices):
    TODO = "todo", _("Not started")
    DOING = "doing", _("Under way")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class TaskOrigin(models.TextChoices):
    """Where a task of a plan drafted from last year's comes from (#15 §7)."""

    CARRIED = "carried", pgettext_lazy("plan task origin", "Carried over")
    RECURRING = "recurring", pgettext_lazy("plan task origin", "Recurring")
    NEW = "new", pgettext_lazy("plan task origin", "New")


class Task(TenantModel):
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks"
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("task"))
    category = models.CharField(_("category"), max_length=16, choices=CATEGORIES, default="other")
    # Calendar months (1–12) of the plan's year the task is due in; empty = the whole year.
    months = models.JSONField(_("months"), default=list, blank=True)
    term = models.CharField(_("term"), max_length=12, choices=TERM_CHOICES, blank=True)
    # {"per": "month"|"week"|"quarter"|"term"|"year", "times": n, "at_least": bool}
    recurrence = models.JSONField(_("recurrence"), null=True, blank=True)
    # [{"value": 500, "unit": "人"}]
    quantities = models.JSONField(_("quantities"), default=list, blank=True)
    owner = models.ForeignKey(
        "orgs.CommitteeSeat",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_tasks",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=TaskStatus.choices, default=TaskStatus.TODO
    )
    source_line = models.PositiveIntegerField(_("line in the source"), null=True, blank=True)
    # Set on the tasks of a drafted plan only: carried over (not done last year), recurring
    # (done last year, an annual event) or new (a proposal, a resolution, a budget line...),
    # with the one line that says why, written when the plan was drafted.
    origin = models.CharField(
        _("origin"), max_length=10, choices=TaskOrigin.choices, blank=True, default=""
    )
    origin_note = models.CharField(_("where it comes from"), max_length=200, blank=True)
    drafted_from = models.ForeignKey(
        "self",
        verbose_name=_("drafted from the task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_org_field = "plan__org"

    class Meta:
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.text[:60]

    def audit_org(self):
        return self.plan.org

    # -- derived state (the rules of progress; see progress.py for the computation) --
    def span_months(self) -> list[int]:
        """The months the task is due in: its own, else its term's, else the year."""
        if self.months:
            return sorted({int(m) for m in self.months})
        if self.term:
            return sorted(TERM_MONTHS.get(self.term, range(1, 13)))
        return list(range(1, 13))

    def due_date(self) -> dt.date:
        """The last day of the last month of the span: after it, an open task is overdue."""
        plan = self.plan
        # Months in the plan's order (September first in a school year).
        months = sorted(self.span_months(), key=lambda m: (plan.year_of(m), m))
        if plan.is_school_year:
            last = months[-1]
        else:
            # A school-term span that wraps into January still ends in the plan's December.
            last = max(months) if not (self.term == "term1" and not self.months) else 12
        year = plan.year_of(last)
        return dt.date(year, last, calendar.monthrange(year, last)[1])

    def recurrence_label(self) -> str:
        from .progress import recurrence_label

        return recurrence_label(self.recurrence)


class Evidence(TenantModel):
    """A record that fulfils (part of) a task. The kind names a registered EvidenceKind."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=60)
    object_id = models.CharField(_("record id"), max_length=40)
    # Snapshots: what the record was when linked, shown even if the viewer can no longer
    # open it; the date decides the month it counts for.
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    scope_org_field = "task__plan__org"

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "kind", "object_id"], name="plans_evidence_once_per_task"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def audit_org(self):
        return self.task.plan.org


class Record(TenantModel):
    """A free-text work record (工作记录) with attachments, for work no module records yet."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("what was done"), blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("work record")
        verbose_name_plural = _("work records")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title


def _attachment_path(instance, filename: str) -> str:
    # Namespaced by organisation; the stored name never comes from the user's path.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"plans/{instance.record.org_id}/{dt.date.today():%Y}/{instance.token}.{ext}"


class Attachment(TenantModel):
    record = models.ForeignKey(
        Record, verbose_name=_("record"), on_delete=models.CASCADE, related_name="attachments"
    )
    token = models.CharField(_("download token"), max_length=32, unique=True)
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)

    scope_org_field = "record__org"

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def audit_org(self):
        return self.record.org


class Summary(TenantModel):
    """The year-end summary (工作总结): generated from the records, then edited by cadres."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    # The figures the draft was written from, kept so a later edit can be checked against them.
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    generated_at = models.DateTimeField(_("generated"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("year-end summary")
        verbose_name_plural = _("year-end summaries")
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="plans_one_summary_per_year")
        ]

    def __str__(self) -> str:
        return self.title
