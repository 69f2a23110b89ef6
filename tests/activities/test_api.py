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

from .conftest import make_activity, members_of, running, the_member

pytestmark = pytest.mark.django_db

API = "/api/v1/orgs/S0001/activities"
ME = "/api/v1/orgs/S0001-G01/activities"


class TestActivities:
    def test_a_cadre_creates_publishes_and_reads_an_activity(self, token_client):
        c = token_client("school_cadre")
        since = last_entry_id()
        start = timezone.now() + dt.timedelta(days=5)
        r = c.post(
            f"{API}/",
            {
                "title": "五一职工篮球联赛",
                "kind": "contest",
                "audience": "all",
                "groups": ["S0001-G01", "S0001-G02"],
                "starts_at": start.isoformat(),
                "ends_at": (start + dt.timedelta(hours=3)).isoformat(),
                "quota": 40,
                "budget": "3000.00",
            },
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
        body = r.json()
        assert body["status"] == "draft" and sorted(body["groups"]) == ["S0001-G01", "S0001-G02"]
        entry = new_entries("activities.activity.created", since)[0]
        assert entry.source == "api" and entry.actor.username == "school_cadre"
        r = c.post(f"{API}/{body['id']}/publish/")
        assert r.status_code == 200 and r.json()["status"] == "signup_open"
        listing = c.get(f"{API}/", {"status": "signup_open"}).json()
        assert any(row["id"] == body["id"] for row in listing["results"])

    def test_groups_of_another_union_are_refused(self, token_client):
        start = timezone.now() + dt.timedelta(days=5)
        r = token_client("school_cadre").post(
            f"{API}/",
            {
                "title": "x",
                "starts_at": start.isoformat(),
                "ends_at": start.isoformat(),
                "groups": ["H0001-G01"],
            },
            content_type="application/json",
        )
        assert r.status_code == 400
        with unscoped():
            assert not Activity.objects.filter(title="x").exists()

    def test_refusals(self, token_client):
        a = make_activity()
        assert token_client("hospital_chair").get(f"{API}/{a.pk}/").status_code == 404
        assert (
            token_client("hospital_chair").get(f"/api/v1/orgs/H0001/activities/{a.pk}/").status_code
            == 404
        )
        assert (
            token_client("group_leader")
            .post("/api/v1/orgs/S0001-G01/activities/", {}, content_type="application/json")
            .status_code
            == 403
        )
        assert token_client("member").get(f"{ME}/").status_code == 403
        assert token_client("school_cadre").delete(f"{API}/{a.pk}/").status_code == 405
        assert token_client("school_cadre").get(f"{API}/{a.pk}/publish/").status_code == 405

    def test_patch_a_bigger_quota_promotes(self, token_client):
        a = make_activity(quota=1)
        p = members_of(n=2)
        with unscoped():
            for m in p:
                services.signup_create(actor=None, activity=a, member=m)
        r = token_client("school_cadre").patch(
            f"{API}/{a.pk}/", {"quota": 2}, content_type="application/json"
        )
        assert r.status_code == 200 and r.json()["quota"] == 2
        with unscoped():
            assert Signup.objects.get(activity=a, member=p[1]).state == "confirmed"

    def test_record_after_the_activity(self, token_client):
        a = running()
        r = token_client("school_cadre").post(
            f"{API}/{a.pk}/record/",
            {"report": "圆满完成。", "actual_cost": "520.00"},
            content_type="application/json",
        )
        assert r.status_code == 200 and r.json()["actual_cost"] == "520.00"
        draft = make_activity(status="draft")
        r = token_client("school_cadre").post(
            f"{API}/{draft.pk}/record/", {"report": "x"}, content_type="application/json"
        )
        assert r.status_code == 400

    def test_statistics(self, token_client):
        a = running(quota=5)
        m = members_of(n=1)[0]
        with unscoped():
            s = services.signup_create(actor=None, activity=a, member=m, source="cadre")
            services.signup_attendance(actor=None, signup=s, present=True)
        body = token_client("school_chair").get(f"{API}/statistics/").json()
        assert body["participants"] >= 1 and len(body["by_month"]) == 12
        assert any(r["member_id"] == m.pk for r in body["most_active"])
        assert all(r["member_id"] != m.pk for r in body["never"])


class TestSignupsByCadres:
    def test_add_list_tick_and_remove(self, token_client):
        a = running(quota=1)
        p = members_of(n=2)
        c = token_client("school_cadre")
        first = c.post(
            f"{API}/{a.pk}/signups/", {"member_id": p[0].pk}, content_type="application/json"
        )
        second = c.post(
            f"{API}/{a.pk}/signups/", {"member_id": p[1].pk}, content_type="application/json"
        )
        assert (first.json()["state"], second.json()["state"]) == ("confirmed", "waitlisted")
        assert [r["member_id"] for r in c.get(f"{API}/{a.pk}/signups/").json()] == [
            p[0].pk,
            p[1].pk,
        ]
        r = c.post(
            f"{API}/{a.pk}/signups/{first.json()['id']}/attendance/",
            {"present": True},
            content_type="application/json",
        )
        assert r.status_code == 200 and r.json()["checkin_method"] == "sheet"
        r = c.post(f"{API}/{a.pk}/signups/{second.json()['id']}/remove/")
        assert r.status_code == 200 and r.json()["state"] == "removed"

    def test_a_member_of_another_union_cannot_be_added(self, token_client):
        a = make_activity()
        outsider = members_of("H0001", n=1)[0]
        r = token_client("school_cadre").post(
            f"{API}/{a.pk}/signups/", {"member_id": outsider.pk}, content_type="application/json"
        )
        assert r.status_code == 400
        with unscoped():
            assert not Signup.objects.filter(activity=a).exists()

    def test_sheet_pdf(self, token_client):
        a = make_activity()
        r = token_client("school_cadre").get(f"{API}/{a.pk}/sheet.pdf")
        assert r.status_code == 200 and r.content.startswith(b"%PDF")


class TestFiles:
    def test_upload_list_download_delete(self, token_client, settings, tmp_path):
        from PIL import Image

        settings.MEDIA_ROOT = tmp_path
        buf = io.BytesIO()
        Image.new("RGB", (3, 3)).save(buf, "JPEG")
        a = running()
        c = token_client("school_cadre")
        r = c.post(
            f"{API}/{a.pk}/files/",
            {"file": SimpleUploadedFile("合影.jpg", buf.getvalue()), "is_photo": "true"},
        )
        assert r.status_code == 201, r.content
        fid = r.json()["id"]
        assert [f["id"] for f in c.get(f"{API}/{a.pk}/files/").json()] == [fid]
        got = c.get(f"{API}/{a.pk}/files/{fid}/")
        assert got.status_code == 200 and got.content == buf.getvalue()
        # The member the activity is published to may open it; another union may not.
        assert token_client("member").get(f"{ME}/{a.pk}/files/{fid}/").status_code == 200
        assert (
            token_client("hospital_chair")
            .get(f"/api/v1/orgs/H0001/activities/{a.pk}/files/{fid}/")
            .status_code
            == 404
        )
        assert token_client("member").delete(f"{ME}/{a.pk}/files/{fid}/").status_code == 403
        assert c.delete(f"{API}/{a.pk}/files/{fid}/").status_code == 204
        with unscoped():
            assert not ActivityFile.objects.filter(pk=fid).exists()


class TestMembersOwn:
    def test_open_to_me_sign_up_and_cancel(self, token_client):
        a = make_activity(quota=3)
        c = token_client("member")
        me = c.get(f"{ME}/me/").json()
        assert any(row["id"] == a.pk for row in me["open"])
        since = last_entry_id()
        r = c.post(f"{ME}/{a.pk}/signup/", {}, content_type="application/json")
        assert r.status_code == 201 and r.json()["state"] == "confirmed"
        again = c.post(f"{ME}/{a.pk}/signup/", {}, content_type="application/json")
        assert again.status_code == 400
        assert [e.source for e in new_entries("activities.signup.created", since)] == ["api"]
        r = c.delete(f"{ME}/{a.pk}/signup/")
        assert r.status_code == 200 and r.json()["state"] == "cancelled"
        assert c.get(f"{ME}/me/").json()["signups"][0]["state"] == "cancelled"

    def test_the_waiting_position_is_given(self, token_client):
        a = make_activity(quota=1)
        with unscoped():
            services.signup_create(actor=None, activity=a, member=members_of("S0001-G01", n=1)[0])
        r = token_client("member").post(f"{ME}/{a.pk}/signup/", {}, content_type="application/json")
        assert r.json()["state"] == "waitlisted" and r.json()["waiting_position"] == 1

    def test_another_unions_activity_is_404(self, token_client):
        h = make_activity("H0001")
        r = token_client("member").post(f"{ME}/{h.pk}/signup/", {}, content_type="application/json")
        assert r.status_code == 404

    def test_a_cadre_without_a_member_record_is_told(self, token_client):
        a = make_activity()
        r = token_client("school_chair").post(
            f"{API}/{a.pk}/signup/", {}, content_type="application/json"
        )
        assert r.status_code == 403

    def test_check_in_with_the_token(self, token_client):
        a = running(quota=5)
        with unscoped():
            services.signup_create(actor=None, activity=a, member=the_member(), source="cadre")
        code = token_client("school_cadre").get(f"{API}/{a.pk}/checkin-code/").json()
        assert "?t=" in code["url"]
        c = token_client("member")
        r = c.post(f"{ME}/checkin/", {"token": code["token"]}, content_type="application/json")
        assert r.status_code == 200 and r.json()["attended"] is True
        r = c.post(f"{ME}/checkin/", {"token": "forged"}, content_type="application/json")
        assert r.status_code == 400
