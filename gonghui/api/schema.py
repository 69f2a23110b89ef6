"""The OpenAPI schema says which errors every endpoint may answer, not only its success.

Each operation documents its success response; the errors are the same everywhere (the
rules of OrgAPIView and DRF): 400 with the reasons (a field → messages object, or a list, or
`detail`), 401 without valid credentials, 403 without the permission, 404 for an
organisation without a role or a record outside it, 429 when throttled. Added to every
operation that does not describe the code itself, so a client (and the fuzzing stage's
status code check) knows what to expect.
"""

from __future__ import annotations

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


class GonghuiAutoSchema(AutoSchema):
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
