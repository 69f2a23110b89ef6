"""What every form of the project shares: Bootstrap classes, the date input, and `run`.

`run(form, service, **kwargs)` calls a workflow with the form's data and puts a refusal
(`DomainError`) on the form, on its field where the error names one, so a page keeps
what was typed and says why, without a try/except in every view:

    if form.is_valid() and (member := run(form, services.member_create, actor=..., ...)):
        return redirect(...)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms

from .errors import DomainError

T = TypeVar("T")


# Django's blank choice "---------" reads as a glitch to a cadre: a dash says "none".
BLANK_LABEL = "—"


class BootstrapMixin:
    """Give every widget its Bootstrap class so templates stay plain, and show a blank
    choice as a dash rather than Django's "---------"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "empty_label", None) == "---------":
                field.empty_label = BLANK_LABEL
            elif isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                choices = list(field.choices)
                if choices and choices[0] == ("", "---------"):
                    field.choices = [("", BLANK_LABEL), *choices[1:]]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue  # the template lays out each choice
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class DateInput(forms.DateInput):
    """A browser date picker; the value in ISO form, which that picker needs."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def run(form: forms.Form, service: Callable[..., T], /, **kwargs) -> T | None:
    """`service(**kwargs)`, or None with the refusal added to `form`."""
    try:
        return service(**kwargs)
    except DomainError as exc:
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, exc.message)
        return None
