"""Pages of education aid: the rounds: works / other org 404 / no permission 403 / wrong method 405, and the
database after each action."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from gonghui.aid.models import AidRound
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped

from .conftest import holder, make_round

pytestmark = pytest.mark.django_db


class TestRounds:
    def test_the_chair_creates_a_round_with_standards(self, login, union, chair):
        c = login(chair)
        assert c.get(f"/o/{union.code}/aid/rounds/new/").status_code == 200
        r = c.post(
            f"/o/{union.code}/aid/rounds/new/",
            {
                "name": "2032年金秋助学",
                "year": 2032,
                "opens_on": "2032-07-01",
                "closes_on": "2032-09-30",
                "standards_source": "本会2032年第3号文件",
                "std_undergraduate": "6000",
                "std_high_school": "2500",
            },
        )
        with unscoped():
            rnd = AidRound.objects.get(name="2032年金秋助学")
        assert r.status_code == 302 and r["Location"].endswith(f"/rounds/{rnd.pk}/")
        with unscoped():
            assert rnd.standards() == {"undergraduate": D("6000.00"), "high_school": D("2500.00")}
            assert rnd.org == union
            assert AuditEntry.objects.filter(
                action="aid.aidround.created", object_id=str(rnd.pk)
            ).exists()

    def test_the_auditor_may_read_but_not_create(self, login, union):
        rnd = make_round(union)
        c = login(holder("auditor", union))
        assert c.get(f"/o/{union.code}/aid/rounds/{rnd.pk}/").status_code == 200
        assert c.get(f"/o/{union.code}/aid/rounds/new/").status_code == 403
        assert c.post(f"/o/{union.code}/aid/rounds/new/", {"year": 2032}).status_code == 403
        with unscoped():
            assert list(AidRound.objects.filter(org=union)) == [rnd]

    def test_another_union_gets_404_on_the_round(self, login, union, other_union):
        rnd = make_round(union)
        c = login(holder("chair", other_union))
        assert c.get(f"/o/{other_union.code}/aid/rounds/{rnd.pk}/").status_code == 404
        assert c.get(f"/o/{union.code}/aid/rounds/{rnd.pk}/").status_code == 404
