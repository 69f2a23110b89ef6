"""Forms of the finance pages: the voucher with its lines, the reasons and dates the
actions take, the sub-account, and the filters of the lists and reports.

Amounts stay text here: the services read them as people type them (1,234.5 / ￥12) and
name the line when one is wrong, so the page keeps what was typed and says why.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.forms import BootstrapMixin, DateInput
from gonghui.core.params import YEAR_MAX, YEAR_MIN

from . import chart
from .models import VoucherState
from .services import MAX_LINES

# Rows a new voucher starts with: enough for most vouchers without any script.
BLANK_ROWS = 6
RESTRICTED_CHOICES = [
    ("", "—"),
    ("1", _("Special-purpose (专项)")),
    ("0", _("Not special-purpose (非专项)")),
]
MONTH_CHOICES = [(m, f"{m}月") for m in range(1, 13)]


def account_choices(accounts: dict[str, chart.Account], *, keep: tuple[str, ...] = ()) -> list:
    """The leaf accounts a line may take, grouped under their first-level account and
    shown as "编码 名称"; `keep` adds codes a saved line holds that are no longer leaves
    (the service says why when the voucher is saved again)."""
    everything = accounts.values()
    groups: dict[str, list] = {}
    for account in accounts.values():
        if chart.is_leaf(account.code, everything):
            groups.setdefault(account.top, []).append(
                (account.code, f"{account.code} {account.name}")
            )
    choices: list = [("", _("Choose an account"))]
    for top, items in groups.items():
        first = accounts.get(top) or chart.account(top)
        choices.append((f"{top} {first.name}" if first else top, items))
    leaves = {code for items in groups.values() for code, _label in items}
    for code in keep:
        if code and code not in leaves:
            known = accounts.get(code) or chart.account(code)
            choices.append((code, f"{code} {known.name}" if known else code))
    return choices


class VoucherForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("voucher date"), widget=DateInput())
    summary = forms.CharField(
        label=_("summary"), max_length=200, help_text=_("What the voucher records (摘要).")
    )
    attachments_count = forms.IntegerField(
        label=_("attached documents"),
        min_value=0,
        max_value=999,
        required=False,
        help_text=_("Receipts and other documents kept with the voucher (附单据张数)."),
    )

    def __init__(self, *args, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("date", timezone.localdate())
        initial.setdefault("attachments_count", 0)
        super().__init__(*args, **kwargs)


class LineForm(BootstrapMixin, forms.Form):
    """One line: an account, an amount on one side, and what the account needs."""

    account = forms.ChoiceField(label=pgettext_lazy("books", "account"), choices=())
    summary = forms.CharField(label=_("summary"), max_length=200, required=False)
    debit = forms.CharField(label=_("debit"), max_length=30, required=False)
    credit = forms.CharField(label=_("credit"), max_length=30, required=False)
    restricted = forms.ChoiceField(
        label=_("special-purpose or not"), choices=RESTRICTED_CHOICES, required=False
    )
    project = forms.ModelChoiceField(
        label=_("project"), queryset=None, required=False, empty_label="—"
    )
    payee = forms.CharField(label=_("payee or payer"), max_length=100, required=False)
    # Kept as they came (a payout's fund, an economic class) when a returned voucher is
    # edited: the page does not ask for them, and rewriting the lines must not drop them.
    fund = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    economic_class = forms.CharField(max_length=8, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, accounts=(), projects=None, funds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = accounts
        self.fields["project"].queryset = projects
        self.fields["fund"].queryset = funds
        for name in ("debit", "credit"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            # Small controls in a table row; the header names the column, the input too.
            small = (
                "form-select form-select-sm"
                if isinstance(widget, forms.Select)
                else ("form-control form-control-sm")
            )
            widget.attrs["class"] = small + (" text-end" if name in ("debit", "credit") else "")
            widget.attrs["aria-label"] = str(field.label)

    def restricted_value(self) -> bool | None:
        return {"1": True, "0": False}.get(self.cleaned_data.get("restricted") or "")


class BaseLineFormSet(forms.BaseFormSet):
    """Every posted row may stay blank (the service counts the lines that are filled), so
    none is an "initial" form that would have to be filled in."""

    def initial_form_count(self):
        return 0 if self.is_bound else super().initial_form_count()

    def filled(self) -> list[LineForm]:
        return [f for f in self.forms if f.has_changed() and f.is_valid()]


def line_formset(extra: int):
    return forms.formset_factory(
        LineForm,
        formset=BaseLineFormSet,
        extra=extra,
        max_num=MAX_LINES,
        absolute_max=MAX_LINES,
        validate_max=True,
    )


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=200)


class ReverseForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("date of the reversal"), widget=DateInput())
    reason = forms.CharField(label=_("reason"), max_length=120)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)


class SubAccountForm(BootstrapMixin, forms.Form):
    parent_code = forms.ChoiceField(label=_("under the account"), choices=())
    code = forms.CharField(
        label=_("account code"),
        max_length=12,
        help_text=_("The parent's code and two more digits, e.g. 10201."),
    )
    name = forms.CharField(label=_("account name"), max_length=60)

    def __init__(self, *args, accounts: dict[str, chart.Account], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent_code"].choices = [("", _("Choose an account"))] + [
            (a.code, f"{a.code} {a.name}") for a in accounts.values()
        ]


class VoucherFilterForm(BootstrapMixin, forms.Form):
    """The voucher list's filters; a value that is not one of the choices is ignored."""

    year = forms.TypedChoiceField(label=_("year"), coerce=int, required=False, choices=())
    month = forms.TypedChoiceField(
        label=_("month"), coerce=int, required=False, choices=[("", _("All months"))]
    )
    state = forms.ChoiceField(
        label=_("state"),
        required=False,
        choices=[("", _("All states")), *VoucherState.choices],
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, f"{y}年") for y in years]
        self.fields["month"].choices = [("", _("All months")), *MONTH_CHOICES]
        for field in self.fields.values():
            field.widget.attrs.update(
                {"class": "form-select form-select-sm", "aria-label": field.label}
            )


class PeriodForm(BootstrapMixin, forms.Form):
    """A year and a month (the statements also take the whole year)."""

    year = forms.TypedChoiceField(label=_("year"), coerce=int, choices=())
    month = forms.TypedChoiceField(label=_("month"), coerce=int, required=False, choices=())

    def __init__(self, *args, years, whole_year: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年") for y in years]
        months = list(MONTH_CHOICES)
        if whole_year:
            months = [("", _("The whole year")), *months]
        else:
            self.fields["month"].required = True
        self.fields["month"].choices = months
        for field in self.fields.values():
            field.widget.attrs.update(
                {"class": "form-select form-select-sm", "aria-label": field.label}
            )


def year_choices(today=None, *, around: int | None = None) -> list[int]:
    """This year and five before it, and `around` (a year asked for) when it is outside."""
    this = (today or timezone.localdate()).year
    years = set(range(this - 5, this + 1))
    if around is not None and YEAR_MIN <= around <= YEAR_MAX:
        years.add(around)
    return sorted(years, reverse=True)
