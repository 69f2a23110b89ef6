from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, DateInput

from . import rules, selectors
from .models import TitleLevel


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the phone's photo picker), each checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class RoundForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Award"), choices=())
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        required=False,
        help_text=_("Left empty: the year and the award, as in 2026年度师德标兵评选."),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quota = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_("Left empty: the award's usual count or share of the members."),
    )
    nomination_deadline = forms.DateField(label=_("Nominations close on"), widget=DateInput())
    publicity_days = forms.IntegerField(
        label=_("Public notice (working days)"),
        min_value=1,
        max_value=rules.MAX_PUBLICITY_DAYS,
        required=False,
        help_text=_("5 working days is the usual practice; weekends and holidays do not count."),
    )
    call_text = forms.CharField(
        label=_("Call for nominations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Conditions, how to nominate, what to attach."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        own = [(k.key, k.name) for k in rules.KINDS if k.source == rules.Source.OWN]
        upper = [(k.key, k.name) for k in rules.KINDS if k.source == rules.Source.UPPER]
        self.fields["kind"].choices = [
            (str(rules.Source.OWN.label), own),
            (str(rules.Source.UPPER.label), upper),
        ]

    @classmethod
    def initial_for(cls, round_=None) -> dict:
        if round_ is None:
            today = timezone.localdate()
            return {"year": today.year, "nomination_deadline": today + dt.timedelta(days=14)}
        return {
            name: getattr(round_, name)
            for name in (
                "kind",
                "title",
                "year",
                "quota",
                "nomination_deadline",
                "publicity_days",
                "call_text",
            )
        }

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class NominationForm(BootstrapMixin, forms.Form):
    nominee_type = forms.ChoiceField(label=_("Who is nominated"), choices=())
    member = forms.TypedChoiceField(label=_("Member"), coerce=int, required=False, choices=())
    nominee_org = forms.TypedChoiceField(
        label=_("Group or union"), coerce=int, required=False, choices=()
    )
    nominee_name = forms.CharField(label=_("Department or team"), max_length=100, required=False)
    story = forms.CharField(
        label=_("Deeds"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What the nominee did: facts, results, what colleagues say (at least 10 characters)."
        ),
    )
    tags = forms.MultipleChoiceField(
        label=_("Counts as"),
        required=False,
        choices=[(t.value, t.label) for t in rules.DECLARED_TAGS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For the award's mix quotas; sex and 农民工 are read from the roster."),
    )
    negatives = forms.MultipleChoiceField(
        label=_("Negative list: any of these applies"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )
    photos = MultipleFileField(
        label=_("Photos or documents"),
        required=False,
        help_text=_("JPG, PNG or PDF, up to 20 MB each."),
    )

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        award = round_.award
        self.fields["nominee_type"].choices = [(k, rules.Nominee(k).label) for k in award.nominees]
        if len(award.nominees) == 1:
            self.fields["nominee_type"].initial = award.nominees[0]
            self.fields["nominee_type"].widget = forms.HiddenInput()
        if rules.Nominee.MEMBER in award.nominees:
            self.fields["member"].choices = [("", "—")] + [
                (m.pk, f"{m.name}（{m.org.name}）")
                for m in selectors.members_for_choice(round_.org)
            ]
        else:
            del self.fields["member"]
        orgs = []
        if rules.Nominee.GROUP in award.nominees:
            orgs += list(selectors.groups_for_choice(round_.org))
        if rules.Nominee.UNION in award.nominees:
            orgs += list(selectors.unions_for_choice(round_.org))
        if orgs:
            self.fields["nominee_org"].choices = [("", "—")] + [(o.pk, o.name) for o in orgs]
        else:
            del self.fields["nominee_org"]
        if rules.Nominee.DEPARTMENT not in award.nominees:
            del self.fields["nominee_name"]
        if not award.mix:
            del self.fields["tags"]
        if award.negatives:
            self.fields["negatives"].choices = [
                (n, rules.Negative(n).label) for n in award.negatives
            ]
        else:
            del self.fields["negatives"]

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class ReviewForm(BootstrapMixin, forms.Form):
    selected = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[("1", _("Selected")), ("0", _("Not selected"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    score = forms.DecimalField(
        label=_("Score"), min_value=0, max_value=100, decimal_places=1, required=False
    )
    votes_for = forms.IntegerField(
        label=_("Votes for"), min_value=0, max_value=10000, required=False
    )
    votes_cast = forms.IntegerField(
        label=_("Votes cast"), min_value=0, max_value=10000, required=False
    )
    note = forms.CharField(
        label=_("Review note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentForm(BootstrapMixin, forms.Form):
    document = forms.ChoiceField(label=_("Document"), choices=())
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [("", _("Photo or other file"))] + [
            (d, d) for d in round_.award.documents
        ]
        self.fields["document"].required = False


class PubliciseForm(BootstrapMixin, forms.Form):
    start = forms.DateField(label=_("Public notice from"), widget=DateInput(), required=False)


class DecideForm(BootstrapMixin, forms.Form):
    number = forms.CharField(
        label=_("Document number"), max_length=60, help_text=_("For example 实验中学工〔2026〕5号")
    )
    date = forms.DateField(label=_("Decided on"), widget=DateInput())
    text = forms.CharField(
        label=_("Preamble"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Left empty: a standard preamble naming the award and the public notice."),
    )


class ObjectionForm(BootstrapMixin, forms.Form):
    text = forms.CharField(
        label=_("Your objection"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the union committee sees who raised it."),
    )


class AnswerForm(BootstrapMixin, forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))
    upheld = forms.BooleanField(label=_("Upheld: take the name off the list"), required=False)


class TitleForm(BootstrapMixin, forms.Form):
    member = forms.TypedChoiceField(label=_("Member"), coerce=int, choices=())
    title = forms.CharField(label=_("Title"), max_length=100)
    level = forms.ChoiceField(label=_("Level"), choices=TitleLevel.choices)
    year = forms.IntegerField(label=_("Year"), min_value=1950, max_value=2100)
    awarding_body = forms.CharField(label=_("Awarded by"), max_length=100)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "—")] + [
            (m.pk, f"{m.name}（{m.org.name}）") for m in selectors.members_for_choice(org)
        ]
