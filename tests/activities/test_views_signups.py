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

from .conftest import make_activity, members_of

pytestmark = pytest.mark.django_db


def signup_row(activity, member):
    with unscoped():
        return Signup.objects.filter(activity=activity, member=member).first()


class TestCadreSignups:
    def test_refusals_404_403_405(self, home, login):
        a = home.activity()
        m = home.members(1)[0]
        # Another organisation's code: 404.
        hospital = login(home.other_chair)
        assert (
            hospital.post(
                f"/o/{home.other.code}/activities/{a.pk}/signups/", {"member": m.pk}
            ).status_code
            == 404
        )
        assert hospital.get(f"/o/{home.other.code}/activities/{a.pk}/sheet/").status_code == 404
        # Reading activities is not adding people or ticking the sheet: 403.
        leader = login(home.leader)
        assert leader.post(f"{home.me}/{a.pk}/signups/", {"member": m.pk}).status_code == 403
        assert leader.post(f"{home.me}/{a.pk}/sheet/").status_code == 403
        assert login(home.member.user).get(f"{home.me}/{a.pk}/sheet.pdf").status_code == 403
        # A wrong method: 405.
        cadre = login(home.cadre)
        assert cadre.get(f"{home.base}/{a.pk}/signups/").status_code == 405
        assert cadre.post(f"{home.base}/{a.pk}/sheet.pdf").status_code == 405
        with unscoped():
            assert not Signup.objects.filter(activity=a).exists()

    def test_a_cadre_adds_and_removes_members_and_the_list_moves_up(self, home, login):
        a = home.activity(quota=1)
        first, second = home.members(n=2)
        c = login(home.cadre)
        body = c.get(f"{home.base}/{a.pk}/", {"q": first.name}).content.decode()
        assert re.search(rf'name="member"\s+value="{first.pk}"', body)
        for m in (first, second):
            assert c.post(f"{home.base}/{a.pk}/signups/", {"member": m.pk}).status_code == 302
        assert signup_row(a, second).state == "waitlisted"
        s = signup_row(a, first)
        assert c.post(f"{home.base}/{a.pk}/signups/{s.pk}/remove/").status_code == 302
        assert signup_row(a, first).state == "removed"
        assert signup_row(a, second).state == "confirmed"

    def test_a_cadre_cannot_add_someone_of_another_union(self, home, login):
        a = home.activity()
        outsider = members_of(home.other, n=1)[0]
        c = login(home.cadre)
        r = c.post(f"{home.base}/{a.pk}/signups/", {"member": outsider.pk}, follow=True)
        assert signup_row(a, outsider) is None
        assert home.union.name in r.content.decode()  # "for members of <union>"

    def test_a_signup_of_another_activity_is_404(self, home, login):
        a, b = home.activity(), home.activity()
        m = home.members(n=1)[0]
        with unscoped():
            s = services.signup_create(actor=None, activity=b, member=m)
        r = login(home.cadre).post(f"{home.base}/{a.pk}/signups/{s.pk}/remove/")
        assert r.status_code == 404
        assert signup_row(b, m).state == "confirmed"

    def test_the_sign_in_sheet_records_attendance(self, home, login):
        a = home.running(quota=10)
        people = home.members(n=3)
        with unscoped():
            rows = [
                services.signup_create(actor=None, activity=a, member=m, source="cadre")
                for m in people
            ]
        c = login(home.cadre)
        body = c.get(f"{home.base}/{a.pk}/sheet/").content.decode()
        assert all(m.name in body for m in people)
        r = c.post(f"{home.base}/{a.pk}/sheet/", {"present": [rows[0].pk, rows[2].pk]})
        assert r.status_code == 302
        with unscoped():
            got = {s.member_id: s.checkin_method for s in Signup.objects.filter(activity=a)}
        assert got == {people[0].pk: "sheet", people[1].pk: "", people[2].pk: "sheet"}

    def test_the_sheet_pdf_lists_the_names_and_is_on_the_record(self, home, login):
        a = home.activity()
        m = home.members(n=1)[0]
        with unscoped():
            services.signup_create(actor=None, activity=a, member=m)
        before = audit_count()
        r = login(home.cadre).get(f"{home.base}/{a.pk}/sheet.pdf")
        assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
        assert r.content.startswith(b"%PDF")
        assert "签到表" in unquote(r["Content-Disposition"])
        assert audit_count() == before + 1


