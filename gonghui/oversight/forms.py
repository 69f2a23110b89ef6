from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.forms import BootstrapMixin, DateInput

from . import rules
from .models import Period, ReviewKind, Severity


class ReviewForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of review"), choices=ReviewKind.choices)
    year = forms.IntegerField(label=_("Year covered"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Period covered"), choices=Period.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    members = forms.CharField(
        label=_("Committee members taking part"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name a line, as they sign."),
    )
    started_on = forms.DateField(label=_("Started on"), widget=DateInput())
    ended_on = forms.DateField(label=_("Ended on"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["started_on"].initial = timezone.localdate()


class OpinionForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Review opinion"), widget=forms.Textarea(attrs={"rows": 8}))


class SignForm(BootstrapMixin, forms.Form):
    signers = forms.CharField(
        label=_("Members signing"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name a line; empty: every member taking part."),
    )
    on = forms.DateField(label=_("Opinion signed on"), required=False, widget=DateInput())

    def clean_signers(self) -> list[str]:
        return [n.strip() for n in self.cleaned_data["signers"].splitlines() if n.strip()]


class FindingForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Problem found"), widget=forms.Textarea(attrs={"rows": 4}))
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    amount = forms.DecimalField(
        label=_("Amount involved"), required=False, min_value=0, decimal_places=2, max_digits=14
    )
    responsible = forms.CharField(label=_("Responsible"), max_length=100, required=False)
    due_on = forms.DateField(label=_("Rectify by"), required=False, widget=DateInput())


class RectifyForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Rectification"), widget=forms.Textarea(attrs={"rows": 4}))
    on = forms.DateField(label=_("Rectified on"), required=False, widget=DateInput())


class RecheckForm(BootstrapMixin, forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Re-check"),
        choices=[("1", pgettext_lazy("re-check", "Accepted")), ("0", _("Not yet"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Re-check note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    on = forms.DateField(label=_("Re-checked on"), required=False, widget=DateInput())


class SettingsForm(BootstrapMixin, forms.Form):
    periodic_per_year = forms.IntegerField(
        label=_("periodic reviews a year"), min_value=0, max_value=rules.PERIODIC_MAX
    )
    departure_audit_required = forms.BooleanField(
        label=_("audit the chair on leaving office"), required=False
    )


class ReportTextForm(BootstrapMixin, forms.Form):
    text = forms.CharField(
        label=_("The report's text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_("Saved here for the year; empty goes back to the draft with the figures."),
    )
