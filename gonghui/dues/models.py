"""Dues (会费): one line per member per month, and each union's way of rounding them.

A line belongs to the member's grassroots union (`org`: the books the month's total posts
to, and the union whose settings apply). It is scoped through `unit`, the member's own
node (group, branch or the union itself) when the line was last written: the union's
cadres see all of its lines, a group leader the lines of the group's members, which is
what they collect in cash (domain.md §3, design §3.2).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.models import TenantManager, TenantModel
from gonghui.finance.rules import ROUNDING_CHOICES


class DuesSettings(TenantModel):
    """How a union rounds its dues (finance.rules.DuesRule.rounding): to the fen unless set."""

    org = models.OneToOneField(
        "orgs.Organisation",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="dues_settings",
    )
    rounding = models.CharField(
        _("rounding of the dues"), max_length=8, choices=ROUNDING_CHOICES, default="fen"
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("dues settings")
        verbose_name_plural = _("dues settings")

    def __str__(self) -> str:
        return str(self.org)


class Method(models.TextChoices):
    PAYROLL = "payroll", _("Payroll deduction")
    CASH = "cash", pgettext_lazy("dues paid", "Cash")


class State(models.TextChoices):
    UNPAID = "unpaid", _("Unpaid")
    PAID = "paid", pgettext_lazy("dues line", "Paid")
    EXEMPT = "exempt", _("Exempt")
    # On the roll without a monthly wage: nothing can be worked out until one is entered.
    NEEDS_WAGE = "needs_wage", _("Needs a wage")
    # A wage under ¥10 leaves nothing to pay (the tail rule).
    NOTHING_DUE = "nothing_due", _("Nothing due")


# Lines that still wait for money: a month is settled when none of these is left.
OPEN_STATES = (State.UNPAID, State.NEEDS_WAGE)


def money_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=10, decimal_places=2, **kwargs)


class DuesLine(TenantModel):
    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("union or group"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="dues_lines",
    )
    month = models.DateField(_("month"))  # the first day of the month
    wage = money_field(_("monthly wage"), null=True, blank=True)
    base = money_field(_("dues base"), null=True, blank=True)
    amount_due = money_field(_("dues"), default=0)
    amount_paid = money_field(_("paid"), default=0)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.UNPAID)
    exempt_reason = models.CharField(_("reason for exemption"), max_length=100, blank=True)
    # Exempted by a cadre (who: the audit entry): generating the month again keeps it.
    exempt_by_hand = models.BooleanField(_("exempted by hand"), default=False)
    method = models.CharField(_("way of payment"), max_length=8, choices=Method.choices, blank=True)
    receipt_no = models.CharField(_("receipt number"), max_length=30, blank=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("collected by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    # "2026-03": the month's dues post (finance SourcePosting "dues.month") that booked
    # this payment; empty until booked. Back dues paid late are booked by a later month.
    posted_in = models.CharField(_("booked with"), max_length=7, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TenantManager()
    scope_org_field = "unit"

    audit_ignore_fields = frozenset({"created_at", "updated_at"})

    class Meta:
        verbose_name = _("dues line")
        verbose_name_plural = _("dues lines")
        ordering = ["month", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="uniq_dues_member_month")
        ]
        indexes = [
            models.Index(fields=["org", "month", "state"]),
            models.Index(fields=["org", "state", "member"]),
        ]

    def __str__(self) -> str:
        # The name when the member is at hand (lists, generation): no query per line.
        who = self.member.name if DuesLine.member.is_cached(self) else f"#{self.member_id}"
        return f"{who} {self.month:%Y-%m}"

    @property
    def month_key(self) -> str:
        return f"{self.month:%Y-%m}"

    def settle_state(self) -> str:
        """The state the amounts and dates say (kept in a column so lists filter on it)."""
        if self.exempt_reason:
            self.state = State.EXEMPT
        elif self.paid_on is not None:
            self.state = State.PAID
        elif self.wage is None:
            self.state = State.NEEDS_WAGE
        elif not self.amount_due:
            self.state = State.NOTHING_DUE
        else:
            self.state = State.UNPAID
        return self.state

    @property
    def short(self):
        """Paid less than was due."""
        return self.state == State.PAID and self.amount_paid < self.amount_due
