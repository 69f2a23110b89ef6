"""The sign-in QR code's landing route: send the logged-in representative to their own
sign-in page. Nothing about the session is shown here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from . import selectors


@require_GET
@login_required
def go_signin(request):
    code = selectors.home_code(request.user)
    if code is None:
        raise Http404
    query = urlencode({"t": request.GET.get("t", "")})
    return redirect(reverse("democracy:signin", kwargs={"org_code": code}) + "?" + query)
