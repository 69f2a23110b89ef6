"""Sign-up pages (views_signups.py): the cadres' (add and remove someone, the sign-in
sheet) and the members' (phone-sized: open to me, sign-up, cancel, check-in), each with
its refusals."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from gonghui.activities import services
from gonghui.activities.models import Signup
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from tests.conftest import audit_count

from .conftest import make_activity, members_of, running, the_member

pytestmark = pytest.mark.django_db

BASE = "/o/S0001/activities"


def signup_row(activity, member):
    with unscoped():
        return Signup.objects.filter(activity=activity, member=member).first()


class TestCadreSignups:
    def test_refusals_404_403_405(self, client_for):
        a = make_activity()
        m = members_of("S0001", 1)[0]
        # Another organisation's code: 404.
        hospital = client_for("hospital_chair")
        assert (
            hospital.post(f"/o/H0001/activities/{a.pk}/signups/", {"member": m.pk}).status_code
            == 404
        )
        assert hospital.get(f"/o/H0001/activities/{a.pk}/sheet/").status_code == 404
        # Reading activities is not adding people or ticking the sheet: 403.
        leader = client_for("group_leader")
        assert (
            leader.post(f"/o/S0001-G01/activities/{a.pk}/signups/", {"member": m.pk}).status_code
            == 403
        )
        assert leader.post(f"/o/S0001-G01/activities/{a.pk}/sheet/").status_code == 403
        assert (
            client_for("member").get(f"/o/S0001-G01/activities/{a.pk}/sheet.pdf").status_code == 403
        )
        # A wrong method: 405.
        cadre = client_for("school_cadre")
        assert cadre.get(f"{BASE}/{a.pk}/signups/").status_code == 405
        assert cadre.post(f"{BASE}/{a.pk}/sheet.pdf").status_code == 405
        with unscoped():
            assert not Signup.objects.filter(activity=a).exists()

    def test_a_cadre_adds_and_removes_members_and_the_list_moves_up(self, client_for):
        a = make_activity(quota=1)
        first, second = members_of(n=2)
        c = client_for("school_cadre")
        body = c.get(f"{BASE}/{a.pk}/", {"q": first.name}).content.decode()
        assert re.search(rf'name="member"\s+value="{first.pk}"', body)
        for m in (first, second):
            assert c.post(f"{BASE}/{a.pk}/signups/", {"member": m.pk}).status_code == 302
        assert signup_row(a, second).state == "waitlisted"
        s = signup_row(a, first)
        assert c.post(f"{BASE}/{a.pk}/signups/{s.pk}/remove/").status_code == 302
        assert signup_row(a, first).state == "removed"
        assert signup_row(a, second).state == "confirmed"

    def test_a_cadre_cannot_add_someone_of_another_union(self, client_for):
        a = make_activity()
        outsider = members_of("H0001", n=1)[0]
        c = client_for("school_cadre")
        r = c.post(f"{BASE}/{a.pk}/signups/", {"member": outsider.pk}, follow=True)
        assert signup_row(a, outsider) is None
        assert "示范区实验中学工会" in r.content.decode()  # "for members of <union>"

    def test_a_signup_of_another_activity_is_404(self, client_for):
        a, b = make_activity(), make_activity()
        m = members_of(n=1)[0]
        with unscoped():
            s = services.signup_create(actor=None, activity=b, member=m)
        r = client_for("school_cadre").post(f"{BASE}/{a.pk}/signups/{s.pk}/remove/")
        assert r.status_code == 404
        assert signup_row(b, m).state == "confirmed"

    def test_the_sign_in_sheet_records_attendance(self, client_for):
        a = running(quota=10)
        people = members_of(n=3)
        with unscoped():
            rows = [
                services.signup_create(actor=None, activity=a, member=m, source="cadre")
                for m in people
            ]
        c = client_for("school_cadre")
        body = c.get(f"{BASE}/{a.pk}/sheet/").content.decode()
        assert all(m.name in body for m in people)
        r = c.post(f"{BASE}/{a.pk}/sheet/", {"present": [rows[0].pk, rows[2].pk]})
        assert r.status_code == 302
        with unscoped():
            got = {s.member_id: s.checkin_method for s in Signup.objects.filter(activity=a)}
        assert got == {people[0].pk: "sheet", people[1].pk: "", people[2].pk: "sheet"}

    def test_the_sheet_pdf_lists_the_names_and_is_on_the_record(self, client_for):
        a = make_activity()
        m = members_of(n=1)[0]
        with unscoped():
            services.signup_create(actor=None, activity=a, member=m)
        before = audit_count()
        r = client_for("school_cadre").get(f"{BASE}/{a.pk}/sheet.pdf")
        assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
        assert r.content.startswith(b"%PDF")
        assert "签到表" in unquote(r["Content-Disposition"])
        assert audit_count() == before + 1


class TestMemberPages:
    def test_a_member_sees_the_unions_activity_and_signs_up_on_the_phone_page(self, client_for):
        a = make_activity(quota=5)
        c = client_for("member")
        body = c.get("/o/S0001-G01/activities/mine/").content.decode()
        assert a.title in body
        page = c.get(f"/o/S0001-G01/activities/{a.pk}/signup/")
        assert page.status_code == 200 and 'id="signup-button"' in page.content.decode()
        r = c.post(f"/o/S0001-G01/activities/{a.pk}/signup/", {})
        assert r.status_code == 302
        s = signup_row(a, the_member())
        assert s.state == "confirmed" and s.source == "self"
        with unscoped():
            entry = AuditEntry.objects.get(action="activities.signup.created", object_id=str(s.pk))
        assert entry.actor.username == "member" and entry.source == "web"

    def test_a_member_cancels_before_the_deadline(self, client_for):
        a = make_activity(quota=5)
        c = client_for("member")
        c.post(f"/o/S0001-G01/activities/{a.pk}/signup/", {})
        assert c.post(f"/o/S0001-G01/activities/{a.pk}/cancel/").status_code == 302
        assert signup_row(a, the_member()).state == "cancelled"
        assert c.get(f"/o/S0001-G01/activities/{a.pk}/cancel/").status_code == 405

    def test_nobody_outside_the_audience_signs_up(self, client_for):
        m = the_member()
        other = "female" if m.sex == "male" else "male"
        a = make_activity(audience="women" if other == "female" else "all")
        if other == "male":  # the member is a woman: an audience of another group
            from gonghui.orgs.models import Organisation

            with unscoped():
                a.groups.set([Organisation.objects.get(code="S0001-G02")])
        c = client_for("member")
        r = c.post(f"/o/S0001-G01/activities/{a.pk}/signup/", {}, follow=True)
        assert signup_row(a, m) is None
        assert "signup-button" not in r.content.decode()

    def test_a_draft_or_another_unions_activity_is_404_for_a_member(self, client_for):
        draft = make_activity(status="draft")
        hospital = make_activity("H0001")
        c = client_for("member")
        assert c.get(f"/o/S0001-G01/activities/{draft.pk}/signup/").status_code == 404
        assert c.get(f"/o/S0001-G01/activities/{hospital.pk}/signup/").status_code == 404
        assert c.post(f"/o/S0001-G01/activities/{hospital.pk}/signup/").status_code == 404

    def test_a_member_with_no_role_elsewhere_gets_404(self, client_for):
        a = make_activity()
        assert client_for("member").get(f"/o/S0001/activities/{a.pk}/signup/").status_code == 404

    def test_check_in_by_the_qr_code(self, client_for):
        a = running(quota=5)
        m = the_member()
        with unscoped():
            services.signup_create(actor=None, activity=a, member=m, source="cadre")
        token = services.checkin_token(a)
        c = client_for("member")
        page = c.get("/o/S0001-G01/activities/checkin/", {"t": token})
        assert page.status_code == 200 and 'id="checkin-button"' in page.content.decode()
        r = c.post("/o/S0001-G01/activities/checkin/", {"t": token})
        assert r.status_code == 302
        s = signup_row(a, m)
        assert s.checked_in_at is not None and s.checkin_method == "qr"
        assert 'id="checked-in"' in c.get(r["Location"]).content.decode()

    def test_a_forged_check_in_code_changes_nothing(self, client_for):
        a = running(quota=5)
        c = client_for("member")
        before = audit_count()
        r = c.post("/o/S0001-G01/activities/checkin/", {"t": services.checkin_token(a)[:-2]})
        assert r.status_code == 200 and 'id="checkin-error"' in r.content.decode()
        assert signup_row(a, the_member()) is None
        assert audit_count() == before

    def test_the_member_nav_entry_and_dashboard_card(self, client_for):
        a = make_activity()
        body = client_for("member").get("/o/S0001-G01/").content.decode()
        assert "/o/S0001-G01/activities/mine/" in body
        assert 'id="card-activities"' in body and a.title in body


def test_someone_without_a_member_record_is_told_so_but_only_for_reachable_activities(
    client_for,
):
    a = make_activity()
    hospital = make_activity("H0001")
    c = client_for("school_chair")
    body = c.get(f"{BASE}/{a.pk}/signup/").content.decode()
    assert "signup-button" not in body and a.title not in body
    assert c.get(f"{BASE}/{hospital.pk}/signup/").status_code == 404
    assert c.post(f"{BASE}/{hospital.pk}/signup/").status_code == 404
