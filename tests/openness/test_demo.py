"""Reads the demo: the openness notices the demo command loads (the school's finances of this
year, the factory's notices), and that loading them twice adds nothing. Moved here from
test_due.py and test_hooks.py so that those modules build their own data."""

from __future__ import annotations

import pytest

from gonghui.core.scoping import unscoped
from gonghui.openness import selectors
from gonghui.openness.models import Notice, Question

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo(demo):
    """Every test here reads the demo."""


def states(code: str, today, org: str, year: int) -> dict:
    from gonghui.orgs.models import Organisation

    with unscoped():
        statuses = selectors.due_status(Organisation.objects.get(code=org), year, today)
    status = {s.item.code: s for s in statuses}[code]
    return {str(p.period): p.state for p in status.periods}


def test_the_school_demo_shows_the_fourth_quarter_due():
    """The demo: S0001's finances published for the first three quarters of this year."""
    from django.utils import timezone

    today = timezone.localdate()
    if today.month < 10:
        pytest.skip("the demo's third quarter notice is published in October")
    s = states("finance", today, org="S0001", year=today.year)
    assert s["q1"] == s["q2"] == s["q3"] == "published"
    assert s["q4"] == "due"


def test_the_demo_is_loaded_once():
    from gonghui.openness import demo

    with unscoped():
        before = (Notice.objects.count(), Question.objects.count())
        from gonghui.accounts.models import User
        from gonghui.orgs.models import Organisation

        ctx = {
            "orgs": {o.code: o for o in Organisation.objects.all()},
            "users": {u.username: u for u in User.objects.all()},
        }
        demo.load(ctx)
        assert (Notice.objects.count(), Question.objects.count()) == before
        school = Notice.objects.filter(org__code="S0001")
        assert school.exists() and Notice.objects.filter(org__code="F0001").exists()
        assert school.filter(status="draft").exists()
