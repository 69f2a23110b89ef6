"""The sign-in QR code's landing route, outside any organisation."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from gonghui.core.scoping import unscoped
from gonghui.democracy import services

pytestmark = pytest.mark.django_db


class TestQrLanding:
    @pytest.fixture(autouse=True)
    def go_routes(self, settings):
        from django.urls import NoReverseMatch, clear_url_caches

        try:
            reverse("democracy_go:signin")
        except NoReverseMatch:
            settings.ROOT_URLCONF = "tests.democracy.urls_with_go"
            clear_url_caches()
        yield
        clear_url_caches()

    def test_the_code_leads_a_group_member_to_their_sign_in_page(
        self, login, me, open_session, me_url
    ):
        token = services.signin_token(open_session)
        r = login(me).get(reverse("democracy_go:signin") + "?t=" + quote(token))
        assert r.status_code == 302
        assert r["Location"].startswith(f"{me_url}signin/?t=")

    def test_a_login_without_a_member_record_finds_nothing(self, client, open_session):
        from gonghui.accounts.models import User

        with unscoped():
            nobody = User.objects.create(username="no_member_record")
        client.force_login(nobody)
        token = services.signin_token(open_session)
        r = client.get(reverse("democracy_go:signin") + "?t=" + quote(token))
        assert r.status_code == 404
