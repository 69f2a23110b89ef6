"""The OpenAPI schema says which errors every endpoint may answer, not only its success.

Each operation documents its success response; the errors are the same everywhere (the
rules of OrgAPIView and DRF): 400 with the reasons (a field → messages object, or a list, or
`detail`), 401 without valid credentials, 403 without the permission, 404 for an
organisation without a role or a record outside it, 429 when throttled. Added to every
operation that does not describe the code itself, so a client (and the fuzzing stage's
status code check) knows what to expect.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

_DETAIL = inline_serializer("ApiErrorDetail", fields={"detail": serializers.CharField()})
ERRORS = {
    "400": OpenApiResponse(
        OpenApiTypes.ANY,
        description="Refused input: an object of field → messages, a list of messages, "
        "or {detail}.",
    ),
    "401": OpenApiResponse(_DETAIL, description="No valid credentials."),
    "403": OpenApiResponse(_DETAIL, description="The role here does not allow this."),
    "404": OpenApiResponse(
        _DETAIL, description="No role covering this organisation, or no such record in it."
    ),
    "429": OpenApiResponse(_DETAIL, description="Too many requests; try again later."),
}

# Answers an action builds as plain objects (not through a serializer): a JSON array of
# them, and a page of them as OrgViewSet.paginated answers it (PageNumberPagination).
OBJECTS = {"type": "array", "items": {"type": "object", "additionalProperties": {}}}


def page_of(results: dict) -> dict:
    """The schema of one page of a paged list (`paged_actions`) whose items are `results`."""
    return {
        "type": "object",
        "properties": {
            "count": {"type": "integer"},
            "next": {"type": "string", "nullable": True},
            "previous": {"type": "string", "nullable": True},
            "results": results,
        },
    }


def _model_fields(field) -> list:
    """The model fields a serializer field reads through (`leader.name` → leader, name),
    as far as they are model fields; [] outside a ModelSerializer."""
    model = getattr(getattr(getattr(field, "parent", None), "Meta", None), "model", None)
    chain = []
    for attr in getattr(field, "source_attrs", None) or []:
        if model is None:
            break
        try:
            model_field = model._meta.get_field(attr)
        except FieldDoesNotExist:  # a property or a method
            break
        chain.append(model_field)
        model = model_field.related_model
    return chain


def _may_be_null(field) -> bool:
    """A read-only field shows null when it says so (default=None) or when it reads
    through an empty nullable relation (`leader.name` of a group without a leader)."""
    if not field.read_only:
        return False
    if getattr(field, "default", None) is None and "default" in getattr(field, "_kwargs", {}):
        return True
    return any(f.null for f in _model_fields(field) if f.is_relation)


# Operation ids of a resource's standard actions: `<operation_prefix>_<word>`.
ACTION_WORDS = {"retrieve": "read", "partial_update": "update", "destroy": "delete"}


class GonghuiAutoSchema(AutoSchema):
    def get_operation_id(self):
        """A resource (OrgViewSet) names its operations `<operation_prefix>_<action>`, the
        standard actions read/update/delete, unless `operation_ids` names one otherwise;
        ids are contracts, so a resource spells out the ones that differ."""
        view = self.view
        action = getattr(view, "action", None)
        prefix = getattr(view, "operation_prefix", "")
        if action and prefix:
            named = getattr(view, "operation_ids", {}).get(action)
            return named or f"{prefix}_{ACTION_WORDS.get(action, action)}"
        return super().get_operation_id()

    def get_tags(self):
        # A resource's operations are listed under its module (openness, members...).
        if getattr(self.view, "operation_prefix", ""):
            return [type(self.view).__module__.split(".")[1]]
        return super().get_tags()

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        meta = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction != "response" or not isinstance(meta, dict):
            return meta
        chain = _model_fields(field)
        if (
            isinstance(field, serializers.ChoiceField)
            and field.read_only
            and chain
            and chain[-1].blank
            and "" not in field.choices
        ):
            # An unset choice (a sign-up not checked in yet) is stored and shown as "".
            meta = {"oneOf": [meta, {"type": "string", "enum": [""]}]}
        if _may_be_null(field) and not meta.get("nullable"):
            meta = (
                {"allOf": [meta], "nullable": True}
                if "$ref" in meta or "oneOf" in meta
                else {**meta, "nullable": True}
            )
        return meta

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        if direction != "response":
            return bodies
        for code, response in ERRORS.items():
            # A declared 400 keeps its description, but its body is any of the shapes DRF
            # gives a refusal (several views had declared only {detail}).
            if code not in bodies or code == "400":
                described = bodies.get(code, {}).get("description")
                bodies[code] = self._get_response_for_code(response, code, direction=direction)
                if described:
                    bodies[code]["description"] = described
        return bodies
