from __future__ import annotations

from django.shortcuts import render

from gonghui.core.decorators import org_view


@org_view("openness.notice:read")
def index(request, org_code):
    return render(request, "openness/index.html", {})
