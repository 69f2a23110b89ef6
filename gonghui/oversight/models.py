"""The funds audit committee's (经审会) records: its reviews (审查), the findings of each
(发现的问题) with the union's rectification (整改) and the committee's re-check (复核), the
signed opinion (审查意见), and a union's few settings (how often it reviews).

Who does what (domain.md §4.2; decided here, issue #14 item 8):

* The committee (holders of `oversight.review:write`: the 经审委员) opens reviews, records
  findings, re-checks rectifications and signs the opinion.
* The union (holders of `oversight.review:read` who are NOT on the committee: the chair,
  the accountant) records what it did about a finding. The committee does not rectify
  what it found: an auditor who wrote the rectification would be auditing themselves.
* A signed opinion is locked: the review, its opinion and its list of findings no
  longer change. Rectification and re-check go on after signing, as they do on paper.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.models import TenantManager, TenantModel


class SignedReviewError(RuntimeError):
    """A review whose opinion is signed was about to change."""


class OversightSettings(TenantModel):
    """How often a union's committee reviews, beyond the yearly reviews of the budget and
    the final accounts (domain.md §4.2: frequency and the chair's 离任审计 are local [C])."""

    org = models.OneToOneField(
        "orgs.Organisation",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="oversight_settings",
    )
    periodic_per_year = models.PositiveSmallIntegerField(
        _("periodic reviews a year"),
        default=1,
        help_text=_("How many periodic reviews of the books the committee holds in a year."),
    )
    departure_audit_required = models.BooleanField(
        _("audit the chair on leaving office"),
        default=True,
        help_text=_(
            "An audit of the chair (离任审计) is required when the committee is re-elected."
        ),
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("audit committee settings")
        verbose_name_plural = _("audit committee settings")

    def __str__(self) -> str:
        return str(self.org)


class ReviewKind(models.TextChoices):
    BUDGET = "budget", _("Budget review")  # 预算审查
    ADJUSTMENT = "adjustment", _("Budget adjustment review")  # 预算调整审查
    FINAL = "final", _("Final accounts review")  # 决算审查
    PERIODIC = "periodic", _("Periodic review")  # 定期审查/季度审查
    SPECIAL = "special", _("Special funds review")  # 专项资金审查
    HANDOVER = "handover", _("Supervision of an accounting handover")  # 会计人员交接监交
    DEPARTURE = "departure", _("Audit of the chair on leaving office")  # 主席离任审计
    ASSETS = "assets", _("Assets review")  # 资产审查


class Period(models.TextChoices):
    YEAR = "year", pgettext_lazy("period covered", "Whole year")
    H1 = "h1", pgettext_lazy("period covered", "First half")
    H2 = "h2", pgettext_lazy("period covered", "Second half")
    Q1 = "q1", pgettext_lazy("period covered", "First quarter")
    Q2 = "q2", pgettext_lazy("period covered", "Second quarter")
    Q3 = "q3", pgettext_lazy("period covered", "Third quarter")
    Q4 = "q4", pgettext_lazy("period covered", "Fourth quarter")


class ReviewState(models.TextChoices):
    OPEN = "open", pgettext_lazy("review state", "Under way")
    SIGNED = "signed", pgettext_lazy("review state", "Opinion signed")


class Review(TenantModel):
    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind of review"), max_length=12, choices=ReviewKind.choices)
    year = models.PositiveSmallIntegerField(_("year covered"))
    period = models.CharField(
        _("period covered"), max_length=4, choices=Period.choices, default=Period.YEAR
    )
    subject = models.CharField(_("subject"), max_length=200)
    # The committee members who took part, as they sign: names, one a line.
    members = models.TextField(_("committee members taking part"), blank=True)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=ReviewState.choices, default=ReviewState.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opinion = models.TextField(_("review opinion"), blank=True)
    # [{"name": "张三", "date": "2026-03-31"}, ...]: who signed the opinion, and when.
    signatures = models.JSONField(_("signatures"), default=list, blank=True)
    signed_on = models.DateField(_("opinion signed on"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signature recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("audit review")
        verbose_name_plural = _("audit reviews")
        ordering = ["-year", "-started_on", "-id"]
        indexes = [models.Index(fields=["org", "year", "kind"])]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_kind_display()}"

    @property
    def is_signed(self) -> bool:
        return self.state == ReviewState.SIGNED

    def save(self, *args, **kwargs):
        # A signed opinion is locked: whatever door, whatever code path.
        if self.pk and not self._state.adding:
            before = self._audit_before or {}
            if before.get("state") == ReviewState.SIGNED:
                raise SignedReviewError("a signed review cannot change")
        super().save(*args, **kwargs)

    @property
    def member_names(self) -> list[str]:
        return [n.strip() for n in (self.members or "").splitlines() if n.strip()]


class Severity(models.TextChoices):
    MINOR = "minor", pgettext_lazy("finding severity", "Minor")
    SERIOUS = "serious", pgettext_lazy("finding severity", "Serious")
    GRAVE = "grave", pgettext_lazy("finding severity", "Grave")


class FindingState(models.TextChoices):
    OPEN = "open", pgettext_lazy("finding state", "To be rectified")
    RECTIFIED = "rectified", pgettext_lazy("finding state", "Rectified, to be re-checked")
    CLOSED = "closed", pgettext_lazy("finding state", "Re-checked and accepted")


class Finding(TenantModel):
    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    review = models.ForeignKey(
        Review, verbose_name=_("audit review"), on_delete=models.PROTECT, related_name="findings"
    )
    text = models.TextField(_("problem found"))
    severity = models.CharField(
        _("severity"), max_length=8, choices=Severity.choices, default=Severity.MINOR
    )
    amount = models.DecimalField(
        _("amount involved"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    responsible = models.CharField(_("responsible"), max_length=100, blank=True)
    due_on = models.DateField(_("rectify by"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=FindingState.choices, default=FindingState.OPEN
    )
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rectification = models.TextField(_("rectification"), blank=True)
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rectification recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recheck_note = models.TextField(_("re-check note"), blank=True)
    rechecked_on = models.DateField(_("re-checked on"), null=True, blank=True)
    rechecked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("re-checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["org", "state"])]

    def __str__(self) -> str:
        return Truncator(self.text).chars(20)

    def overdue_on(self, today) -> bool:
        """Not yet rectified after its due date."""
        return self.state == FindingState.OPEN and bool(self.due_on) and today > self.due_on


REPORT_MAX = 20000


class ReportText(TenantModel):
    """The committee's own text of its yearly work report (经审工作报告): the draft with the
    figures filled in, as the committee edited it on the report page. Kept per union and
    year (each change audited) and used by the page and the .docx instead of the draft."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(_("text"), max_length=REPORT_MAX)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last edited"), auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("audit committee's report text")
        verbose_name_plural = _("audit committee's report texts")
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="uniq_oversight_report_text")
        ]

    def __str__(self) -> str:
        return f"{self.year}年度经审工作报告"
