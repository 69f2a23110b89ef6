from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.forms import BootstrapMixin, DateInput
from gonghui.orgs.models import Organisation, OrgKind

from . import vocab
from .models import Member
from .selectors import receiving_union
from .services import CONTACT_FIELDS


def _choices(values, blank=True):
    items = [(v, v) for v in values]
    return ([("", "—")] if blank else []) + items


MEMBER_FIELDS = [
    "name",
    "id_type",
    "id_number",
    "sex",
    "birth_date",
    "ethnicity",
    "mobile",
    "political_status",
    "education",
    "native_place",
    "hukou_type",
    "hukou_place",
    "employment_status",
    "member_type",
    "department",
    "post",
    "job_type",
    "skill_level",
    "professional_title",
    "work_start_year",
    "monthly_wage",
    "card_number",
    "joined_on",
    "org",
]


class MemberForm(BootstrapMixin, forms.ModelForm):
    ethnicity = forms.ChoiceField(
        label=_("ethnicity"), choices=_choices(vocab.ETHNICITIES), required=False
    )
    political_status = forms.ChoiceField(
        label=_("political status"), choices=_choices(vocab.POLITICAL), required=False
    )
    education = forms.ChoiceField(
        label=_("education"), choices=_choices(vocab.EDUCATION), required=False
    )
    employment_status = forms.ChoiceField(
        label=_("employment status"), choices=_choices(vocab.EMPLOYMENT), required=False
    )
    skill_level = forms.ChoiceField(
        label=_("skill level"), choices=_choices(vocab.SKILL_LEVELS[1:]), required=False
    )

    class Meta:
        model = Member
        fields = MEMBER_FIELDS
        widgets = {"birth_date": DateInput(), "joined_on": DateInput()}

    def __init__(self, *args, union: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].label = _("union group")
        self.fields["org"].queryset = Organisation.objects.filter(
            path__startswith=union.path
        ).exclude(kind=OrgKind.UPPER)
        self.fields["sex"].required = False
        self.fields["birth_date"].help_text = _("Taken from the ID number when left empty.")
        self.fields["id_number"].widget.attrs["autocomplete"] = "off"

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class ReasonForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("date"), widget=DateInput())
    reason = forms.CharField(
        label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class TransferForm(BootstrapMixin, forms.Form):
    to_code = forms.CharField(label=_("code of the receiving union"), max_length=32)
    reason = forms.CharField(
        label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean_to_code(self):
        org = receiving_union(self.cleaned_data["to_code"])
        if org is None:
            raise forms.ValidationError(_("No union with this code."))
        return org


class SelfContactForm(BootstrapMixin, forms.ModelForm):
    """What a member may change on their own record without approval."""

    class Meta:
        model = Member
        fields = list(CONTACT_FIELDS)


class ChangeRequestForm(BootstrapMixin, forms.Form):
    """Name and ID number are corrected by a cadre, on the member's request."""

    field = forms.ChoiceField(
        label=_("what to correct"), choices=[("name", _("name")), ("id_number", _("ID number"))]
    )
    new_value = forms.CharField(label=_("correct value"), max_length=50)
    reason = forms.CharField(
        label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActivationForm(BootstrapMixin, forms.Form):
    mobile = forms.CharField(label=_("mobile number"), max_length=11)
    code = forms.CharField(label=_("invitation code"), max_length=20)
    password1 = forms.CharField(
        label=_("choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("the password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class ActivationLinkForm(BootstrapMixin, forms.Form):
    """Activation onto a login that already has the mobile number: its owner proves it."""

    link = forms.CharField(widget=forms.HiddenInput, initial="1")
    mobile = forms.CharField(label=_("mobile number"), max_length=11)
    code = forms.CharField(label=_("invitation code"), max_length=20)
    password = forms.CharField(
        label=_("current password of that login"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    otp_token = forms.CharField(
        label=_("verification code"),
        required=False,
        max_length=10,
        help_text=_("Only if that login uses two-step verification: the 6 digits in your app."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class LapseTalkForm(BootstrapMixin, forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(label=_("date"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("outcome"), choices=[])
    note = forms.CharField(label=_("note"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import LapseTalk

        self.fields["outcome"].choices = LapseTalk.Outcome.choices
