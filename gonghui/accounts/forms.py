from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.forms import BootstrapMixin
from gonghui.orgs.models import Organisation

from .permissions import ROLES
from .selectors import account_by_login


class LoginForm(BootstrapMixin, AuthenticationForm):
    username = forms.CharField(label=_("Username or mobile number"), max_length=150)

    error_messages = {
        "invalid_login": _("The username/mobile number or the password is wrong."),
        "inactive": _("This account is disabled."),
    }


class OTPTokenForm(BootstrapMixin, forms.Form):
    token = forms.CharField(
        label=_("One-time code"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class RoleGrantForm(BootstrapMixin, forms.Form):
    login = forms.CharField(label=_("Username or mobile number"), max_length=150)
    role = forms.ChoiceField(label=_("Role"))
    org = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation._base_manager.none()
    )  # set per request in __init__

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access
        # Nobody can hand out more than they hold.
        self.fields["role"].choices = [
            (r.code, r.name) for r in ROLES.values() if r.permissions <= access.permissions
        ]
        self.fields["org"].queryset = Organisation.objects.order_by(
            "path"
        )  # the scope: own subtree
        self.fields["org"].initial = access.org.pk

    def clean_login(self):
        user = account_by_login(self.cleaned_data["login"])
        if user is None:
            raise forms.ValidationError(_("No active account with this username or mobile number."))
        return user


class ApiTokenForm(BootstrapMixin, forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the script or computer that uses it."),
    )


class StyledPasswordChangeForm(BootstrapMixin, PasswordChangeForm):
    pass
