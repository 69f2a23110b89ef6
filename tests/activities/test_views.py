"""The cadres' activity pages (views.py): list, form, detail and transitions, poster and
check-in code, the record after the activity with its files, statistics; each with its
refusals (another organisation's code 404, a role without the permission 403, a wrong
method 405)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.models import Activity, ActivityFile
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped

from .conftest import make_activity, png

pytestmark = pytest.mark.django_db


class TestCadrePages:
    def test_the_list_shows_the_unions_activities(self, home, login):
        a = home.activity(quota=10)
        body = login(home.cadre).get(f"{home.base}/").content.decode()
        assert a.title in body
        assert f"/activities/{a.pk}/" in body

    def test_another_union_gets_404(self, home, login):
        a = home.activity()
        c = login(home.other_chair)
        assert c.get(f"{home.base}/").status_code == 404
        assert c.get(f"/o/{home.other.code}/activities/{a.pk}/").status_code == 404
        assert c.post(f"/o/{home.other.code}/activities/{a.pk}/publish/").status_code == 404

    def test_a_member_may_not_read_the_cadre_pages(self, home, login):
        a = home.activity()
        c = login(home.member.user)
        assert c.get(f"{home.me}/").status_code == 403
        assert c.get(f"{home.me}/{a.pk}/").status_code == 403

    def test_reading_is_not_writing(self, home, login):
        a = home.activity(status="draft")
        c = login(home.leader)  # activities.activity:read only
        assert c.get(f"{home.me}/new/").status_code == 403
        assert c.post(f"{home.me}/{a.pk}/publish/").status_code == 403

    def test_wrong_methods_get_405(self, home, login):
        a = home.activity()
        c = login(home.cadre)
        assert c.get(f"{home.base}/{a.pk}/publish/").status_code == 405
        assert c.get(f"{home.base}/{a.pk}/signups/").status_code == 405
        assert c.post(f"{home.base}/{a.pk}/").status_code == 405
        assert c.post(f"{home.base}/statistics/").status_code == 405

    def test_a_cadre_creates_and_publishes_an_activity(self, home, login):
        c = login(home.cadre)
        start = timezone.localtime() + dt.timedelta(days=10)
        r = c.post(
            f"{home.base}/new/",
            {
                "title": "三八节插花活动",
                "kind": "festival",
                "audience": "women",
                "starts_at": start.strftime("%Y-%m-%dT09:00"),
                "ends_at": start.strftime("%Y-%m-%dT11:00"),
                "place": "工会活动室",
                "quota": "30",
                "family_max": "2",
                "groups": [home.g1.pk],
            },
        )
        assert r.status_code == 302, r.content.decode()[:2000]
        with unscoped():
            a = Activity.objects.get(title="三八节插花活动")
            assert a.status == "draft" and a.audience == "women" and a.quota == 30
            assert [g.code for g in a.groups.all()] == [home.g1.code]
            assert AuditEntry.objects.filter(
                action="activities.activity.created", object_id=str(a.pk)
            ).exists()
        r = c.post(f"{home.base}/{a.pk}/publish/")
        assert r.status_code == 302
        a.refresh_from_db()
        assert a.status == "signup_open"

    def test_the_festival_calendar_prefills_the_form(self, home, login):
        body = (
            login(home.cadre)
            .get(f"{home.base}/new/?kind=care&title=2026年重阳节活动&date=2026-10-29")
            .content.decode()
        )
        assert 'value="2026年重阳节活动"' in body
        assert 'value="2026-10-29T09:00"' in body
        assert re.search(r'<option value="festival" selected>', body)

    def test_the_poster_and_the_check_in_code_carry_qr_codes(self, home, login):
        a = home.activity()
        c = login(home.cadre)
        body = c.get(f"{home.base}/{a.pk}/poster/").content.decode()
        assert 'id="signup-qr"' in body and 'src="data:image/svg+xml;base64,' in body
        body = c.get(f"{home.base}/{a.pk}/checkin-code/").content.decode()
        assert 'id="checkin-qr"' in body and "?t=" in body
        # The check-in code is the cadres' (it lets anyone at the door check in).
        assert login(home.leader).get(f"{home.me}/{a.pk}/checkin-code/").status_code in (403, 404)

    def test_after_the_activity_report_cost_and_photo(self, home, login, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        a = home.running()
        c = login(home.cadre)
        r = c.post(
            f"{home.base}/{a.pk}/after/",
            {"form": "record", "report": "参加教职工40人，气氛热烈。", "actual_cost": "1280.50"},
        )
        assert r.status_code == 302
        r = c.post(
            f"{home.base}/{a.pk}/after/",
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
        got = c.get(f"{home.base}/{a.pk}/files/{item.pk}/")
        assert got.status_code == 200 and got.content == png()
        assert got["Content-Type"] == "image/png"

    def test_a_fake_photo_is_refused_on_the_page(self, home, login, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        a = home.running()
        r = login(home.cadre).post(
            f"{home.base}/{a.pk}/after/",
            {"form": "upload", "is_photo": "on", "file": SimpleUploadedFile("x.png", b"nope")},
        )
        assert r.status_code == 200
        with unscoped():
            assert not ActivityFile.objects.filter(activity=a).exists()

    def test_files_are_not_served_to_another_union(self, home, login, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        a = home.running()
        with unscoped():
            item = services.file_add(
                actor=None, activity=a, upload=SimpleUploadedFile("p.png", png()), is_photo=True
            )
        assert (
            login(home.other_chair)
            .get(f"/o/{home.other.code}/activities/{a.pk}/files/{item.pk}/")
            .status_code
            == 404
        )

    def test_statistics(self, home, login):
        a = home.running(quota=10)
        people = home.members(n=2)
        with unscoped():
            for m in people:
                s = services.signup_create(actor=None, activity=a, member=m, source="cadre")
                services.signup_attendance(actor=None, signup=s, present=True)
        r = login(home.chair).get(f"{home.base}/statistics/")
        assert r.status_code == 200
        stats = r.context["stats"]
        assert stats.participants == 2
        assert any(row["name"] == people[0].name for row in stats.most_active)
        body = r.content.decode()
        assert 'id="activity-chart-data" type="application/json"' in body
        assert "<script>" not in body  # no inline script (the CSP forbids it)


class TestMemberFiles:
    """A photo or attachment, for the members the activity is published to."""

    def test_the_members_file_view_shows_only_files_of_activities_open_to_them(
        self, home, login, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        a = home.running()
        with unscoped():
            item = services.file_add(
                actor=None, activity=a, upload=SimpleUploadedFile("p.png", png()), is_photo=True
            )
        c = login(home.member.user)
        assert c.get(f"{home.me}/{a.pk}/files/{item.pk}/").status_code == 200
        h = make_activity(home.other, status="finished")
        with unscoped():
            other = services.file_add(
                actor=None, activity=h, upload=SimpleUploadedFile("q.png", png()), is_photo=True
            )
        assert c.get(f"{home.me}/{h.pk}/files/{other.pk}/").status_code == 404
