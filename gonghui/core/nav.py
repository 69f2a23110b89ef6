"""Module navigation: each app registers its entries in AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

# Rights a person uses on their own member record (我的会籍, 我的活动, 我的职代会, 我的选票).
# A chair or an upper-union officer whose login has no member record in the union has
# nothing to act on there: their "My …" entries are hidden rather than leading to a page
# that says the account is not linked (#13 §7).
PERSONAL_PERMISSIONS = frozenset(
    {
        "self:read",
        "activities.signup:self",
        "democracy.proposal:submit",
        "voting.vote:cast",
        "awards.nomination:self",
        "ideas.idea:submit",
    }
)


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str  # takes org_code
    permission: str
    order: int = 100
    # Shown only where this holds for the organisation (an upper union's roll-ups are of
    # no use at a grassroots union); it must not query the database.
    when: Callable[[object], bool] | None = None

    @property
    def personal(self) -> bool:
        return self.permission in PERSONAL_PERMISSIONS


_ITEMS: dict[str, NavItem] = {}
# Pages that belong to a module's entry without lying under its URL (an import of
# vouchers, under /imports/, belongs to 财务): callables (path, org) -> the key of the
# entry to mark active, or None; registered by the apps that own such pages.
_SECTIONS: list[Callable[[str, object], str | None]] = []
# (user, org) -> whether the user's member record belongs to this organisation's tree;
# registered by the members app (core does not import the apps above it).
_has_own_record: list[Callable] = []


def register(item: NavItem) -> None:
    _ITEMS[item.key] = item


def register_section(resolver: Callable[[str, object], str | None]) -> None:
    if resolver not in _SECTIONS:
        _SECTIONS.append(resolver)


def _section(path: str, org) -> str | None:
    for resolver in _SECTIONS:
        key = resolver(path, org)
        if key:
            return key
    return None


def register_record_check(check: Callable) -> None:
    _has_own_record[:] = [check]


def items_for(access, path: str = "") -> list[dict]:
    if access is None:
        return []
    allowed = [
        item
        for item in sorted(_ITEMS.values(), key=lambda i: i.order)
        if access.has(item.permission) and (item.when is None or item.when(access.org))
    ]
    personal = any(item.personal for item in allowed)
    if personal and _has_own_record and not _has_own_record[0](access.user, access.org):
        allowed = [item for item in allowed if not item.personal]
    out = [
        {
            "key": item.key,
            "label": item.label,
            "url": reverse(item.url_name, kwargs={"org_code": access.org.code}),
        }
        for item in allowed
    ]
    # The entry a registered section names for this path (if the user has it), else the
    # entry whose URL is the longest prefix of the current path, is the active one.
    key = _section(path, access.org) if path and _SECTIONS else None
    best = next((i for i in out if i["key"] == key), None) if key else None
    if best is None:
        best = max(
            (i for i in out if path.startswith(i["url"])),
            key=lambda i: len(i["url"]),
            default=None,
        )
    for i in out:
        i["active"] = i is best
    return out
