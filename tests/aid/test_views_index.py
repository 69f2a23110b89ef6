"""Pages of aid: the index and the dashboard card: works / other org 404 / no permission 403 / wrong method 405, and the
database after each action."""

from __future__ import annotations

import pytest

from .conftest import person, union

pytestmark = pytest.mark.django_db


class TestIndex:
    def test_it_works_for_the_chair(self, client_for):
        r = client_for("factory_chair").get("/o/F0001/aid/")
        assert r.status_code == 200
        assert "2026年金秋助学" in r.content.decode()

    def test_a_chair_of_another_union_gets_404(self, client_for):
        assert client_for("hospital_chair").get("/o/F0001/aid/").status_code == 404

    def test_a_member_gets_403(self, client_for):
        assert client_for("member").get("/o/S0001-G01/aid/").status_code == 403

    def test_wrong_method_gets_405(self, client_for):
        assert client_for("factory_chair").post("/o/F0001/aid/").status_code == 405

    def test_the_dashboard_shows_the_pending_card(self, client_for):
        body = client_for("factory_chair").get("/o/F0001/").content.decode()
        assert "card-aid-pending" in body


def test_union_helper_is_the_grassroots_union():
    assert union("F0001").is_union
    assert person("factory_chair").username == "factory_chair"
