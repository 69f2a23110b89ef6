from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from gonghui.core.decorators import org_view

from .models import AuditEntry


def filtered_entries(request):
    """The organisation's audit entries (its subtree, through the scope) with the page's filters."""
    qs = AuditEntry.objects.select_related("org", "content_type")
    params = request.GET
    if params.get("action"):
        qs = qs.filter(action__icontains=params["action"].strip())
    if params.get("actor"):
        qs = qs.filter(actor_name__icontains=params["actor"].strip())
    if params.get("record"):
        qs = qs.filter(object_repr__icontains=params["record"].strip())
    for key, lookup in (("since", "at__date__gte"), ("until", "at__date__lte")):
        try:
            if params.get(key):
                qs = qs.filter(**{lookup: dt.date.fromisoformat(params[key])})
        except ValueError:
            pass
    return qs


@org_view("audit.log:read")
def entry_list(request, org_code):
    page = Paginator(filtered_entries(request), 50).get_page(request.GET.get("page"))
    ctx = {"page_obj": page, "entries": page.object_list, "filters": request.GET}
    if request.htmx:
        return render(request, "audit/_list_results.html", ctx)
    return render(request, "audit/list.html", ctx)


@org_view("audit.log:read")
def entry_detail(request, org_code, entry_id):
    entry = get_object_or_404(AuditEntry.objects.select_related("org", "content_type"), pk=entry_id)
    return render(request, "audit/detail.html", {"entry": entry})
