"""Which menu entry an import page belongs to: the import of vouchers to 财务, of members
to 会员, of organisations to 组织 (core.nav.register_section). The pages live under
/imports/, which no menu entry names."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

# The kind of an import → the key of its module's menu entry (core.nav).
NAV_KEYS = {"vouchers": "finance", "members": "members", "orgs": "orgs"}


def section(path: str, org) -> str | None:
    code = getattr(org, "code", None)
    if not code:
        return None
    try:
        base = reverse("imports:list", kwargs={"org_code": code})
    except NoReverseMatch:
        return None
    if not path.startswith(base):
        return None
    first = path[len(base) :].split("/", 1)[0]
    if first in NAV_KEYS:  # an upload page: vouchers/, members/, orgs/
        return NAV_KEYS[first]
    if first.isascii() and first.isdigit() and len(first) <= 12:  # a batch's pages
        from .models import ImportBatch

        kind = (
            ImportBatch._base_manager.filter(pk=int(first)).values_list("kind", flat=True).first()
        )
        return NAV_KEYS.get(kind or "")
    return None
