"""The demo's 金点子: the factory holds 60 ideas of the year in every state of the cycle."""

from __future__ import annotations

from django.utils import timezone

from gonghui.ideas import selectors
from gonghui.ideas.models import Idea, Reward, Status


def test_the_factory_has_sixty_ideas_in_every_state(demo, org):
    factory = org("F0001")
    year = timezone.localdate().year
    ideas = Idea.objects.filter(org=factory, year=year)
    assert ideas.count() == 60
    assert set(ideas.values_list("status", flat=True)) == set(Status.values)
    assert selectors.overdue(factory).count() == 3
    assert Reward.objects.filter(idea__in=ideas, paid_on__isnull=False).exists()
    m = selectors.metrics(factory, year)["overall"]
    assert m["ideas"] == 60 and m["value"] > 0 and m["adoption"] is not None


def test_loading_again_adds_nothing(demo, org):
    from gonghui.accounts.models import User
    from gonghui.audit.context import acting
    from gonghui.ideas import demo as ideas_demo
    from gonghui.orgs.models import Organisation

    before = Idea.objects.count()
    with acting(source="cli"):
        ideas_demo.load(
            {
                "orgs": {"F0001": Organisation.objects.get(code="F0001")},
                "users": {"factory_chair": User.objects.get(username="factory_chair")},
            }
        )
    assert Idea.objects.count() == before
