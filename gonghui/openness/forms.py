from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import Channel


class NoticeForm(forms.Form):
    item_code = forms.ChoiceField(label=_("Required item"), required=False)
    category = forms.ChoiceField(
        label=_("Category"),
        choices=rules.Category.choices,
        required=False,
        help_text=_("For a notice outside the required items; an item brings its own category."),
    )
    title = forms.CharField(label=_("Title"), max_length=150)
    body = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 10}))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    period_year = forms.IntegerField(label=_("Year covered"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Period covered"), choices=rules.Period.choices)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item_code"].choices = [("", _("— not a required item —"))] + [
            (i.code, f"{i.name}（{i.get_frequency_display()}）") for i in items
        ]
        self.fields["period_year"].initial = timezone.localdate().year
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs.setdefault("class", css)


class DateForm(forms.Form):
    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}),
    )


class WithdrawForm(DateForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question or comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Attachment"), widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )


class SettingsForm(forms.Form):
    state_owned = forms.BooleanField(
        label=_("State-owned or state-controlled enterprise"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class ItemAddForm(forms.Form):
    name = forms.CharField(label=_("Item"), max_length=120)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=rules.Frequency.choices)
    category = forms.ChoiceField(label=_("Category"), choices=rules.Category.choices)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs.setdefault("class", css)


class ItemToggleForm(forms.Form):
    code = forms.CharField(max_length=40)
    required = forms.BooleanField(required=False)
    reason = forms.CharField(max_length=200, required=False)
