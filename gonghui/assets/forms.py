from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.forms import BootstrapMixin, DateInput
from gonghui.finance import selectors as books
from gonghui.funds.forms import AmountField
from gonghui.funds.models import Fund

from .models import AssetState, DisposalKind
from .rules import CATEGORY_CHOICES

MONEY_KIND = [("0", _("Non-special (非专项)")), ("1", _("Special-purpose (专项)"))]


def _bool(value) -> bool:
    return value in (True, "1", "True")


class FilterForm(BootstrapMixin, forms.Form):
    state = forms.ChoiceField(
        label=_("state"), required=False, choices=[("", _("All states")), *AssetState.choices]
    )
    category = forms.ChoiceField(
        label=_("category"), required=False, choices=[("", _("All categories")), *CATEGORY_CHOICES]
    )
    q = forms.CharField(label=_("search"), required=False, max_length=50)


class AssetForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("asset name"), max_length=100)
    category = forms.ChoiceField(label=_("category"), choices=CATEGORY_CHOICES)
    spec = forms.CharField(label=_("model and specification"), max_length=100, required=False)
    purchased_on = forms.DateField(label=_("purchase date"), widget=DateInput())
    original_value = AmountField(label=_("original value (yuan)"))
    years = forms.IntegerField(
        label=_("depreciation years"),
        required=False,
        min_value=1,
        help_text=_("Empty: the category's minimum."),
    )
    restricted = forms.TypedChoiceField(
        label=_("money"), choices=MONEY_KIND, coerce=_bool, initial="0"
    )
    project = forms.ModelChoiceField(
        label=_("project"), queryset=None, required=False, empty_label=_("No project")
    )
    fund = forms.ModelChoiceField(
        label=_("paid from the fund"),
        queryset=None,
        required=False,
        help_text=_("Optional."),
        empty_label=_("No particular fund (bank account only)"),
    )
    number = forms.CharField(
        label=_("asset number"), max_length=30, required=False, help_text=_("Empty: given.")
    )
    location = forms.CharField(label=_("location"), max_length=100, required=False)
    keeper = forms.CharField(label=_("keeper"), max_length=50, required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)
    override_reason = forms.CharField(
        label=_("reason for going ahead"),
        max_length=300,
        required=False,
        help_text=_("Only when the budget or a spending rule objects."),
    )

    def __init__(self, *args, org=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("purchased_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = books.projects(org)
        self.fields["fund"].queryset = Fund.objects.filter(org=org, is_active=True)


class AssetEditForm(BootstrapMixin, forms.Form):
    spec = forms.CharField(label=_("model and specification"), max_length=100, required=False)
    location = forms.CharField(label=_("location"), max_length=100, required=False)
    keeper = forms.CharField(label=_("keeper"), max_length=50, required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class DisposalForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=pgettext_lazy("disposal", "how"), choices=DisposalKind.choices)
    date = forms.DateField(label=_("date"), widget=DateInput())
    reason = forms.CharField(label=_("reason"), max_length=200)
    proceeds = AmountField(label=_("proceeds of a sale (yuan)"), required=False)


class RunForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("month"), min_value=1, max_value=12)


class DateForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("stocktake date"), widget=DateInput())


class SurplusForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("asset name"), max_length=100)
    category = forms.ChoiceField(label=_("category"), choices=CATEGORY_CHOICES)
    value = AmountField(label=_("appraised value (yuan)"))
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class NoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class LentForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("item"), max_length=100)
    quantity = forms.IntegerField(label=_("quantity"), min_value=1, initial=1)
    lender = forms.CharField(label=_("lent by"), max_length=100)
    lent_on = forms.DateField(label=_("lent on"), widget=DateInput())
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class ReturnForm(BootstrapMixin, forms.Form):
    returned_on = forms.DateField(label=_("returned on"), widget=DateInput())
