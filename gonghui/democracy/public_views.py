"""The sign-in QR code's landing route: send the logged-in representative to their own
sign-in page. Nothing about the session is shown here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from gonghui.accounts.models import RoleAssignment
from gonghui.core.scoping import unscoped
from gonghui.members.models import Member


def home_code(user) -> str:
    """The organisation code under which `user` acts as a member: the deepest node on
    their member record's chain where they hold a role. 404 without one."""
    with unscoped():
        member = Member.objects.select_related("org").filter(user=user).first()
        if member is None:
            raise Http404
        chain = [int(p) for p in member.org.path.strip("/").split("/") if p]
        roles = RoleAssignment.objects.filter(user=user, org_id__in=chain).select_related("org")
        best = max(roles, key=lambda r: r.org.depth, default=None)
    if best is None:
        raise Http404
    return best.org.code


@require_GET
@login_required
def go_signin(request):
    code = home_code(request.user)
    query = urlencode({"t": request.GET.get("t", "")})
    return redirect(reverse("democracy:signin", kwargs={"org_code": code}) + "?" + query)
