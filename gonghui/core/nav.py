"""Module navigation: each app registers its entries in AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str  # takes org_code
    permission: str
    order: int = 100


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _ITEMS[item.key] = item


def items_for(access, path: str = "") -> list[dict]:
    if access is None:
        return []
    out = []
    for item in sorted(_ITEMS.values(), key=lambda i: i.order):
        if access.has(item.permission):
            out.append(
                {
                    "key": item.key,
                    "label": item.label,
                    "url": reverse(item.url_name, kwargs={"org_code": access.org.code}),
                }
            )
    # The entry whose URL is the longest prefix of the current path is the active one.
    best = max(
        (i for i in out if path.startswith(i["url"])), key=lambda i: len(i["url"]), default=None
    )
    for i in out:
        i["active"] = i is best
    return out
