"""Questions on notices: the staff ask on a published notice, the cadres answer."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gonghui.core.scoping import unscoped
from gonghui.openness.models import Question

from .conftest import base, make_notice, make_question, me, person, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


class TestCadrePages:
    def test_the_cadre_answers_a_question(self):
        n = make_notice(status="published")
        q = make_question(n)
        r = signed_in("cadre").post(
            f"{base()}/questions/{q.pk}/answer/",
            {"answer": "已按标准发放", "next": f"{base()}/questions/"},
        )
        assert r.status_code == 302 and r["Location"].endswith("/openness/questions/")
        with unscoped():
            q = Question.objects.get(pk=q.pk)
        assert q.answer == "已按标准发放" and q.answered_by == person("cadre")
        page = signed_in("cadre").get(f"{base()}/questions/").content.decode()
        assert person("reader").display_name in page  # cadres see who asked

    def test_a_foreign_question_cannot_be_answered(self):
        n = make_notice("hospital", status="published", drafter="hospital_head")
        q = make_question(n)
        r = signed_in("chair").post(f"{base()}/questions/{q.pk}/answer/", {"answer": "x"})
        assert r.status_code == 404
        with unscoped():
            assert Question.objects.get(pk=q.pk).answer == ""


class TestStaffPages:
    def test_a_member_asks_and_sees_others_questions_without_names(self):
        n = make_notice(status="published")
        make_question(n, asker="cadre", answer="答复", answered_on=timezone.localdate())
        c = signed_in("reader")
        r = c.post(f"{me()}/{n.pk}/ask/", {"text": "绩效工资何时发放？"})
        assert r.status_code == 302
        with unscoped():
            q = Question.objects.get(notice=n, asked_by=person("reader"))
        assert q.text == "绩效工资何时发放？" and q.asked_on == timezone.localdate()
        page = c.get(f"{me()}/{n.pk}/").content.decode()
        assert "绩效工资何时发放？" in page and "刘芳" not in page  # the cadre's name is hidden
        assert "答复" in page

    def test_a_member_cannot_ask_on_a_draft(self):
        n = make_notice()
        assert signed_in("reader").post(f"{me()}/{n.pk}/ask/", {"text": "?"}).status_code == 404
        with unscoped():
            assert not Question.objects.filter(notice=n).exists()
