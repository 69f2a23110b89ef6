"""Editing a plan and a section through the API: what a PATCH leaves out stays as it was."""

from __future__ import annotations

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.plans import services

pytestmark = pytest.mark.django_db

JSON = "application/json"


def base(union) -> str:
    return f"/api/v1/orgs/{union.code}/plans/"


def test_a_plan_keeps_its_year_when_only_the_title_is_sent(token_login, chair, union, new_plan):
    plan = new_plan(["甲"])
    api = token_login(chair)
    plans = base(union)
    r = api.patch(f"{plans}{plan.pk}/", {"title": "修订后的计划"}, content_type=JSON)
    assert r.status_code == 200 and r.json()["title"] == "修订后的计划"
    assert r.json()["year"] == 2031
    r = api.patch(f"{plans}{plan.pk}/", {"year": 1999}, content_type=JSON)
    assert r.status_code == 400 and "year" in r.json()
    with unscoped():
        plan.refresh_from_db()
        assert (plan.title, plan.year) == ("修订后的计划", 2031)


def test_a_section_keeps_its_number_when_only_the_title_is_sent(
    token_login, chair, union, new_plan
):
    plan = new_plan(["甲"])
    with scope(union), acting(user=chair):
        section = services.section_create(actor=chair, plan=plan, title="组织建设", number="一、")
    api = token_login(chair)
    plans = base(union)
    r = api.patch(f"{plans}sections/{section.pk}/", {"title": "思想引领"}, content_type=JSON)
    assert r.status_code == 200
    assert (r.json()["title"], r.json()["number"]) == ("思想引领", "一、")
    r = api.patch(f"{plans}sections/{section.pk}/", {"title": " "}, content_type=JSON)
    assert r.status_code == 400
    with unscoped():
        section.refresh_from_db()
        assert (section.title, section.number) == ("思想引领", "一、")
