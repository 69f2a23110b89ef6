"""The printed QR codes' landing routes (views_public.py, urls_public.py)."""

from __future__ import annotations

import pytest

from gonghui.activities import services

from .conftest import make_activity

pytestmark = pytest.mark.django_db


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

    def test_the_poster_code_leads_a_group_member_to_their_page(self, home, login):
        from django.urls import reverse

        a = home.activity()
        r = login(home.member.user).get(
            reverse("activities_go:signup", kwargs={"activity_id": a.pk})
        )
        assert r.status_code == 302
        assert r["Location"] == f"{home.me}/{a.pk}/signup/"

    def test_the_check_in_code_keeps_its_token(self, home, login):
        from django.urls import reverse

        a = home.running()
        token = services.checkin_token(a)
        url = reverse("activities_go:checkin", kwargs={"activity_id": a.pk})
        r = login(home.member.user).get(url, {"t": token})
        assert r.status_code == 302
        assert r["Location"].startswith(f"{home.me}/checkin/?t=")

    def test_nothing_is_revealed_to_others(self, home, login):
        from django.urls import reverse

        hospital = make_activity(home.other)
        draft = home.activity(status="draft")
        c = login(home.member.user)
        for a in (hospital, draft):
            assert (
                c.get(reverse("activities_go:signup", kwargs={"activity_id": a.pk})).status_code
                == 404
            )

    def test_only_get_and_only_for_a_member_record(self, home, login):
        from django.urls import reverse

        a = home.activity()
        url = reverse("activities_go:signup", kwargs={"activity_id": a.pk})
        assert login(home.member.user).post(url).status_code == 405
        # A login without a member record (a cadre) finds nothing here.
        assert login(home.chair).get(url).status_code == 404
