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


# -- organisations that require two-factor login -----------------------------------


@pytest.fixture(params=["S0001", "D0001"])
def school_requires_2fa(request, org):
    """Required at the school union itself or at its parent."""
    o = org(request.param)
    o.require_2fa = True
    o.save()
    return o


@pytest.mark.usefixtures("school_requires_2fa")
def test_a_password_only_session_is_refused_where_the_pages_ask_for_the_code(client_for):
    c = client_for("school_chair")  # logged in with the password, no code given
    assert c.get("/o/S0001/").status_code == 302  # the pages send it to the code page
    for path in ("/api/v1/orgs/S0001/", "/api/v1/orgs/S0001/members/"):
        r = c.get(path)
        assert r.status_code in (401, 403), path
        assert "members" not in r.json()
    assert c.post("/api/v1/orgs/S0001/members/", {}).status_code in (401, 403)


@pytest.mark.usefixtures("school_requires_2fa")
def test_after_the_code_the_session_is_accepted(user):
    chair = user("school_chair")
    with unscoped():
        device = TOTPDevice.objects.create(user=chair, name="phone", confirmed=True)
    c = Client()
    c.post("/accounts/login/", {"username": "school_chair", "password": PASSWORD})
    assert c.get("/api/v1/orgs/S0001/").status_code in (401, 403)
    c.post("/accounts/otp/", {"token": f"{totp(device.bin_key):06d}"})
    assert c.get("/api/v1/orgs/S0001/").status_code == 200


@pytest.mark.usefixtures("school_requires_2fa")
@pytest.mark.parametrize(
    "username,path",
    [("member", "/o/S0001-G01/members/me/"), ("school_cadre", "/o/S0001/members/")],
)
def test_roles_without_sensitive_data_are_not_refused(client_for, username, path):
    """The same rule as the pages: only roles that would see sensitive data are asked."""
    c = client_for(username)
    assert c.get(path).status_code == 200
    assert c.get(f"/api/v1{path.replace('/o/', '/orgs/', 1)}").status_code == 200


def test_other_unions_are_not_affected(client_for, org):
    school = org("S0001")
    school.require_2fa = True
    school.save()
    c = client_for("hospital_chair")
    assert c.get("/api/v1/orgs/H0001/members/").status_code == 200
