from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from gonghui.accounts.access import user_orgs
from gonghui.audit.selectors import entries_for
from gonghui.members.models import ON_ROLL, Member, Status
from gonghui.orgs.models import CommitteeTerm, Organisation, OrgKind

from . import dashboard as dashboard_panels
from .decorators import org_view


@require_safe
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@require_safe
@login_required
def home(request):
    """Send the user to the dashboard of the organisation they last worked in."""
    orgs = user_orgs(request.user)
    codes = {o.code for o in orgs}
    last = request.session.get("org_code")
    if last and (last in codes or request.user.is_superuser):
        return redirect("core:dashboard", org_code=last)
    if orgs:
        return redirect("core:dashboard", org_code=orgs[0].code)
    return render(request, "core/no_role.html")


@org_view("dashboard:read")
def dashboard(request, org_code):
    access = request.access
    org = request.org
    ctx = {"my_roles": [r for r in access.roles]}
    if access.has("orgs.org:read"):
        by_kind = dict(
            Organisation.objects.exclude(pk=org.pk)
            .values_list("kind")
            .annotate(n=Count("id"))
            .values_list("kind", "n")
        )
        ctx["org_counts"] = [
            (label, by_kind.get(value, 0)) for value, label in OrgKind.choices if by_kind.get(value)
        ]
        ctx["children"] = Organisation.objects.filter(parent=org).order_by("code")[:12]
    if access.has("orgs.committee:read") and org.is_union:
        ctx["term"] = CommitteeTerm.objects.filter(org=org).prefetch_related("seats").first()
    if access.has("members.roster:read"):
        on_roll = Member.objects.filter(status__in=ON_ROLL)
        ctx["member_counts"] = on_roll.aggregate(
            total=Count("id"),
            women=Count("id", filter=Q(sex="female")),
            migrant=Count("id", filter=Q(member_type="migrant")),
            retained=Count("id", filter=Q(status=Status.RETAINED)),
        )
        ctx["applications"] = Member.objects.filter(status=Status.APPLIED).count()
    ctx["panels"] = dashboard_panels.panels_for(request)
    if access.has("audit.log:read"):
        # Only entries about records this viewer may read (audit/readers.py).
        ctx["recent"] = entries_for(access)[:8]
    return render(request, "core/dashboard.html", ctx)
