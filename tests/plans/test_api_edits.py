"""Editing a plan and a section through the API: what a PATCH leaves out stays as it was."""

from __future__ import annotations

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.plans import services

pytestmark = pytest.mark.django_db

BASE = "/api/v1/orgs/S0001/plans/"
JSON = "application/json"


def test_a_plan_keeps_its_year_when_only_the_title_is_sent(token_client, make_plan):
    plan = make_plan(tasks=["甲"])
    api = token_client("school_chair")
    r = api.patch(f"{BASE}{plan.pk}/", {"title": "修订后的计划"}, content_type=JSON)
    assert r.status_code == 200 and r.json()["title"] == "修订后的计划"
    assert r.json()["year"] == 2031
    r = api.patch(f"{BASE}{plan.pk}/", {"year": 1999}, content_type=JSON)
    assert r.status_code == 400 and "year" in r.json()
    with unscoped():
        plan.refresh_from_db()
        assert (plan.title, plan.year) == ("修订后的计划", 2031)


def test_a_section_keeps_its_number_when_only_the_title_is_sent(token_client, make_plan, org, user):
    plan = make_plan(tasks=["甲"])
    with scope(org("S0001")), acting(user=user("school_chair")):
        section = services.section_create(
            actor=user("school_chair"), plan=plan, title="组织建设", number="一、"
        )
    api = token_client("school_chair")
    r = api.patch(f"{BASE}sections/{section.pk}/", {"title": "思想引领"}, content_type=JSON)
    assert r.status_code == 200
    assert (r.json()["title"], r.json()["number"]) == ("思想引领", "一、")
    r = api.patch(f"{BASE}sections/{section.pk}/", {"title": " "}, content_type=JSON)
    assert r.status_code == 400
    with unscoped():
        section.refresh_from_db()
        assert (section.title, section.number) == ("思想引领", "一、")
