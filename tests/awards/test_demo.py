"""The demo: the school's 师德标兵 on 公示 with one objection answered; loading twice adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from gonghui.awards.models import AwardRound, Nomination, Objection, RoundStatus
from gonghui.core.scoping import unscoped

pytestmark = pytest.mark.django_db


def test_the_school_runs_its_model_teacher_round(demo):
    with unscoped():
        r = AwardRound.objects.get(org__code="S0001", kind="model_teacher")
        assert r.status == RoundStatus.PUBLICITY and r.publicity_end >= r.publicity_start
        assert Nomination.objects.filter(round=r, status="selected").count() == 3
        o = Objection.objects.get(nomination__round=r)
        assert o.is_answered
        before = AwardRound.objects.count()
    call_command("demo")
    with unscoped():
        assert AwardRound.objects.count() == before
