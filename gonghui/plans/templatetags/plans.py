"""`{% link_evidence_context kind object as link %}`: what the one-click plan link of
another module's page needs (the open tasks of the record's year, the suggested one by
category, the tasks it is already linked to), or None when the viewer may not link."""

from __future__ import annotations

from django import template

from gonghui.plans import evidence as registry
from gonghui.plans.models import Evidence
from gonghui.plans.selectors import open_tasks_for_linking

register = template.Library()


@register.simple_tag(takes_context=True)
def link_evidence_context(context, kind_key: str, obj):
    request = context.get("request")
    access = getattr(request, "access", None)
    if obj is None or access is None or not access.has("plans.plan:write"):
        return None
    try:
        kind = registry.get(kind_key)
    except LookupError:
        return None
    described = kind.describe(obj)
    tasks = list(open_tasks_for_linking(request.org, described.date.year))
    if not tasks:
        return None
    linked = list(
        Evidence.objects.filter(kind=kind.key, object_id=str(obj.pk)).select_related("task")
    )
    linked_ids = {e.task_id for e in linked}
    tasks = [t for t in tasks if t.pk not in linked_ids]
    if not tasks:
        return {"tasks": [], "linked": linked, "suggested": None} if linked else None
    suggested = registry.suggest(kind, tasks, described.date)
    return {"tasks": tasks, "linked": linked, "suggested": suggested.pk if suggested else None}
