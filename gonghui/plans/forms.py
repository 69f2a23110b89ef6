from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.forms import BootstrapMixin, DateInput

from .models import TERM_CHOICES, Section, TaskStatus
from .parsing.quantities import find_quantities
from .taxonomy import CATEGORIES

MONTH_CHOICES = [(m, _("Month %(m)s") % {"m": m}) for m in range(1, 13)]


class ImportForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    file = forms.FileField(
        label=_("Plan document (.docx or .txt)"),
        required=False,
        help_text=_("Or paste the text below."),
    )
    text = forms.CharField(
        label=_("Plan text"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    title = forms.CharField(label=_("Title (optional)"), required=False, max_length=200)
    as_kind = forms.ChoiceField(
        label=_("Import as"),
        required=False,
        choices=[
            ("", _("Recognise it (a summary or report is not imported as a plan)")),
            ("plan", _("A work plan")),
            ("summary", _("The year-end summary of the year above")),
        ],
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label=_("Replace the summary of that year if there is one"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean_file(self):
        from .parsing import MAX_PLAN_BYTES

        upload = self.cleaned_data.get("file")
        # Refused before it is read into memory; the parser refuses larger texts too.
        if upload and upload.size > MAX_PLAN_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB; a work plan is far smaller. Check the file.")
                % {"mb": MAX_PLAN_BYTES // (1024 * 1024)}
            )
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste the text of the plan."))
        return data

    def document(self) -> tuple[bytes, str]:
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(), upload.name
        return self.cleaned_data["text"].encode("utf-8"), ""


class PlanForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    start_month = forms.TypedChoiceField(
        label=_("The plan covers"),
        choices=[
            (1, _("A calendar year (January to December)")),
            (9, _("A school year (September to August of the next year)")),
        ],
        coerce=int,
        initial=1,
    )


class TaskForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ChoiceField(label=_("Category"), choices=CATEGORIES)
    months = forms.TypedMultipleChoiceField(
        label=_("Months"),
        choices=MONTH_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "gh-months"}),
    )
    term = forms.ChoiceField(label=_("Term"), choices=[("", "—"), *TERM_CHOICES], required=False)
    quantities = forms.CharField(
        label=_("Quantities"),
        required=False,
        max_length=200,
        help_text=_("Separated by ；, for example: 500人；70650元；两次. Leave empty for none."),
    )
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    section = forms.ModelChoiceField(label=_("Section"), queryset=None, required=False)

    def __init__(self, *args, plan, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["section"].queryset = Section.objects.filter(plan=plan).order_by("position")

    @staticmethod
    def quantities_text(quantities: list[dict]) -> str:
        return "；".join(f"{q['value']}{q['unit']}" for q in quantities)

    def clean_quantities(self) -> list[dict]:
        """Each part must read as one number with a unit, the way the parser reads plans."""
        text = self.cleaned_data.get("quantities") or ""
        found = []
        for part in re.split(r"[；;，,、\s]+", text):
            if not part:
                continue
            read = find_quantities(part)
            if len(read) != 1:
                raise forms.ValidationError(
                    _("%(part)s is not a number with a unit (such as 500人 or 两次).")
                    % {"part": part}
                )
            found.append(read[0].to_dict())
        return found


class SplitForm(BootstrapMixin, forms.Form):
    parts = forms.CharField(
        label=_("One task per line"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_parts(self):
        return [line for line in self.cleaned_data["parts"].splitlines() if line.strip()]


class SectionForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_("Number"), max_length=20, required=False)
    title = forms.CharField(label=_("Title"), max_length=300)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=TaskStatus.choices)


class RecordForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    participants = forms.IntegerField(label=_("Participants"), min_value=0, required=False)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )


class SummaryForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 30}))
