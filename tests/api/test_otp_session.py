from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.core.scoping import unscoped
from gonghui.orgs.demo import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_api_waits_for_the_one_time_code_like_the_pages(user):
    chair = user("school_chair")
    with unscoped():
        device = TOTPDevice.objects.create(user=chair, name="phone", confirmed=True)
    c = Client()
    r = c.post("/accounts/login/", {"username": "school_chair", "password": PASSWORD})
    assert r.status_code == 302 and r["Location"].startswith("/accounts/otp/")
    assert c.get("/api/v1/orgs/S0001/").status_code in (401, 403)
    assert c.get("/api/v1/me/").status_code in (401, 403)
    c.post("/accounts/otp/", {"token": f"{totp(device.bin_key):06d}"})
    assert c.get("/api/v1/orgs/S0001/").status_code == 200
