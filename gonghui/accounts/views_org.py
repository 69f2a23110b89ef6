"""Roles inside an organisation: who holds what, grant and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view
from gonghui.core.forms import run

from . import selectors, services
from .forms import RoleGrantForm
from .models import RoleAssignment


@org_view("accounts.role:read")
def role_list(request, org_code):
    form = (
        RoleGrantForm(access=request.access) if request.access.has("accounts.role:write") else None
    )
    assignments = selectors.roles_in_scope()
    return render(request, "accounts/roles.html", {"assignments": assignments, "form": form})


@org_view("accounts.role:write", methods=("POST",))
def role_grant(request, org_code):
    form = RoleGrantForm(request.POST, access=request.access)
    if form.is_valid() and run(
        form,
        services.role_grant,
        actor=request.user,
        access=request.access,
        user=form.cleaned_data["login"],
        org=form.cleaned_data["org"],
        role=form.cleaned_data["role"],
    ):
        messages.success(request, _("Role granted."))
        return redirect("accounts_org:roles", org_code=org_code)
    assignments = selectors.roles_in_scope()
    return render(
        request, "accounts/roles.html", {"assignments": assignments, "form": form}, status=400
    )


@org_view("accounts.role:write", methods=("POST",))
def role_revoke(request, org_code, assignment_id):
    # A refusal (RoleError) is org_view's: said on the page the button is on.
    assignment = get_object_or_404(RoleAssignment, pk=assignment_id)
    services.role_revoke(actor=request.user, access=request.access, assignment=assignment)
    messages.success(request, _("Role revoked."))
    return redirect("accounts_org:roles", org_code=org_code)
