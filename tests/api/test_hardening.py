"""Security issue #11, finding 6: what used to end in a 500 now answers 400 (or a JSON 500).

The year parameter of every page and endpoint, deeply nested JSON, unexpected errors in
API views, related fields resolved outside the request's organisation, and the schema's
error responses.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory

from gonghui.audit.context import acting
from gonghui.core.params import YEAR_MAX, YEAR_MIN, parse_year
from gonghui.core.scoping import unscoped

pytestmark = pytest.mark.django_db

BAD_YEARS = ["0", "9999", "9" * 40, "2101", "２０２６", "-1", "2026.5"]
# The codes of the `school` fixture (see conftest.py): the school union and the other union
# (a factory), each with its chair.
S, F = "AS01", "AF01"


@pytest.fixture
def school_member_id(school):
    return school.member_record.pk


API_WITH_YEAR = [
    f"/api/v1/orgs/{S}/activities/",
    f"/api/v1/orgs/{S}/activities/statistics/",
    f"/api/v1/orgs/{S}/activities/festivals/",
    f"/api/v1/orgs/{S}/welfare/reports/",
    f"/api/v1/orgs/{S}/welfare/people/{{member}}/",
    f"/api/v1/orgs/{S}/welfare/visits/",
    f"/api/v1/orgs/{F}/aid/rounds/",
    f"/api/v1/orgs/{F}/aid/education/report/",
    f"/api/v1/orgs/{F}/aid/medical/report/",
    f"/api/v1/orgs/{S}/democracy/proposals/report/",
    f"/api/v1/orgs/{S}/plans/",
    f"/api/v1/orgs/{S}/openness/notices/",
]

PAGES_WITH_YEAR = [
    f"/o/{S}/activities/",
    f"/o/{S}/activities/statistics/",
    f"/o/{S}/activities/festivals/",
    f"/o/{S}/welfare/reports/",
    f"/o/{S}/welfare/people/{{member}}/",
    f"/o/{F}/aid/education/report/",
    f"/o/{F}/aid/medical/report/",
    f"/o/{S}/democracy/proposals/report/",
    f"/o/{S}/plans/",
]

CHAIR = {S: "chair", F: "other_chair"}  # attributes of the `school` fixture


def test_parse_year_takes_only_four_digit_years_in_range():
    assert parse_year("2026") == 2026 and parse_year(2026) == 2026
    assert parse_year(str(YEAR_MIN)) == YEAR_MIN and parse_year(str(YEAR_MAX)) == YEAR_MAX
    for raw in [*BAD_YEARS, "", None, True, "²", 10**40]:
        assert parse_year(raw) is None, raw


@pytest.mark.parametrize("url", API_WITH_YEAR)
def test_every_api_refuses_an_out_of_range_year_with_a_400(
    url, school, token_login, school_member_id
):
    code = url.split("/")[4]
    c = token_login(getattr(school, CHAIR[code]))
    url = url.format(member=school_member_id)
    assert c.get(url, {"year": "2026"}).status_code == 200, url
    for year in BAD_YEARS:
        r = c.get(url, {"year": year})
        assert r.status_code == 400, (url, year, r.status_code)
        assert r["Content-Type"] == "application/json"
        assert list(r.json()) == ["year"], r.json()


@pytest.mark.parametrize("url", PAGES_WITH_YEAR)
def test_every_page_shows_the_default_year_for_an_out_of_range_one(
    url, school, login, school_member_id
):
    code = url.split("/")[2]
    c = login(getattr(school, CHAIR[code]))
    url = url.format(member=school_member_id)
    for year in BAD_YEARS:
        r = c.get(url, {"year": year})
        assert r.status_code == 200, (url, year, r.status_code)
        notes = [str(m) for m in r.context["messages"]]
        assert any(str(YEAR_MIN) in n or "1901" in n for n in notes), (url, year, notes)


def test_a_year_in_a_url_path_outside_the_range_is_a_404(school, staff, token_login):
    from gonghui.funds import services

    finance = staff("finance", school.other)
    with unscoped(), acting(user=finance):
        fund = services.fund_create(
            actor=finance, org=school.other, kind="hardship", name="困难职工帮扶基金"
        )
    c = token_login(finance)
    base = f"/api/v1/orgs/{F}/funds/{fund.pk}/ledger/"
    assert c.get(f"{base}2026/").status_code == 200
    for year in ("0", "9999", "9" * 30):
        assert c.get(f"{base}{year}/").status_code == 404


# -- request bodies ---------------------------------------------------------------------


@pytest.mark.parametrize("depth", [10_000, 33])
def test_deeply_nested_json_is_refused_with_a_json_400(depth, school, token_login):
    c = token_login(school.chair)
    body = "[" * depth + "]" * depth
    r = c.post(f"/api/v1/orgs/{S}/activities/", body, content_type="application/json")
    assert r.status_code == 400
    assert r["Content-Type"] == "application/json"
    assert "32" in r.json()["detail"]


def test_json_nested_within_the_limit_reaches_the_view(school, token_login):
    c = token_login(school.chair)
    body = {"title": [[["x"]]]}
    r = c.post(f"/api/v1/orgs/{S}/activities/", body, content_type="application/json")
    assert r.status_code == 400 and "title" in r.json()  # refused by the serializer, not parsed


# -- unexpected errors -----------------------------------------------------------------


def test_an_unexpected_error_in_an_api_view_answers_json_and_is_logged(
    school, token_login, monkeypatch, caplog
):
    from gonghui.activities import selectors

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals: /srv/gonghui/settings.py line 12")

    monkeypatch.setattr(selectors, "statistics", broken)
    c = token_login(school.chair)
    with caplog.at_level("ERROR", logger="gonghui.api"):
        r = c.get(f"/api/v1/orgs/{S}/activities/statistics/")
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
    page = handler500(factory.get(f"/o/{S}/"))
    assert page.status_code == 500 and "json" not in page["Content-Type"]


def test_an_error_outside_the_view_on_an_api_path_answers_json(settings, monkeypatch):
    """Raised before DRF (here: in URL resolution's view lookup), Django's handler500 runs."""
    from gonghui.api import base

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    # dispatch() itself is outside DRF's exception handling.
    monkeypatch.setattr(base.OrgAPIView, "dispatch", broken)
    c = Client(raise_request_exception=False)
    r = c.get(f"/api/v1/orgs/{S}/activities/")
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
