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
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.scoping import ScopeError
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


def change_rows(
    entry, access=None, *, reveal: bool = False, labelled: bool = False, names=None
) -> list[tuple[str, object, object]]:
    """Field label, before and after for one audit entry, sensitive values masked.

    Values stay as stored (JSON, for the API) unless masked: masked ones are always text.
    `labelled` (pages) shows choices by their labels and related records by their names;
    `names` carries the names already looked up across the entries of one page."""
    model = _model(entry)
    sensitive = getattr(model, "audit_sensitive_fields", frozenset())
    secret = getattr(model, "audit_secret_fields", frozenset())
    may_see = reveal and access is not None and access.has("members.sensitive:read")
    rows = []
    for name, pair in (entry.changes or {}).items():
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        label, field = name, None
        if model is not None:
            try:
                field = model._meta.get_field(name)
                label = str(field.verbose_name)
            except Exception:  # noqa: BLE001 - a field removed since the entry was written
                label = name
            related = getattr(field, "related_model", None)
            if label == name.replace("_", " ") and related is not None:
                # A relation without a label of its own: named by what it points at.
                label = str(related._meta.verbose_name)
        if name in secret:
            # Entries written before the field was declared secret may hold the value.
            before = MASKED if before not in (None, "") else before
            after = MASKED if after not in (None, "") else after
        elif name in sensitive and not may_see:
            before, after = mask_field(name, before), mask_field(name, after)
        elif labelled and field is not None:
            names = {} if names is None else names
            before, after = value_label(field, before, names), value_label(field, after, names)
        rows.append((label, before, after))
    return rows


# The verb of an action code (`<app>.<model>.<verb>`), in words. An unlisted verb is shown
# as "操作" with the record's kind: the code itself never reaches a page.
VERBS = {
    "created": pgettext_lazy("audit", "Created"),
    "updated": pgettext_lazy("audit", "Changed"),
    "deleted": pgettext_lazy("audit", "Deleted"),
    "viewed": pgettext_lazy("audit", "Viewed"),
    "revealed": pgettext_lazy("audit", "Full numbers shown"),
    "imported": pgettext_lazy("audit", "Imported"),
    "exported": pgettext_lazy("audit", "Exported"),
    "report_exported": pgettext_lazy("audit", "Report exported"),
    "printed": pgettext_lazy("audit", "Printed"),
    "sheet_printed": pgettext_lazy("audit", "Sheet printed"),
    "certificate_printed": pgettext_lazy("audit", "Certificate printed"),
    "accepted": pgettext_lazy("audit", "Accepted"),
    "linked": pgettext_lazy("audit", "Linked to an existing login"),
    "issued": pgettext_lazy("audit", "Issued"),
    "revoked": pgettext_lazy("audit", "Revoked"),
    "revoked_all": pgettext_lazy("audit", "All revoked"),
    "paid": pgettext_lazy("audit", "Paid"),
    "reversed": pgettext_lazy("audit", "Reversed"),
    "override": pgettext_lazy("audit", "Exception allowed"),
    "enrolled": pgettext_lazy("audit", "Enrolled"),
    "merged": pgettext_lazy("audit", "Merged"),
    "split": pgettext_lazy("audit", "Split"),
    "generated": pgettext_lazy("audit", "Generated"),
    "committed": pgettext_lazy("audit", "Imported"),
    "counted": pgettext_lazy("audit", "Paper ballots counted"),
    "electorate_set": pgettext_lazy("audit", "Voters set"),
    "document_opened": pgettext_lazy("audit", "Document opened"),
    "checkin": pgettext_lazy("audit", "Checked in"),
    "signin": pgettext_lazy("audit", "Signed in"),
    "logged_in": pgettext_lazy("audit", "Logged in"),
    "otp_enabled": pgettext_lazy("audit", "Two-step verification turned on"),
    "otp_disabled": pgettext_lazy("audit", "Two-step verification turned off"),
    "otp_verified": pgettext_lazy("audit", "Two-step verification passed"),
}


def action_label(code: str) -> str:
    """`members.member.updated` → 修改：会员 (the verb, then the kind of record)."""
    parts = code.split(".")
    verb = VERBS.get(parts[-1], pgettext_lazy("audit", "Action"))
    kind = ""
    if len(parts) >= 3:
        try:
            kind = str(apps.get_model(parts[0], parts[1])._meta.verbose_name)
        except (LookupError, ValueError):
            kind = ""
    return f"{verb}：{kind}" if kind else str(verb)


def actor_label(entry) -> str:
    """Who acted: the person's name, or how the change came (command line, system...)."""
    if entry.actor_id and entry.actor is not None:
        return str(entry.actor)
    return str(entry.get_source_display())


def value_label(field, value, names: dict | None = None):
    """A stored value as a person reads it: a choice by its label, a related record by its
    name (looked up once per page through `names`), anything else as text."""
    if value in (None, ""):
        return value
    choices = dict(getattr(field, "flatchoices", None) or [])
    if choices and not isinstance(value, list | dict):
        return str(choices.get(value, value))
    related = getattr(field, "related_model", None)
    if related is not None and getattr(field, "many_to_one", False):
        key = (related._meta.label, str(value))
        if names is not None and key in names:
            return names[key]
        # Through the scoped manager: a record the viewer may not read is not named here.
        try:
            found = related._default_manager.filter(pk=value).first()
        except (ScopeError, ValueError, TypeError):
            found = None
        name = str(found) if found is not None else str(_("(not shown here)"))
        if names is not None:
            names[key] = name
        return name
    return as_text(value)
