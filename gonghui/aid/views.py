from __future__ import annotations

from django.shortcuts import render

from gonghui.core.decorators import org_view


@org_view("aid.programme:read")
def index(request, org_code):
    return render(request, "aid/index.html", {})
