from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped

pytestmark = pytest.mark.django_db

PASSWORD = "Gonghui@2026"  # what tests.factories.UserFactory sets
# The codes of the `school` fixture (see conftest.py): the union, its first group, the other union.
S, G1, F = "AS01", "AS01-G01", "AF01"


def test_the_api_waits_for_the_one_time_code_like_the_pages(school):
    chair = school.chair
    with unscoped():
        device = TOTPDevice.objects.create(user=chair, name="phone", confirmed=True)
    c = Client()
    r = c.post("/accounts/login/", {"username": chair.username, "password": PASSWORD})
    assert r.status_code == 302 and r["Location"].startswith("/accounts/otp/")
    assert c.get(f"/api/v1/orgs/{S}/").status_code in (401, 403)
    assert c.get("/api/v1/me/").status_code in (401, 403)
    c.post("/accounts/otp/", {"token": f"{totp(device.bin_key):06d}"})
    assert c.get(f"/api/v1/orgs/{S}/").status_code == 200


# -- organisations that require two-factor login -----------------------------------


@pytest.fixture(params=["union", "district"])
def school_requires_2fa(request, school, platform):
    """Required at the school union itself or at its parent."""
    o = getattr(school, request.param)
    with acting(source="system"):
        o.require_2fa = True
        o.save()
    return o


@pytest.mark.usefixtures("school_requires_2fa")
def test_a_password_only_session_is_refused_where_the_pages_ask_for_the_code(school, login):
    c = login(school.chair)  # logged in with the password, no code given
    assert c.get(f"/o/{S}/").status_code == 302  # the pages send it to the code page
    for path in (f"/api/v1/orgs/{S}/", f"/api/v1/orgs/{S}/members/"):
        r = c.get(path)
        assert r.status_code in (401, 403), path
        assert "members" not in r.json()
    assert c.post(f"/api/v1/orgs/{S}/members/", {}).status_code in (401, 403)


@pytest.mark.usefixtures("school_requires_2fa")
def test_after_the_code_the_session_is_accepted(school):
    chair = school.chair
    with unscoped():
        device = TOTPDevice.objects.create(user=chair, name="phone", confirmed=True)
    c = Client()
    c.post("/accounts/login/", {"username": chair.username, "password": PASSWORD})
    assert c.get(f"/api/v1/orgs/{S}/").status_code in (401, 403)
    c.post("/accounts/otp/", {"token": f"{totp(device.bin_key):06d}"})
    assert c.get(f"/api/v1/orgs/{S}/").status_code == 200


@pytest.mark.usefixtures("school_requires_2fa")
@pytest.mark.parametrize(
    "who,path",
    [("member", f"/o/{G1}/members/me/"), ("cadre", f"/o/{S}/members/")],
)
def test_roles_without_sensitive_data_are_not_refused(school, login, who, path):
    """The same rule as the pages: only roles that would see sensitive data are asked."""
    c = login(getattr(school, who))
    assert c.get(path).status_code == 200
    assert c.get(f"/api/v1{path.replace('/o/', '/orgs/', 1)}").status_code == 200


def test_other_unions_are_not_affected(school, login):
    with unscoped(), acting(source="system"):
        school.union.require_2fa = True
        school.union.save()
    c = login(school.other_chair)
    assert c.get(f"/api/v1/orgs/{F}/members/").status_code == 200
