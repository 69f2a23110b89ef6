"""Forms of the democracy pages; the API validates its input with the same forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, DateInput

from .models import (
    Congress,
    Contract,
    Proposal,
    Representative,
    Resolution,
    Satisfaction,
    Session,
)


class Styled(BootstrapMixin):
    """The project's Bootstrap classes, and every text input named by its label as a
    placeholder and for screen readers: some forms are laid out inline without <label>s
    (the session page, the congress page)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.TextInput | forms.Textarea | forms.NumberInput):
                field.widget.attrs.setdefault("placeholder", field.label)
                field.widget.attrs.setdefault("aria-label", field.label)


class CongressForm(Styled, forms.ModelForm):
    class Meta:
        model = Congress
        fields = [
            "kind",
            "term_number",
            "start_date",
            "end_date",
            "staff_count",
            "women_staff_count",
            "front_line_required",
            "min_cosigners",
            "note",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class SessionForm(Styled, forms.ModelForm):
    number = forms.IntegerField(
        label=_("session number (次)"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for the next number."),
    )

    class Meta:
        model = Session
        fields = ["number", "date", "place", "note"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}


class RepresentativeForm(Styled, forms.ModelForm):
    class Meta:
        model = Representative
        fields = ["delegation", "manager_level", "front_line", "teacher", "elected_on"]
        widgets = {"elected_on": DateInput()}

    def __init__(self, *args, congress=None, **kwargs):
        super().__init__(*args, **kwargs)
        congress = congress or getattr(self.instance, "congress", None)
        self.fields["delegation"].queryset = (
            congress.delegations.all()
            if congress is not None
            else self.fields["delegation"].queryset.none()
        )


class DelegationForm(Styled, forms.Form):
    name = forms.CharField(label=_("delegation name"), max_length=50)
    leader = forms.CharField(label=_("leader"), max_length=50, required=False)


class AgendaForm(Styled, forms.Form):
    title = forms.CharField(label=_("agenda item"), max_length=200)
    presenter = forms.CharField(label=_("presented by"), max_length=50, required=False)


class UploadForm(Styled, forms.Form):
    file = forms.FileField(label=_("file"))


class ResolutionForm(Styled, forms.ModelForm):
    class Meta:
        model = Resolution
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class VotesForm(Styled, forms.Form):
    votes_for = forms.IntegerField(label=_("for"), min_value=0)
    votes_against = forms.IntegerField(label=_("against"), min_value=0)
    abstentions = forms.IntegerField(label=_("abstentions"), min_value=0)


class ProposalForm(Styled, forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["title", "category", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}


class _RepresentativeChoice(forms.ModelChoiceField):
    def label_from_instance(self, rep):
        return rep.member.name


class _RepresentativesChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, rep):
        return rep.member.name


class PaperProposalForm(Styled, forms.ModelForm):
    """A proposal handed in on paper, entered by the committee for its proposer."""

    proposer = _RepresentativeChoice(label=_("proposer"), queryset=Representative.objects.none())
    cosigners = _RepresentativesChoice(
        label=_("co-signers on the paper"),
        queryset=Representative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Proposal
        fields = ["proposer", "title", "category", "body", "cosigners"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, representatives=None, **kwargs):
        super().__init__(*args, **kwargs)
        reps = representatives if representatives is not None else Representative.objects.none()
        self.fields["proposer"].queryset = reps
        self.fields["cosigners"].queryset = reps
        self.fields["cosigners"].widget.attrs.pop("class", None)


class ReviewForm(Styled, forms.Form):
    accept = forms.TypedChoiceField(
        label=_("decision"),
        choices=[("1", _("Register (立案)")), ("0", _("Do not register: handle as an opinion"))],
        coerce=lambda v: v in ("1", "true", "True", True),
    )
    reason = forms.CharField(
        label=_("review opinion"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AssignForm(Styled, forms.Form):
    department = forms.CharField(label=_("responsible department"), max_length=100)
    deadline = forms.DateField(label=_("answer due by"), widget=DateInput())


class AnswerForm(Styled, forms.Form):
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 3}))


class ImplementForm(Styled, forms.Form):
    implementation = forms.CharField(
        label=_("implementation"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RateForm(Styled, forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("proposer's satisfaction"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ContractForm(Styled, forms.ModelForm):
    class Meta:
        model = Contract
        fields = [
            "kind",
            "title",
            "employer",
            "terms",
            "start_date",
            "end_date",
            "approved_by",
            "signed_on",
            "filed_on",
            "filed_with",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "signed_on": DateInput(),
            "filed_on": DateInput(),
            "terms": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Resolution.objects.filter(adopted=True).select_related("session__congress")
        if org is not None:
            qs = qs.filter(session__congress__org=org)
        self.fields["approved_by"].queryset = qs
        self.fields["approved_by"].label_from_instance = lambda r: f"{r.session} · {r.title}"


class NegotiationForm(Styled, forms.Form):
    date = forms.DateField(label=_("date"), widget=DateInput())
    parties = forms.CharField(label=_("parties present"), max_length=300)
    notes = forms.CharField(
        label=_("notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    file = forms.FileField(label=_("minutes"), required=False)


class CheckForm(Styled, forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    checked_on = forms.DateField(label=_("checked on"), widget=DateInput())
    findings = forms.CharField(label=_("findings"), widget=forms.Textarea(attrs={"rows": 3}))
    reported_to = forms.ModelChoiceField(
        label=_("reported to the session"), queryset=Session.objects.none(), required=False
    )

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        if org is not None:
            self.fields["reported_to"].queryset = Session.objects.filter(
                congress__org=org
            ).select_related("congress")
