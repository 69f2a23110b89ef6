from __future__ import annotations

from django import template
from django.contrib.contenttypes.models import ContentType

from gonghui.audit.models import AuditEntry, record_entries

register = template.Library()


@register.inclusion_tag("audit/_history.html", takes_context=True)
def audit_history(context, obj, limit: int = 50):
    """The change history of one record, for its page. Only shown with audit.log:read."""
    access = context.get("access")
    if access is None or not access.has("audit.log:read"):
        return {"show": False}
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    entries = (
        AuditEntry.objects.filter(content_type=ct)
        .filter(record_entries(obj))
        .select_related("org", "content_type")[:limit]
    )
    return {
        "show": True,
        "entries": entries,
        "access": access,
        "current_org": context.get("current_org"),
        "request": context.get("request"),
    }


@register.simple_tag(takes_context=True)
def change_rows(context, entry):
    """(field, before, after) rows; sensitive values masked unless revealed with the right."""
    from gonghui.audit.display import change_rows as rows

    return rows(entry, context.get("access"), reveal=bool(context.get("reveal")))
