"""Interest group pages: the committee's and the leader's, with their refusals (404, 403,
405)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.activities.models import Activity, GroupMembership, GroupPlan, InterestGroup
from gonghui.core.scoping import unscoped
from tests.api.conftest import last_entry_id, new_entries

from ..conftest import make_activity, members_of, the_member
from .conftest import BASE, ME, YEAR, a_group, plan

pytestmark = pytest.mark.django_db


class TestPages:
    def test_a_cadre_creates_a_group_adds_members_and_approves(self, client_for):
        c = client_for("school_chair")
        m = the_member()
        r = c.post(f"{BASE}/groups/new/", {"name": "合唱", "leader": m.pk})
        with unscoped():
            g = InterestGroup.objects.get(org__code="S0001", name="合唱")
        assert r.status_code == 302 and r["Location"].endswith(f"/groups/{g.pk}/")
        other = members_of("S0001", 1)[0]
        c.post(f"{BASE}/groups/{g.pk}/members/", {"member": other.pk})
        with unscoped():
            assert GroupMembership.objects.filter(group=g).count() == 2
        p = plan(g, status="submitted")
        since = last_entry_id()
        c.post(f"{BASE}/groups/{g.pk}/plans/{p.pk}/decide/", {"decision": "approve"})
        with unscoped():
            assert GroupPlan.objects.get(pk=p.pk).status == "approved"
        assert (
            new_entries("activities.groupplan.updated", since)[0].actor.username == "school_chair"
        )
        body = c.get(f"{BASE}/groups/{g.pk}/").content.decode()
        assert "3000.00" in body and m.name in body

    def test_a_foreign_member_id_is_not_found(self, client_for):
        g = a_group()
        c = client_for("school_chair")
        c.post(f"{BASE}/groups/{g.pk}/members/", {"member": members_of("H0001", 1)[0].pk})
        with unscoped():
            assert not GroupMembership.objects.filter(group=g).exists()

    def test_linking_an_activity_shows_it_on_the_group_page(self, client_for):
        g = a_group()
        a = make_activity(actual_cost=Decimal("80.00"), status="finished")
        c = client_for("school_cadre")
        c.post(f"{BASE}/groups/{g.pk}/activities/", {"activity": a.pk})
        with unscoped():
            assert Activity.objects.get(pk=a.pk).interest_group_id == g.pk
        assert a.title in c.get(f"{BASE}/groups/{g.pk}/").content.decode()
        c.post(f"{BASE}/groups/{g.pk}/activities/", {"activity": a.pk, "unlink": "1"})
        with unscoped():
            assert Activity.objects.get(pk=a.pk).interest_group_id is None

    def test_another_union_gets_404(self, client_for):
        g = a_group()
        c = client_for("hospital_chair")
        assert c.get(f"/o/H0001/activities/groups/{g.pk}/").status_code == 404
        assert (
            c.post(f"/o/H0001/activities/groups/{g.pk}/members/", {"member": 1}).status_code == 404
        )
        assert c.post(f"/o/H0001/activities/groups/{g.pk}/plan/", {"text": "x"}).status_code == 404

    def test_a_member_may_not_manage(self, client_for):
        g = a_group()
        c = client_for("member")
        assert c.get(f"{ME}/groups/").status_code == 403
        assert c.post(f"{ME}/groups/{g.pk}/edit/", {"name": "x"}).status_code == 403

    def test_wrong_method_405(self, client_for):
        g = a_group()
        c = client_for("school_chair")
        assert c.get(f"{BASE}/groups/new/").status_code == 405
        assert c.get(f"{BASE}/groups/{g.pk}/members/").status_code == 405

    def test_the_leader_writes_and_submits_the_plan(self, client_for):
        g = a_group(leader=the_member())
        c = client_for("member")
        body = c.get(f"{ME}/groups/led/").content.decode()
        assert g.name in body
        r = c.post(f"{ME}/groups/{g.pk}/plan/", {"year": YEAR, "text": "书法展", "budget": "800"})
        assert r.status_code == 302
        with unscoped():
            p = GroupPlan.objects.get(group=g, year=YEAR)
        assert p.budget == Decimal("800.00")
        c.post(f"{ME}/groups/{g.pk}/plans/{p.pk}/submit/")
        with unscoped():
            assert GroupPlan.objects.get(pk=p.pk).status == "submitted"

    def test_someone_who_is_not_the_leader_is_refused(self, client_for):
        g = a_group(leader=members_of("S0001", 1)[0])
        p = plan(g)
        c = client_for("member")
        assert f">{g.name}<" not in c.get(f"{ME}/groups/led/").content.decode()
        assert (
            c.post(
                f"{ME}/groups/{g.pk}/plan/", {"year": YEAR, "text": "x", "budget": "1"}
            ).status_code
            == 403
        )
        assert c.post(f"{ME}/groups/{g.pk}/plans/{p.pk}/submit/").status_code == 403
        with unscoped():
            assert GroupPlan.objects.get(pk=p.pk).status == "draft"
