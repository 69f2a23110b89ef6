"""How an entry's field changes are shown: labels, masking, values as text.

Which entries a viewer sees at all is decided in readers.py. Within an entry:

- secret fields (`audit_secret_fields`: credentials, file names of personal proofs) are
  not stored, only a digest that shows the change: always "******";
- sensitive fields (`audit_sensitive_fields`) are masked in lists and histories; the full
  value needs `members.sensitive:read` and an explicit, logged request (reveal), as on a
  member's page. ID numbers and phones are masked as the record pages mask them (region
  and last four, 138****0001); other identifiers keep their ends; names, amounts, dates,
  lists and free text are hidden whole, since any part of them tells too much.
"""

from __future__ import annotations

import re

from django.apps import apps

from gonghui.members import idcard

MASKED = "******"
# A code such as a credit code or an account number: letters and digits only.
_IDENTIFIER = re.compile(r"^[0-9A-Za-z-]{8,}$")


def mask(value) -> str:
    """An identifier with its ends kept (913***********T01Y); short ones masked whole."""
    text = str(value)
    if len(text) <= 4:
        return "*" * len(text)
    return (
        text[:3] + "*" * (len(text) - 7) + text[-4:]
        if len(text) > 7
        else text[:1] + "*" * (len(text) - 2) + text[-1:]
    )


def mask_field(name: str, value):
    """The masked text of a sensitive field's value; None and "" stay as they are."""
    if value in (None, ""):
        return value
    if isinstance(value, str):
        if "id_number" in name:
            return idcard.mask(value)
        if "phone" in name or "mobile" in name:
            return idcard.mask_phone(value)
        if _IDENTIFIER.match(value) and any(c.isdigit() for c in value):
            return mask(value)
    return MASKED


def as_text(value) -> object:
    """A stored value for a page: lists and mappings as text, never a Python repr."""
    if isinstance(value, list | tuple):
        return "、".join(str(as_text(v)) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}: {as_text(v)}" for k, v in value.items())
    return value


def _model(entry):
    if not entry.content_type_id:
        return None
    try:
        return apps.get_model(entry.content_type.app_label, entry.content_type.model)
    except LookupError:  # a model removed since the entry was written
        return None


def change_rows(entry, access=None, *, reveal: bool = False) -> list[tuple[str, object, object]]:
    """Field label, before and after for one audit entry, sensitive values masked.

    Values stay as stored (JSON) unless masked: masked ones are always text."""
    model = _model(entry)
    sensitive = getattr(model, "audit_sensitive_fields", frozenset())
    secret = getattr(model, "audit_secret_fields", frozenset())
    may_see = reveal and access is not None and access.has("members.sensitive:read")
    rows = []
    for name, pair in (entry.changes or {}).items():
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        label = name
        if model is not None:
            try:
                label = str(model._meta.get_field(name).verbose_name)
            except Exception:  # noqa: BLE001 - a field removed since the entry was written
                label = name
        if name in secret:
            # Entries written before the field was declared secret may hold the value.
            before = MASKED if before not in (None, "") else before
            after = MASKED if after not in (None, "") else after
        elif name in sensitive and not may_see:
            before, after = mask_field(name, before), mask_field(name, after)
        rows.append((label, before, after))
    return rows
