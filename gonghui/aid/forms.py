from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, DateInput
from gonghui.core.params import YEAR_MAX, YEAR_MIN
from gonghui.funds.forms import OverrideReasonMixin
from gonghui.members.models import ON_ROLL, Member

from . import rules

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": 0}
_CARD = re.compile(r"[A-Z]\d{4}\d+", re.IGNORECASE)


def member_label(m: Member) -> str:
    return f"{m.name} · {m.card_number}" if m.card_number else m.name


def find_member(union, text: str) -> Member:
    """A member of `union` by "name · card number", card number or unique name."""
    text = (text or "").strip()
    qs = Member.objects.filter(org__path__startswith=union.path, status__in=ON_ROLL)
    card = _CARD.search(text)
    if card:
        found = list(qs.filter(card_number__iexact=card.group(0))[:2])
    else:
        found = list(qs.filter(name=text.split("·")[0].strip())[:2])
    if not found:
        raise forms.ValidationError(_("No member of this union matches “%(q)s”.") % {"q": text})
    if len(found) > 1:
        raise forms.ValidationError(
            _("Several members are called %(q)s: choose one with the card number.") % {"q": text}
        )
    return found[0]


class StyledForm(BootstrapMixin, forms.Form):
    """Bootstrap classes on every widget."""


class MemberField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Member"))
        kwargs.setdefault(
            "help_text", _("Type the name or member card number and pick from the list.")
        )
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"list": "aid-members", "autocomplete": "off"})


class RoundForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    opens_on = forms.DateField(label=_("Applications open"), widget=DateInput)
    closes_on = forms.DateField(label=_("Applications close"), widget=DateInput)
    standards_source = forms.CharField(
        label=_("Source of the amounts"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The document the standards come from (金秋助学 amounts are local)."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in rules.LEVELS:
            self.fields[f"std_{code}"] = forms.DecimalField(
                label=label,
                required=False,
                help_text=_("yuan; empty: not covered"),
                widget=forms.NumberInput(attrs={"class": "form-control"}),
                **MONEY,
            )

    def standards(self) -> dict:
        return {
            code: self.cleaned_data.get(f"std_{code}")
            for code in rules.LEVEL_CODES
            if self.cleaned_data.get(f"std_{code}") is not None
        }

    def standard_fields(self):
        return [self[f"std_{code}"] for code in rules.LEVEL_CODES]

    @classmethod
    def initial_for(cls, rnd=None, year=None) -> dict:
        if rnd is None:
            year = year or dt.date.today().year
            return {
                "name": f"{year}年金秋助学",
                "year": year,
                "opens_on": dt.date(year, 7, 1),
                "closes_on": dt.date(year, 9, 30),
                "standards_source": rules.DEFAULT_STANDARDS_SOURCE,
                **{f"std_{k}": v for k, v in rules.DEFAULT_STANDARDS.items()},
            }
        return {
            "name": rnd.name,
            "year": rnd.year,
            "opens_on": rnd.opens_on,
            "closes_on": rnd.closes_on,
            "standards_source": rnd.standards_source,
            "note": rnd.note,
            **{f"std_{k}": v for k, v in rnd.standards().items()},
        }


class ApplicationForm(StyledForm):
    member = MemberField()
    child_name = forms.CharField(label=_("Child's name"), max_length=50)
    school = forms.CharField(label=_("School"), max_length=100)
    level = forms.ChoiceField(label=_("School level"), choices=())
    enrolled_on = forms.DateField(label=_("Admission date"), required=False, widget=DateInput)
    household_size = forms.IntegerField(label=_("Household size"), min_value=1, initial=3)
    income_per_head = forms.DecimalField(
        label=_("Monthly household income per head (yuan)"),
        help_text=_("(Yearly disposable income − rigid costs) ÷ 12 ÷ household size."),
        **MONEY,
    )
    hardship_file = forms.BooleanField(label=_("The household has a hardship file"), required=False)
    proof = forms.FileField(
        label=_("Admission proof"),
        help_text=_("Admission letter or student card: PDF, JPG or PNG, at most 10 MB."),
    )

    def __init__(self, *args, rnd, **kwargs):
        super().__init__(*args, **kwargs)
        self.rnd = rnd
        labels = dict(rules.LEVELS)
        self.fields["level"].choices = [
            (level, f"{labels[level]}（{amount}元）") for level, amount in rnd.standards().items()
        ]

    def clean_member(self):
        return find_member(self.rnd.org, self.cleaned_data["member"])


class DecideForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Not approve"))]
    )
    amount = forms.DecimalField(
        label=_("Amount (yuan)"),
        required=False,
        help_text=_("Empty: the round's standard."),
        **MONEY,
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        # The services' word for it: approve or not.
        data["approve"] = data.pop("decision", None) == "approve"
        return data


class ClaimDecideForm(DecideForm):
    """A claim's payout is the rules' (no amount to give)."""

    amount = None


class PayForm(OverrideReasonMixin, StyledForm):
    """A payment: the fund and the date; the reason when the books' checks object."""

    fund = forms.ModelChoiceField(label=_("Pay from"), queryset=None, empty_label=None)
    date = forms.DateField(label=_("Date"), widget=DateInput)

    def __init__(self, *args, funds, **kwargs):
        kwargs.setdefault("initial", {"date": dt.date.today()})
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = funds


class ClaimPayForm(OverrideReasonMixin, StyledForm):
    """A claim is paid from its scheme's fund; without a date, today. The reason when the
    books' checks object."""

    date = forms.DateField(label=_("Date"), required=False, widget=DateInput)


class ReverseForm(StyledForm):
    reason = forms.CharField(label=_("Reason for the reversal"), max_length=150)


class SchemeForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    fund = forms.ModelChoiceField(label=_("Medical aid fund"), queryset=None, empty_label=None)
    contribution = forms.DecimalField(label=_("Contribution per member (yuan)"), **MONEY)
    deductible = forms.DecimalField(label=_("Deductible per claim (起付线, yuan)"), **MONEY)
    brackets = forms.CharField(
        label=_("Reimbursement brackets"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One line per bracket: the upper limit of the counted amount and its rate, "
            "e.g. “10000 50%”; “* 70%” for everything above."
        ),
    )
    yearly_cap = forms.DecimalField(label=_("Yearly cap per member (yuan)"), **MONEY)
    categories = forms.MultipleChoiceField(
        label=_("Bill categories that count"),
        choices=rules.BILL_CATEGORIES,
        widget=forms.CheckboxSelectMultiple,
    )
    rules_source = forms.CharField(
        label=_("Where the rules come from"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, funds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = funds

    def clean(self):
        data = super().clean()
        if "brackets" in data:
            try:
                data["rules"] = rules.MedicalRules(
                    deductible=data.get("deductible") or rules.ZERO,
                    brackets=rules.parse_brackets(data["brackets"]),
                    yearly_cap=data.get("yearly_cap") or rules.ZERO,
                    categories=frozenset(data.get("categories") or ()),
                )
                rules.validate_rules(data["rules"])
            except rules.RuleError as exc:
                self.add_error("brackets", str(exc))
        return data

    @classmethod
    def initial_for(cls, scheme=None, year=None) -> dict:
        if scheme is None:
            year = year or dt.date.today().year
            r = rules.DEFAULT_MEDICAL
            return {
                "name": f"{year}年职工医疗互助",
                "year": year,
                "contribution": rules.DEFAULT_CONTRIBUTION,
                "deductible": r.deductible,
                "brackets": rules.format_brackets(r.brackets),
                "yearly_cap": r.yearly_cap,
                "categories": sorted(r.categories),
                "rules_source": rules.DEFAULT_MEDICAL_SOURCE,
            }
        r = scheme.rules
        return {
            "name": scheme.name,
            "year": scheme.year,
            "fund": scheme.fund_id,
            "contribution": scheme.contribution,
            "deductible": r.deductible,
            "brackets": rules.format_brackets(r.brackets),
            "yearly_cap": r.yearly_cap,
            "categories": list(scheme.categories),
            "rules_source": scheme.rules_source,
        }


class EnrolForm(StyledForm):
    member = MemberField()
    date = forms.DateField(label=_("Paid on"), widget=DateInput)

    def __init__(self, *args, union, **kwargs):
        kwargs.setdefault("initial", {"date": dt.date.today()})
        super().__init__(*args, **kwargs)
        self.union = union

    def clean_member(self):
        return find_member(self.union, self.cleaned_data["member"])


class BillForm(StyledForm):
    category = forms.ChoiceField(label=_("Category"), choices=rules.BILL_CATEGORIES)
    total = forms.DecimalField(label=_("Bill total (yuan)"), **MONEY)
    eligible = forms.DecimalField(
        label=_("Eligible amount (yuan)"),
        help_text=_("The part the member bears after basic medical insurance."),
        **MONEY,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)
    file = forms.FileField(
        label=_("Scan of the bill"), required=False, help_text=_("PDF, JPG or PNG, at most 10 MB.")
    )

    def bill(self) -> dict:
        return {
            k: self.cleaned_data.get(k) for k in ("category", "total", "eligible", "note", "file")
        }


class ClaimForm(BillForm):
    member = MemberField()
    hospital = forms.CharField(label=_("Hospital"), max_length=100)
    admitted_on = forms.DateField(label=_("Admitted on"), widget=DateInput)
    discharged_on = forms.DateField(label=_("Discharged on"), widget=DateInput)

    field_order = ["member", "hospital", "admitted_on", "discharged_on"]

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.union = union

    def clean_member(self):
        return find_member(self.union, self.cleaned_data["member"])
