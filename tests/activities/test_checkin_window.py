"""The check-in window (rules.checkin_window): the member's check-in page shows 我已到场
only inside it and otherwise says why with the window's real times; every page that
displays the window shows the end the rule computes (issue #13 §7: a poster said 18:00
where check-in ran until 20:00)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.models import Activity, Signup
from gonghui.activities.rules import CHECKIN, Phase, checkin_window
from gonghui.core.scoping import unscoped

SHANGHAI = ZoneInfo("Asia/Shanghai")


def hm(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def reason(body: str) -> str:
    found = re.search(r'id="checkin-reason">([^<]*)<', body)
    return found.group(1) if found else ""


def window_shown(body: str) -> str:
    found = re.search(r"data-checkin-window>([^<]*)<", body)
    return found.group(1) if found else ""


# -- the rule, at its edges (no database) -------------------------------------------------


class TestTheRule:
    start = dt.datetime(2026, 12, 7, 16, 0, tzinfo=SHANGHAI)
    end = dt.datetime(2026, 12, 7, 18, 0, tzinfo=SHANGHAI)

    def window(self, now, status="in_progress"):
        activity = Activity(starts_at=self.start, ends_at=self.end, status=status)
        return checkin_window(activity, now)

    def test_an_hour_before_the_start_to_two_hours_after_the_end(self):
        w = self.window(self.start)
        assert w.opens_at == self.start - CHECKIN.early == self.start - dt.timedelta(hours=1)
        assert w.closes_at == self.end + CHECKIN.late == self.end + dt.timedelta(hours=2)
        assert CHECKIN.source

    def test_the_phases_at_the_edges(self):
        second = dt.timedelta(seconds=1)
        opens, closes = self.start - CHECKIN.early, self.end + CHECKIN.late
        assert self.window(opens - second).phase == Phase.NOT_YET
        assert self.window(opens).is_open and self.window(closes).is_open
        assert self.window(closes + second).phase == Phase.CLOSED
        assert self.window(self.start, status="draft").phase == Phase.UNAVAILABLE
        assert self.window(self.start, status="archived").phase == Phase.UNAVAILABLE

    def test_the_reason_names_the_real_times(self):
        assert self.window(self.start).reason == ""
        assert "15:00" in self.window(self.start - dt.timedelta(hours=2)).reason
        late = self.window(self.end + dt.timedelta(hours=3))
        assert "20:00" in late.reason and "18:00" not in late.reason
        # Another day: the date too, so "opens at 15:00" is not read as today.
        early = self.window(self.start - dt.timedelta(days=2))
        assert "12月7日 15:00" in early.reason


# -- the member's check-in page, in each phase --------------------------------------------


def ended_3h_ago(home, **kw):
    now = timezone.now()
    return home.activity(
        status="in_progress",  # nobody pressed Finish: the clock decides
        starts_at=now - dt.timedelta(hours=6),
        ends_at=now - dt.timedelta(hours=3),
        signup_opens_at=now - dt.timedelta(days=5),
        signup_closes_at=now - dt.timedelta(days=1),
        **kw,
    )


def signed_up(home, activity):
    with unscoped():
        services.signup_create(actor=None, activity=activity, member=home.member, source="cadre")


def own_row(home, activity):
    with unscoped():
        return Signup.objects.get(activity=activity, member=home.member)


@pytest.mark.django_db
class TestTheCheckinPage:
    def page(self, home, client, activity) -> str:
        r = client.get(f"{home.me}/checkin/", {"t": services.checkin_token(activity)})
        assert r.status_code == 200
        return r.content.decode()

    def test_before_the_window_no_button_and_when_it_opens(self, home, login):
        a = home.activity(quota=5)  # a week ahead, sign-up open
        signed_up(home, a)
        body = self.page(home, login(home.member.user), a)
        opens = timezone.localtime(checkin_window(a).opens_at)
        assert 'id="checkin-button"' not in body and "我已到场" not in body
        assert reason(body) == f"签到尚未开始，{opens.month}月{opens.day}日 {hm(opens)} 开始签到。"
        assert hm(checkin_window(a).closes_at) in window_shown(body)

    def test_in_the_window_the_button_and_no_reason(self, home, login):
        a = home.running(quota=5)
        signed_up(home, a)
        body = self.page(home, login(home.member.user), a)
        assert 'id="checkin-button"' in body and "我已到场" in body
        assert 'id="checkin-reason"' not in body
        w = checkin_window(a)
        assert window_shown(body).startswith(
            f"{timezone.localtime(w.opens_at).month}月{timezone.localtime(w.opens_at).day}日 "
            f"{hm(w.opens_at)}"
        )
        assert window_shown(body).endswith(hm(w.closes_at))

    def test_after_the_window_no_button_and_when_it_closed(self, home, login):
        a = ended_3h_ago(home, quota=5)
        signed_up(home, a)
        c = login(home.member.user)
        body = self.page(home, c, a)
        assert 'id="checkin-button"' not in body and "我已到场" not in body
        closes = timezone.localtime(checkin_window(a).closes_at)
        text = reason(body)
        assert text.startswith("签到已结束，已于 ") and text.endswith(" 截止。")
        assert hm(closes) in text and hm(a.ends_at) not in text
        # A hand-made POST is refused by the service with the same words.
        r = c.post(f"{home.me}/checkin/", {"t": services.checkin_token(a)}, follow=True)
        assert text in r.content.decode()
        assert own_row(home, a).checked_in_at is None

    def test_a_member_checked_in_sees_it_whatever_the_time(self, home, login):
        a = home.running(quota=5)
        signed_up(home, a)
        c = login(home.member.user)
        c.post(f"{home.me}/checkin/", {"t": services.checkin_token(a)})
        body = self.page(home, c, a)
        assert 'id="checked-in"' in body and 'id="checkin-button"' not in body


# -- where the window is displayed: the rule's end, not the activity's ---------------------


@pytest.mark.django_db
class TestTheDisplayedWindow:
    def activity_16_to_18(self, home):
        """Next week 16:00–18:00 Beijing time: check-in runs 15:00–20:00."""
        day = timezone.localtime().date() + dt.timedelta(days=7)
        start = dt.datetime.combine(day, dt.time(16, 0), tzinfo=SHANGHAI)
        return home.activity(starts_at=start, ends_at=start + dt.timedelta(hours=2))

    def test_the_check_in_code_poster_shows_the_rules_end(self, home, login):
        a = self.activity_16_to_18(home)
        body = login(home.cadre).get(f"{home.base}/{a.pk}/checkin-code/")
        body = body.content.decode()
        shown = window_shown(body)
        assert shown.endswith(hm(checkin_window(a).closes_at)) and shown.endswith("20:00")
        assert "15:00" in shown and "18:00" not in body

    def test_the_cadres_detail_shows_the_window(self, home, login):
        a = self.activity_16_to_18(home)
        body = login(home.cadre).get(f"{home.base}/{a.pk}/").content.decode()
        assert 'id="checkin-window"' in body
        assert window_shown(body).endswith("15:00 – 20:00")

    def test_the_members_sign_up_page_shows_the_window(self, home, login):
        a = self.activity_16_to_18(home)
        body = login(home.member.user).get(f"{home.me}/{a.pk}/signup/")
        assert window_shown(body.content.decode()).endswith("15:00 – 20:00")

    def test_no_window_is_shown_for_a_draft(self, home, login):
        a = home.activity(status="draft")
        body = login(home.cadre).get(f"{home.base}/{a.pk}/").content.decode()
        assert 'id="checkin-window"' not in body
