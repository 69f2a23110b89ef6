"""Serializer fields that point at tenant records, resolved in the caller's organisation.

A related field declared as `PrimaryKeyRelatedField(queryset=Delegation.objects.all())`
builds its queryset when the module is imported, with no organisation scope active: the
scoped manager then bakes its "no scope" guard into that queryset, and every request that
sends the field fails with ScopeError (a 500), whatever the value. These fields take the
model and ask its default manager for the queryset at validation time, inside the scope
that OrgAPIView activated for the request: records of other organisations are simply
"not found".
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from rest_framework import serializers

from gonghui.core.scoping import ScopedManager


class _ScopedQueryset:
    """Resolve `model._default_manager` per call; `limit(queryset, field)` may narrow it."""

    def __init__(self, model=None, *, limit=None, **kwargs):
        if isinstance(kwargs.get("queryset"), QuerySet):
            raise ImproperlyConfigured(
                f"{type(self).__name__}: pass the model, not a queryset built at import time "
                "(it would carry no organisation scope)"
            )
        if model is not None and not kwargs.get("read_only"):
            # The manager, not a queryset: DRF calls .all() on it for each validation.
            kwargs["queryset"] = model._default_manager
        self.limit = limit
        super().__init__(**kwargs)

    def get_queryset(self):
        queryset = self.queryset.all()
        if self.limit is not None:
            queryset = self.limit(queryset, self)
        return queryset


class ScopedPrimaryKeyRelatedField(_ScopedQueryset, serializers.PrimaryKeyRelatedField):
    """`ScopedPrimaryKeyRelatedField(Delegation, allow_null=True, required=False)`"""


class ScopedSlugRelatedField(_ScopedQueryset, serializers.SlugRelatedField):
    """`ScopedSlugRelatedField(Organisation, slug_field="code", many=True)`"""


def unscoped_querysets(serializer_classes) -> list[str]:
    """Related fields holding a queryset of a tenant model built at import time."""
    found = []
    for cls in serializer_classes:
        for name, field in getattr(cls, "_declared_fields", {}).items():
            relation = getattr(field, "child_relation", field)
            queryset = getattr(relation, "queryset", None)
            if (
                isinstance(relation, serializers.RelatedField)
                and isinstance(queryset, QuerySet)
                and isinstance(queryset.model._default_manager, ScopedManager)
            ):
                found.append(f"{cls.__module__}.{cls.__name__}.{name}")
    return found
