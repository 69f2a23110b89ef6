from __future__ import annotations

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from gonghui.api.base import API_VIEWS

pytestmark = pytest.mark.django_db

URL = "/api/v1/openapi.json"
HANDLERS = ("get", "post", "put", "patch", "delete")


def api_patterns():
    """(OpenAPI path, view class) of every route under /api/v1/ but the schema itself."""

    def walk(patterns, prefix):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                yield route, p

    [api] = [p for p in get_resolver().url_patterns if str(p.pattern) == "api/v1/"]
    for route, pattern in walk(api.url_patterns, "/api/v1/"):
        if pattern.name == "api-schema":
            continue
        # <int:term_id> → {term_id}, as OpenAPI writes path parameters.
        parts = [
            "{" + part[1:-1].split(":")[-1] + "}" if part.startswith("<") else part
            for part in route.split("/")
        ]
        yield "/".join(parts), pattern.callback


def methods_of(callback) -> set[str]:
    """The HTTP methods a route answers: a resource's (OrgViewSet) mapped actions, or the
    handlers of a view class."""
    actions = getattr(callback, "actions", None)
    if actions is not None:
        return {m for m in actions if m in HANDLERS}
    return {m for m in HANDLERS if hasattr(callback.view_class, m)}


def test_the_schema_is_public_json(client):
    r = client.get(URL)
    assert r.status_code == 200
    assert r["Content-Type"].split(";")[0] in (
        "application/json",
        "application/vnd.oai.openapi+json",
    )
    schema = json.loads(r.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Gonghui API"


def test_the_schema_lists_every_endpoint_with_its_methods(client):
    paths = json.loads(client.get(URL).content)["paths"]
    routes = list(api_patterns())
    assert len(routes) >= 11
    for path, callback in routes:
        assert path in paths, f"{path} is missing from the schema"
        assert set(paths[path]) == methods_of(callback), path


def test_the_schema_generates_without_warnings_and_validates():
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS, "drf-spectacular reported warnings or errors (see stderr)"
    validate_schema(schema)


def test_every_org_endpoint_declares_a_permission_for_each_method_it_answers():
    routes = [
        (path, cb)
        for path, cb in api_patterns()
        # A resource (OrgViewSet) keeps its class in `cls`, a plain view in `view_class`.
        if getattr(cb, "view_class", getattr(cb, "cls", None)) in API_VIEWS
    ]
    assert len(routes) >= 10
    for path, callback in routes:
        view = getattr(callback, "view_class", getattr(callback, "cls", None))
        actions = getattr(callback, "actions", None)
        if actions is None:
            handled = {m.upper() for m in HANDLERS if hasattr(view, m)}
            assert handled == set(view.permissions), view.__name__
        else:
            for method in methods_of(callback):
                assert actions[method] in view.permissions, f"{path} {method}: no permission"
