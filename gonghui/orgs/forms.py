from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import RoleAssignment, User
from gonghui.core.forms import BootstrapMixin, DateInput

from .models import ALLOWED_PARENTS, CommitteeSeat, CommitteeTerm, Organisation


class OrganisationForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "code",
            "name",
            "kind",
            "unit_name",
            "unit_type",
            "credit_code",
            "founded_on",
            "region",
            "require_2fa",
        ]
        widgets = {"founded_on": DateInput()}

    def __init__(self, *args, parent: Organisation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        if parent is not None and "kind" in self.fields:
            allowed = [k for k, parents in ALLOWED_PARENTS.items() if parent.kind in parents]
            self.fields["kind"].choices = [
                c for c in self.fields["kind"].choices if c[0] in allowed
            ]
            self.instance.parent = parent

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class OrganisationEditForm(OrganisationForm):
    class Meta(OrganisationForm.Meta):
        fields = [
            "name",
            "unit_name",
            "unit_type",
            "credit_code",
            "founded_on",
            "region",
            "require_2fa",
        ]


class CommitteeTermForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CommitteeTerm
        fields = ["number", "start_date", "end_date", "note"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class CommitteeSeatForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CommitteeSeat
        fields = ["person_name", "position", "portfolio", "user", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].required = False
        self.fields["user"].help_text = _("Optional: the login of this person.")
        # Only accounts that hold a role in this union's scope can be linked.
        user_ids = RoleAssignment.objects.values_list("user_id", flat=True)
        self.fields["user"].queryset = User.objects.filter(pk__in=user_ids).order_by("username")
