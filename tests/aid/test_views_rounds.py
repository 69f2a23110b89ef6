"""Pages of education aid: the rounds: works / other org 404 / no permission 403 / wrong method 405, and the
database after each action."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from gonghui.aid.models import AidRound
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped

from .conftest import demo_round

pytestmark = pytest.mark.django_db


class TestRounds:
    def test_the_chair_creates_a_round_with_standards(self, client_for):
        c = client_for("factory_chair")
        assert c.get("/o/F0001/aid/rounds/new/").status_code == 200
        r = c.post(
            "/o/F0001/aid/rounds/new/",
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
            assert rnd.org.code == "F0001"
            assert AuditEntry.objects.filter(
                action="aid.aidround.created", object_id=str(rnd.pk)
            ).exists()

    def test_the_auditor_may_read_but_not_create(self, client_for):
        c = client_for("factory_auditor")
        assert c.get(f"/o/F0001/aid/rounds/{demo_round().pk}/").status_code == 200
        assert c.get("/o/F0001/aid/rounds/new/").status_code == 403

    def test_another_union_gets_404_on_the_round(self, client_for):
        assert (
            client_for("hospital_chair").get(f"/o/H0001/aid/rounds/{demo_round().pk}/").status_code
            == 404
        )
