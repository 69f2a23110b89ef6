"""Pages of the organisations app: the tree of organisations."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


class TestTree:
    def test_it_lists_the_subtree_only(self, client_for):
        body = client_for("hospital_chair").get("/o/H0001/orgs/").content.decode()
        assert "心内科工会小组" in body
        assert "一车间工会小组" not in body

    def test_it_searches_with_htmx(self, client_for):
        r = client_for("district").get("/o/D0001/orgs/?q=车间", HTTP_HX_REQUEST="true")
        body = r.content.decode()
        assert "<html" not in body  # a partial
        assert "一车间工会小组" in body and "心内科工会小组" not in body

    def test_another_org_gets_404(self, client_for):
        assert client_for("hospital_chair").get("/o/S0001/orgs/").status_code == 404

    def test_a_member_gets_403(self, client_for):
        assert client_for("member").get("/o/S0001-G01/orgs/").status_code == 403

    def test_wrong_method_gets_405(self, client_for):
        assert client_for("hospital_chair").post("/o/H0001/orgs/").status_code == 405
