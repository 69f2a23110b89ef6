"""Roles inside an organisation: who holds what, grant and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view

from . import services
from .forms import RoleGrantForm
from .models import RoleAssignment


@org_view("accounts.role:read")
def role_list(request, org_code):
    assignments = RoleAssignment.objects.select_related("user", "org")
    form = (
        RoleGrantForm(access=request.access) if request.access.has("accounts.role:write") else None
    )
    return render(request, "accounts/roles.html", {"assignments": assignments, "form": form})


@org_view("accounts.role:write", methods=("POST",))
def role_grant(request, org_code):
    form = RoleGrantForm(request.POST, access=request.access)
    if form.is_valid():
        try:
            services.role_grant(
                actor=request.user,
                access=request.access,
                user=form.cleaned_data["login"],
                org=form.cleaned_data["org"],
                role=form.cleaned_data["role"],
            )
        except services.RoleError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Role granted."))
            return redirect("accounts_org:roles", org_code=org_code)
    assignments = RoleAssignment.objects.select_related("user", "org")
    return render(
        request, "accounts/roles.html", {"assignments": assignments, "form": form}, status=400
    )


@org_view("accounts.role:write", methods=("POST",))
def role_revoke(request, org_code, assignment_id):
    assignment = get_object_or_404(RoleAssignment, pk=assignment_id)
    try:
        services.role_revoke(actor=request.user, access=request.access, assignment=assignment)
    except services.RoleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Role revoked."))
    return redirect("accounts_org:roles", org_code=org_code)
