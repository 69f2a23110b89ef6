from __future__ import annotations

from django import template
from django.contrib.contenttypes.models import ContentType

from gonghui.audit.display import action_label, actor_label, as_text
from gonghui.audit.display import change_rows as rows
from gonghui.audit.models import record_entries
from gonghui.audit.selectors import entries_for

register = template.Library()


@register.inclusion_tag("audit/_history.html", takes_context=True)
def audit_history(context, obj, limit: int = 50):
    """The change history of one record, for its page. Only shown with audit.log:read, and
    only the entries the viewer may read (an import entry may cover another kind of record)."""
    access = context.get("access")
    if access is None or not access.has("audit.log:read"):
        return {"show": False}
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    entries = entries_for(access).filter(content_type=ct).filter(record_entries(obj))[:limit]
    return {
        "show": True,
        "entries": entries,
        "access": access,
        "current_org": context.get("current_org"),
        "request": context.get("request"),
    }


def _page_names(context) -> dict:
    """Names of related records looked up for this request's audit entries: a list page
    names the same union or member many times, and looks each up once."""
    request = context.get("request")
    if request is None:
        return {}
    return request.__dict__.setdefault("_audit_names", {})


@register.simple_tag(takes_context=True)
def change_rows(context, entry):
    """(field, before, after) rows as text; sensitive values masked unless revealed with
    the right."""
    return [
        (label, as_text(before), as_text(after))
        for label, before, after in rows(
            entry,
            context.get("access"),
            reveal=bool(context.get("reveal")),
            labelled=True,
            names=_page_names(context),
        )
    ]


register.filter("action_label", action_label)
register.filter("actor_label", actor_label)
