"""What the activities module plugs in: plan evidence, year figures, participation for the
lapse rule, the dashboard card, and the one-click link on the after-activity page. Each
test holds its own year of activities (`held`) in a union of its own (`home`)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from gonghui.activities import hooks
from gonghui.activities.models import Signup
from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.members import participation
from gonghui.plans import evidence, figures

from .conftest import make_activity

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hours: int = 2) -> dict:
    start = dt.datetime.combine(day, dt.time(9, 0), tzinfo=SHANGHAI)
    return {
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=hours),
        "signup_opens_at": start - dt.timedelta(days=10),
        "signup_closes_at": start - dt.timedelta(days=1),
    }


def attend(activity, came, absent=()):
    with unscoped(), acting(source="system"):
        for seq, m in enumerate([*came, *absent], start=1):
            Signup(
                activity=activity,
                member=m,
                state="confirmed",
                seq=seq,
                source="cadre",
                checked_in_at=activity.starts_at if m in came else None,
                checkin_method="sheet" if m in came else "",
            ).save()


@pytest.fixture
def held(home):
    """The union's year 2026: three activities held (two festivals), one still a draft, one
    held in 2024, one of another union; the teachers' day (returned): three came, two did not."""
    people = home.members(6)
    a = home.activity(
        title="庆祝第42个教师节座谈会",
        kind="festival",
        status="finished",
        **at(dt.date(2026, 9, 10)),
    )
    attend(a, people[:3], people[3:5])
    spring = home.activity(kind="festival", status="archived", **at(dt.date(2026, 1, 20)))
    attend(spring, people[:1])
    home.activity(kind="sports", status="finished", **at(dt.date(2026, 5, 1)))
    home.activity(kind="sports", status="draft", **at(dt.date(2026, 6, 1)))
    home.activity(kind="festival", status="finished", **at(dt.date(2024, 9, 10)))
    make_activity(home.other, kind="festival", status="finished", **at(dt.date(2026, 9, 10)))
    return a


def test_an_activity_is_plan_evidence_with_its_participants(home, held):
    kind = evidence.get("activities.activity")
    a = held
    d = kind.describe(a)
    with unscoped():
        came = a.signups.filter(checked_in_at__isnull=False).count()
    assert came == 3
    assert d.title == a.title and d.date == dt.date(2026, 9, 10)
    assert d.figures["participants"] == came
    assert d.url == f"/o/{home.union.code}/activities/{a.pk}/"
    assert {"culture", "training", "women", "contest"} <= set(kind.categories)
    with scope(home.union):
        assert a in list(kind.candidates(home.union, 2026))
        assert not list(kind.candidates(home.union, 2025))


def test_the_year_figures_count_what_was_held(home, held):
    union = home.union
    with scope(union):
        rows = {f.key: f.value for f in figures.compute_all(union, 2026)["culture"]}
    # Three held in 2026 (not the draft, nor 2024's, nor the other union's); four check-ins
    # by three people (one came twice).
    assert rows["activities.held"] == 3
    assert rows["activities.participants"] == 4 and rows["activities.people"] == 3
    assert rows["activities.kind.festival"] == 2


def test_members_who_checked_in_count_as_taking_part(home, held):
    a = held
    with unscoped():
        came = set(
            a.signups.filter(checked_in_at__isnull=False).values_list("member_id", flat=True)
        )
        absent = set(
            a.signups.filter(checked_in_at__isnull=True).values_list("member_id", flat=True)
        )
    ids = list(came | absent)
    assert came and absent
    with scope(home.union):
        seen = participation.took_part(ids, dt.date(2026, 9, 1))
        later = hooks.took_part(ids, dt.date(2026, 11, 1))
    assert came <= seen
    assert later == set()  # nothing held since November


def test_the_dashboard_card_for_cadres_and_members(home, login):
    home.activity(title="迎新年教职工趣味运动会")
    body = login(home.chair).get(f"/o/{home.union.code}/").content.decode()
    assert 'id="card-activities"' in body and "迎新年教职工趣味运动会" in body
    member = login(home.member.user).get(f"/o/{home.g1.code}/").content.decode()
    assert 'id="card-activities"' in member and "/activities/mine/" in member


def test_the_after_page_links_the_activity_to_a_plan_task(home, held, login):
    try:
        get_template("plans/_link_evidence.html")
    except TemplateDoesNotExist:
        pytest.skip("the plans app's link template (plans/_link_evidence.html) is not there yet")
    from gonghui.plans import services as plans

    a = held
    with scope(home.union), acting(user=home.chair):
        plan = plans.plan_create(
            actor=home.chair, org=home.union, year=2026, title="2026年工会工作计划"
        )
        plans.task_create(actor=home.chair, plan=plan, data={"text": "庆祝教师节", "months": [9]})
        plans.plan_accept(actor=home.chair, plan=plan)
    body = login(home.chair).get(f"{home.base}/{a.pk}/after/").content.decode()
    assert 'id="plan-link"' in body
    assert 'name="kind" value="activities.activity"' in body
