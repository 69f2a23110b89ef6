from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, DateInput
from gonghui.orgs.models import UnitType

from . import rules
from .models import TargetMode


class SchemeForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    year = forms.IntegerField(label=_("Year assessed"), min_value=2000, max_value=2100)
    instructions = forms.CharField(
        label=_("Instructions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(label=_("Self-assessment deadline"), widget=DateInput())
    target_mode = forms.ChoiceField(
        label=_("Send to"), choices=TargetMode.choices, widget=forms.RadioSelect
    )
    unit_types = forms.MultipleChoiceField(
        label=_("Unit types"),
        choices=UnitType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    codes = forms.CharField(
        label=_("Union codes"),
        required=False,
        help_text=_("Codes of the chosen unions, separated by commas or spaces."),
    )
    lines = forms.CharField(
        label=_("Scoring items"),
        widget=forms.Textarea(attrs={"rows": 16, "class": "font-monospace"}),
        help_text=_(
            "A section title starts with #; then one item a line: "
            "code|text|points|evidence|scoring guidance. Evidence: 无, 附件, 记录, 附件或记录."
        ),
    )
    source = forms.CharField(label=_("Source of the criteria"), required=False, max_length=300)

    @classmethod
    def initial_for(cls, scheme=None) -> dict:
        if scheme is None:
            items = rules.model_home()
            return {
                "title": f"{timezone.localdate().year}年度模范职工之家考核",
                "year": timezone.localdate().year,
                "target_mode": TargetMode.SUBTREE,
                "lines": rules.to_lines(items),
                "source": items.get("source", ""),
            }
        return {
            "title": scheme.title,
            "year": scheme.year,
            "instructions": scheme.instructions,
            "deadline": scheme.deadline,
            "target_mode": scheme.target_mode,
            "unit_types": scheme.target_filter
            if scheme.target_mode == TargetMode.UNIT_TYPE
            else [],
            "codes": " ".join(scheme.target_filter)
            if scheme.target_mode == TargetMode.LIST
            else "",
            "lines": rules.to_lines(scheme.items),
            "source": (scheme.items or {}).get("source", ""),
        }

    def clean(self):
        data = super().clean()
        mode = data.get("target_mode")
        if mode == TargetMode.UNIT_TYPE:
            data["target_filter"] = list(data.get("unit_types") or [])
            if not data["target_filter"]:
                self.add_error("unit_types", _("Choose at least one unit type."))
        elif mode == TargetMode.LIST:
            data["target_filter"] = [
                c for c in re.split(r"[\s,，、]+", data.get("codes") or "") if c
            ]
            if not data["target_filter"]:
                self.add_error("codes", _("Name at least one union."))
        else:
            data["target_filter"] = []
        if data.get("lines"):
            try:
                data["items"] = rules.parse_lines(data["lines"], data.get("source") or "")
            except rules.SchemeError as exc:
                self.add_error("lines", str(exc))
        return data

    def service_data(self) -> dict:
        d = self.cleaned_data
        keys = ("title", "year", "instructions", "deadline", "target_mode", "target_filter")
        return {k: d.get(k) for k in keys} | {"items": d.get("items")}


class CommentForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def posted_scores(items: dict, post, prefix: str = "score_") -> dict:
    """What a scoring page posted: score_<code> (and note_<code> on the union's page)."""
    out = {}
    for item in rules.flat(items):
        code = item["code"]
        score = post.get(f"{prefix}{code}", "")
        note = post.get(f"note_{code}")
        out[code] = {"score": score, "note": note} if note is not None else score
    return out
