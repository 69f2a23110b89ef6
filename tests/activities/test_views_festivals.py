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
from django.test import RequestFactory
from django.urls import NoReverseMatch

from gonghui.accounts.access import resolve_access
from gonghui.activities import views_festivals
from tests.conftest import audit_count
from tests.factories import UnionFactory, member_with_login

pytestmark = pytest.mark.django_db


def page(org) -> str:
    return f"/o/{org.code}/activities/festivals/"


def api(org) -> str:
    return f"/api/v1/orgs/{org.code}/activities/festivals/"


def create(org) -> str:
    return f"/o/{org.code}/activities/new/"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    day = dt.date(2025, 9, 20)
    monkeypatch.setattr(views_festivals, "_today", lambda: day)
    return day


@pytest.fixture
def chair(union, staff):
    return staff("chair", union)


@pytest.fixture
def member(group):
    """A member's login at `group` (of `union`)."""
    return member_with_login(group).user


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
    def test_it_shows_this_years_festivals_and_highlights_the_next_ones(self, union, chair, login):
        before = audit_count()
        r = login(chair).get(page(union))
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

    def test_another_year_can_be_chosen(self, union, chair, login):
        body = login(chair).get(page(union), {"year": "2024"}).content.decode()
        assert "2024" in body.split("</h1>", 1)[0]
        assert "9月17日" in body  # 中秋 2024
        assert "festival-soon" not in body  # nothing of 2024 is still ahead
        assert 'id="festivals-next"' in body  # the next ones are still listed

    @pytest.mark.parametrize("raw", ["abc", "1800", "3000"])
    def test_a_bad_year_shows_this_year(self, union, chair, login, raw):
        body = login(chair).get(page(union), {"year": raw}).content.decode()
        assert "2025" in body.split("</h1>", 1)[0]

    def test_upcoming_festivals_link_to_activity_creation_with_kind_and_title(
        self, union, chair, login, create_page
    ):
        body = login(chair).get(page(union)).content.decode()
        title = quote("2025年中秋节活动")
        assert f"{create(union)}?kind=festival&amp;title={title}&amp;date=2025-10-06" in body
        assert body.count('class="ms-2 plan-link"') == 3  # only the next ones

    def test_the_link_opens_the_creation_page_filled_in(self, union, chair, login):
        c = login(chair)
        body = c.get(page(union)).content.decode()
        link = body.split('class="ms-2 plan-link" href="', 1)[1].split('"', 1)[0]
        r = c.get(link.replace("&amp;", "&"))
        assert r.status_code == 200
        assert "2025年国庆节活动" in r.content.decode()

    def test_no_link_without_the_creation_page(self, union, chair, login, no_create_page):
        body = login(chair).get(page(union)).content.decode()
        assert "plan-link" not in body

    def test_no_link_for_a_reader_who_may_not_create_activities(self, staff, login, create_page):
        factory = UnionFactory()
        r = login(staff("finance", factory)).get(page(factory))
        assert r.status_code == 200
        assert "plan-link" not in r.content.decode()

    def test_another_org_gets_404(self, chair, login):
        assert login(chair).get(page(UnionFactory())).status_code == 404

    def test_a_member_gets_403(self, group, member, login):
        assert login(member).get(page(group)).status_code == 403

    def test_post_gets_405(self, union, chair, login):
        assert login(chair).post(page(union)).status_code == 405


class TestAPI:
    def test_it_lists_the_years_festivals(self, union, chair, token_login):
        r = token_login(chair).get(api(union), {"year": "2024"})
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

    def test_it_defaults_to_this_year(self, union, chair, token_login):
        data = json.loads(token_login(chair).get(api(union)).content)
        assert data["year"] == 2025
        assert len(data["festivals"]) == 21

    def test_upcoming_lists_the_next_ones(self, union, chair, token_login):
        c = token_login(chair)
        data = json.loads(c.get(api(union), {"upcoming": "1"}).content)
        assert [f["key"] for f in data["festivals"]] == ["guoqing", "zhongqiu", "chongyang"]
        data = json.loads(c.get(api(union), {"upcoming": "1", "days": "11"}).content)
        assert [f["key"] for f in data["festivals"]] == ["guoqing"]

    def test_upcoming_crosses_the_year_end(self, union, chair, token_login, today, monkeypatch):
        monkeypatch.setattr(views_festivals, "_today", lambda: dt.date(2025, 12, 30))
        data = json.loads(token_login(chair).get(api(union), {"upcoming": "1"}).content)
        assert [(f["key"], f["date"]) for f in data["festivals"]] == [
            ("yuandan", "2026-01-01"),
            ("laba", "2026-01-26"),
            ("chuxi", "2026-02-16"),
            ("chunjie", "2026-02-17"),
        ]

    @pytest.mark.parametrize(
        "params", [{"year": "1800"}, {"year": "x"}, {"upcoming": "1", "days": "0"}]
    )
    def test_bad_parameters_get_400(self, union, chair, token_login, params):
        assert token_login(chair).get(api(union), params).status_code == 400

    def test_another_org_gets_404(self, chair, token_login):
        r = token_login(chair).get(api(UnionFactory()))
        assert r.status_code == 404

    def test_a_member_gets_403(self, group, member, token_login):
        r = token_login(member).get(api(group))
        assert r.status_code == 403

    def test_post_gets_405(self, union, chair, token_login):
        assert token_login(chair).post(api(union)).status_code == 405


class TestDashboardPanel:
    def request_for(self, who, org):
        request = RequestFactory().get(f"/o/{org.code}/")
        request.user = who
        request.access = resolve_access(request.user, org.code)
        request.org = request.access.org
        return request

    def test_it_lists_the_next_three_within_45_days(self, union, chair, create_page):
        ctx = views_festivals.upcoming_panel(self.request_for(chair, union))
        assert [e["festival"].key for e in ctx["entries"]] == ["guoqing", "zhongqiu", "chongyang"]
        assert [e["days_left"] for e in ctx["entries"]] == [11, 16, 39]
        assert ctx["entries"][1]["plan_url"].startswith(f"{create(union)}?kind=festival&")
        assert ctx["entries"][2]["plan_url"].startswith(f"{create(union)}?kind=retirees&")
        assert ctx["calendar_url"] == page(union)

    def test_at_most_three(self, union, chair, monkeypatch):
        monkeypatch.setattr(views_festivals, "_today", lambda: dt.date(2025, 4, 30))
        ctx = views_festivals.upcoming_panel(self.request_for(chair, union))
        assert [e["festival"].key for e in ctx["entries"]] == ["laodong", "qingnian", "hushi"]

    def test_no_card_when_nothing_is_within_45_days(self, union, chair, monkeypatch):
        monkeypatch.setattr(views_festivals, "_today", lambda: dt.date(2025, 11, 5))
        assert views_festivals.upcoming_panel(self.request_for(chair, union)) is None

    def test_the_dashboard_shows_the_card_to_readers_only(self, union, group, chair, member, login):
        body = login(chair).get(f"/o/{union.code}/").content.decode()
        card = body.split('id="card-festivals"', 1)[1].split("</ul>", 1)[0]
        assert "国庆节" in card and "中秋慰问" in card
        assert 'id="card-festivals"' not in login(member).get(f"/o/{group.code}/").content.decode()
