"""Budgets (年初预算), adjustments (年中调整) and final accounts (年末决算) of a union.

One document model for the three: they have the same shape (lines by income and expense
account, 专项/非专项, and for expenses optionally a project) and the same chain
(domain.md §4.2): draft → the union committee approves (届/次, date) → the 经审会 reviews
(opinion; may return it) → submitted to the upper union → ratified (核定) there, or
returned with the reason (back to draft). A ratified document never changes: a budget
changes by an adjustment (a new document holding the adjusted lines), and a 决算 is locked.

The budget in force for a year is the latest ratified budget or adjustment (the highest
`version`: the budget is 1, each adjustment one more).

The lines of a 决算 are the year's figures taken from the books (posted vouchers) when it
is drafted or refreshed, next to the budget in force; they are stored, so what the upper
union ratified stays what it read.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.models import TenantManager, TenantModel
from gonghui.core.scoping import ScopedManager

ZERO = Decimal("0.00")


class Kind(models.TextChoices):
    BUDGET = "budget", _("Annual budget")  # 年初预算
    ADJUSTMENT = "adjustment", _("Budget adjustment")  # 年中调整
    FINAL = "final", _("Final accounts")  # 年末决算


class State(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("budget state", "Draft")
    APPROVED = "approved", pgettext_lazy("budget state", "Approved by the committee")
    REVIEWED = "reviewed", pgettext_lazy("budget state", "Reviewed by the audit committee")
    SUBMITTED = "submitted", pgettext_lazy("budget state", "Awaiting the upper union")
    RATIFIED = "ratified", pgettext_lazy("budget state", "Ratified")


BUDGET_KINDS = (Kind.BUDGET, Kind.ADJUSTMENT)


class Budget(TenantModel):
    """A budget, an adjustment or a 决算 of one union for one year."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # 1 for the budget and the 决算, 2, 3… for the adjustments of the year.
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    explanation = models.TextField(_("explanatory notes"), blank=True)  # 预算说明书 / 决算说明

    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # The committee meeting that approved it (第N届委员会第M次会议).
    committee_term = models.PositiveSmallIntegerField(_("committee term"), null=True, blank=True)
    committee_session = models.PositiveSmallIntegerField(
        _("committee meeting"), null=True, blank=True
    )
    committee_date = models.DateField(_("committee meeting date"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    # The 经审会 review (第N届经审会第M次会议) and its opinion.
    review_term = models.PositiveSmallIntegerField(_("audit committee term"), null=True, blank=True)
    review_session = models.PositiveSmallIntegerField(
        _("audit committee meeting"), null=True, blank=True
    )
    review_date = models.DateField(_("audit committee meeting date"), null=True, blank=True)
    review_opinion = models.TextField(_("review opinion"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    # The upper union's answer: ratified (核定) there, or returned with the reason.
    decided_in = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("decided by the union"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ratified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ratified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ratified_at = models.DateTimeField(_("ratified at"), null=True, blank=True)
    return_reason = models.CharField(_("reason for returning"), max_length=300, blank=True)

    # The signatures of the cover (names typed, or those of the people who acted).
    sign_chair = models.CharField(_("union chair"), max_length=50, blank=True)
    sign_finance_head = models.CharField(_("head of finance"), max_length=50, blank=True)
    sign_audit_head = models.CharField(_("audit committee chair"), max_length=50, blank=True)
    sign_preparer = models.CharField(_("prepared by (name)"), max_length=50, blank=True)

    objects = TenantManager()

    audit_ignore_fields = frozenset({"created_at"})

    class Meta:
        verbose_name = pgettext_lazy("budget document", "budget")
        verbose_name_plural = pgettext_lazy("budget document", "budgets")
        ordering = ["-year", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "year", "kind", "version"], name="uniq_budget_version"
            ),
            # One document of the year open at a time per family: budgets and their
            # adjustments change one after the other; one 决算.
            models.UniqueConstraint(
                fields=["org", "year"],
                condition=Q(kind__in=["budget", "adjustment"]) & ~Q(state="ratified"),
                name="uniq_open_budget_per_year",
            ),
        ]

    def __str__(self) -> str:
        label = self.get_kind_display()
        if self.kind == Kind.ADJUSTMENT:
            return f"{self.year}年{label}（第{self.version - 1}次）"
        return f"{self.year}年{label}"

    @property
    def is_final(self) -> bool:
        return self.kind == Kind.FINAL

    # The cover names the meetings of the round under way: a draft sent back (by the
    # 经审会 or the upper union) goes through the committee and the 经审会 again, and its
    # earlier meetings stay only in the history (the fields are kept: they mark that it
    # was approved once).
    @property
    def committee_current(self) -> bool:
        return self.committee_date is not None and self.state != State.DRAFT

    @property
    def review_current(self) -> bool:
        return self.review_date is not None and self.state not in (State.DRAFT, State.APPROVED)

    @property
    def is_ratified(self) -> bool:
        return self.state == State.RATIFIED


class BudgetLine(models.Model):
    """One line: an income or expense account, 专项 or not, for expenses optionally a
    project, and the amount. A 决算 line holds the year's actual figure (`amount`) and the
    approved budget next to it (`budgeted`). Lines are written by the document's services
    and logged on the document (one entry per rewrite), like a voucher's lines."""

    budget = models.ForeignKey(
        Budget,
        verbose_name=pgettext_lazy("budget document", "budget"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    account_code = models.CharField(_("account code"), max_length=12)
    account_name = models.CharField(_("account name"), max_length=120)
    restricted = models.BooleanField(_("special-purpose money"), default=False)
    project = models.ForeignKey(
        "finance.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, default=ZERO)
    budgeted = models.DecimalField(
        _("approved budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedManager()
    scope_org_field = "budget__org"

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["account_code", "restricted", "project_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "account_code", "restricted", "project"],
                name="uniq_budget_line",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_code} {self.account_name}"

    @property
    def is_income(self) -> bool:
        return self.account_code[:1] == "4"

    @property
    def is_expense(self) -> bool:
        return self.account_code[:1] == "5"
