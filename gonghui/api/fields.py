"""Serializer fields that point at tenant records, resolved in the caller's organisation.

A related field declared as `PrimaryKeyRelatedField(queryset=Delegation.objects.all())`
builds its queryset when the module is imported, with no organisation scope active: the
scoped manager then bakes its "no scope" guard into that queryset, and every request that
sends the field fails with ScopeError (a 500), whatever the value. These fields take the
model and ask its default manager for the queryset at validation time, inside the scope
that OrgAPIView activated for the request: records of other organisations are simply
"not found".

`RecordSerializer` is the base of representations of records: it builds the fields every
one of them repeats (choice labels, related names, organisations by code) from the names
listed in `Meta.fields`.
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


# The related records an answer names by their key, not by their database id.
RECORD_KEYS = {"orgs.organisation": "code", "accounts.user": "username"}


class RecordSerializer(serializers.ModelSerializer):
    """A ModelSerializer that builds, from the names in `Meta.fields`, the fields every
    representation of a record repeats, so a resource lists them instead of declaring each:

    - `<field>_display` of a model field with choices: its label (`get_<field>_display`);
    - `<relation>_name` of a foreign key: the related record's name (`<relation>.name`),
      null when the relation may be empty;
    - a foreign key to an organisation or an account: its code or username (RECORD_KEYS),
      not its id.

    Fields declared on the class win, as ever; a model field of such a name stays itself.
    """

    def build_field(self, field_name, info, model_class, nested_depth):
        base, _sep, suffix = field_name.rpartition("_")
        if field_name not in info.fields_and_pk and field_name not in info.relations:
            model_field = info.fields.get(base)
            if suffix == "display" and model_field is not None and model_field.choices:
                return serializers.CharField, {"source": f"get_{base}_display", "read_only": True}
            relation = info.forward_relations.get(base)
            if suffix == "name" and relation is not None and not relation.to_many:
                kwargs = {"source": f"{base}.name", "read_only": True}
                return serializers.CharField, {**kwargs, "allow_null": relation.model_field.null}
        return super().build_field(field_name, info, model_class, nested_depth)

    def build_relational_field(self, field_name, relation_info):
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        key = RECORD_KEYS.get(relation_info.related_model._meta.label_lower)
        if key is not None and field_class is self.serializer_related_field:
            return serializers.SlugRelatedField, {**kwargs, "slug_field": key}
        return field_class, kwargs
