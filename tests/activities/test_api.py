"""The activities API: every page action, with the same scoping, permissions and audit."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.models import Activity, ActivityFile, Signup
from gonghui.core.scoping import unscoped
from tests.api.conftest import last_entry_id, new_entries

from .conftest import make_activity, members_of

pytestmark = pytest.mark.django_db


class TestActivities:
    def test_a_cadre_creates_publishes_and_reads_an_activity(self, home, token_login):
        c = token_login(home.cadre)
        since = last_entry_id()
        start = timezone.now() + dt.timedelta(days=5)
        r = c.post(
            f"{home.api}/",
            {
                "title": "五一职工篮球联赛",
                "kind": "contest",
                "audience": "all",
                "groups": [home.g1.code, home.g2.code],
                "starts_at": start.isoformat(),
                "ends_at": (start + dt.timedelta(hours=3)).isoformat(),
                "quota": 40,
                "budget": "3000.00",
            },
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
        body = r.json()
        assert body["status"] == "draft" and sorted(body["groups"]) == [home.g1.code, home.g2.code]
        entry = new_entries("activities.activity.created", since)[0]
        assert entry.source == "api" and entry.actor == home.cadre
        r = c.post(f"{home.api}/{body['id']}/publish/")
        assert r.status_code == 200 and r.json()["status"] == "signup_open"
        listing = c.get(f"{home.api}/", {"status": "signup_open"}).json()
        assert any(row["id"] == body["id"] for row in listing["results"])

    def test_groups_of_another_union_are_refused(self, home, token_login):
        start = timezone.now() + dt.timedelta(days=5)
        r = token_login(home.cadre).post(
            f"{home.api}/",
            {
                "title": "x",
                "starts_at": start.isoformat(),
                "ends_at": start.isoformat(),
                "groups": [home.other_group.code],
            },
            content_type="application/json",
        )
        assert r.status_code == 400
        with unscoped():
            assert not Activity.objects.filter(title="x").exists()

    def test_refusals(self, home, token_login):
        a = home.activity()
        assert token_login(home.other_chair).get(f"{home.api}/{a.pk}/").status_code == 404
        assert (
            token_login(home.other_chair)
            .get(f"/api/v1/orgs/{home.other.code}/activities/{a.pk}/")
            .status_code
            == 404
        )
        assert (
            token_login(home.leader)
            .post(f"{home.api_me}/", {}, content_type="application/json")
            .status_code
            == 403
        )
        assert token_login(home.member.user).get(f"{home.api_me}/").status_code == 403
        assert token_login(home.cadre).delete(f"{home.api}/{a.pk}/").status_code == 405
        assert token_login(home.cadre).get(f"{home.api}/{a.pk}/publish/").status_code == 405

    def test_patch_a_bigger_quota_promotes(self, home, token_login):
        a = home.activity(quota=1)
        p = home.members(n=2)
        with unscoped():
            for m in p:
                services.signup_create(actor=None, activity=a, member=m)
        r = token_login(home.cadre).patch(
            f"{home.api}/{a.pk}/", {"quota": 2}, content_type="application/json"
        )
        assert r.status_code == 200 and r.json()["quota"] == 2
        with unscoped():
            assert Signup.objects.get(activity=a, member=p[1]).state == "confirmed"

    def test_record_after_the_activity(self, home, token_login):
        a = home.running()
        r = token_login(home.cadre).post(
            f"{home.api}/{a.pk}/record/",
            {"report": "圆满完成。", "actual_cost": "520.00"},
            content_type="application/json",
        )
        assert r.status_code == 200 and r.json()["actual_cost"] == "520.00"
        draft = home.activity(status="draft")
        r = token_login(home.cadre).post(
            f"{home.api}/{draft.pk}/record/", {"report": "x"}, content_type="application/json"
        )
        assert r.status_code == 400

    def test_statistics(self, home, token_login):
        a = home.running(quota=5)
        m = home.members(n=1)[0]
        with unscoped():
            s = services.signup_create(actor=None, activity=a, member=m, source="cadre")
            services.signup_attendance(actor=None, signup=s, present=True)
        body = token_login(home.chair).get(f"{home.api}/statistics/").json()
        assert body["participants"] == 1 and len(body["by_month"]) == 12
        assert any(r["member_id"] == m.pk for r in body["most_active"])
        assert all(r["member_id"] != m.pk for r in body["never"])


class TestSignupsByCadres:
    def test_add_list_tick_and_remove(self, home, token_login):
        a = home.running(quota=1)
        p = home.members(n=2)
        c = token_login(home.cadre)
        first = c.post(
            f"{home.api}/{a.pk}/signups/", {"member_id": p[0].pk}, content_type="application/json"
        )
        second = c.post(
            f"{home.api}/{a.pk}/signups/", {"member_id": p[1].pk}, content_type="application/json"
        )
        assert (first.json()["state"], second.json()["state"]) == ("confirmed", "waitlisted")
        assert [r["member_id"] for r in c.get(f"{home.api}/{a.pk}/signups/").json()] == [
            p[0].pk,
            p[1].pk,
        ]
        r = c.post(
            f"{home.api}/{a.pk}/signups/{first.json()['id']}/attendance/",
            {"present": True},
            content_type="application/json",
        )
        assert r.status_code == 200 and r.json()["checkin_method"] == "sheet"
        r = c.post(f"{home.api}/{a.pk}/signups/{second.json()['id']}/remove/")
        assert r.status_code == 200 and r.json()["state"] == "removed"

    def test_a_member_of_another_union_cannot_be_added(self, home, token_login):
        a = home.activity()
        outsider = members_of(home.other, n=1)[0]
        r = token_login(home.cadre).post(
            f"{home.api}/{a.pk}/signups/",
            {"member_id": outsider.pk},
            content_type="application/json",
        )
        assert r.status_code == 400
        with unscoped():
            assert not Signup.objects.filter(activity=a).exists()

    def test_sheet_pdf(self, home, token_login):
        a = home.activity()
        r = token_login(home.cadre).get(f"{home.api}/{a.pk}/sheet.pdf")
        assert r.status_code == 200 and r.content.startswith(b"%PDF")


class TestFiles:
    def test_upload_list_download_delete(self, home, token_login, settings, tmp_path):
        from PIL import Image

        settings.MEDIA_ROOT = tmp_path
        buf = io.BytesIO()
        Image.new("RGB", (3, 3)).save(buf, "JPEG")
        a = home.running()
        c = token_login(home.cadre)
        r = c.post(
            f"{home.api}/{a.pk}/files/",
            {"file": SimpleUploadedFile("合影.jpg", buf.getvalue()), "is_photo": "true"},
        )
        assert r.status_code == 201, r.content
        fid = r.json()["id"]
        assert [f["id"] for f in c.get(f"{home.api}/{a.pk}/files/").json()] == [fid]
        got = c.get(f"{home.api}/{a.pk}/files/{fid}/")
        assert got.status_code == 200 and got.content == buf.getvalue()
        # The member the activity is published to may open it; another union may not.
        assert (
            token_login(home.member.user).get(f"{home.api_me}/{a.pk}/files/{fid}/").status_code
            == 200
        )
        assert (
            token_login(home.other_chair)
            .get(f"/api/v1/orgs/{home.other.code}/activities/{a.pk}/files/{fid}/")
            .status_code
            == 404
        )
        assert (
            token_login(home.member.user).delete(f"{home.api_me}/{a.pk}/files/{fid}/").status_code
            == 403
        )
        assert c.delete(f"{home.api}/{a.pk}/files/{fid}/").status_code == 204
        with unscoped():
            assert not ActivityFile.objects.filter(pk=fid).exists()


class TestMembersOwn:
    def test_open_to_me_sign_up_and_cancel(self, home, token_login):
        a = home.activity(quota=3)
        c = token_login(home.member.user)
        me = c.get(f"{home.api_me}/me/").json()
        assert any(row["id"] == a.pk for row in me["open"])
        since = last_entry_id()
        r = c.post(f"{home.api_me}/{a.pk}/signup/", {}, content_type="application/json")
        assert r.status_code == 201 and r.json()["state"] == "confirmed"
        again = c.post(f"{home.api_me}/{a.pk}/signup/", {}, content_type="application/json")
        assert again.status_code == 400
        assert [e.source for e in new_entries("activities.signup.created", since)] == ["api"]
        r = c.delete(f"{home.api_me}/{a.pk}/signup/")
        assert r.status_code == 200 and r.json()["state"] == "cancelled"
        assert c.get(f"{home.api_me}/me/").json()["signups"][0]["state"] == "cancelled"

    def test_the_waiting_position_is_given(self, home, token_login):
        a = home.activity(quota=1)
        with unscoped():
            services.signup_create(actor=None, activity=a, member=members_of(home.g1, n=1)[0])
        r = token_login(home.member.user).post(
            f"{home.api_me}/{a.pk}/signup/", {}, content_type="application/json"
        )
        assert r.json()["state"] == "waitlisted" and r.json()["waiting_position"] == 1

    def test_another_unions_activity_is_404(self, home, token_login):
        h = make_activity(home.other)
        r = token_login(home.member.user).post(
            f"{home.api_me}/{h.pk}/signup/", {}, content_type="application/json"
        )
        assert r.status_code == 404

    def test_a_cadre_without_a_member_record_is_told(self, home, token_login):
        a = home.activity()
        r = token_login(home.chair).post(
            f"{home.api}/{a.pk}/signup/", {}, content_type="application/json"
        )
        assert r.status_code == 403

    def test_check_in_with_the_token(self, home, token_login):
        a = home.running(quota=5)
        with unscoped():
            services.signup_create(actor=None, activity=a, member=home.member, source="cadre")
        code = token_login(home.cadre).get(f"{home.api}/{a.pk}/checkin-code/").json()
        assert "?t=" in code["url"]
        c = token_login(home.member.user)
        r = c.post(
            f"{home.api_me}/checkin/", {"token": code["token"]}, content_type="application/json"
        )
        assert r.status_code == 200 and r.json()["attended"] is True
        r = c.post(f"{home.api_me}/checkin/", {"token": "forged"}, content_type="application/json")
        assert r.status_code == 400
