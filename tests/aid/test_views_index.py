"""Pages of aid: the index and the dashboard card: works / other org 404 / no permission 403 / wrong method 405, and the
database after each action."""

from __future__ import annotations

import pytest

from tests.factories import member_with_login

from .conftest import holder, make_application, make_round, members

pytestmark = pytest.mark.django_db


class TestIndex:
    def test_it_works_for_the_chair(self, login, union, chair):
        make_round(union, name="2026年金秋助学", year=2026)
        r = login(chair).get(f"/o/{union.code}/aid/")
        assert r.status_code == 200
        assert "2026年金秋助学" in r.content.decode()

    def test_a_chair_of_another_union_gets_404(self, login, union, other_union):
        c = login(holder("chair", other_union))
        assert c.get(f"/o/{union.code}/aid/").status_code == 404
        assert c.get(f"/o/{other_union.code}/aid/").status_code == 200

    def test_a_member_gets_403(self, login, group):
        member = member_with_login(group)
        assert login(member.user).get(f"/o/{group.code}/aid/").status_code == 403

    def test_wrong_method_gets_405(self, login, union, chair):
        assert login(chair).post(f"/o/{union.code}/aid/").status_code == 405

    def test_the_dashboard_shows_the_pending_card(self, login, union, chair):
        c = login(chair)
        assert "card-aid-pending" not in c.get(f"/o/{union.code}/").content.decode()
        make_application(make_round(union), members(union, 1)[0])  # waiting for a decision
        body = c.get(f"/o/{union.code}/").content.decode()
        assert "card-aid-pending" in body


def test_union_helper_is_the_grassroots_union(platform, union, chair):
    assert union.is_union
    assert holder("chair", union) == chair
    assert chair.roles.get().org == union and chair.roles.get().role == "chair"
