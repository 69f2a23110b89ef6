"""Assessments (考核/星级工会/规范化建设/模范职工之家, issue #16 item 4).

An upper union defines a `Scheme` as data (sections of items, each with its points and the
evidence it asks for: rules.py) for a year, and publishes it to chosen unions below it
(chosen like assigned tasks: the whole subtree, by unit type, by list). Publishing makes one
`Assessment` per union: the union scores itself item by item and attaches `Evidence` (a file,
or one of its own records: an activity, a plan task, an openness notice), hands it in; the
upper union returns it with a comment or scores it, and the scored totals rank the unions.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.assignments.models import TargetMode
from gonghui.core.models import StoredFile, TenantManager, TenantModel


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("scheme status", "Draft")
    PUBLISHED = "published", pgettext_lazy("scheme status", "Published")
    CLOSED = "closed", pgettext_lazy("scheme status", "Closed")


class AssessmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("assessment status", "Not started")
    SELF_SCORED = "self_scored", pgettext_lazy("assessment status", "Self-scored")
    SUBMITTED = "submitted", pgettext_lazy("assessment status", "Submitted")
    RETURNED = "returned", pgettext_lazy("assessment status", "Returned")
    SCORED = "scored", pgettext_lazy("assessment status", "Scored")


# The states in which the union may still change its self-scores and evidence.
OPEN_STATES = (
    AssessmentStatus.NOT_STARTED,
    AssessmentStatus.SELF_SCORED,
    AssessmentStatus.RETURNED,
)


class Scheme(TenantModel):
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=150)
    instructions = models.TextField(_("instructions"), blank=True)
    # {"sections": [{"title", "items": [{"code", "text", "points", "evidence", "guidance"}]}],
    #  "source": "..."}: rules.py.
    items = models.JSONField(_("scoring items"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT
    )
    deadline = models.DateField(_("self-scoring deadline"))
    # Chosen like an assigned task's unions (gonghui.assignments.selectors.resolve_targets).
    target_mode = models.CharField(
        _("sent to"), max_length=10, choices=TargetMode.choices, default=TargetMode.SUBTREE
    )
    target_filter = models.JSONField(_("chosen types or unions"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()

    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def sections(self) -> list[dict]:
        return list((self.items or {}).get("sections", []))

    @property
    def flat_items(self) -> list[dict]:
        return [item for s in self.sections for item in s.get("items", [])]

    @property
    def max_total(self):
        from .rules import max_total

        return max_total(self.items)

    def audit_readable(self, changes: dict) -> dict:
        # The items as the staff write them (A1|…|10|记录|…), not their JSON.
        if "items" in changes:
            from .rules import to_lines

            changes["items"] = [to_lines(v) if v else v for v in changes["items"]]
        return changes


class Assessment(TenantModel):
    """One union assessed under a scheme: its self-scores, the reviewer's scores."""

    scheme = models.ForeignKey(
        Scheme,
        verbose_name=_("assessment scheme"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.NOT_STARTED,
    )
    # {item code: {"score": "8.5", "note": "..."}}
    self_scores = models.JSONField(_("self-scores"), default=dict, blank=True)
    self_total = models.DecimalField(
        _("self-assessed total"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    # {item code: "8"}
    review_scores = models.JSONField(_("reviewer's scores"), default=dict, blank=True)
    total = models.DecimalField(
        _("total score"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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
    scope_org_field = ("org", "scheme__org")

    class Meta:
        verbose_name = _("union assessment")
        verbose_name_plural = _("union assessments")
        ordering = ["scheme", "org__code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "org"], name="assessments_once_per_union")
        ]

    def __str__(self) -> str:
        return f"{self.scheme}（{self.org.name}）"

    def audit_readable(self, changes: dict) -> dict:
        # Scores under the items' text (A1 依法建会: 8), not their codes.
        texts = {i["code"]: f"{i['code']} {i['text'][:20]}" for i in self.scheme.flat_items}
        for name in ("self_scores", "review_scores"):
            if name in changes:
                changes[name] = [
                    {
                        texts.get(k, k): (v.get("score") if isinstance(v, dict) else v)
                        for k, v in (d or {}).items()
                    }
                    if isinstance(d, dict)
                    else d
                    for d in changes[name]
                ]
        return changes


class EvidenceKind(models.TextChoices):
    FILE = "file", pgettext_lazy("evidence kind", "File")
    RECORD = "record", pgettext_lazy("evidence kind", "Record")


class RecordType(models.TextChoices):
    ACTIVITY = "activity", pgettext_lazy("evidence record", "Activity")
    TASK = "task", pgettext_lazy("evidence record", "Plan task")
    NOTICE = "notice", pgettext_lazy("evidence record", "Openness notice")


EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


def _file_path(instance, filename: str) -> str:
    # Namespaced by union; the stored name is a random token, never the user's file name.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    a = instance.assessment
    return f"assessments/{a.org_id}/{a.pk}/{instance.token}.{ext}"


class Evidence(StoredFile):
    """Evidence of one item: a file (served only through a view that checks the reader),
    or a link to one of the union's own records (its title kept as it was attached)."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("union assessment"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    item = models.CharField(_("scoring item"), max_length=12)
    kind = models.CharField(_("kind"), max_length=8, choices=EvidenceKind.choices)
    file = models.FileField(_("file"), upload_to=_file_path, max_length=300, blank=True)
    record_type = models.CharField(
        _("record type"), max_length=10, choices=RecordType.choices, blank=True
    )
    record_id = models.PositiveIntegerField(_("record"), null=True, blank=True)

    objects = TenantManager()
    scope_org_field = ("assessment__org", "assessment__scheme__org")

    class Meta:
        verbose_name = _("assessment evidence")
        verbose_name_plural = _("assessment evidence")
        ordering = ["id"]

    def audit_org(self):
        return self.assessment.org

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_hex(16)
        super().save(*args, **kwargs)
