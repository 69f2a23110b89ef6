from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin

from . import rules

YEARS_OFFERED = 6  # this year and the five before (an inspection looks back a term)


class BinderForm(BootstrapMixin, forms.Form):
    union = forms.ChoiceField(label=_("Union"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, unions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].choices = [(u.code, u.name) for u in unions]
        this_year = timezone.localdate().year
        first = max(rules.FIRST_YEAR, this_year - YEARS_OFFERED + 1)
        self.fields["year"].choices = [(y, f"{y}") for y in range(this_year, first - 1, -1)]
        self.fields["year"].initial = this_year
