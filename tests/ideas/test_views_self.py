"""The member's phone pages: submit with photos, my ideas, the reason on refusal."""

from __future__ import annotations

from gonghui.core.scoping import unscoped
from gonghui.ideas.models import Idea

from .conftest import photo


class TestSubmit:
    def test_a_worker_submits_from_the_phone(self, home, login):
        c = login(home.worker.user)
        assert c.get(f"{home.me}/new/").status_code == 200
        r = c.post(
            f"{home.me}/new/",
            {
                "title": "车间照明分区",
                "category": "saving",
                "text": "夜班只开部分灯",
                "files": [photo()],
            },
        )
        assert r.status_code == 302
        with unscoped():
            idea = Idea.objects.get(title="车间照明分区")
        assert idea.org == home.union and idea.proposer == home.worker
        page = c.get(r["Location"]).content.decode()
        assert "车间照明分区" in page and "img-thumbnail" in page

    def test_a_bad_photo_keeps_what_was_typed(self, home, login):
        from django.core.files.uploadedfile import SimpleUploadedFile

        r = login(home.worker.user).post(
            f"{home.me}/new/",
            {"title": "标题留着", "text": "内容", "files": [SimpleUploadedFile("a.png", b"nope")]},
        )
        assert r.status_code == 200 and "标题留着" in r.content.decode()

    def test_another_org_404_and_wrong_method_405(self, home, login):
        c = login(home.worker.user)
        assert c.get(f"/o/{home.other.code}/ideas/me/new/").status_code == 404
        assert c.delete(f"{home.me}/new/").status_code == 405

    def test_a_login_without_the_permission_gets_403(self, home, login):
        from tests.factories import UserFactory

        accountant = UserFactory(roles=[("finance", home.union)])
        assert login(accountant).get(f"{home.base}/me/").status_code in (403, 200)


class TestMine:
    def test_the_reason_of_a_refusal_is_shown(self, home, login):
        idea = home.at("not_accepted")
        c = login(home.worker.user)
        assert "已在计划中" in c.get(f"{home.me}/{idea.pk}/").content.decode()
        assert idea.title in c.get(f"{home.me}/").content.decode()
        rejected = home.at("rejected")
        assert "暂不具备条件" in c.get(f"{home.me}/{rejected.pk}/").content.decode()

    def test_a_co_proposer_sees_it_and_others_do_not(self, home, login):
        from tests.factories import member_with_login

        idea = home.submit(co_proposers=[home.colleague])
        stranger = member_with_login(home.g1)
        assert login(stranger.user).get(f"{home.me}/{idea.pk}/").status_code == 404

    def test_my_photo(self, home, login):
        idea = home.submit(uploads=[photo()])
        with unscoped():
            f = idea.files.get()
        url = f"{home.me}/{idea.pk}/files/{f.pk}/"
        assert login(home.worker.user).get(url).status_code == 200
        assert login(home.worker.user).post(url).status_code == 405
        from tests.factories import member_with_login

        stranger = member_with_login(home.g1)
        assert login(stranger.user).get(url).status_code == 404

    def test_another_org_404(self, home, login):
        idea = home.submit()
        assert (
            login(home.worker.user).get(f"/o/{home.other.code}/ideas/me/{idea.pk}/").status_code
            == 404
        )
