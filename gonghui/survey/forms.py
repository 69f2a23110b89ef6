from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.forms import BootstrapMixin, DateInput


def _default_year() -> int:
    # The period that ended last: 30 September of this year once it has passed.
    today = timezone.localdate()
    return today.year if today.month >= 10 else today.year - 1


class OpenForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(
        label=pgettext_lazy("survey", "Survey year"), min_value=2000, max_value=2100
    )
    start_date = forms.DateField(label=_("Period starts"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("Period ends"), required=False, widget=DateInput())
    deadline = forms.DateField(
        label=pgettext_lazy("survey", "Deadline"), required=False, widget=DateInput()
    )
    eligible_units = forms.IntegerField(
        label=_("Units that should have a union"), required=False, min_value=0
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = _default_year()

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class CommentForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(
        label=pgettext_lazy("survey", "Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
