from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.forms import BootstrapMixin, DateInput
from gonghui.members.models import ON_ROLL, Member

from . import rules, selectors
from .models import Batch, CaseDocument, CaseReview, ExitReason, HelpMeasure, Visit

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal(0)}


class MemberChoiceField(forms.IntegerField):
    """A member of the scope, by id (the pages offer a search list)."""

    def clean(self, value):
        pk = super().clean(value)
        if pk is None:
            return None
        member = Member.objects.filter(pk=pk, status__in=ON_ROLL).select_related("org").first()
        if member is None:
            raise forms.ValidationError(_("Choose a member on the roll."))
        return member


class GroupPicker(forms.Widget):
    """Union groups chosen by name: a search box whose matches htmx lists as one types
    (the batch_groups page), each with a box to tick; the ticked ones stay. Without
    script, the name typed is looked up when the form is sent (GroupsField)."""

    template_name = "welfare/_group_picker.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.union, self.search_url = None, ""

    def value_from_datadict(self, data, files, name):
        ids = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        typed = (data.get(f"{name}_q") or "").strip()
        return {"ids": [i for i in ids if str(i).isdigit()], "q": typed}

    def value_omitted_from_data(self, data, files, name):
        return False

    def format_value(self, value):
        return value if isinstance(value, dict) else {"ids": [], "q": ""}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        value = self.format_value(value)
        found = selectors.batch_group_choices(self.union, value["ids"], value["q"])
        context["widget"].update(found, search_url=self.search_url)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        return render_to_string(self.template_name, self.get_context(name, value, attrs))


class GroupsField(forms.Field):
    """The groups ticked, or the one group whose name holds what was typed: a list of
    organisations (empty when nothing was chosen)."""

    widget = GroupPicker

    def clean(self, value):
        value = self.widget.format_value(value)
        found = selectors.batch_group_choices(self.widget.union, value["ids"], value["q"])
        if found["chosen"] or not value["q"]:
            return found["chosen"]
        matches = found["matches"]
        if len(matches) == 1:
            return matches
        if not matches:
            raise forms.ValidationError(
                _("No group or department of this union has “%(q)s” in its name."),
                params={"q": value["q"]},
            )
        raise forms.ValidationError(
            _("Several groups have “%(q)s” in their name: tick the ones you mean."),
            params={"q": value["q"]},
        )


class CaseForm(BootstrapMixin, forms.Form):
    address = forms.CharField(label=_("home address"), max_length=200, required=False)
    phone = forms.CharField(label=_("contact phone"), max_length=20, required=False)
    causes = forms.MultipleChoiceField(
        label=_("causes of hardship"), choices=rules.CAUSES, widget=forms.CheckboxSelectMultiple
    )
    exclusions = forms.MultipleChoiceField(
        label=_("exclusions found"),
        choices=rules.EXCLUSIONS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    yearly_income = forms.DecimalField(label=_("household disposable income per year"), **MONEY)
    rigid_costs = forms.DecimalField(
        label=_("rigid costs per year (illness, disability, schooling)"), initial=0, **MONEY
    )
    accident = forms.BooleanField(
        label=_("disaster, accident, epidemic or serious illness this year"), required=False
    )
    hardship_costs = forms.DecimalField(
        label=_("costs of that event this year"), initial=0, **MONEY
    )
    situation = forms.CharField(label=_("situation"), widget=forms.Textarea, required=False)


class CaseCreateForm(CaseForm):
    member = MemberChoiceField(label=_("member"), widget=forms.HiddenInput)
    applied_on = forms.DateField(label=_("applied on"), widget=DateInput(), initial=dt.date.today)

    field_order = ["member", "applied_on"]


class StepForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("date"), widget=DateInput(), initial=dt.date.today)
    note = forms.CharField(
        label=_("note or reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    exit_reason = forms.ChoiceField(
        label=_("reason for closing"), choices=[("", "—"), *ExitReason.choices], required=False
    )


class HouseholdForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=50)
    relation = forms.CharField(label=_("relation"), max_length=20)
    id_number = forms.CharField(label=_("ID number"), max_length=32, required=False)
    birth_year = forms.IntegerField(label=_("year of birth"), required=False, min_value=1900)
    occupation = forms.CharField(label=_("work or school"), max_length=50, required=False)
    health = forms.CharField(label=_("health"), max_length=50, required=False)
    monthly_income = forms.DecimalField(label=_("income per month"), initial=0, **MONEY)


class MeasureForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = HelpMeasure
        fields = ["kind", "text", "owner", "due"]
        widgets = {"due": DateInput()}


class MeasureDoneForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("done on"), widget=DateInput(), initial=dt.date.today)
    result = forms.CharField(label=_("result"), max_length=300)


class ReviewForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CaseReview
        fields = ["date", "outcome", "note"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}


class DocumentForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=CaseDocument.Kind.choices)
    upload = forms.FileField(label=_("file"))


