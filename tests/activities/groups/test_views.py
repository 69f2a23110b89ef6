"""Interest group pages: the committee's and the leader's, with their refusals (404, 403,
405)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.activities.models import Activity, GroupMembership, GroupPlan, InterestGroup
from gonghui.core.scoping import unscoped
from tests.api.conftest import last_entry_id, new_entries

from ..conftest import members_of
from .conftest import YEAR, a_group, plan

pytestmark = pytest.mark.django_db


class TestPages:
    def test_a_cadre_creates_a_group_adds_members_and_approves(self, home, login):
        BASE = home.base
        c = login(home.chair)
        m = home.member
        r = c.post(f"{BASE}/groups/new/", {"name": "合唱", "leader": m.pk})
        with unscoped():
            g = InterestGroup.objects.get(org=home.union, name="合唱")
        assert r.status_code == 302 and r["Location"].endswith(f"/groups/{g.pk}/")
        other = home.members(1)[0]
        c.post(f"{BASE}/groups/{g.pk}/members/", {"member": other.pk})
        with unscoped():
            assert GroupMembership.objects.filter(group=g).count() == 2
        p = plan(g, status="submitted")
        since = last_entry_id()
        c.post(f"{BASE}/groups/{g.pk}/plans/{p.pk}/decide/", {"decision": "approve"})
        with unscoped():
            assert GroupPlan.objects.get(pk=p.pk).status == "approved"
        assert new_entries("activities.groupplan.updated", since)[0].actor == home.chair
        body = c.get(f"{BASE}/groups/{g.pk}/").content.decode()
        assert "3000.00" in body and m.name in body

    def test_a_foreign_member_id_is_not_found(self, home, login):
        g = a_group(home)
        c = login(home.chair)
        c.post(f"{home.base}/groups/{g.pk}/members/", {"member": members_of(home.other, 1)[0].pk})
        with unscoped():
            assert not GroupMembership.objects.filter(group=g).exists()

    def test_linking_an_activity_shows_it_on_the_group_page(self, home, login):
        BASE = home.base
        g = a_group(home)
        a = home.activity(actual_cost=Decimal("80.00"), status="finished")
        c = login(home.cadre)
        c.post(f"{BASE}/groups/{g.pk}/activities/", {"activity": a.pk})
        with unscoped():
            assert Activity.objects.get(pk=a.pk).interest_group_id == g.pk
        assert a.title in c.get(f"{BASE}/groups/{g.pk}/").content.decode()
        c.post(f"{BASE}/groups/{g.pk}/activities/", {"activity": a.pk, "unlink": "1"})
        with unscoped():
            assert Activity.objects.get(pk=a.pk).interest_group_id is None

    def test_another_union_gets_404(self, home, login):
        g = a_group(home)
        c = login(home.other_chair)
        theirs = f"/o/{home.other.code}/activities/groups/{g.pk}"
        assert c.get(f"{theirs}/").status_code == 404
        assert c.post(f"{theirs}/members/", {"member": home.members(1)[0].pk}).status_code == 404
        assert c.post(f"{theirs}/plan/", {"text": "x"}).status_code == 404
        with unscoped():
            assert GroupMembership.objects.filter(group=g).count() == 0
            assert not GroupPlan.objects.filter(group=g).exists()

    def test_a_member_may_not_manage(self, home, login):
        ME = home.me
        g = a_group(home)
        c = login(home.member.user)
        assert c.get(f"{ME}/groups/").status_code == 403
        assert c.post(f"{ME}/groups/{g.pk}/edit/", {"name": "x"}).status_code == 403

    def test_wrong_method_405(self, home, login):
        BASE = home.base
        g = a_group(home)
        c = login(home.chair)
        assert c.get(f"{BASE}/groups/new/").status_code == 405
        assert c.get(f"{BASE}/groups/{g.pk}/members/").status_code == 405

    def test_the_leader_writes_and_submits_the_plan(self, home, login):
        ME = home.me
        g = a_group(home, leader=home.member)
        c = login(home.member.user)
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

    def test_someone_who_is_not_the_leader_is_refused(self, home, login):
        ME = home.me
        g = a_group(home, leader=home.members(1)[0])
        p = plan(g)
        mine = a_group(home, leader=home.member, name="测试合唱")  # the member leads another one
        c = login(home.member.user)
        body = c.get(f"{ME}/groups/led/").content.decode()
        assert f">{mine.name}<" in body and f">{g.name}<" not in body
        assert (
            c.post(
                f"{ME}/groups/{g.pk}/plan/", {"year": YEAR, "text": "x", "budget": "1"}
            ).status_code
            == 403
        )
        assert c.post(f"{ME}/groups/{g.pk}/plans/{p.pk}/submit/").status_code == 403
        with unscoped():
            assert GroupPlan.objects.get(pk=p.pk).status == "draft"
