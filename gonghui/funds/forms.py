from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, DateInput

from . import accounts, money
from .models import FundKind


class AmountField(forms.CharField):
    """An amount as people type it (1,234.5 / ￥1234.50 / 1234.5元) → Decimal, two places."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("amount (yuan)"))
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        try:
            amount = money.parse_amount(value)
        except money.AmountError as exc:
            raise forms.ValidationError(str(exc)) from None
        if amount <= 0:
            raise forms.ValidationError(_("The amount must be more than zero."))
        return amount


REASON = "override_reason"


class OverrideReasonMixin:
    """The reason for booking a payout the books' checks object to (beyond its line of the
    budget, above a spending rule: gonghui.finance.checks), for every form that pays out
    through the books (funds, aid, activities).

    Hidden until a first try was refused with the concerns: the refusal names the field
    `override_reason`, so `core.forms.run` adds it there, and the field shows with the
    concerns as its error, everything typed kept. Once a reason was typed it stays shown.
    `with_reason=False` leaves it out (the income side of the funds' form)."""

    def __init__(self, *args, with_reason: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_reason:
            return
        self.fields[REASON] = forms.CharField(
            label=_("reason for going ahead"),
            max_length=300,
            required=False,
            widget=forms.HiddenInput,
            help_text=_(
                "Why it is paid although it goes beyond the budget or a spending rule; kept "
                "on the voucher for the audit committee."
            ),
        )
        if (self.data.get(self.add_prefix(REASON)) or "").strip():
            self.ask_reason()

    def ask_reason(self) -> None:
        field = self.fields.get(REASON)
        if field is not None and field.widget.is_hidden:
            field.widget = forms.TextInput(attrs={"class": "form-control", "maxlength": "300"})

    def add_error(self, field, error):
        if field == REASON:
            self.ask_reason()
        super().add_error(field, error)


class FundForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=FundKind.choices)
    name = forms.CharField(label=_("fund name"), max_length=100)
    opened_on = forms.DateField(label=_("opened on"), required=False, widget=DateInput())


class EntryForm(OverrideReasonMixin, BootstrapMixin, forms.Form):
    """Income or payout: the same fields, the service decides the side. The account is a
    leaf of the union's chart, proposed by the kind of fund (funds.accounts). A payout
    asks for a reason when the books' checks object to it (OverrideReasonMixin)."""

    date = forms.DateField(label=_("date"), widget=DateInput())
    amount = AmountField()
    summary = forms.CharField(
        label=_("summary"), max_length=200, help_text=_("What the money is for (摘要).")
    )
    payee = forms.CharField(label=_("payee or payer"), max_length=100, required=False)
    account = forms.ChoiceField(
        label=_("expense account"),
        required=False,
        help_text=_("The account of the books; the accountant may change it at review."),
    )

    def __init__(self, *args, fund=None, side: str = "income", **kwargs):
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, with_reason=side != "income", **kwargs)
        income = side == "income"
        if fund is not None:
            today = timezone.localdate()
            self.fields["account"].choices = accounts.choices(fund.org, today, income=income)
            self.fields["account"].initial = accounts.default_account(fund, income=income)
            self.fields["account"].label = _("income account") if income else _("expense account")


class ReverseForm(BootstrapMixin, forms.Form):
    # A 红字 voucher's summary carries the reason (finance.posting: 120 characters).
    reason = forms.CharField(label=_("reason"), max_length=120)
    date = forms.DateField(
        label=_("date"),
        required=False,
        widget=DateInput(),
        help_text=_("Today when left empty."),
    )
