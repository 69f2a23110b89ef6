"""Forms of the budget pages. Amounts stay text: the services read them as people type
them (1,234.5 / ￥12) and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.forms import BootstrapMixin, DateInput

from .models import Kind

RESTRICTED_CHOICES = [
    ("0", _("Not special-purpose (非专项)")),
    ("1", _("Special-purpose (专项)")),
]


class CreateForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Kind.choices)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    explanation = forms.CharField(
        label=_("explanatory notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class NotesForm(BootstrapMixin, forms.Form):
    # Shown under the page's own heading 说明书 (aria-labelledby), without a second label.
    explanation = forms.CharField(
        label=_("explanatory notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "aria-labelledby": "explanation-heading"}),
    )


class LineForm(BootstrapMixin, forms.Form):
    account = forms.ChoiceField(label=pgettext_lazy("books", "account"))
    restricted = forms.TypedChoiceField(
        label=_("special-purpose money"),
        choices=RESTRICTED_CHOICES,
        coerce=lambda v: v == "1",
    )
    project = forms.TypedChoiceField(label=_("project"), required=False, coerce=int)
    amount = forms.CharField(label=_("amount"), max_length=20)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, accounts=(), projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = [("", _("Choose an account"))] + [
            (a.code, f"{a.code} {a.name}") for a in accounts
        ]
        self.projects = {p.pk: p for p in projects}
        self.fields["project"].choices = [("", "—")] + [
            (p.pk, f"{p.code} {p.name}") for p in projects
        ]
        self.fields["project"].empty_value = None

    def clean_project(self):
        value = self.cleaned_data.get("project")
        return self.projects.get(value) if value else None


class MeetingForm(BootstrapMixin, forms.Form):
    term = forms.IntegerField(label=_("term (届)"), min_value=1, max_value=999)
    session = forms.IntegerField(label=_("meeting (次)"), min_value=1, max_value=999)
    date = forms.DateField(label=_("meeting date"), widget=DateInput())


class ReviewForm(MeetingForm):
    opinion = forms.CharField(
        label=_("review opinion"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OpinionForm(BootstrapMixin, forms.Form):
    opinion = forms.CharField(
        label=_("review opinion"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)


class CoverForm(BootstrapMixin, forms.Form):
    sign_chair = forms.CharField(label=_("union chair"), max_length=50, required=False)
    sign_finance_head = forms.CharField(label=_("head of finance"), max_length=50, required=False)
    sign_audit_head = forms.CharField(
        label=_("audit committee chair"), max_length=50, required=False
    )
    sign_preparer = forms.CharField(label=_("prepared by (name)"), max_length=50, required=False)
