"""The routes of a module's api_urls.py, one line each:

route = routes_named("api-aid-")
urlpatterns = [route("rounds/", api.RoundViewSet, "rounds", get="list", post="create")]
"""

from __future__ import annotations

from django.urls import path


def routes_named(prefix: str):
    """A `route(url, resource, name, **actions)` that maps the methods of `url` (get=,
    post=...) to actions of `resource`, the route named `<prefix><name>`."""

    def route(url: str, resource, name: str, **actions):
        return path(url, resource.as_view(actions), name=f"{prefix}{name}")

    return route
