"""What the activities module plugs in: plan evidence, year figures, participation for the
lapse rule, the dashboard card, and the one-click link on the after-activity page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from gonghui.activities import hooks
from gonghui.activities.models import Activity
from gonghui.core.scoping import scope, unscoped
from gonghui.members import participation
from gonghui.plans import evidence, figures

pytestmark = pytest.mark.django_db


def teachers_day():
    with unscoped():
        return Activity.objects.select_related("org").get(title="庆祝第42个教师节座谈会")


def test_an_activity_is_plan_evidence_with_its_participants(org):
    kind = evidence.get("activities.activity")
    a = teachers_day()
    d = kind.describe(a)
    came = a.signups.filter(checked_in_at__isnull=False).count()
    assert came > 100
    assert d.title == a.title and d.date == dt.date(2026, 9, 10)
    assert d.figures["participants"] == came
    assert d.url == f"/o/S0001/activities/{a.pk}/"
    assert {"culture", "training", "women", "contest"} <= set(kind.categories)
    with scope(org("S0001")):
        assert a in list(kind.candidates(org("S0001"), 2026))
        assert not list(kind.candidates(org("S0001"), 2025))


def test_the_year_figures_count_what_was_held(org):
    union = org("S0001")
    with scope(union):
        rows = {f.key: f.value for f in figures.compute_all(union, 2026)["culture"]}
    # The school's five activities held in 2026 and its speech contest (demo.py).
    assert rows["activities.held"] == 6
    assert rows["activities.participants"] > rows["activities.people"] > 0
    assert rows["activities.kind.festival"] == 2


def test_members_who_checked_in_count_as_taking_part(org):
    a = teachers_day()
    with unscoped():
        came = set(
            a.signups.filter(checked_in_at__isnull=False).values_list("member_id", flat=True)
        )
        absent = set(
            a.signups.filter(checked_in_at__isnull=True).values_list("member_id", flat=True)
        )
    ids = list(came | absent)
    with scope(org("S0001")):
        seen = participation.took_part(ids, dt.date(2026, 9, 1))
        later = hooks.took_part(ids, dt.date(2026, 11, 1))
    assert came <= seen
    assert later == set()  # nothing held since November


def test_the_dashboard_card_for_cadres_and_members(client_for):
    body = client_for("school_chair").get("/o/S0001/").content.decode()
    assert 'id="card-activities"' in body and "迎新年教职工趣味运动会" in body
    member = client_for("member").get("/o/S0001-G01/").content.decode()
    assert 'id="card-activities"' in member and "/activities/mine/" in member


def test_the_after_page_links_the_activity_to_a_plan_task(client_for):
    try:
        get_template("plans/_link_evidence.html")
    except TemplateDoesNotExist:
        pytest.skip("the plans app's link template (plans/_link_evidence.html) is not there yet")
    a = teachers_day()
    body = client_for("school_chair").get(f"/o/S0001/activities/{a.pk}/after/").content.decode()
    assert 'id="plan-link"' in body
    assert 'name="kind" value="activities.activity"' in body
