"""Forms of the ideas pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, DateInput

from . import rules
from .models import Category, Drive


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class IdeaForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, initial="other")
    text = forms.CharField(
        label=_("What you saw and what you suggest"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    expected_benefit = forms.CharField(
        label=_("Expected benefit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Time or material saved, fewer faults, safer work…"),
    )
    team = forms.CharField(
        label=_("Proposed as a team (its name)"),
        required=False,
        max_length=100,
        help_text=_("Leave empty for an idea of your own."),
    )
    files = MultipleFileField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to six photos (JPG, PNG) or PDF files."),
    )


class EnterForm(IdeaForm):
    """The committee enters an idea handed in on paper, for the member."""

    proposer = forms.ModelChoiceField(label=_("Proposer"), queryset=None)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposer"].queryset = members
        self.order_fields(["proposer"])


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason (the proposer reads it)"), widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("Screening opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SendForm(BootstrapMixin, forms.Form):
    department = forms.CharField(label=_("Responsible department"), max_length=100)
    contact = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    deadline = forms.DateField(
        label=_("Answer due by"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for %(n)s days from today.") % {"n": rules.ANSWER_DAYS},
    )


class AnswerForm(BootstrapMixin, forms.Form):
    answer = forms.CharField(
        label=_("Department's answer"), widget=forms.Textarea(attrs={"rows": 3})
    )
    answered_by = forms.CharField(label=_("Answered by"), max_length=50, required=False)


class ReviewForm(BootstrapMixin, forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=[("", "—"), *rules.OUTCOMES], required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for c in reversed(rules.CRITERIA):
            self.fields = {
                c.key: forms.IntegerField(
                    label=f"{c.label} (0–{c.max_points})",
                    min_value=0,
                    max_value=c.max_points,
                    widget=forms.NumberInput(attrs={"class": "form-control"}),
                ),
                **self.fields,
            }

    def scores(self) -> dict:
        return {c.key: self.cleaned_data[c.key] for c in rules.CRITERIA}


class DecideForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=rules.OUTCOMES)
    reason = forms.CharField(
        label=_("Reason (the proposer reads it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ImplementForm(BootstrapMixin, forms.Form):
    implementation = forms.CharField(
        label=_("What is being done"), widget=forms.Textarea(attrs={"rows": 2})
    )


class VerifyForm(BootstrapMixin, forms.Form):
    value_created = forms.DecimalField(
        label=_("Value created (10,000 yuan)"), min_value=0, max_digits=10, decimal_places=2
    )
    verification = forms.CharField(
        label=_("How it was measured and who confirmed it"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RewardForm(BootstrapMixin, forms.Form):
    amount = forms.DecimalField(
        label=_("Reward (yuan)"), min_value=0, max_digits=10, decimal_places=2
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    pay = forms.BooleanField(
        label=_("Pay it now through the books (a payout voucher on 50301)"),
        required=False,
        initial=True,
    )
    override_reason = forms.CharField(
        label=_("Reason to go ahead despite the books' concerns"),
        required=False,
        max_length=200,
    )


class PayForm(BootstrapMixin, forms.Form):
    override_reason = forms.CharField(
        label=_("Reason to go ahead despite the books' concerns"),
        required=False,
        max_length=200,
    )


class ConfirmForm(forms.Form):
    """A button without fields."""


class CloseForm(BootstrapMixin, forms.Form):
    feedback = forms.CharField(
        label=_("Feedback to the proposer"), widget=forms.Textarea(attrs={"rows": 2})
    )


class UploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Photo or file"))


class DriveForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Drive
        fields = ["title", "theme", "starts_on", "ends_on"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "theme": forms.Textarea(attrs={"rows": 3}),
        }


class DepartmentAnswerForm(BootstrapMixin, forms.Form):
    answer = forms.CharField(
        label=_("Your department's answer"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Can it be done, how, by when, and what would it bring?"),
    )
    name = forms.CharField(label=_("Your name"), max_length=50)
