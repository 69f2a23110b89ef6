from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, DateInput
from gonghui.funds.forms import AmountField
from gonghui.funds.models import Fund

from .models import DuesSettings


class PayForm(BootstrapMixin, forms.Form):
    """Cash handed to a group leader: the amount, the receipt given, the day."""

    amount = AmountField()
    receipt_no = forms.CharField(label=_("receipt number"), max_length=30)
    paid_on = forms.DateField(label=_("paid on"), widget=DateInput())

    def __init__(self, *args, line=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("paid_on", timezone.localdate())
        if line is not None and line.amount_due:
            initial.setdefault("amount", line.amount_due)
        super().__init__(*args, **kwargs)


class ExemptForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("reason for exemption"),
        max_length=100,
        required=False,
        help_text=_("Leave empty to lift an exemption made by hand."),
    )


class PostForm(BootstrapMixin, forms.Form):
    fund = forms.ModelChoiceField(
        label=_("into the fund"),
        queryset=Fund.objects.none(),
        required=False,
        empty_label=_("No particular fund (bank account only)"),
    )
    date = forms.DateField(
        label=_("voucher date"),
        required=False,
        widget=DateInput(),
        help_text=_("The last day of the month unless given."),
    )

    def __init__(self, *args, union=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = Fund.objects.filter(org=union, is_active=True)


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("what payroll deducted (.xlsx, .xls, .csv)"),
        help_text=_(
            "Columns 姓名, 身份证号 or 会员证号, and 扣缴金额 (the deduction list filled in)."
        ),
    )


class SettingsForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = DuesSettings
        fields = ["rounding"]
