"""The activity pages: the cadres' and the members' (phone-sized), each with its refusals."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.models import Activity, ActivityFile, Signup
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from tests.conftest import audit_count

from .conftest import make_activity, members_of

pytestmark = pytest.mark.django_db

BASE = "/o/S0001/activities"


def the_member():
    """The demo member (login "member", role at group S0001-G01)."""
    from gonghui.members.models import Member

    with unscoped():
        return Member.objects.select_related("org").get(user__username="member")


def signup_row(activity, member):
    with unscoped():
        return Signup.objects.filter(activity=activity, member=member).first()


def png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 6), (10, 120, 200)).save(buf, "PNG")
    return buf.getvalue()


def running(**kw):
    now = timezone.now()
    return make_activity(
        status="in_progress",
        starts_at=now - dt.timedelta(minutes=20),
        ends_at=now + dt.timedelta(hours=2),
        signup_opens_at=now - dt.timedelta(days=3),
        signup_closes_at=now - dt.timedelta(days=1),
        **kw,
    )


class TestCadrePages:
    def test_the_list_shows_the_unions_activities(self, client_for):
        a = make_activity(quota=10)
        body = client_for("school_cadre").get(f"{BASE}/").content.decode()
        assert a.title in body
        assert f"/activities/{a.pk}/" in body

    def test_another_union_gets_404(self, client_for):
        a = make_activity()
        c = client_for("hospital_chair")
        assert c.get(f"{BASE}/").status_code == 404
        assert c.get(f"/o/H0001/activities/{a.pk}/").status_code == 404
        assert c.post(f"/o/H0001/activities/{a.pk}/publish/").status_code == 404

    def test_a_member_may_not_read_the_cadre_pages(self, client_for):
        a = make_activity()
        c = client_for("member")
        assert c.get("/o/S0001-G01/activities/").status_code == 403
        assert c.get(f"/o/S0001-G01/activities/{a.pk}/").status_code == 403

    def test_reading_is_not_writing(self, client_for):
        a = make_activity(status="draft")
        c = client_for("group_leader")  # activities.activity:read only
        assert c.get("/o/S0001-G01/activities/new/").status_code == 403
        assert c.post(f"/o/S0001-G01/activities/{a.pk}/publish/").status_code == 403

    def test_wrong_methods_get_405(self, client_for):
        a = make_activity()
        c = client_for("school_cadre")
        assert c.get(f"{BASE}/{a.pk}/publish/").status_code == 405
        assert c.get(f"{BASE}/{a.pk}/signups/").status_code == 405
        assert c.post(f"{BASE}/{a.pk}/").status_code == 405
        assert c.post(f"{BASE}/statistics/").status_code == 405

    def test_a_cadre_creates_and_publishes_an_activity(self, client_for, org):
        c = client_for("school_cadre")
        start = timezone.localtime() + dt.timedelta(days=10)
        r = c.post(
            f"{BASE}/new/",
            {
                "title": "三八节插花活动",
                "kind": "festival",
                "audience": "women",
                "starts_at": start.strftime("%Y-%m-%dT09:00"),
                "ends_at": start.strftime("%Y-%m-%dT11:00"),
                "place": "工会活动室",
                "quota": "30",
                "family_max": "2",
                "groups": [org("S0001-G01").pk],
            },
        )
        assert r.status_code == 302, r.content.decode()[:2000]
        with unscoped():
            a = Activity.objects.get(title="三八节插花活动")
            assert a.status == "draft" and a.audience == "women" and a.quota == 30
            assert [g.code for g in a.groups.all()] == ["S0001-G01"]
            assert AuditEntry.objects.filter(
                action="activities.activity.created", object_id=str(a.pk)
            ).exists()
        r = c.post(f"{BASE}/{a.pk}/publish/")
        assert r.status_code == 302
        a.refresh_from_db()
        assert a.status == "signup_open"

    def test_the_festival_calendar_prefills_the_form(self, client_for):
        body = (
            client_for("school_cadre")
            .get(f"{BASE}/new/?kind=care&title=2026年重阳节活动&date=2026-10-29")
            .content.decode()
        )
        assert 'value="2026年重阳节活动"' in body
        assert 'value="2026-10-29T09:00"' in body
        assert re.search(r'<option value="festival" selected>', body)

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

    def test_the_poster_and_the_check_in_code_carry_qr_codes(self, client_for):
        a = make_activity()
        c = client_for("school_cadre")
        body = c.get(f"{BASE}/{a.pk}/poster/").content.decode()
        assert 'id="signup-qr"' in body and 'src="data:image/svg+xml;base64,' in body
        body = c.get(f"{BASE}/{a.pk}/checkin-code/").content.decode()
        assert 'id="checkin-qr"' in body and "?t=" in body
        # The check-in code is the cadres' (it lets anyone at the door check in).
        assert client_for("group_leader").get(
            f"/o/S0001-G01/activities/{a.pk}/checkin-code/"
        ).status_code in (403, 404)

    def test_after_the_activity_report_cost_and_photo(self, client_for, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        a = running()
        c = client_for("school_cadre")
        r = c.post(
            f"{BASE}/{a.pk}/after/",
            {"form": "record", "report": "参加教职工40人，气氛热烈。", "actual_cost": "1280.50"},
        )
        assert r.status_code == 302
        r = c.post(
            f"{BASE}/{a.pk}/after/",
            {
                "form": "upload",
                "is_photo": "on",
                "caption": "合影",
                "file": SimpleUploadedFile("photo.png", png(), content_type="image/png"),
            },
        )
        assert r.status_code == 302
        with unscoped():
            a.refresh_from_db()
            item = ActivityFile.objects.get(activity=a)
        assert a.actual_cost == Decimal("1280.50") and "气氛热烈" in a.report
        got = c.get(f"{BASE}/{a.pk}/files/{item.pk}/")
        assert got.status_code == 200 and got.content == png()
        assert got["Content-Type"] == "image/png"

    def test_a_fake_photo_is_refused_on_the_page(self, client_for, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        a = running()
        r = client_for("school_cadre").post(
            f"{BASE}/{a.pk}/after/",
            {"form": "upload", "is_photo": "on", "file": SimpleUploadedFile("x.png", b"nope")},
        )
        assert r.status_code == 200
        with unscoped():
            assert not ActivityFile.objects.filter(activity=a).exists()

    def test_files_are_not_served_to_another_union(self, client_for, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        a = running()
        with unscoped():
            item = services.file_add(
                actor=None, activity=a, upload=SimpleUploadedFile("p.png", png()), is_photo=True
            )
        assert (
            client_for("hospital_chair")
            .get(f"/o/H0001/activities/{a.pk}/files/{item.pk}/")
            .status_code
            == 404
        )

    def test_statistics(self, client_for):
        a = running(quota=10)
        people = members_of(n=2)
        with unscoped():
            for m in people:
                s = services.signup_create(actor=None, activity=a, member=m, source="cadre")
                services.signup_attendance(actor=None, signup=s, present=True)
        r = client_for("school_chair").get(f"{BASE}/statistics/")
        assert r.status_code == 200
        stats = r.context["stats"]
        assert stats.participants >= 2
        assert any(row["name"] == people[0].name for row in stats.most_active)
        body = r.content.decode()
        assert 'id="activity-chart-data" type="application/json"' in body
        assert "<script>" not in body  # no inline script (the CSP forbids it)


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

    def test_the_members_file_view_shows_only_files_of_activities_open_to_them(
        self, client_for, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        a = running()
        with unscoped():
            item = services.file_add(
                actor=None, activity=a, upload=SimpleUploadedFile("p.png", png()), is_photo=True
            )
        c = client_for("member")
        assert c.get(f"/o/S0001-G01/activities/{a.pk}/files/{item.pk}/").status_code == 200
        h = make_activity("H0001", status="finished")
        with unscoped():
            other = services.file_add(
                actor=None, activity=h, upload=SimpleUploadedFile("q.png", png()), is_photo=True
            )
        assert c.get(f"/o/S0001-G01/activities/{h.pk}/files/{other.pk}/").status_code == 404

    def test_the_member_nav_entry_and_dashboard_card(self, client_for):
        a = make_activity()
        body = client_for("member").get("/o/S0001-G01/").content.decode()
        assert "/o/S0001-G01/activities/mine/" in body
        assert 'id="card-activities"' in body and a.title in body


class TestQrLanding:
    """The poster's code is one URL for every member: /go/activities/<id>/ redirects to
    the member's own page. Mounted by the project's urls.py (see urls_public.py)."""

    @pytest.fixture(autouse=True)
    def go_routes(self, settings):
        from django.urls import NoReverseMatch, clear_url_caches, reverse

        try:
            reverse("activities_go:signup", kwargs={"activity_id": 1})
        except NoReverseMatch:
            settings.ROOT_URLCONF = "tests.activities.urls_with_go"
            clear_url_caches()
        yield
        clear_url_caches()

    def test_the_poster_code_leads_a_group_member_to_their_page(self, client_for):
        from django.urls import reverse

        a = make_activity()
        r = client_for("member").get(reverse("activities_go:signup", kwargs={"activity_id": a.pk}))
        assert r.status_code == 302
        assert r["Location"] == f"/o/S0001-G01/activities/{a.pk}/signup/"

    def test_the_check_in_code_keeps_its_token(self, client_for):
        from django.urls import reverse

        a = running()
        token = services.checkin_token(a)
        url = reverse("activities_go:checkin", kwargs={"activity_id": a.pk})
        r = client_for("member").get(url, {"t": token})
        assert r.status_code == 302
        assert r["Location"].startswith("/o/S0001-G01/activities/checkin/?t=")

    def test_nothing_is_revealed_to_others(self, client_for):
        from django.urls import reverse

        hospital = make_activity("H0001")
        draft = make_activity(status="draft")
        c = client_for("member")
        for a in (hospital, draft):
            assert (
                c.get(reverse("activities_go:signup", kwargs={"activity_id": a.pk})).status_code
                == 404
            )


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
