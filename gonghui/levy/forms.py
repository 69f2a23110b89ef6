from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, DateInput

from .rules import Way

MONEY = {"max_digits": 14, "decimal_places": 2}


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


class ArrivalForm(BootstrapMixin, forms.Form):
    month = forms.DateField(label=_("Payroll month"), widget=MonthInput(), input_formats=["%Y-%m"])
    way = forms.ChoiceField(label=_("How it arrived"), choices=Way.choices)
    payroll_base = forms.DecimalField(label=_("Payroll total"), required=False, **MONEY)
    amount = forms.DecimalField(
        label=_("Amount"),
        help_text=_("Self-paid: everything the employer paid. Other ways: what reaches the union."),
        **MONEY,
    )
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class RemitForm(BootstrapMixin, forms.Form):
    amount = forms.DecimalField(label=_("Amount"), **MONEY)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ReceivableForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(label=_("Amount"), **MONEY)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class DayForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput())


class SplitRuleForm(BootstrapMixin, forms.Form):
    own_percent = forms.DecimalField(
        label=_("Share kept by the grassroots union (%)"), max_digits=5, decimal_places=2
    )
    effective_from = forms.DateField(label=_("Effective from"), widget=DateInput())
    source = forms.CharField(label=_("Source (document, article)"), max_length=200)


class ReminderForm(BootstrapMixin, forms.Form):
    union = forms.CharField(widget=forms.HiddenInput())
    amount = forms.DecimalField(label=_("Amount"), required=False, **MONEY)
    message = forms.CharField(label=_("Message"), max_length=300, required=False)
