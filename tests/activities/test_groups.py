"""Interest groups: members, the leader's plan and the committee's decision, the
group's activities against its approved budget; pages and API with their refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.activities import services_groups as svc
from gonghui.activities.models import Activity, GroupMembership, GroupPlan, InterestGroup
from gonghui.activities.services import ActivityError
from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped
from tests.api.conftest import last_entry_id, new_entries

from .conftest import make_activity, members_of, union

pytestmark = pytest.mark.django_db

BASE = "/o/S0001/activities"
API = "/api/v1/orgs/S0001/activities"
ME = "/o/S0001-G01/activities"
API_ME = "/api/v1/orgs/S0001-G01/activities"
YEAR = timezone.localdate().year


def the_member():
    from gonghui.members.models import Member

    with unscoped():
        return Member.objects.select_related("org").get(user__username="member")


def user(name):
    from gonghui.accounts.models import User

    with unscoped():
        return User.objects.get(username=name)


def a_group(*, leader=None, name="测试书法"):
    with unscoped(), acting(source="system"):
        return svc.group_create(actor=None, org=union("S0001"), name=name, leader=leader)


def plan(g, status="draft", budget="3000.00"):
    with unscoped(), acting(source="system"):
        p = svc.plan_save(
            actor=None,
            group=g,
            year=YEAR,
            text="每月练习两次",
            budget=Decimal(budget),
            by_leader=False,
        )
        if status != "draft":
            p.status = status
            p.save()
    return p


class TestServices:
    def test_the_leader_joins_and_cannot_leave(self, demo):
        m = the_member()
        g = a_group(leader=m)
        with unscoped():
            row = GroupMembership.objects.get(group=g, member=m)
            with pytest.raises(ActivityError):
                svc.group_member_remove(actor=None, membership=row)

    def test_members_of_the_union_only_and_once(self, demo):
        g = a_group()
        other = members_of("H0001", 1)[0]
        mine = members_of("S0001", 1)[0]
        with unscoped(), acting(source="system"):
            with pytest.raises(ActivityError):
                svc.group_member_add(actor=None, group=g, member=other)
            svc.group_member_add(actor=None, group=g, member=mine)
            with pytest.raises(ActivityError):
                svc.group_member_add(actor=None, group=g, member=mine)
            assert GroupMembership.objects.filter(group=g).count() == 1

    def test_names_are_unique_per_union(self, demo):
        a_group()
        with pytest.raises(ActivityError):
            a_group()

    def test_plan_flow_leader_submits_committee_decides(self, demo):
        g = a_group(leader=the_member())
        with unscoped(), acting(source="system"):
            with pytest.raises(ActivityError, match="组长才能填写"):
                svc.plan_save(
                    actor=user("school_cadre"),
                    group=g,
                    year=YEAR,
                    text="x",
                    budget=Decimal(1),
                    by_leader=True,
                )
            p = svc.plan_save(
                actor=user("member"),
                group=g,
                year=YEAR,
                text="练习",
                budget=Decimal("2000"),
                by_leader=True,
            )
            with pytest.raises(ActivityError):
                svc.plan_submit(actor=user("school_cadre"), plan=p)
            with pytest.raises(ActivityError):
                svc.plan_decide(actor=None, plan=p, approve=True)  # not submitted yet
            svc.plan_submit(actor=user("member"), plan=p)
            with pytest.raises(ActivityError):
                svc.plan_save(
                    actor=user("member"),
                    group=g,
                    year=YEAR,
                    text="y",
                    budget=Decimal(1),
                    by_leader=True,
                )
            with pytest.raises(ActivityError, match="理由"):
                svc.plan_decide(actor=None, plan=p, approve=False)
            svc.plan_decide(actor=None, plan=p, approve=False, reason="预算偏高")
            # Rejected: the leader rewrites it (back to draft) and submits again.
            p = svc.plan_save(
                actor=user("member"),
                group=g,
                year=YEAR,
                text="练习",
                budget=Decimal("1500"),
                by_leader=True,
            )
            assert p.status == "draft"
            svc.plan_submit(actor=user("member"), plan=p)
            svc.plan_decide(actor=user("school_chair"), plan=p, approve=True)
            p.refresh_from_db()
        assert (p.status, p.budget, p.decided_by.username) == (
            "approved",
            Decimal("1500.00"),
            "school_chair",
        )

    def test_spending_against_the_approved_budget(self, demo):
        g = a_group()
        plan(g, status="approved", budget="1000.00")
        a = make_activity(status="finished", actual_cost=Decimal("1200.00"))
        b = make_activity(status="finished", actual_cost=Decimal("50.00"))
        with unscoped(), acting(source="system"):
            svc.group_activity_link(actor=None, activity=a, group=g)
            svc.group_activity_link(actor=None, activity=b, group=g)
            spending = svc.group_spending(g, a.year)
        assert spending["approved"] == Decimal("1000.00")
        assert spending["spent"] == Decimal("1250.00")
        assert spending["over"] is True

    def test_an_activity_of_another_union_cannot_be_linked(self, demo):
        g = a_group()
        a = make_activity("H0001")
        with unscoped(), pytest.raises(ActivityError):
            svc.group_activity_link(actor=None, activity=a, group=g)


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


class TestAPI:
    def test_committee_and_leader(self, token_client):
        c = token_client("school_chair")
        m = the_member()
        r = c.post(
            f"{API}/groups/", {"name": "羽毛球", "leader_id": m.pk}, content_type="application/json"
        )
        assert r.status_code == 201, r.content
        gid = r.json()["id"]
        assert [x["member_id"] for x in r.json()["members"]] == [m.pk]
        other = members_of("S0001", 1)[0]
        r = c.post(
            f"{API}/groups/{gid}/members/", {"member_id": other.pk}, content_type="application/json"
        )
        assert r.status_code == 201
        assert c.delete(f"{API}/groups/{gid}/members/{r.json()['id']}/").status_code == 204
        leader = token_client("member")
        assert gid in [g["id"] for g in leader.get(f"{API_ME}/groups/led/").json()]
        r = leader.post(
            f"{API_ME}/groups/{gid}/plan/",
            {"year": YEAR, "text": "周末训练", "budget": "2400.00"},
            content_type="application/json",
        )
        assert r.status_code == 200, r.content
        pid = r.json()["id"]
        assert (
            leader.post(f"{API_ME}/groups/{gid}/plans/{pid}/submit/").json()["status"]
            == "submitted"
        )
        r = c.post(
            f"{API}/groups/{gid}/plans/{pid}/decide/",
            {"approve": False},
            content_type="application/json",
        )
        assert r.status_code == 400
        r = c.post(
            f"{API}/groups/{gid}/plans/{pid}/decide/",
            {"approve": True},
            content_type="application/json",
        )
        assert r.json()["status"] == "approved"
        a = make_activity()
        r = c.post(
            f"{API}/groups/{gid}/activities/",
            {"activity_id": a.pk},
            content_type="application/json",
        )
        assert [x["id"] for x in r.json()["activities"]] == [a.pk]
        r = c.patch(f"{API}/groups/{gid}/", {"active": False}, content_type="application/json")
        assert r.json()["active"] is False

    def test_refusals(self, token_client):
        g = a_group(leader=members_of("S0001", 1)[0])
        p = plan(g)
        assert (
            token_client("hospital_chair")
            .get(f"/api/v1/orgs/H0001/activities/groups/{g.pk}/")
            .status_code
            == 404
        )
        m = token_client("member")
        assert m.get(f"{API_ME}/groups/").status_code == 403
        assert m.post(f"{API_ME}/groups/{g.pk}/plans/{p.pk}/submit/").status_code == 403
        assert token_client("school_chair").get(f"{API}/groups/{g.pk}/members/").status_code == 405
