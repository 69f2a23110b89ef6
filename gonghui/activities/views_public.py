"""The QR codes' landing routes: send the logged-in user to their own page for it."""

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

from .models import VISIBLE, Activity


def _home_code(user, activity_id: int) -> str:
    """The organisation code under which `user` opens the activity as a member: the
    nearest node above their member record where they hold a role. 404 when the user
    is not a member the activity is published to (nothing about it is revealed)."""
    with unscoped():
        members = Member.objects.everywhere(why="a login's own member record")
        member = members.select_related("org").filter(user=user).first()
        if member is None:
            raise Http404
        # Published at the member's node or above it: what reaches them.
        reaching = Activity.objects.reaching(member.org).select_related("org")
        activity = reaching.filter(pk=activity_id, status__in=VISIBLE).first()
        if activity is None or not member.org.path.startswith(activity.org.path):
            raise Http404
        roles = RoleAssignment.objects.filter(
            user=user, org_id__in=[*member.org.ancestor_ids(), member.org_id]
        )
        roles = roles.select_related("org")
        best = max(roles, key=lambda r: r.org.depth, default=None)
    if best is None:
        raise Http404
    return best.org.code


@require_GET
@login_required
def go_signup(request, activity_id: int):
    code = _home_code(request.user, activity_id)
    return redirect("activities:signup", org_code=code, activity_id=activity_id)


@require_GET
@login_required
def go_checkin(request, activity_id: int):
    code = _home_code(request.user, activity_id)
    query = urlencode({"t": request.GET.get("t", "")})
    return redirect(reverse("activities:checkin", kwargs={"org_code": code}) + "?" + query)
