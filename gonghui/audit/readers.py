"""Who may read which audit entries: those who may read the record an entry describes.

An action code is `<app>.<resource>.<verb>`; `AuditedModel` writes `<app>.<model>.<verb>`,
workflows add their own (`welfare.case.viewed`, `aid.education_report.exported`). Each app
declares on its AppConfig the permission that reads each of its resources, the one the
record's own pages ask for:

    class AidConfig(AppConfig):
        audit_readers = {"aid.programme:read": ("application", "claim", ...)}

A key may also be a `Rule`: any one of several permissions, narrowed to the records the
viewer may read (imports: the kind of the import decides; proposals: a draft is its
proposer's alone). The log, an entry's page, a record's change history and the dashboard
all filter through `readable()`, so an entry is shown only with the permission of its
record, held in the organisation being viewed (its roles cover the whole subtree the log
shows). An action whose resource nobody declared is shown to nobody, and
tests/audit/test_readers.py fails for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from gonghui.accounts.permissions import PERMISSIONS


@dataclass(frozen=True)
class Rule:
    """Readable with any one of `permissions`; `records(access)`, when given, is the
    queryset of the records the viewer may read (matched on the entry's object_id).
    `recordless`: with `records`, an entry about no record of the resource (a report's
    export) is read with the permission alone; without it, such an entry is shown to nobody."""

    permissions: tuple[str, ...]
    records: Callable | None = None
    recordless: bool = False

    def allows(self, permissions) -> bool:
        return any(p in permissions for p in self.permissions)


def resource(action: str) -> str:
    """`aid.application.created` → `aid.application`."""
    return ".".join(action.split(".")[:2])


@cache
def rules() -> dict[str, Rule]:
    """Every declared resource (`app.resource`) with its rule."""
    found: dict[str, Rule] = {}
    for config in apps.get_app_configs():
        for key, names in getattr(config, "audit_readers", {}).items():
            rule = key if isinstance(key, Rule) else Rule((key,))
            for perm in rule.permissions:
                if perm not in PERMISSIONS:
                    raise KeyError(f"{config.label}.audit_readers: unknown permission {perm!r}")
            for name in (names,) if isinstance(names, str) else names:
                full = f"{config.label}.{name}"
                if full in found:
                    raise KeyError(f"{full}: declared twice in audit_readers")
                found[full] = rule
    return found


def rule_for(action: str) -> Rule | None:
    return rules().get(resource(action))


def readable(qs: QuerySet, access) -> QuerySet:
    """The entries of `qs` whose record `access` may read."""
    perms = access.permissions
    plain, narrowed = [], Q()
    for name, rule in sorted(rules().items()):
        if not rule.allows(perms):
            continue
        if rule.records is None:
            plain.append(name)
        else:
            pks = rule.records(access).annotate(_pk=Cast("pk", CharField())).values("_pk")
            narrowed |= Q(action__startswith=f"{name}.", object_id__in=pks)
            if rule.recordless:
                narrowed |= Q(action__startswith=f"{name}.", object_id="")
    condition = narrowed
    if plain:
        # One regular expression rather than dozens of LIKEs: `^(aid\.application|...)\.`
        pattern = "^(" + "|".join(re.escape(n) for n in plain) + r")\."
        condition |= Q(action__regex=pattern)
    if not condition:
        return qs.none()
    return qs.filter(condition)
