"""The button and the endpoint that draft next year's plan: it works for the chair and the
draft opens badged, filterable by origin; another union's code or plan gets 404; a role
that may not write plans 403; a wrong method 405; a second draft is refused, pointing to
the first."""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope
from gonghui.plans import services
from gonghui.plans.models import Plan

from .conftest import url

pytestmark = pytest.mark.django_db

PAST = 2024
JSON = "application/json"


@pytest.fixture
def this_year(union, chair, new_plan):
    """An accepted plan of a past year: a March 三八 event held, a task never done, a
    one-off task done."""
    plan = new_plan(
        [
            ("三八妇女节组织女职工踏青", {"months": [3]}),
            ("开展师德标兵评选", {"months": [4]}),
            ("组织职工技能比武", {"months": [5]}),
        ],
        year=PAST,
        accept=True,
    )
    with scope(union), acting(user=chair):
        for text, day in (
            ("三八妇女节组织女职工踏青", dt.date(PAST, 3, 8)),
            ("组织职工技能比武", dt.date(PAST, 5, 20)),
        ):
            services.record_create(
                actor=chair,
                org=union,
                data={"title": text, "date": day},
                task=plan.tasks.get(text=text),
            )
    return plan


def api_url(org, plan) -> str:
    return f"/api/v1/orgs/{org.code}/plans/{plan.pk}/draft-next-year/"


def test_the_button_drafts_and_opens_the_draft_badged(login, chair, union, this_year):
    client = login(chair)
    page = client.get(url("plan", union, plan_id=this_year.pk)).content.decode()
    assert 'id="draft-next-year"' in page and "起草下一年计划" in page

    r = client.post(url("plan_draft_next_year", union, plan_id=this_year.pk))
    new = Plan.objects.get(drafted_from=this_year)
    assert r.status_code == 302 and r["Location"] == url("plan", union, plan_id=new.pk)
    body = client.get(r["Location"]).content.decode()
    assert "已根据本年计划和工作记录起草下一年计划" in body
    assert "2025年工会工作计划" in body
    for word in ("延续", "常规", "2024年已办1次", "2024年未开展（没有工作记录）"):
        assert word in body
    # The one-off task done this year is named as left out, not drafted.
    assert 'id="left-out"' in body and "组织职工技能比武" in body
    assert "origin" not in _visible(body) and "carried" not in _visible(body)

    carried = client.get(url("plan", union, plan_id=new.pk) + "?origin=carried").content.decode()
    assert "开展师德标兵评选" in carried and "三八妇女节组织女职工踏青" not in carried
    none_new = client.get(url("plan", union, plan_id=new.pk) + "?origin=new").content.decode()
    assert "本计划中没有这一来源的任务。" in none_new

    # This year's plan now points to its draft instead of offering the button again.
    page = client.get(url("plan", union, plan_id=this_year.pk)).content.decode()
    assert 'id="draft-next-year"' not in page and 'id="next-year-draft"' in page
    assert AuditEntry.objects.filter(action="plans.plan.drafted", actor=chair).count() == 1


def _visible(html: str) -> str:
    """The page's text without its tags' attributes (codes may sit in attributes)."""
    import re

    return re.sub(r"<[^>]*>", " ", html)


def test_a_second_press_says_where_the_draft_is(login, chair, union, this_year):
    client = login(chair)
    page = url("plan", union, plan_id=this_year.pk)
    client.post(url("plan_draft_next_year", union, plan_id=this_year.pk))
    r = client.post(url("plan_draft_next_year", union, plan_id=this_year.pk), HTTP_REFERER=page)
    assert r.status_code == 302 and r["Location"] == page
    assert (
        "已根据本计划起草过下一年计划：《2025年工会工作计划》" in client.get(page).content.decode()
    )
    assert Plan.objects.filter(drafted_from=this_year).count() == 1


def test_the_page_is_404_elsewhere_403_without_write_and_405_on_get(
    login, staff, chair, union, other, this_year
):
    target = url("plan_draft_next_year", union, plan_id=this_year.pk)
    assert login(other.chair).post(target).status_code == 404
    # Their own union, this plan's id: not found either.
    own = url("plan_draft_next_year", other.union, plan_id=this_year.pk)
    assert login(other.chair).post(own).status_code == 404
    # The accountant reads plans but may not write them.
    assert login(staff("finance", union)).post(target).status_code == 403
    assert login(chair).get(target).status_code == 405
    assert not Plan.objects.filter(drafted_from=this_year).exists()


def test_the_endpoint_answers_the_draft_like_the_plan_detail(token_login, chair, union, this_year):
    api = token_login(chair)
    r = api.post(api_url(union, this_year), content_type=JSON)
    assert r.status_code == 201
    data = r.json()
    new = Plan.objects.get(drafted_from=this_year)
    assert (data["id"], data["year"], data["status"]) == (new.pk, PAST + 1, "draft")
    assert data["drafted_from"] == this_year.pk
    detail = api.get(f"/api/v1/orgs/{union.code}/plans/{new.pk}/").json()
    assert data == detail
    tasks = {t["text"]: t for t in data["tasks"]}
    assert set(tasks) == {"三八妇女节组织女职工踏青", "开展师德标兵评选"}
    recurring = tasks["三八妇女节组织女职工踏青"]
    assert (recurring["origin"], recurring["origin_display"]) == ("recurring", "常规")
    assert recurring["origin_note"] == "2024年已办1次"
    assert recurring["drafted_from"] == this_year.tasks.get(text="三八妇女节组织女职工踏青").pk
    assert tasks["开展师德标兵评选"]["origin_display"] == "延续"
    assert AuditEntry.objects.filter(action="plans.plan.drafted", object_id=str(new.pk)).exists()

    again = api.post(api_url(union, this_year), content_type=JSON)
    assert again.status_code == 400 and f"《{new.title}》" in again.json()["detail"]


def test_the_endpoint_is_404_elsewhere_403_without_write_and_405_on_get(
    token_login, staff, chair, union, other, this_year, new_plan
):
    assert token_login(other.chair).post(api_url(union, this_year)).status_code == 404
    assert token_login(other.chair).post(api_url(other.union, this_year)).status_code == 404
    assert token_login(staff("finance", union)).post(api_url(union, this_year)).status_code == 403
    assert token_login(chair).get(api_url(union, this_year)).status_code == 405
    # A draft is no basis for next year's plan.
    draft = new_plan(["甲"], year=PAST + 3)
    r = token_login(chair).post(api_url(union, draft))
    assert r.status_code == 400 and "只有已确认的计划" in r.json()["detail"]
    assert not Plan.objects.filter(drafted_from__isnull=False).exists()
