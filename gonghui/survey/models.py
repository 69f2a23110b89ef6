"""The yearly statistics survey (#16 item 3): a `SurveyPeriod` the upper union opens for
its subtree, and one `SurveyReport` per union below it holding the figures computed from
the union's records, the figures it entered or corrected (with the reason of each
correction), its state and the upper union's review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.models import TenantManager, TenantModel

from . import rules


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("survey status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("survey status", "Submitted")
    RETURNED = "returned", pgettext_lazy("survey status", "Returned")
    ACCEPTED = "accepted", pgettext_lazy("survey status", "Accepted")


EDITABLE_STATES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# What the upper union aggregates: the reports handed in (accepted or waiting for review).
COUNTED_STATES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


class SurveyPeriod(TenantModel):
    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("survey year"))
    start_date = models.DateField(_("period starts"))
    end_date = models.DateField(_("period ends"))
    deadline = models.DateField(_("deadline"))
    eligible_units = models.PositiveIntegerField(
        _("units that should have a union"), null=True, blank=True
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    objects = TenantManager()

    audit_ignore_fields = frozenset({"opened_at"})

    class Meta:
        verbose_name = _("survey period")
        verbose_name_plural = _("survey periods")
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="survey_period_once")]

    def __str__(self) -> str:
        return _("Statistics survey %(year)s") % {"year": self.year}

    @property
    def survey(self) -> rules.Survey:
        return rules.survey_for(self.year)


class SurveyReport(TenantModel):
    period = models.ForeignKey(
        SurveyPeriod,
        verbose_name=_("survey period"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    computed = models.JSONField(_("computed figures"), default=dict, blank=True)
    entered = models.JSONField(_("entered or corrected figures"), default=dict, blank=True)
    reasons = models.JSONField(_("reasons for corrections"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
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
    scope_org_field = ("org", "period__org")

    class Meta:
        verbose_name = _("union's survey")
        verbose_name_plural = _("unions' surveys")
        ordering = ["period", "org__code"]
        constraints = [models.UniqueConstraint(fields=["period", "org"], name="survey_report_once")]

    def __str__(self) -> str:
        return f"{self.period}（{self.org.name}）"

    def is_overdue(self, today) -> bool:
        """Still held by the union (a draft, or returned) after the deadline day."""
        return self.status in EDITABLE_STATES and today > self.period.deadline

    def board_status(self, today) -> str:
        """The status the board shows: "overdue" over a held report past the deadline."""
        return "overdue" if self.is_overdue(today) else self.status

    def values(self) -> dict:
        """Each indicator's figure: the entered or corrected one, else the computed one."""
        survey = self.period.survey
        out = {}
        for ind in survey.indicators:
            raw = self.entered.get(ind.code, self.computed.get(ind.code))
            out[ind.code] = rules.from_json(ind, raw)
        return out

    def audit_readable(self, changes: dict) -> dict:
        # Figures under the survey's labels, not the codes.
        survey = self.period.survey
        for name in ("computed", "entered", "reasons"):
            if name in changes:
                changes[name] = [_labelled(v, survey) for v in changes[name]]
        return changes


def _labelled(values, survey):
    if not isinstance(values, dict):
        return values
    out = {}
    for code, value in values.items():
        ind = survey.indicator(code)
        out[str(ind.label) if ind else code] = value
    return out
