from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_it_works_for_a_chair(client_for):
    r = client_for("school_chair").get("/o/S0001/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "示范区实验中学工会" in body
    assert "语文教研组工会小组" in body


def test_another_org_gets_404(client_for):
    assert client_for("school_chair").get("/o/F0001/").status_code == 404


def test_a_member_sees_no_org_figures(client_for):
    r = client_for("member").get("/o/S0001-G01/")
    assert r.status_code == 200
    assert 'id="card-orgs"' not in r.content.decode()


def test_wrong_method_gets_405(client_for):
    assert client_for("school_chair").post("/o/S0001/").status_code == 405


def test_anonymous_is_sent_to_login(client):
    r = client.get("/o/S0001/")
    assert r.status_code == 302
    assert r["Location"].startswith("/accounts/login/")


def test_upper_staff_reaches_a_grassroots_union_below(client_for):
    assert client_for("district").get("/o/H0001-B01/").status_code == 200


def test_the_page_is_chinese(client_for):
    r = client_for("school_chair").get("/o/S0001/")
    assert r["Content-Language"] == "zh-hans"
