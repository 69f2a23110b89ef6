"""A blank choice shows as a dash, never Django's "---------" (issue #14: the dues fund
select; the plan task's owner and section)."""

from django import forms
from django.db import models

from gonghui.core.forms import BLANK_LABEL, BootstrapMixin
from gonghui.core.scoping import unscoped
from gonghui.orgs.models import Organisation


class _Form(BootstrapMixin, forms.Form):
    org = forms.ModelChoiceField(queryset=None, required=False)
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "甲")], required=False)
    fixed = forms.ModelChoiceField(queryset=None, empty_label="不限")


def test_blank_choices_show_a_dash(db):
    with unscoped():
        form = _Form()
        for name in ("org", "fixed"):
            form.fields[name].queryset = Organisation.objects.none()
        html = str(form["org"]) + str(form["kind"]) + str(form["fixed"])
    assert "---------" not in html
    assert html.count(f">{BLANK_LABEL}<") == 2 and ">不限<" in html


def test_model_form_choices_too():
    class Thing(models.Model):
        kind = models.CharField(max_length=2, choices=[("a", "甲")], blank=True)

        class Meta:
            app_label = "core"
            managed = False

        def __str__(self) -> str:
            return self.kind

    class ThingForm(BootstrapMixin, forms.ModelForm):
        class Meta:
            model = Thing
            fields = ["kind"]

    assert "---------" not in str(ThingForm()["kind"])
