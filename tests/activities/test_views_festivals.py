"""The festival calendar page, its API endpoint and the dashboard card (views_festivals.py).

The routes are activities:festivals (page, /o/<org>/activities/festivals/) and
api-activities-festivals (/api/v1/orgs/<org>/activities/festivals/); the card is the
dashboard panel "festivals". "Today" is pinned to 2025-09-20: the next 60 days hold 国庆
(10-01), 中秋 (10-06) and 重阳 (10-29).
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import quote

import pytest
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch

from gonghui.accounts.access import resolve_access
from gonghui.accounts.models import ApiToken
from gonghui.activities import views_festivals
from gonghui.core.scoping import unscoped
from tests.conftest import audit_count

pytestmark = pytest.mark.django_db

PAGE = "/o/S0001/activities/festivals/"
API = "/api/v1/orgs/S0001/activities/festivals/"
CREATE = "/o/S0001/activities/new/"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    day = dt.date(2025, 9, 20)
    monkeypatch.setattr(views_festivals, "_today", lambda: day)
    return day


@pytest.fixture
def token_client(user):
    """A client authenticating with an API token, as scripts do."""

    def make(username: str) -> Client:
        with unscoped():
            key = ApiToken.objects.issue(user(username), name="test")[1]
        return Client(HTTP_AUTHORIZATION=f"Token {key}")

    return make


@pytest.fixture
def create_page(monkeypatch):
    """Pretend the activity creation page exists (another module builds it)."""
    real = views_festivals.reverse

    def reverse(name, *args, **kwargs):
        if name == "activities:create":
            return f"/o/{kwargs['kwargs']['org_code']}/activities/new/"
        return real(name, *args, **kwargs)

    monkeypatch.setattr(views_festivals, "reverse", reverse)


@pytest.fixture
def no_create_page(monkeypatch):
    real = views_festivals.reverse

    def reverse(name, *args, **kwargs):
        if name == "activities:create":
            raise NoReverseMatch(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(views_festivals, "reverse", reverse)


class TestPage:
    def test_it_shows_this_years_festivals_and_highlights_the_next_ones(self, client_for):
        before = audit_count()
        r = client_for("school_chair").get(PAGE)
        assert r.status_code == 200
        body = r.content.decode()
        assert "2025" in body.split("</h1>", 1)[0]
        assert "10月6日" in body  # 中秋 2025
        assert "腊月廿九" in body  # 除夕 2025-01-28
        next_box = body.split('id="festivals-next"', 1)[1].split("</section>", 1)[0]
        assert [k for k in ("guoqing", "zhongqiu", "chongyang", "dongzhi") if k in next_box] == [
            "guoqing",
            "zhongqiu",
            "chongyang",
        ]
        assert "走访慰问退休职工" in next_box
        assert body.count("festival-soon") == 3
        assert audit_count() == before  # reading writes nothing

    def test_another_year_can_be_chosen(self, client_for):
        body = client_for("school_chair").get(PAGE, {"year": "2024"}).content.decode()
        assert "2024" in body.split("</h1>", 1)[0]
        assert "9月17日" in body  # 中秋 2024
        assert "festival-soon" not in body  # nothing of 2024 is still ahead
        assert 'id="festivals-next"' in body  # the next ones are still listed

    @pytest.mark.parametrize("raw", ["abc", "1800", "3000"])
    def test_a_bad_year_shows_this_year(self, client_for, raw):
        body = client_for("school_chair").get(PAGE, {"year": raw}).content.decode()
        assert "2025" in body.split("</h1>", 1)[0]

    def test_upcoming_festivals_link_to_activity_creation_with_kind_and_title(
        self, client_for, create_page
    ):
        body = client_for("school_chair").get(PAGE).content.decode()
        title = quote("2025年中秋节活动")
        assert f"{CREATE}?kind=festival&amp;title={title}&amp;date=2025-10-06" in body
        assert body.count('class="ms-2 plan-link"') == 3  # only the next ones

    def test_the_link_opens_the_creation_page_filled_in(self, client_for):
        c = client_for("school_chair")
        body = c.get(PAGE).content.decode()
        link = body.split('class="ms-2 plan-link" href="', 1)[1].split('"', 1)[0]
        r = c.get(link.replace("&amp;", "&"))
        assert r.status_code == 200
        assert "2025年国庆节活动" in r.content.decode()

    def test_no_link_without_the_creation_page(self, client_for, no_create_page):
        body = client_for("school_chair").get(PAGE).content.decode()
        assert "plan-link" not in body

    def test_no_link_for_a_reader_who_may_not_create_activities(self, client_for, create_page):
        r = client_for("factory_finance").get("/o/F0001/activities/festivals/")
        assert r.status_code == 200
        assert "plan-link" not in r.content.decode()

    def test_another_org_gets_404(self, client_for):
        assert client_for("school_chair").get("/o/H0001/activities/festivals/").status_code == 404

    def test_a_member_gets_403(self, client_for):
        assert client_for("member").get("/o/S0001-G01/activities/festivals/").status_code == 403

    def test_post_gets_405(self, client_for):
        assert client_for("school_chair").post(PAGE).status_code == 405


class TestAPI:
    def test_it_lists_the_years_festivals(self, token_client):
        r = token_client("school_chair").get(API, {"year": "2024"})
        assert r.status_code == 200
        data = json.loads(r.content)
        assert data["year"] == 2024
        by_key = {f["key"]: f for f in data["festivals"]}
        assert by_key["zhongqiu"] == by_key["zhongqiu"] | {
            "name": "中秋节",
            "date": "2024-09-17",
            "kind": "statutory",
            "lunar": True,
            "gift_allowed": True,
            "lunar_label": "八月十五",
        }
        assert "中秋慰问" in by_key["zhongqiu"]["suggestions"]
        assert by_key["chuxi"]["date"] == "2024-02-09"
        assert {k for k, f in by_key.items() if f["gift_allowed"]} == {
            "yuandan",
            "chunjie",
            "qingming",
            "laodong",
            "duanwu",
            "zhongqiu",
            "guoqing",
        }

    def test_it_defaults_to_this_year(self, token_client):
        data = json.loads(token_client("school_chair").get(API).content)
        assert data["year"] == 2025
        assert len(data["festivals"]) == 21

    def test_upcoming_lists_the_next_ones(self, token_client):
        c = token_client("school_chair")
        data = json.loads(c.get(API, {"upcoming": "1"}).content)
        assert [f["key"] for f in data["festivals"]] == ["guoqing", "zhongqiu", "chongyang"]
        data = json.loads(c.get(API, {"upcoming": "1", "days": "11"}).content)
        assert [f["key"] for f in data["festivals"]] == ["guoqing"]

    def test_upcoming_crosses_the_year_end(self, token_client, today, monkeypatch):
        monkeypatch.setattr(views_festivals, "_today", lambda: dt.date(2025, 12, 30))
        data = json.loads(token_client("school_chair").get(API, {"upcoming": "1"}).content)
        assert [(f["key"], f["date"]) for f in data["festivals"]] == [
            ("yuandan", "2026-01-01"),
            ("laba", "2026-01-26"),
            ("chuxi", "2026-02-16"),
            ("chunjie", "2026-02-17"),
        ]

    @pytest.mark.parametrize(
        "params", [{"year": "1800"}, {"year": "x"}, {"upcoming": "1", "days": "0"}]
    )
    def test_bad_parameters_get_400(self, token_client, params):
        assert token_client("school_chair").get(API, params).status_code == 400

    def test_another_org_gets_404(self, token_client):
        r = token_client("school_chair").get("/api/v1/orgs/H0001/activities/festivals/")
        assert r.status_code == 404

    def test_a_member_gets_403(self, token_client):
        r = token_client("member").get("/api/v1/orgs/S0001-G01/activities/festivals/")
        assert r.status_code == 403

    def test_post_gets_405(self, token_client):
        assert token_client("school_chair").post(API).status_code == 405


class TestDashboardPanel:
    def request_for(self, username, code, user):
        request = RequestFactory().get(f"/o/{code}/")
        request.user = user(username)
        request.access = resolve_access(request.user, code)
        request.org = request.access.org
        return request

    def test_it_lists_the_next_three_within_45_days(self, user, create_page):
        ctx = views_festivals.upcoming_panel(self.request_for("school_chair", "S0001", user))
        assert [e["festival"].key for e in ctx["entries"]] == ["guoqing", "zhongqiu", "chongyang"]
        assert [e["days_left"] for e in ctx["entries"]] == [11, 16, 39]
        assert ctx["entries"][1]["plan_url"].startswith(f"{CREATE}?kind=festival&")
        assert ctx["entries"][2]["plan_url"].startswith(f"{CREATE}?kind=retirees&")
        assert ctx["calendar_url"] == PAGE

    def test_at_most_three(self, user, monkeypatch):
        monkeypatch.setattr(views_festivals, "_today", lambda: dt.date(2025, 4, 30))
        ctx = views_festivals.upcoming_panel(self.request_for("school_chair", "S0001", user))
        assert [e["festival"].key for e in ctx["entries"]] == ["laodong", "qingnian", "hushi"]

    def test_no_card_when_nothing_is_within_45_days(self, user, monkeypatch):
        monkeypatch.setattr(views_festivals, "_today", lambda: dt.date(2025, 11, 5))
        assert (
            views_festivals.upcoming_panel(self.request_for("school_chair", "S0001", user)) is None
        )

    def test_the_dashboard_shows_the_card_to_readers_only(self, client_for):
        body = client_for("school_chair").get("/o/S0001/").content.decode()
        card = body.split('id="card-festivals"', 1)[1].split("</ul>", 1)[0]
        assert "国庆节" in card and "中秋慰问" in card
        assert (
            'id="card-festivals"' not in client_for("member").get("/o/S0001-G01/").content.decode()
        )
