"""One idea's page and the committee's actions on it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.ideas.models import Idea

from .conftest import photo

pytestmark = pytest.mark.usefixtures("go_routes")


def reload(idea) -> Idea:
    with unscoped():
        return Idea.objects.get(pk=idea.pk)


class TestThePage:
    def test_it_shows_the_idea_and_the_actions_of_its_state(self, home, login):
        idea = home.submit(title="叉车反光镜", uploads=[photo()])
        page = login(home.chair).get(f"{home.base}/{idea.pk}/").content.decode()
        assert "叉车反光镜" in page and 'id="form-accept"' in page and 'id="form-send"' not in page
        assert 'class="img-thumbnail"' in page

    def test_readers_see_no_actions(self, home, login):
        idea = home.submit()
        page = login(home.upper).get(f"{home.base}/{idea.pk}/").content.decode()
        assert 'id="form-accept"' not in page

    def test_another_union_gets_404(self, home, login):
        idea = home.submit()
        assert login(home.other_chair).get(f"{home.base}/{idea.pk}/").status_code == 404
        other_base = f"/o/{home.other.code}/ideas"
        assert login(home.other_chair).get(f"{other_base}/{idea.pk}/").status_code == 404

    def test_a_member_gets_403(self, home, login):
        idea = home.submit()
        url = f"/o/{home.g1.code}/ideas/{idea.pk}/"
        assert login(home.worker.user).get(url).status_code == 403

    def test_wrong_method_405(self, home, login):
        idea = home.submit()
        assert login(home.chair).post(f"{home.base}/{idea.pk}/").status_code == 405


class TestActions:
    def test_the_cycle_through_the_buttons(self, home, login):
        c = login(home.chair)
        idea = home.submit()
        url = f"{home.base}/{idea.pk}"
        assert c.post(f"{url}/accept/", {"note": "立项"}).status_code == 302
        assert (
            c.post(f"{url}/send/", {"department": "设备部", "contact": "张工"}).status_code == 302
        )
        page = c.get(f"{url}/").content.decode()
        assert 'id="link-url"' in page and "/go/ideas/answer/" in page
        assert (
            c.post(f"{url}/answer/", {"answer": "可行", "answered_by": "张工"}).status_code == 302
        )
        scores = {"mass": 8, "novelty": 7, "practical": 9, "benefit": 8, "recommendation": "adopt"}
        assert c.post(f"{url}/review/", scores).status_code == 302
        assert c.post(f"{url}/decide/", {"outcome": "adopt"}).status_code == 302
        assert c.post(f"{url}/implement/", {"implementation": "已装"}).status_code == 302
        r = c.post(f"{url}/verify/", {"value_created": "3.20", "verification": "测算"})
        assert r.status_code == 302
        r = c.post(f"{url}/reward/", {"amount": "400", "note": "金点子奖"})
        assert r.status_code == 302
        assert c.post(f"{url}/close/", {"feedback": "谢谢"}).status_code == 302
        idea = reload(idea)
        assert (idea.status, idea.value_created) == ("closed", Decimal("3.20"))
        with unscoped():
            assert AuditEntry.objects.filter(
                action="ideas.idea.updated", object_id=str(idea.pk), actor=home.chair
            ).exists()

    def test_a_refusal_goes_back_with_the_message(self, home, login):
        idea = home.submit()
        r = login(home.chair).post(
            f"{home.base}/{idea.pk}/verify/",
            {"value_created": "1", "verification": "x"},
            HTTP_REFERER=f"http://testserver{home.base}/{idea.pk}/",
        )
        assert r.status_code == 302 and reload(idea).status == "submitted"

    def test_an_invalid_form_shows_the_page_again(self, home, login):
        idea = home.submit()
        r = login(home.chair).post(f"{home.base}/{idea.pk}/decline/", {"reason": ""})
        assert r.status_code == 400 and reload(idea).status == "submitted"

    def test_an_unknown_action_is_404(self, home, login):
        idea = home.submit()
        assert login(home.chair).post(f"{home.base}/{idea.pk}/explode/").status_code == 404

    def test_personas(self, home, login):
        idea = home.submit()
        url = f"{home.base}/{idea.pk}/accept/"
        assert login(home.upper).post(url).status_code == 403
        assert login(home.other_chair).post(url).status_code == 404
        assert login(home.chair).get(url).status_code == 405


class TestFiles:
    def test_the_photo_is_served_to_readers(self, home, login):
        idea = home.submit(uploads=[photo()])
        with unscoped():
            f = idea.files.get()
        url = f"{home.base}/{idea.pk}/files/{f.pk}/"
        r = login(home.upper).get(url)
        assert r.status_code == 200 and r["Content-Type"] == "image/png"
        assert login(home.other_chair).get(url).status_code == 404
        assert login(home.chair).post(url).status_code == 405
        assert (
            login(home.worker.user)
            .get(f"/o/{home.g1.code}/ideas/{idea.pk}/files/{f.pk}/")
            .status_code
            == 403
        )
