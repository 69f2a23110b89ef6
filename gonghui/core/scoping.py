"""Organisation scoping: the one mechanism that keeps each union's data inside its subtree.

Every tenant-owned model uses `ScopedManager` as its default manager. A query through it
is filtered to the active scope (an organisation and its descendants) and *raises*
`ScopeError` when no scope is active, so an unscoped query cannot be written by accident:
it fails in the first test that reaches it.

The web middleware activates the scope of the organisation in the URL for every page, the
API base view does the same for every endpoint, management commands and background jobs
activate the scope of the organisation they were given, and platform-wide code (migrations,
the admin for platform operators, the demo loader) says so explicitly with `unscoped()`.

This follows the idea of django-scopes (used by pretix), kept in-house because our scope
is a node of a tree, not a flat key, and it has to cover the descendants of that node.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models


class ScopeError(RuntimeError):
    """A tenant-owned table was queried without an active organisation scope."""


@dataclass(frozen=True)
class Scope:
    # Materialised path of the scope's root organisation ("/1/5/"); None means the whole
    # platform, which only operator tools and data migrations may use.
    path: str | None


PLATFORM = Scope(path=None)

_active: ContextVar[Scope | None] = ContextVar("gonghui_scope", default=None)


def current_scope() -> Scope | None:
    return _active.get()


@contextmanager
def scope(org) -> Iterator[Scope]:
    """Activate the scope of `org` (an Organisation): it and its descendants."""
    s = Scope(path=org.path)
    token = _active.set(s)
    try:
        yield s
    finally:
        _active.reset(token)


@contextmanager
def unscoped() -> Iterator[Scope]:
    """The whole platform. Only for operator tools, migrations, demo data and tests."""
    token = _active.set(PLATFORM)
    try:
        yield PLATFORM
    finally:
        _active.reset(token)


@contextmanager
def no_scope() -> Iterator[None]:
    """Explicitly no scope: any tenant query raises. Used around requests outside /o/."""
    token = _active.set(None)
    try:
        yield None
    finally:
        _active.reset(token)


def set_scope(s: Scope | None):
    """Low-level: activate `s` and return the token for `reset_scope` (for request hooks)."""
    return _active.set(s)


def reset_scope(token) -> None:
    _active.reset(token)


class _NoScopeGuard(models.Expression):
    """A WHERE condition that refuses to become SQL: the query had no scope."""

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, label: str):
        super().__init__()
        self.label = label

    def as_sql(self, compiler, connection):
        raise ScopeError(
            f"{self.label} was queried outside an organisation scope; "
            "use gonghui.core.scoping.scope(org) (or unscoped() in operator tools)."
        )


class ScopedManager(models.Manager):
    """Default manager of tenant-owned models.

    The model's `scope_org_field` is the lookup path from it to its owning Organisation
    ("org", "term__org", ...; "" for Organisation itself, the row being the node). It is
    read from the model, not passed to the manager, because Django builds the managers of
    reverse relations (`term.seats`) from the manager class without arguments.
    """

    def get_queryset(self):
        s = _active.get()
        if s is None:
            # Building the queryset is allowed (Django does it at import time for form
            # fields); compiling it into SQL is not: the guard raises ScopeError then.
            return super().get_queryset().filter(_NoScopeGuard(self.model._meta.label))
        qs = super().get_queryset()
        if s.path is None:
            return qs
        fields = getattr(self.model, "scope_org_field", "org")
        if isinstance(fields, str):
            fields = (fields,)
        # A record owned by two organisations (a transfer between unions) is visible
        # from either side.
        condition = models.Q()
        for field in fields:
            prefix = f"{field}__path" if field else "path"
            condition |= models.Q(**{f"{prefix}__startswith": s.path})
        return qs.filter(condition)

    # -- named ways past the active scope ------------------------------------------------
    # Each says why a read may leave the scope, so `_base_manager` stays out of views.

    def reaching(self, org):
        """Rows owned by `org`, its subtree AND its ancestors, whatever the active scope:
        what is published above reaches the people below (a member sees the union's
        activities and ballots from a login at their group)."""
        chain = [int(p) for p in org.path.strip("/").split("/") if p]
        fields = getattr(self.model, "scope_org_field", "org")
        if isinstance(fields, str):
            fields = (fields,)
        condition = models.Q()
        for field in fields:
            node = f"{field}__" if field else ""
            condition |= models.Q(**{f"{node}id__in": chain}) | models.Q(
                **{f"{node}path__startswith": org.path}
            )
        return self.model._base_manager.filter(condition)

    def by_listed_orgs(self, within=None):
        """The active scope's rows, with the scope written as the list of its
        organisations' ids (`org_id IN (2, 3, …)`) instead of a join on their paths.

        For a large table searched through another index (the roster's characters of
        a name): with the join PostgreSQL loops over the organisations and repeats the
        other index's scan for each (73 ms for 王 in a union of 100,000, #13 §9); with the
        ids it combines the two indexes once (17 ms). One more small query for the ids.
        Only for models owned through one plain `org`-like field. `within` (an
        organisation) narrows the rows to its subtree, inside the scope still.
        """
        fields = getattr(self.model, "scope_org_field", "org")
        if not isinstance(fields, str) or not fields or "__" in fields:
            raise TypeError(f"{self.model._meta.label}: by_listed_orgs needs one plain org field")
        s = _active.get()
        if s is None:
            qs = self.get_queryset()  # raises ScopeError when compiled
            return (
                qs if within is None else qs.filter(**{f"{fields}__path__startswith": within.path})
            )
        from gonghui.orgs.models import Organisation

        orgs = Organisation._base_manager.all()
        if s.path is not None:
            orgs = orgs.filter(path__startswith=s.path)
        if within is not None:
            orgs = orgs.filter(path__startswith=within.path)
        elif s.path is None:
            return self.get_queryset()
        ids = list(orgs.values_list("id", flat=True))
        return super().get_queryset().filter(**{f"{fields}_id__in": ids})

    def everywhere(self, *, why: str):
        """The whole platform's rows, for a rule that is platform-wide by nature (one
        membership per person, a login's own member record). `why` is for the reader."""
        assert why, "say why this read leaves the organisation scope"
        return self.model._base_manager.all()


def locked(obj, *, no_key: bool = False):
    """`obj` read again under a row lock (SELECT ... FOR UPDATE), past the scope: the
    caller has already checked the row through the scoped manager, and a workflow needs
    it fresh and exclusive (counting places, moving money). `no_key` takes FOR NO KEY
    UPDATE: exclusive among workflows, but rows that merely point at this one (an audit
    entry, a new member of the organisation) are still inserted meanwhile."""
    return type(obj)._base_manager.select_for_update(no_key=no_key).get(pk=obj.pk)
