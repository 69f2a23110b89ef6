from __future__ import annotations

from django.apps import apps


def mask(value) -> str:
    text = str(value)
    if len(text) <= 4:
        return "*" * len(text)
    return (
        text[:3] + "*" * (len(text) - 7) + text[-4:]
        if len(text) > 7
        else text[:1] + "*" * (len(text) - 2) + text[-1:]
    )


def change_rows(entry, access=None, *, reveal: bool = False) -> list[tuple[str, object, object]]:
    """Field label, before and after for one audit entry, masking sensitive fields."""
    model = None
    if entry.content_type_id:
        model = apps.get_model(entry.content_type.app_label, entry.content_type.model)
    sensitive = getattr(model, "audit_sensitive_fields", frozenset()) if model else frozenset()
    # Lists and histories always mask; the full value needs the right and an explicit,
    # logged request (reveal), like a member's own page.
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
        if name in sensitive and not may_see:
            before = mask(before) if before not in (None, "") else before
            after = mask(after) if after not in (None, "") else after
        rows.append((label, before, after))
    return rows
