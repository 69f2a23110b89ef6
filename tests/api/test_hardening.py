"""Security issue #11, finding 6: what used to end in a 500 now answers 400 (or a JSON 500).

The year parameter of every page and endpoint, deeply nested JSON, unexpected errors in
API views, related fields resolved outside the request's organisation, and the schema's
error responses.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory

from gonghui.core.params import YEAR_MAX, YEAR_MIN, parse_year
from gonghui.core.scoping import unscoped

pytestmark = pytest.mark.django_db

BAD_YEARS = ["0", "9999", "9" * 40, "2101", "２０２６", "-1", "2026.5"]


@pytest.fixture
def s0001_member_id():
    from gonghui.members.models import Member

    with unscoped():
        return Member.objects.filter(org__path__startswith=_path("S0001")).order_by("pk")[0].pk


def _path(code):
    from gonghui.orgs.models import Organisation

    with unscoped():
        return Organisation.objects.get(code=code).path


API_WITH_YEAR = [
    "/api/v1/orgs/S0001/activities/",
    "/api/v1/orgs/S0001/activities/statistics/",
    "/api/v1/orgs/S0001/activities/festivals/",
    "/api/v1/orgs/S0001/welfare/reports/",
    "/api/v1/orgs/S0001/welfare/people/{member}/",
    "/api/v1/orgs/S0001/welfare/visits/",
    "/api/v1/orgs/F0001/aid/rounds/",
    "/api/v1/orgs/F0001/aid/education/report/",
    "/api/v1/orgs/F0001/aid/medical/report/",
    "/api/v1/orgs/S0001/democracy/proposals/report/",
    "/api/v1/orgs/S0001/plans/",
    "/api/v1/orgs/S0001/openness/notices/",
]

PAGES_WITH_YEAR = [
    "/o/S0001/activities/",
    "/o/S0001/activities/statistics/",
    "/o/S0001/activities/festivals/",
    "/o/S0001/welfare/reports/",
    "/o/S0001/welfare/people/{member}/",
    "/o/F0001/aid/education/report/",
    "/o/F0001/aid/medical/report/",
    "/o/S0001/democracy/proposals/report/",
    "/o/S0001/plans/",
]

CHAIR = {"S0001": "school_chair", "F0001": "factory_chair"}


def test_parse_year_takes_only_four_digit_years_in_range():
    assert parse_year("2026") == 2026 and parse_year(2026) == 2026
    assert parse_year(str(YEAR_MIN)) == YEAR_MIN and parse_year(str(YEAR_MAX)) == YEAR_MAX
    for raw in [*BAD_YEARS, "", None, True, "²", 10**40]:
        assert parse_year(raw) is None, raw


@pytest.mark.parametrize("url", API_WITH_YEAR)
def test_every_api_refuses_an_out_of_range_year_with_a_400(url, token_client, s0001_member_id):
    code = url.split("/")[4]
    c = token_client(CHAIR[code])
    url = url.format(member=s0001_member_id)
    assert c.get(url, {"year": "2026"}).status_code == 200, url
    for year in BAD_YEARS:
        r = c.get(url, {"year": year})
        assert r.status_code == 400, (url, year, r.status_code)
        assert r["Content-Type"] == "application/json"
        assert list(r.json()) == ["year"], r.json()


@pytest.mark.parametrize("url", PAGES_WITH_YEAR)
def test_every_page_shows_the_default_year_for_an_out_of_range_one(
    url, client_for, s0001_member_id
):
    code = url.split("/")[2]
    c = client_for(CHAIR[code])
    url = url.format(member=s0001_member_id)
    for year in BAD_YEARS:
        r = c.get(url, {"year": year})
        assert r.status_code == 200, (url, year, r.status_code)
        notes = [str(m) for m in r.context["messages"]]
        assert any(str(YEAR_MIN) in n or "1901" in n for n in notes), (url, year, notes)


def test_a_year_in_a_url_path_outside_the_range_is_a_404(token_client):
    from gonghui.funds.models import Fund

    with unscoped():
        fund = Fund.objects.filter(org__code="F0001").first()
    c = token_client("factory_finance")
    base = f"/api/v1/orgs/F0001/funds/{fund.pk}/ledger/"
    assert c.get(f"{base}2026/").status_code == 200
    for year in ("0", "9999", "9" * 30):
        assert c.get(f"{base}{year}/").status_code == 404


# -- request bodies ---------------------------------------------------------------------


@pytest.mark.parametrize("depth", [10_000, 33])
def test_deeply_nested_json_is_refused_with_a_json_400(depth, token_client):
    c = token_client("school_chair")
    body = "[" * depth + "]" * depth
    r = c.post("/api/v1/orgs/S0001/activities/", body, content_type="application/json")
    assert r.status_code == 400
    assert r["Content-Type"] == "application/json"
    assert "32" in r.json()["detail"]


def test_json_nested_within_the_limit_reaches_the_view(token_client):
    c = token_client("school_chair")
    body = {"title": [[["x"]]]}
    r = c.post("/api/v1/orgs/S0001/activities/", body, content_type="application/json")
    assert r.status_code == 400 and "title" in r.json()  # refused by the serializer, not parsed


# -- unexpected errors -----------------------------------------------------------------


def test_an_unexpected_error_in_an_api_view_answers_json_and_is_logged(
    token_client, monkeypatch, caplog
):
    from gonghui.activities import selectors

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals: /srv/gonghui/settings.py line 12")

    monkeypatch.setattr(selectors, "statistics", broken)
    c = token_client("school_chair")
    with caplog.at_level("ERROR", logger="gonghui.api"):
        r = c.get("/api/v1/orgs/S0001/activities/statistics/")
    assert r.status_code == 500
    assert r["Content-Type"] == "application/json"
    assert list(r.json()) == ["detail"]
    assert "secret" not in r.content.decode() and "Traceback" not in r.content.decode()
    assert any(
        rec.exc_info and "secret internals" in str(rec.exc_info[1]) for rec in caplog.records
    )


def test_the_server_error_handler_answers_json_on_api_paths_only(settings):
    from gonghui.api.errors import handler500

    settings.DEBUG = False
    factory = RequestFactory()
    r = handler500(factory.get("/api/v1/me/"))
    assert r.status_code == 500 and r["Content-Type"] == "application/json"
    assert list(json.loads(r.content)) == ["detail"]
    page = handler500(factory.get("/o/S0001/"))
    assert page.status_code == 500 and "json" not in page["Content-Type"]


def test_an_error_outside_the_view_on_an_api_path_answers_json(settings, monkeypatch):
    """Raised before DRF (here: in URL resolution's view lookup), Django's handler500 runs."""
    from gonghui.api import base

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    # dispatch() itself is outside DRF's exception handling.
    monkeypatch.setattr(base.OrgAPIView, "dispatch", broken)
    c = Client(raise_request_exception=False)
    r = c.get("/api/v1/orgs/S0001/activities/")
    assert r.status_code == 500 and r["Content-Type"] == "application/json"
    assert list(r.json()) == ["detail"]


# -- related fields ----------------------------------------------------------------------


def test_no_api_serializer_holds_a_tenant_queryset_built_at_import():
    """Such a queryset carries the scope active at import (none: every call raised
    ScopeError; or a test's platform scope: no scoping at all)."""
    import importlib
    import pkgutil

    from rest_framework import serializers

    import gonghui
    from gonghui.api.fields import unscoped_querysets

    for mod in pkgutil.walk_packages(gonghui.__path__, "gonghui."):
        if mod.name.rsplit(".", 1)[-1].startswith(("api", "serializers")):
            importlib.import_module(mod.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [c for c in subclasses(serializers.Serializer) if c.__module__.startswith("gonghui.")]
    assert len(ours) > 50
    assert unscoped_querysets(ours) == []


def test_the_check_notices_a_related_field_built_on_a_queryset():
    from rest_framework import serializers

    from gonghui.api.fields import unscoped_querysets
    from gonghui.democracy.models import Delegation

    class Bad(serializers.Serializer):
        delegation = serializers.PrimaryKeyRelatedField(queryset=Delegation.objects.all())

    assert unscoped_querysets([Bad]) == [f"{__name__}.Bad.delegation"]


# -- schema ------------------------------------------------------------------------------


def test_the_schema_documents_the_error_answers_of_every_operation(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            assert {"400", "401", "403", "404"} <= set(op["responses"]), (method, path)
            assert op["responses"]["400"]["content"]["application/json"]["schema"] == {}
