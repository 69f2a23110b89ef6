"""Spending rules (经费支出标准) as data: an upper union sets them for its subtree.

A rule belongs to the node that set it (`org`) and applies to that node and everything
below it; for the same item the nearest setter wins over a farther one (selectors.resolve).
History is kept: a change is a new row with a later `effective_from`; a row is never
edited once it took effect, except that it may be ended once (`effective_to`, from today
on) by services.rule_end.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.models import TenantManager, TenantModel

from .presets import PERCENT_BASES, PRESET_CHOICES, Basis, Item


class SpendingRule(TenantModel):
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("set by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    item = models.CharField(_("item"), max_length=24, choices=Item.choices)
    basis = models.CharField(
        pgettext_lazy("spending rule", "basis"), max_length=16, choices=Basis.choices
    )
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    percent = models.DecimalField(
        _("percentage"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    region = models.CharField(_("region"), max_length=40, blank=True)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)
    accounts = models.JSONField(_("expense accounts"), default=list, blank=True)
    preset = models.CharField(
        pgettext_lazy("spending rule", "preset"),
        max_length=20,
        choices=PRESET_CHOICES,
        blank=True,
        default="",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by (person)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("spending rule")
        verbose_name_plural = _("spending rules")
        ordering = ("item", "-effective_from", "-id")
        indexes = [models.Index(fields=["org", "item", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.get_item_display()} {self.cap_text}"

    @property
    def value(self):
        return self.percent if self.basis in PERCENT_BASES else self.amount

    @property
    def cap_text(self) -> str:
        if self.basis in PERCENT_BASES:
            return f"{self.percent}%"
        return f"{self.amount} 元"

    def save(self, *args, **kwargs):
        # History: a row that took effect is never edited (a change is a new row); ending
        # it (services.rule_end) is the one write it takes afterwards.
        if self.pk and list(kwargs.get("update_fields") or ()) != ["effective_to"]:
            stored = type(self)._base_manager.filter(pk=self.pk).first()
            if stored is not None and stored.effective_from <= timezone.localdate():
                raise ValueError("a spending rule that took effect is never edited")
        super().save(*args, **kwargs)

    def clean(self):
        if self.basis in PERCENT_BASES:
            if self.percent is None or not (0 < self.percent <= 100):
                raise ValidationError({"percent": _("Give a percentage above 0 and up to 100.")})
            self.amount = None
        else:
            if self.amount is None or self.amount <= 0:
                raise ValidationError({"amount": _("Give an amount above zero.")})
            self.percent = None
        if self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("A rule cannot end before it takes effect.")})