class TestMemberPages:
    def test_a_member_sees_the_unions_activity_and_signs_up_on_the_phone_page(self, home, login):
        a = home.activity(quota=5)
        c = login(home.member.user)
        body = c.get(f"{home.me}/mine/").content.decode()
        assert a.title in body
        page = c.get(f"{home.me}/{a.pk}/signup/")
        assert page.status_code == 200 and 'id="signup-button"' in page.content.decode()
        r = c.post(f"{home.me}/{a.pk}/signup/", {})
        assert r.status_code == 302
        s = signup_row(a, home.member)
        assert s.state == "confirmed" and s.source == "self"
        with unscoped():
            entry = AuditEntry.objects.get(action="activities.signup.created", object_id=str(s.pk))
        assert entry.actor == home.member.user and entry.source == "web"

    def test_a_member_cancels_before_the_deadline(self, home, login):
        a = home.activity(quota=5)
        c = login(home.member.user)
        c.post(f"{home.me}/{a.pk}/signup/", {})
        assert c.post(f"{home.me}/{a.pk}/cancel/").status_code == 302
        assert signup_row(a, home.member).state == "cancelled"
        assert c.get(f"{home.me}/{a.pk}/cancel/").status_code == 405

    def test_nobody_outside_the_audience_signs_up(self, home, login):
        m = home.member
        other = "female" if m.sex == "male" else "male"
        a = home.activity(audience="women" if other == "female" else "all")
        if other == "male":  # the member is a woman: an audience of another group
            with unscoped():
                a.groups.set([home.g2])
        c = login(home.member.user)
        r = c.post(f"{home.me}/{a.pk}/signup/", {}, follow=True)
        assert signup_row(a, m) is None
        assert "signup-button" not in r.content.decode()

    def test_a_draft_or_another_unions_activity_is_404_for_a_member(self, home, login):
        draft = home.activity(status="draft")
        hospital = make_activity(home.other)
        c = login(home.member.user)
        assert c.get(f"{home.me}/{draft.pk}/signup/").status_code == 404
        assert c.get(f"{home.me}/{hospital.pk}/signup/").status_code == 404
        assert c.post(f"{home.me}/{hospital.pk}/signup/").status_code == 404

    def test_a_member_with_no_role_elsewhere_gets_404(self, home, login):
        a = home.activity()
        assert login(home.member.user).get(f"{home.base}/{a.pk}/signup/").status_code == 404

    def test_check_in_by_the_qr_code(self, home, login):
        a = home.running(quota=5)
        m = home.member
        with unscoped():
            services.signup_create(actor=None, activity=a, member=m, source="cadre")
        token = services.checkin_token(a)
        c = login(home.member.user)
        page = c.get(f"{home.me}/checkin/", {"t": token})
        assert page.status_code == 200 and 'id="checkin-button"' in page.content.decode()
        r = c.post(f"{home.me}/checkin/", {"t": token})
        assert r.status_code == 302
        s = signup_row(a, m)
        assert s.checked_in_at is not None and s.checkin_method == "qr"
        assert 'id="checked-in"' in c.get(r["Location"]).content.decode()

    def test_a_forged_check_in_code_changes_nothing(self, home, login):
        a = home.running(quota=5)
        c = login(home.member.user)
        before = audit_count()
        r = c.post(f"{home.me}/checkin/", {"t": services.checkin_token(a)[:-2]})
        assert r.status_code == 200 and 'id="checkin-error"' in r.content.decode()
        assert signup_row(a, home.member) is None
        assert audit_count() == before

    def test_the_member_nav_entry_and_dashboard_card(self, home, login):
        a = home.activity()
        body = login(home.member.user).get(f"/o/{home.g1.code}/").content.decode()
        assert f"{home.me}/mine/" in body
        assert 'id="card-activities"' in body and a.title in body


def test_someone_without_a_member_record_is_told_so_but_only_for_reachable_activities(home, login):
    a = home.activity()
    hospital = make_activity(home.other)
    c = login(home.chair)
    body = c.get(f"{home.base}/{a.pk}/signup/").content.decode()
    assert "signup-button" not in body and a.title not in body
    assert c.get(f"{home.base}/{hospital.pk}/signup/").status_code == 404
    assert c.post(f"{home.base}/{hospital.pk}/signup/").status_code == 404
