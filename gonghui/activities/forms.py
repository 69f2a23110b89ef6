from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.funds.forms import OverrideReasonMixin
from gonghui.orgs.forms import BootstrapMixin
from gonghui.orgs.models import Organisation, OrgKind

from .models import Activity
from .services import EDITABLE_FIELDS


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ActivityForm(BootstrapMixin, forms.ModelForm):
    groups = forms.ModelMultipleChoiceField(
        label=_("only these groups"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("None chosen: the whole organisation."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Activity
        fields = [*EDITABLE_FIELDS]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "signup_opens_at": DateTimeInput(),
            "signup_closes_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, org: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = Organisation.objects.filter(
            path__startswith=org.path, kind__in=[OrgKind.BRANCH, OrgKind.GROUP]
        ).order_by("path")
        if self.instance.pk:
            self.fields["groups"].initial = list(self.instance.groups.values_list("pk", flat=True))
        self.fields["groups"].widget.attrs["class"] = "form-select"


class RecordForm(OverrideReasonMixin, BootstrapMixin, forms.Form):
    """The report and the actual cost; the reason when the books' checks object to the
    cost (OverrideReasonMixin)."""

    report = forms.CharField(
        label=_("Short report"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was done, who came, the effect: the record the ledger (台账) keeps."),
    )
    actual_cost = forms.DecimalField(
        label=_("Actual cost (yuan)"),
        max_digits=12,
        decimal_places=2,
        required=False,
        min_value=0,
        help_text=_(
            "Saved as a payout voucher for the accountant to review; a changed cost reverses "
            "the earlier voucher."
        ),
    )


class UploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("File"))
    is_photo = forms.BooleanField(label=_("This is a photo of the activity"), required=False)
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class SignupForm(BootstrapMixin, forms.Form):
    family_count = forms.IntegerField(
        label=_("Family members coming with me"), min_value=0, max_value=20, initial=0
    )
    family_names = forms.CharField(label=_("Their names"), max_length=200, required=False)

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        if not activity.family_allowed:
            del self.fields["family_count"]
            del self.fields["family_names"]
        else:
            self.fields["family_count"].widget.attrs["max"] = activity.family_max
            self.fields["family_count"].widget.attrs["inputmode"] = "numeric"
