from __future__ import annotations

from django import template

from gonghui.voting.models import Choice

register = template.Library()

_CHOICES = dict(Choice.choices)


@register.filter
def choice_label(value: str) -> str:
    return _CHOICES.get(value, value or "—")
