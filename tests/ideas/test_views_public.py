"""The department's page through its link: no login, one idea, one answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from gonghui.core.scoping import unscoped
from gonghui.ideas import services
from gonghui.ideas.models import Idea

from .conftest import photo

pytestmark = pytest.mark.usefixtures("go_routes")


def sent(home, **kw):
    idea = home.at("accepted", **kw)
    with unscoped():
        request = services.idea_send(actor=home.chair, idea=idea, department="设备部")
    return idea, request


class TestAnswerPage:
    def test_the_department_answers_once_without_a_login(self, home):
        idea, request = sent(home, uploads=[photo()])
        c = Client()
        url = f"/go/ideas/answer/{request.token}/"
        page = c.get(url).content.decode()
        assert idea.title in page and 'id="answer-form"' in page
        assert home.worker.name not in page  # nothing of the proposer
        r = c.post(url, {"answer": "可行，下月实施", "name": "张工"})
        assert r.status_code == 302
        with unscoped():
            assert Idea.objects.get(pk=idea.pk).status == "answered"
        page = c.get(url).content.decode()
        assert 'id="answered"' in page and 'id="answer-form"' not in page
        # The photo through the link.
        with unscoped():
            f = idea.files.get()
        assert c.get(f"/go/ideas/answer/{request.token}/files/{f.pk}/").status_code == 200

    def test_a_second_answer_is_refused(self, home):
        idea, request = sent(home)
        c = Client()
        url = f"/go/ideas/answer/{request.token}/"
        c.post(url, {"answer": "可行", "name": "张工"})
        r = c.post(url, {"answer": "改主意了", "name": "李工"})
        assert r.status_code in (200, 400)
        with unscoped():
            assert Idea.objects.get(pk=idea.pk).answer == "可行"

    def test_an_expired_link_says_so(self, home):
        idea, request = sent(home)
        with unscoped():
            request.expires_on = timezone.localdate() - dt.timedelta(days=1)
            request.save()
        page = Client().get(f"/go/ideas/answer/{request.token}/").content.decode()
        assert 'id="expired"' in page

    def test_a_wrong_link_is_404_and_throttled(self, home, settings):
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        c = Client()
        assert c.get(f"/go/ideas/answer/{'x' * 43}/").status_code == 404
        idea, request = sent(home)
        for _ in range(25):
            c.get(f"/go/ideas/answer/{'y' * 43}/")
        # Past the limit even a good link is refused from that address.
        assert c.get(f"/go/ideas/answer/{request.token}/").status_code == 404

    def test_wrong_method_405(self, home):
        idea, request = sent(home)
        assert Client().delete(f"/go/ideas/answer/{request.token}/").status_code == 405
