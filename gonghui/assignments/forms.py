from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, DateInput
from gonghui.orgs.models import UnitType

from . import rules
from .models import Kind, TargetMode

EXAMPLE = "职工人数|数字|必填\n职工之家等级|选择|国家级,省级,市级,未评定\n活动记录|表格|日期:日期,内容:文字,参加人数:数字\n照片|附件"


class AssignmentForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.FORM)
    title = forms.CharField(label=_("Title"), max_length=150)
    instructions = forms.CharField(
        label=_("Instructions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
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
        label=_("Form fields"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 7, "placeholder": EXAMPLE}),
        help_text=_(
            "One field a line: label|type|choices or columns|必填. Types: 文字, 数字, 日期, "
            "选择, 附件, 表格. A task without fields asks for what was done and the proof."
        ),
    )

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
        lines = (data.get("lines") or "").strip()
        if data.get("kind") == Kind.FORM and not lines:
            self.add_error("lines", _("A form needs at least one field."))
        elif lines:
            try:
                data["definition"] = rules.parse_lines(lines)
            except rules.DefinitionError as exc:
                self.add_error("lines", str(exc))
        else:
            data["definition"] = {}
        return data

    @staticmethod
    def initial_of(assignment) -> dict:
        """A draft's fields as the form shows them (its definition as lines)."""
        chosen = assignment.target_filter or []
        return {
            "kind": assignment.kind,
            "title": assignment.title,
            "instructions": assignment.instructions,
            "deadline": assignment.deadline,
            "target_mode": assignment.target_mode,
            "unit_types": chosen if assignment.target_mode == TargetMode.UNIT_TYPE else [],
            "codes": " ".join(chosen) if assignment.target_mode == TargetMode.LIST else "",
            # A task's built-in fields are not the cadre's: left blank, added again.
            "lines": rules.to_lines(assignment.definition) if assignment.kind == Kind.FORM else "",
        }

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {
            k: d.get(k)
            for k in ("kind", "title", "instructions", "deadline", "target_mode", "target_filter")
        } | {"definition": d.get("definition") or {}}


class CommentForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


def raw_values(definition: dict, post) -> dict:
    """What the answer page posted, by field key: text, or a table's rows (inputs named
    <key>__<row>__<column>), blank rows dropped by rules.clean_values."""
    raw: dict = {}
    for field in definition.get("fields", []):
        key = field["key"]
        if field["type"] == "table":
            rows: dict[int, dict] = {}
            prefix = f"{key}__"
            for name in post:
                if not name.startswith(prefix):
                    continue
                parts = name[len(prefix) :].split("__")
                if len(parts) == 2 and parts[0].isdigit() and int(parts[0]) < rules.MAX_ROWS + 1:
                    rows.setdefault(int(parts[0]), {})[parts[1]] = post.get(name, "")
            raw[key] = [rows[i] for i in sorted(rows)]
        elif field["type"] != "file":
            raw[key] = post.get(key, "")
    return raw
