"""The activity workflows: statuses, places and the waiting list, audience, check-in, files."""

from __future__ import annotations

import datetime as dt
import io
import time
from decimal import Decimal
from unittest import mock

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from gonghui.activities import services
from gonghui.activities.models import Activity, Signup, SignupState, Source, Status
from gonghui.activities.rules import checkin_window
from gonghui.activities.services import ActivityError
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped

from .conftest import members_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are matched in English (the catalogue translates them)."""
    with translation.override("en"):
        yield


@pytest.fixture
def cadre(home):
    return home.cadre


def states(activity) -> list[tuple[int, str]]:
    with unscoped():
        return list(
            Signup.objects.filter(activity=activity)
            .order_by("seq")
            .values_list("member_id", "state")
        )


def sign(activity, member, **kw):
    with unscoped():
        return services.signup_create(actor=None, activity=activity, member=member, **kw)


class TestPlacesAndWaitingList:
    def test_places_go_in_order_then_the_waiting_list(self, home, activity):
        people = home.members(n=5)
        for m in people:
            sign(activity, m)
        assert states(activity) == [
            (people[0].pk, "confirmed"),
            (people[1].pk, "confirmed"),
            (people[2].pk, "confirmed"),
            (people[3].pk, "waitlisted"),
            (people[4].pk, "waitlisted"),
        ]

    def test_a_cancellation_promotes_exactly_the_next_one(self, home, activity):
        people = home.members(n=5)
        signups = [sign(activity, m) for m in people]
        with unscoped():
            services.signup_cancel(actor=None, signup=signups[1])
        got = dict(states(activity))
        assert got[people[1].pk] == "cancelled"
        assert got[people[3].pk] == "confirmed"
        assert got[people[4].pk] == "waitlisted"

    def test_nobody_signs_up_twice(self, home, activity):
        m = home.members(n=1)[0]
        sign(activity, m)
        with pytest.raises(ActivityError, match="already signed up"):
            sign(activity, m)
        with unscoped():
            assert Signup.objects.filter(activity=activity, member=m).count() == 1

    def test_the_database_refuses_a_second_row_for_the_same_member(self, home, activity):
        m = home.members(n=1)[0]
        first = sign(activity, m)
        with unscoped(), pytest.raises(IntegrityError), transaction.atomic():
            Signup(activity=activity, member=m, state="confirmed", seq=99, source="self").save()
        assert first.pk

    def test_signing_up_again_after_cancelling_goes_to_the_back(self, home, activity):
        people = home.members(n=4)
        signups = [sign(activity, m) for m in people]
        with unscoped():
            services.signup_cancel(actor=None, signup=signups[0])  # promotes people[3]
        again = sign(activity, people[0])
        assert again.pk == signups[0].pk  # the same row
        assert again.state == SignupState.WAITLISTED
        assert again.seq == 5

    def test_family_members_take_places_and_the_queue_keeps_its_order(self, home):
        a = home.activity(quota=4, family_allowed=True, family_max=3)
        p = home.members(n=4)
        sign(a, p[0], family_count=2)  # 3 places
        second = sign(a, p[1], family_count=1)  # needs 2, 1 free: waits
        third = sign(a, p[2])  # 1 free, but someone waits ahead: waits too
        assert (second.state, third.state) == ("waitlisted", "waitlisted")
        first = Signup._base_manager.get(activity=a, member=p[0])
        with unscoped():
            services.signup_cancel(actor=None, signup=first)
        got = dict(states(a))
        assert got[p[1].pk] == "confirmed" and got[p[2].pk] == "confirmed"

    def test_family_members_only_where_the_activity_allows_them(self, home, activity):
        m = home.members(n=1)[0]
        with pytest.raises(ActivityError, match="Family members cannot come"):
            sign(activity, m, family_count=1)

    def test_a_bigger_quota_promotes_the_waiting_list(self, home, activity, cadre):
        people = home.members(n=5)
        for m in people:
            sign(activity, m)
        with unscoped():
            services.activity_update(actor=cadre, activity=activity, data={"quota": 4})
        assert dict(states(activity))[people[3].pk] == "confirmed"
        assert dict(states(activity))[people[4].pk] == "waitlisted"

    def test_no_quota_means_everybody_gets_a_place(self, home):
        a = home.activity(quota=None)
        for m in home.members(n=4):
            assert sign(a, m).state == "confirmed"

    def test_each_sign_up_is_audited_with_the_organiser(self, home, activity):
        m = home.members(n=1)[0]
        s = sign(activity, m)
        with unscoped():
            entry = AuditEntry.objects.get(action="activities.signup.created", object_id=str(s.pk))
        assert entry.org_id == activity.org_id
        assert entry.changes["state"] == [None, "confirmed"]


class TestWindowAndDeadline:
    def test_members_cannot_sign_up_before_the_window(self, home):
        a = home.activity(status="published", signup_opens_at=timezone.now() + dt.timedelta(days=1))
        with pytest.raises(ActivityError, match="not open"):
            sign(a, home.members(n=1)[0])

    def test_members_cannot_sign_up_after_the_deadline_but_a_cadre_can_add(self, home, cadre):
        a = home.activity(signup_closes_at=timezone.now() - dt.timedelta(minutes=1))
        m = home.members(n=1)[0]
        with pytest.raises(ActivityError, match="not open"):
            sign(a, m)
        with unscoped():
            s = services.signup_create(actor=cadre, activity=a, member=m, source=Source.CADRE)
        assert s.state == "confirmed" and s.signed_up_by == cadre

    def test_a_published_activity_opens_by_its_dates(self, home):
        a = home.activity(status="published")
        assert a.effective_status == Status.SIGNUP_OPEN
        assert sign(a, home.members(n=1)[0]).state == "confirmed"

    def test_cancelling_after_the_deadline_is_refused_but_a_cadre_may_remove(self, home, cadre):
        a = home.activity(quota=1)
        p = home.members(n=2)
        first, second = sign(a, p[0]), sign(a, p[1])
        with unscoped():
            Activity._base_manager.filter(pk=a.pk).update(
                signup_closes_at=timezone.now() - dt.timedelta(minutes=1)
            )
            a.refresh_from_db()
            first.activity = a
            with pytest.raises(ActivityError, match="deadline"):
                services.signup_cancel(actor=None, signup=first)
            services.signup_remove(actor=cadre, signup=first)
        got = dict(states(a))
        assert got == {p[0].pk: "removed", p[1].pk: "confirmed"}
        assert second.pk


class TestAudience:
    def test_women_only(self, home):
        a = home.activity(audience="women")
        man = home.members(n=1, sex="male")[0]
        woman = home.members(n=1, sex="female")[0]
        with pytest.raises(ActivityError, match="women"):
            sign(a, man)
        assert sign(a, woman).state == "confirmed"

    def test_retirees_only(self, home):
        a = home.activity(audience="retirees")
        with pytest.raises(ActivityError, match="retired"):
            sign(a, home.members(n=1, status="active")[0])
        assert sign(a, home.members(n=1, status="retained")[0]).state == "confirmed"

    def test_under_35(self, home):
        a = home.activity(audience="under_35")
        day = timezone.localtime(a.starts_at).date()
        young = home.members(n=1, birth_date__gt=day.replace(year=day.year - 30))[0]
        old = home.members(n=1, birth_date__lt=day.replace(year=day.year - 40))[0]
        with pytest.raises(ActivityError, match="under 35"):
            sign(a, old)
        assert sign(a, young).state == "confirmed"

    def test_chosen_groups_only(self, home):
        g1 = home.g1
        a = home.activity(groups=[g1])
        inside = members_of(home.g1, n=1)[0]
        outside = members_of(home.g2, n=1)[0]
        with pytest.raises(ActivityError, match="chosen groups"):
            sign(a, outside)
        assert sign(a, inside).state == "confirmed"

    def test_members_of_another_union_and_former_members_are_refused(self, home, activity):
        with pytest.raises(ActivityError, match="for members of"):
            sign(activity, members_of(home.other, n=1)[0])
        from gonghui.members.models import Member

        with unscoped():
            gone = (
                Member.objects.select_related("org")
                .filter(org__path__startswith=home.union.path, status="left")
                .first()
            )
        with pytest.raises(ActivityError, match="on the roll"):
            sign(activity, gone)


class TestTransitions:
    def test_the_life_of_an_activity(self, home, cadre):
        now = timezone.now()
        with unscoped():
            a = services.activity_create(
                actor=cadre,
                org=home.union,
                data={
                    "title": "教职工羽毛球赛",
                    "kind": "contest",
                    "starts_at": now + dt.timedelta(days=3),
                    "ends_at": now + dt.timedelta(days=3, hours=2),
                    "quota": 20,
                },
            )
            assert a.status == "draft"
            services.activity_publish(actor=cadre, activity=a)
            assert a.status == "signup_open"  # no opening date: open at once
            services.activity_start(actor=cadre, activity=a)
            services.activity_finish(actor=cadre, activity=a)
            with pytest.raises(ActivityError, match="report"):
                services.activity_archive(actor=cadre, activity=a)
            services.activity_record(
                actor=cadre, activity=a, report="比赛顺利举行。", actual_cost=Decimal("800.00")
            )
            services.activity_archive(actor=cadre, activity=a)
            a.refresh_from_db()
            assert a.status == "archived" and a.actual_cost == Decimal("800.00")
            verbs = list(
                AuditEntry.objects.filter(
                    object_id=str(a.pk), action__startswith="activities.activity"
                )
                .order_by("pk")
                .values_list("action", "changes")
            )
        assert [c.get("status") for _a, c in verbs if "status" in c][-1] == ["finished", "archived"]

    def test_a_publication_with_a_later_window_waits_for_it(self, home, cadre):
        a = home.activity(status="draft", signup_opens_at=timezone.now() + dt.timedelta(days=2))
        with unscoped():
            services.activity_publish(actor=cadre, activity=a)
        assert a.status == "published" and not a.signup_is_open()

    def test_a_finished_activity_cannot_be_started_again(self, home, cadre):
        a = home.activity(status="finished")
        with unscoped(), pytest.raises(ActivityError, match="Not possible"):
            services.activity_start(actor=cadre, activity=a)

    def test_dates_are_checked(self, home, cadre):
        now = timezone.now()
        with unscoped(), pytest.raises(ActivityError, match="end before"):
            services.activity_create(
                actor=cadre,
                org=home.union,
                data={"title": "x", "starts_at": now, "ends_at": now - dt.timedelta(hours=1)},
            )

    def test_groups_must_belong_to_the_organiser(self, home, cadre):
        now = timezone.now()
        with unscoped(), pytest.raises(ActivityError, match="not part of"):
            services.activity_create(
                actor=cadre,
                org=home.union,
                data={"title": "x", "starts_at": now, "ends_at": now},
                groups=[home.other_group],
            )


class TestCheckIn:
    def running(self, home, **kw):
        now = timezone.now()
        return home.activity(
            status="in_progress",
            starts_at=now - dt.timedelta(minutes=10),
            ends_at=now + dt.timedelta(hours=2),
            signup_opens_at=now - dt.timedelta(days=5),
            signup_closes_at=now - dt.timedelta(days=1),
            **kw,
        )

    def test_the_token_leads_to_its_activity(self, home):
        a = self.running(home)
        assert services.checkin_activity(services.checkin_token(a)) == (a.pk, a.checkin_key)

    def test_a_forged_or_expired_token_is_refused(self, home):
        a = self.running(home)
        with pytest.raises(ActivityError, match="not valid"):
            services.checkin_activity(services.checkin_token(a) + "x")
        made = time.time() - services.CHECKIN_TOKEN_MAX_AGE.total_seconds() - 60
        with mock.patch.object(signing.time, "time", return_value=made):
            old = services.checkin_token(a)
        with pytest.raises(ActivityError, match="expired"):
            services.checkin_activity(old)

    def test_a_member_with_a_place_checks_in_once(self, home, cadre):
        a = self.running(home, quota=5)
        m = home.members(n=1)[0]
        with unscoped():
            services.signup_create(actor=cadre, activity=a, member=m, source=Source.CADRE)
            s = services.checkin_self(actor=None, activity=a, member=m, key=a.checkin_key)
            first = s.checked_in_at
            s = services.checkin_self(actor=None, activity=a, member=m, key=a.checkin_key)
        assert s.checked_in_at == first and s.checkin_method == "qr"

    def test_a_walk_in_from_the_audience_is_taken_while_places_remain(self, home):
        a = self.running(home, quota=1)
        p = home.members(n=2)
        with unscoped():
            s = services.checkin_self(actor=None, activity=a, member=p[0], key=a.checkin_key)
            assert (s.state, s.source) == ("confirmed", "walk_in") and s.attended
            with pytest.raises(ActivityError, match="full"):
                services.checkin_self(actor=None, activity=a, member=p[1], key=a.checkin_key)

    def test_the_waiting_list_does_not_check_in(self, home, cadre):
        a = self.running(home, quota=1)
        p = home.members(n=2)
        with unscoped():
            for m in p:
                services.signup_create(actor=cadre, activity=a, member=m, source=Source.CADRE)
            with pytest.raises(ActivityError, match="waiting list"):
                services.checkin_self(actor=None, activity=a, member=p[1], key=a.checkin_key)

    def test_a_new_key_voids_old_codes(self, home):
        a = self.running(home)
        with unscoped(), pytest.raises(ActivityError, match="not valid"):
            services.checkin_self(actor=None, activity=a, member=home.members(n=1)[0], key="old")

    def test_not_before_the_hour_before(self, home):
        a = home.activity()
        opens = checkin_window(a).opens_at
        with unscoped(), pytest.raises(ActivityError, match="opens at") as refused:
            services.checkin_self(
                actor=None, activity=a, member=home.members(n=1)[0], key=a.checkin_key
            )
        assert timezone.localtime(opens).strftime("%H:%M") in str(refused.value)

    def test_not_after_the_window_closed(self, home, cadre):
        """The code of the last activity, scanned the next morning: refused with the
        moment check-in closed (the token itself is still genuine)."""
        now = timezone.now()
        a = home.activity(
            status="in_progress",  # nobody pressed Finish: the clock decides
            starts_at=now - dt.timedelta(hours=6),
            ends_at=now - dt.timedelta(hours=3),
            signup_opens_at=now - dt.timedelta(days=5),
            signup_closes_at=now - dt.timedelta(days=1),
        )
        m = home.members(n=1)[0]
        with unscoped():
            services.signup_create(actor=cadre, activity=a, member=m, source=Source.CADRE)
        assert services.checkin_activity(services.checkin_token(a)) == (a.pk, a.checkin_key)
        closes = checkin_window(a).closes_at
        with unscoped(), pytest.raises(ActivityError, match="closed at") as refused:
            services.checkin_self(actor=None, activity=a, member=m, key=a.checkin_key)
        assert timezone.localtime(closes).strftime("%H:%M") in str(refused.value)
        with unscoped():
            assert Signup.objects.get(activity=a, member=m).checked_in_at is None

    def test_the_sheet_ticks_and_unticks(self, home, cadre):
        a = self.running(home, quota=5)
        p = home.members(n=3)
        with unscoped():
            rows = [
                services.signup_create(actor=cadre, activity=a, member=m, source=Source.CADRE)
                for m in p
            ]
            assert (
                services.sheet_save(actor=cadre, activity=a, present_ids={rows[0].pk, rows[2].pk})
                == 2
            )
            assert services.sheet_save(actor=cadre, activity=a, present_ids={rows[0].pk}) == 1
            got = {s.member_id: s.checkin_method for s in Signup.objects.filter(activity=a)}
        assert got == {p[0].pk: "sheet", p[1].pk: "", p[2].pk: ""}


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


class TestFiles:
    def test_a_photo_is_stored_under_a_random_name(self, home, cadre, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        a = home.activity(status="finished")
        with unscoped():
            item = services.file_add(
                actor=cadre,
                activity=a,
                upload=SimpleUploadedFile("合影.png", png_bytes()),
                is_photo=True,
            )
        assert item.name == "合影.png" and item.content_type == "image/png"
        assert item.file.name.startswith(f"activities/{a.org_id}/{a.pk}/")
        assert "合影" not in item.file.name
        assert (tmp_path / item.file.name).read_bytes() == png_bytes()

    def test_a_fake_image_is_refused(self, home, cadre, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        a = home.activity(status="finished")
        with unscoped(), pytest.raises(ActivityError, match="not a readable image"):
            services.file_add(
                actor=cadre,
                activity=a,
                upload=SimpleUploadedFile("x.jpg", b"<html>not an image</html>"),
                is_photo=True,
            )

    def test_types_and_sizes_are_limited(self, home, cadre, settings, tmp_path, monkeypatch):
        settings.MEDIA_ROOT = tmp_path
        a = home.activity(status="finished")
        with unscoped(), pytest.raises(ActivityError, match="not accepted"):
            services.file_add(
                actor=cadre, activity=a, upload=SimpleUploadedFile("x.exe", b"MZ"), is_photo=False
            )
        monkeypatch.setattr(services, "ATTACHMENT_MAX_BYTES", 10)
        with unscoped(), pytest.raises(ActivityError, match="larger than"):
            services.file_add(
                actor=cadre,
                activity=a,
                upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4 more than ten bytes"),
                is_photo=False,
            )
