"""The ideas API: every page action, the member's own ideas, the department's link."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.core.scoping import unscoped
from gonghui.ideas.models import Idea

from .conftest import photo

YEAR = timezone.localdate().year


class TestIdeas:
    def test_list_and_retrieve(self, home, token_login):
        idea = home.at("sent", title="冷却液过滤")
        c = token_login(home.chair)
        r = c.get(f"{home.api}/ideas/?year={YEAR}")
        assert r.status_code == 200
        (row,) = r.json()["results"]
        assert row["title"] == "冷却液过滤" and row["status_display"]
        r = c.get(f"{home.api}/ideas/{idea.pk}/")
        assert r.json()["department"] == "设备部" and r.json()["overdue"] is False

    def test_personas(self, home, token_login):
        idea = home.submit()
        assert token_login(home.upper).get(f"{home.api}/ideas/{idea.pk}/").status_code == 200
        assert token_login(home.other_chair).get(f"{home.api}/ideas/").status_code == 404
        me = f"/api/v1/orgs/{home.g1.code}/ideas/ideas/"
        assert token_login(home.worker.user).get(me).status_code == 403
        assert (
            token_login(home.upper).post(f"{home.api}/ideas/{idea.pk}/accept/").status_code == 403
        )
        assert token_login(home.chair).delete(f"{home.api}/ideas/{idea.pk}/").status_code == 405
        # Another union's idea through this union's code.
        assert (
            token_login(home.other_chair)
            .get(f"/api/v1/orgs/{home.other.code}/ideas/ideas/{idea.pk}/")
            .status_code
            == 404
        )

    def test_the_cycle(self, home, token_login):
        c = token_login(home.chair)
        idea = home.submit()
        base = f"{home.api}/ideas/{idea.pk}"
        assert c.post(f"{base}/accept/", {}, content_type="application/json").status_code == 200
        r = c.post(f"{base}/send/", {"department": "设备部"}, content_type="application/json")
        assert r.status_code == 200 and r.json()["usable"] is True
        r = c.post(f"{base}/answer/", {"answer": "可行"}, content_type="application/json")
        assert r.json()["status"] == "answered"
        r = c.post(
            f"{base}/reviews/",
            {"mass": 8, "novelty": 8, "practical": 8, "benefit": 8, "recommendation": "adopt"},
            content_type="application/json",
        )
        assert r.status_code == 201 and r.json()["score"] == "80.0"
        assert "recommendation" not in r.json()
        assert c.get(f"{base}/reviews/").json()[0]["reviewer"]
        r = c.post(f"{base}/decide/", {"outcome": "adopt"}, content_type="application/json")
        assert r.json()["outcome_display"]
        c.post(f"{base}/implement/", {"implementation": "已装"}, content_type="application/json")
        r = c.post(
            f"{base}/verify/",
            {"value_created": "1.25", "verification": "测算"},
            content_type="application/json",
        )
        assert r.json()["value_created"] == "1.25"
        r = c.post(f"{base}/reward/", {"amount": "200"}, content_type="application/json")
        assert r.status_code == 201 and r.json()["paid_on"] is None
        r = c.post(f"{base}/reward/pay/", {}, content_type="application/json")
        assert r.status_code == 200 and r.json()["voucher_number"]
        assert c.get(f"{base}/reward/").json()["amount"] == "200.00"
        r = c.post(f"{base}/close/", {"feedback": "谢谢"}, content_type="application/json")
        assert r.json()["status"] == "closed"
        assert c.get(f"{base}/requests/").status_code == 200
        assert token_login(home.upper).get(f"{base}/requests/").status_code == 403

    def test_a_refusal_is_400_with_the_field(self, home, token_login):
        idea = home.submit()
        r = token_login(home.chair).post(
            f"{home.api}/ideas/{idea.pk}/decline/", {"reason": " "}, content_type="application/json"
        )
        assert r.status_code == 400

    def test_enter_and_files(self, home, token_login):
        c = token_login(home.cadre)
        r = c.post(
            f"{home.api}/ideas/",
            {
                "proposer": home.colleague.pk,
                "title": "纸质建议",
                "text": "内容",
                "files": [photo()],
            },
        )
        assert r.status_code == 201, r.content
        pk = r.json()["id"]
        files = c.get(f"{home.api}/ideas/{pk}/files/").json()
        assert len(files) == 1
        r = c.post(f"{home.api}/ideas/{pk}/files/", {"file": photo("b.png")})
        assert r.status_code == 201
        r = c.get(f"{home.api}/ideas/{pk}/files/{files[0]['id']}/")
        assert r.status_code == 200 and r["Content-Type"] == "image/png"

    def test_a_proposer_of_another_union_is_400(self, home, token_login):
        from tests.factories import MemberFactory

        stranger = MemberFactory(org=home.other)
        r = token_login(home.cadre).post(
            f"{home.api}/ideas/",
            {"proposer": stranger.pk, "title": "x", "text": "y"},
            content_type="application/json",
        )
        assert r.status_code == 400


class TestDrivesAndMetrics:
    def test_drives(self, home, token_login):
        c = token_login(home.chair)
        r = c.post(
            f"{home.api}/drives/",
            {"title": "金点子征集", "starts_on": f"{YEAR}-01-01", "ends_on": f"{YEAR}-12-31"},
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
        pk = r.json()["id"]
        r = c.patch(
            f"{home.api}/drives/{pk}/", {"title": "新标题"}, content_type="application/json"
        )
        assert r.json()["title"] == "新标题"
        assert token_login(home.upper).get(f"{home.api}/drives/").status_code == 200
        assert token_login(home.upper).post(f"{home.api}/drives/", {}).status_code == 403

    def test_metrics_and_report(self, home, token_login):
        home.at("verified")
        c = token_login(home.chair)
        r = c.get(f"{home.api}/metrics/{YEAR}/")
        assert r.status_code == 200 and r.json()["overall"]["ideas"] == 1
        assert r.json()["overall"]["value"] == "2.50"
        r = c.get(
            f"{home.api}/metrics/{YEAR}/report/",
            HTTP_ACCEPT="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        assert r.status_code == 200
        load_workbook(io.BytesIO(r.content))
        assert c.get(f"{home.api}/metrics/1/").status_code in (400, 404)


class TestMine:
    def test_a_worker_submits_and_reads_their_ideas(self, home, token_login):
        c = token_login(home.worker.user)
        api = f"/api/v1/orgs/{home.g1.code}/ideas/me/ideas/"
        r = c.post(
            api,
            {
                "title": "车间饮水点",
                "text": "东侧无饮水点",
                "files": [photo()],
                "co_proposer_ids": [home.colleague.pk],
            },
        )
        assert r.status_code == 201, r.content
        assert r.json()["co_proposers"] == ["李师傅"]
        (row,) = c.get(api).json()
        assert row["title"] == "车间饮水点" and "screen_note" not in row
        with unscoped():
            idea = Idea.objects.get(title="车间饮水点")
            from gonghui.ideas import services

            services.idea_decline(actor=home.chair, idea=idea, reason="已有计划")
        assert c.get(f"{api}{idea.pk}/").json()["reason"] == "已有计划"

    def test_personas(self, home, token_login):
        c = token_login(home.worker.user)
        assert c.get(f"/api/v1/orgs/{home.other.code}/ideas/me/ideas/").status_code == 404
        assert c.delete(f"/api/v1/orgs/{home.g1.code}/ideas/me/ideas/").status_code == 405
        idea = home.submit()
        from tests.factories import member_with_login

        stranger = member_with_login(home.g1)
        r = token_login(stranger.user).get(f"/api/v1/orgs/{home.g1.code}/ideas/me/ideas/{idea.pk}/")
        assert r.status_code == 404


@pytest.mark.usefixtures("go_routes")
class TestTheDepartmentsLink:
    def test_read_and_answer_once(self, home):
        idea = home.at("accepted")
        with unscoped():
            from gonghui.ideas import services

            request = services.idea_send(actor=home.chair, idea=idea, department="设备部")
        c = Client()
        url = f"/api/v1/ideas/answer/{request.token}/"
        r = c.get(url)
        assert r.status_code == 200 and r.json()["title"] == idea.title
        assert "proposer" not in str(r.json())
        r = c.post(url, {"answer": "可行", "name": "张工"}, content_type="application/json")
        assert r.status_code == 200 and r.json()["answered_by"] == "张工"
        r = c.post(url, {"answer": "再答", "name": "李工"}, content_type="application/json")
        assert r.status_code == 400
        assert c.get(f"/api/v1/ideas/answer/{'z' * 43}/").status_code == 404
        assert c.delete(url).status_code == 405

    def test_it_is_throttled(self, home, settings):
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        c = Client()
        for _ in range(21):
            c.get(f"/api/v1/ideas/answer/{'q' * 43}/")
        assert c.get(f"/api/v1/ideas/answer/{'q' * 43}/").status_code == 429
