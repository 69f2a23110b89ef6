from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.forms import BootstrapMixin, DateInput

from .presets import PRESET_CHOICES, Basis, Item


class RuleForm(BootstrapMixin, forms.Form):
    item = forms.ChoiceField(label=_("item"), choices=Item.choices)
    basis = forms.ChoiceField(label=pgettext_lazy("spending rule", "basis"), choices=Basis.choices)
    amount = forms.DecimalField(
        label=_("amount (yuan)"), max_digits=12, decimal_places=2, required=False
    )
    percent = forms.DecimalField(
        label=_("percentage"), max_digits=5, decimal_places=2, required=False
    )
    region = forms.CharField(label=_("region"), max_length=40, required=False)
    effective_from = forms.DateField(label=_("effective from"), widget=DateInput())
    source = forms.CharField(label=_("source"), max_length=300)
    accounts = forms.CharField(
        label=_("expense accounts"),
        max_length=100,
        required=False,
        help_text=_("Sub-accounts such as 50105, separated by commas; empty: the usual ones."),
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("effective_from", timezone.localdate())
        super().__init__(*args, **kwargs)


class AdoptForm(BootstrapMixin, forms.Form):
    preset = forms.ChoiceField(label=_("rule set"), choices=PRESET_CHOICES)
    effective_from = forms.DateField(label=_("effective from"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("effective_from", timezone.localdate())
        super().__init__(*args, **kwargs)


class EndForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("last day"), widget=DateInput())
