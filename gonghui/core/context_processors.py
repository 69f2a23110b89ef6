from __future__ import annotations

from gonghui.accounts.access import user_orgs

from . import nav


def shell(request):
    """What the base layout needs: organisation switcher, module navigation, breadcrumbs."""
    access = getattr(request, "access", None)
    org = getattr(request, "org", None)
    user = getattr(request, "user", None)
    ctx = {"nav_items": nav.items_for(access, request.path), "current_org": org, "access": access}
    if user is not None and user.is_authenticated:
        ctx["switch_orgs"] = user_orgs(user)
    if org is not None:
        ctx["org_trail"] = org.ancestors() + [org]
    return ctx