class VisitForm(BootstrapMixin, forms.ModelForm):
    member = MemberChoiceField(label=_("member visited"), widget=forms.HiddenInput)
    # One reason for both kinds of exception: welfare's own (above the standard, a
    # repeated occasion: the chair's) and the books' (beyond the budget: kept on the voucher).
    override_reason = forms.CharField(
        label=_("reason for going ahead"),
        max_length=300,
        required=False,
        help_text=_(
            "Needed above the standard or on a repeated occasion (the chair decides), and "
            "beyond the budget; kept for the audit committee."
        ),
    )

    class Meta:
        model = Visit
        fields = [
            "occasion",
            "festival",
            "event_date",
            "date",
            "visitors",
            "form",
            "amount",
            "goods",
            "fund",
            "signed_off",
            "receipt",
            "note",
        ]
        widgets = {"date": DateInput(), "event_date": DateInput()}

    field_order = ["member"]

    def __init__(self, *args, funds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = funds if funds is not None else self.fields["fund"].queryset
        self.fields["fund"].required = False
        self.fields["date"].initial = dt.date.today


class ReverseForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=150)


class BatchForm(BootstrapMixin, forms.ModelForm):
    selection = forms.ChoiceField(
        label=pgettext_lazy("batch recipients", "for"),
        choices=[
            ("all", _("All members on the roll")),
            ("group", _("Groups or departments chosen")),
            ("retirees", _("Retired members")),
            ("hardship", _("Households on file (在档帮扶)")),
        ],
    )
    group = GroupsField(
        label=_("groups or departments"),
        required=False,
        help_text=_("Type part of a name (质检部, 一车间); tick one or more of those found."),
    )

    class Meta:
        model = Batch
        fields = [
            "title",
            "occasion",
            "festival",
            "date",
            "form",
            "amount",
            "goods",
            "fund",
            "visitors",
        ]
        widgets = {"date": DateInput()}

    def __init__(self, *args, funds=None, may_read_cases=True, union=None, search_url="", **kwargs):
        super().__init__(*args, **kwargs)
        picker = self.fields["group"].widget
        picker.union, picker.search_url = union, search_url
        if funds is not None:
            self.fields["fund"].queryset = funds
        self.fields["fund"].required = False
        if not may_read_cases:
            self.fields["selection"].choices = [
                c for c in self.fields["selection"].choices if c[0] != "hardship"
            ]

    def clean(self):
        data = super().clean()
        if data.get("selection") != "group":
            data["group"] = []
        elif not data.get("group") and "group" not in self.errors:
            self.add_error("group", _("Choose at least one group: type part of its name."))
        return data


class LineForm(BootstrapMixin, forms.Form):
    amount = forms.DecimalField(label=_("amount or value (yuan)"), **MONEY)
    goods = forms.CharField(label=_("goods"), max_length=200, required=False)


class PayForm(BootstrapMixin, forms.Form):
    """The payer confirms the number of people and the total shown to them: the batch is
    paid only if it still has those figures."""

    confirm = {"required": _("Confirm the number of people and the total shown.")}
    count = forms.IntegerField(min_value=0, widget=forms.HiddenInput, error_messages=confirm)
    total = forms.DecimalField(
        max_digits=14, decimal_places=2, widget=forms.HiddenInput, error_messages=confirm
    )
    override_reason = forms.CharField(
        label=_("reason for going ahead"),
        max_length=300,
        required=False,
        help_text=_(
            "Needed above the standard or on a repeated occasion (the chair decides), and "
            "beyond the budget; kept for the audit committee."
        ),
    )


class RegionLineForm(BootstrapMixin, forms.Form):
    region = forms.CharField(label=_("region"), max_length=30, required=False)
    effective_from = forms.DateField(label=_("effective from"), widget=DateInput())
    dibao_monthly = forms.DecimalField(
        label=_("minimum living line (低保) per person and month"), **MONEY
    )
    low_income_monthly = forms.DecimalField(
        label=_("low-income line per person and month"),
        required=False,
        **MONEY,
        help_text=_("Empty: twice the minimum living line."),
    )
    accident_ratio = forms.DecimalField(
        label=_("accident hardship: share of the household income"),
        max_digits=3,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal(1),
        required=False,
    )
    source = forms.CharField(label=_("source"), max_length=200)


class SettingsForm(BootstrapMixin, forms.Form):
    must_visit = forms.MultipleChoiceField(
        label=_("must-visit occasions (五必访)"),
        choices=rules.OCCASION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    reminder_ages = forms.CharField(
        label=_("ages to remind of"), required=False, help_text=_("For example: 50, 60")
    )
    retirement_age_male = forms.IntegerField(
        label=_("retirement age, men"), min_value=40, max_value=70
    )
    retirement_age_female = forms.IntegerField(
        label=_("retirement age, women"), min_value=40, max_value=70
    )
    long_sick_days = forms.IntegerField(
        label=_("long sick leave after (days)"), min_value=1, max_value=365
    )

    def clean_reminder_ages(self):
        raw = self.cleaned_data.get("reminder_ages") or ""
        parts = [p for p in raw.replace("，", ",").replace(" ", ",").split(",") if p]
        try:
            ages = sorted({int(p) for p in parts})
        except ValueError:
            raise forms.ValidationError(_("Enter whole numbers separated by commas.")) from None
        return ages


class SickLeaveForm(BootstrapMixin, forms.Form):
    member = MemberChoiceField(label=_("member"), widget=forms.HiddenInput)
    start = forms.DateField(label=_("from"), widget=DateInput())
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class SickLeaveEndForm(BootstrapMixin, forms.Form):
    end = forms.DateField(label=_("back at work on"), widget=DateInput(), initial=dt.date.today)
