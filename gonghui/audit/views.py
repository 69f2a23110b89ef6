from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from gonghui.core.decorators import org_view

from .selectors import entries_for, filtered_entries, reveal_requested


@org_view("audit.log:read")
def entry_list(request, org_code):
    page = Paginator(filtered_entries(request), 50).get_page(request.GET.get("page"))
    ctx = {"page_obj": page, "entries": page.object_list, "filters": request.GET}
    if request.htmx:
        return render(request, "audit/_list_results.html", ctx)
    return render(request, "audit/list.html", ctx)


@org_view("audit.log:read")
def entry_detail(request, org_code, entry_id):
    # Outside the scope, or about a record the viewer may not read: 404 either way.
    entry = get_object_or_404(entries_for(request.access), pk=entry_id)
    reveal = reveal_requested(request, request.access, entry)
    return render(request, "audit/detail.html", {"entry": entry, "reveal": reveal})
