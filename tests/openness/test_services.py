"""The openness workflows: approval by someone else (or the chair), publication and
withdrawal with their dates, attachments, questions and the 30-day answer rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import scope, unscoped
from gonghui.openness import services
from gonghui.openness.models import ItemRule, Notice, NoticeFile, Question
from gonghui.openness.services import OpennessError

from .conftest import make_notice, make_question, person, unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def run(fn, who="chair", at="school", **kw):
    who = person(who)
    with scope(unit(at)), acting(user=who):
        return fn(actor=who, **kw)


def fresh(notice) -> Notice:
    with unscoped():
        return Notice.objects.get(pk=notice.pk)


def entries(obj, since=0) -> list:
    with unscoped():
        return list(
            AuditEntry.objects.filter(
                object_id=str(obj.pk),
                pk__gt=since,
                action__startswith=f"openness.{obj._meta.model_name}.",
            ).order_by("pk")
        )


def last_id() -> int:
    with unscoped():
        return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


class TestNotices:
    def test_a_cadre_drafts_a_notice_for_a_required_item(self):
        n = run(
            services.notice_create,
            "cadre",
            org=unit("school"),
            data={
                "item_code": "finance",
                "title": "第四季度财务收支",
                "body": "收支明细",
                "period": "q4",
                "period_year": 2031,
                "channel": "board",
            },
        )
        n = fresh(n)
        assert n.status == "draft" and n.category == "management"
        assert n.created_by == person("cadre")
        [entry] = entries(n)
        assert entry.action == "openness.notice.created" and entry.actor == person("cadre")

    def test_an_unknown_item_or_an_empty_title_is_refused(self):
        with pytest.raises(OpennessError):
            run(
                services.notice_create,
                org=unit("school"),
                data={"item_code": "nope", "title": "x", "body": "y"},
            )
        with pytest.raises(OpennessError):
            run(services.notice_create, org=unit("school"), data={"title": " ", "body": "y"})

    def test_a_group_keeps_no_notices(self):
        with pytest.raises(OpennessError), unscoped():
            run(services.notice_create, org=unit("group"), data={"title": "x", "body": "y"})

    def test_another_cadre_approves_and_the_drafter_publishes(self):
        n = make_notice(drafter="cadre")
        since = last_id()
        run(services.notice_approve, "chair", notice=n)
        n = fresh(n)
        assert n.status == "approved" and n.approved_by == person("chair")
        assert n.approved_on == timezone.localdate() and not n.self_approved
        run(services.notice_publish, "cadre", notice=n)
        n = fresh(n)
        assert n.status == "published" and n.published_on == timezone.localdate()
        changes = [e.changes.get("status") for e in entries(n, since)]
        assert changes == [["draft", "approved"], ["approved", "published"]]

    def test_the_drafter_may_not_approve_their_own_notice(self):
        n = make_notice(drafter="cadre")
        with pytest.raises(OpennessError, match="起草人"):
            run(services.notice_approve, "cadre", notice=n)
        assert fresh(n).status == "draft"

    def test_the_chair_may_approve_their_own_draft_and_it_shows(self):
        n = make_notice(drafter="chair")
        run(services.notice_approve, "chair", notice=n)
        assert fresh(n).status == "approved" and fresh(n).self_approved

    def test_only_an_approved_notice_is_published(self):
        n = make_notice()
        with pytest.raises(OpennessError):
            run(services.notice_publish, notice=n)
        assert fresh(n).status == "draft"

    def test_the_publication_date_may_be_earlier_but_not_before_approval_or_in_the_future(self):
        today = timezone.localdate()
        n = make_notice(status="approved", approved_on=today - dt.timedelta(days=10))
        with pytest.raises(OpennessError):
            run(services.notice_publish, notice=n, on=today + dt.timedelta(days=1))
        with pytest.raises(OpennessError):
            run(services.notice_publish, notice=n, on=today - dt.timedelta(days=11))
        run(services.notice_publish, notice=n, on=today - dt.timedelta(days=3))
        assert fresh(n).published_on == today - dt.timedelta(days=3)

    def test_withdrawing_keeps_the_dates_and_the_reason(self):
        n = make_notice(status="published", published_on=timezone.localdate())
        run(services.notice_withdraw, notice=n, reason="公示期满")
        n = fresh(n)
        assert n.status == "withdrawn" and n.withdrawn_on == timezone.localdate()
        assert n.withdraw_reason == "公示期满" and n.withdrawn_by == person("chair")
        assert n.was_published
        with pytest.raises(OpennessError):
            run(services.notice_withdraw, notice=n)

    def test_editing_an_approved_notice_sends_it_back_for_approval(self):
        n = make_notice(status="approved")
        run(services.notice_update, notice=n, data={"title": "改过的标题"})
        n = fresh(n)
        assert n.status == "draft" and n.approved_by is None and n.title == "改过的标题"

    def test_a_published_notice_is_not_edited_or_deleted(self):
        n = make_notice(status="published")
        with pytest.raises(OpennessError):
            run(services.notice_update, notice=n, data={"title": "x"})
        with pytest.raises(OpennessError):
            run(services.notice_delete, notice=n)
        assert fresh(n).title != "x"

    def test_a_draft_is_deleted_with_its_attachments(self):
        n = make_notice()
        run(services.file_add, notice=n, upload=SimpleUploadedFile("表.pdf", b"%PDF-1.4 x"))
        run(services.notice_delete, notice=n)
        with unscoped():
            assert not Notice.objects.filter(pk=n.pk).exists()
            assert not NoticeFile.objects.filter(notice_id=n.pk).exists()


class TestAttachments:
    def test_a_pdf_is_stored_under_a_random_name(self):
        n = make_notice()
        f = run(services.file_add, notice=n, upload=SimpleUploadedFile("收支表.pdf", b"%PDF-1.4"))
        assert f.name == "收支表.pdf" and f.content_type == "application/pdf"
        assert "收支表" not in f.file.name and f.token in f.file.name

    def test_other_types_are_refused(self):
        n = make_notice()
        with pytest.raises(OpennessError):
            run(services.file_add, notice=n, upload=SimpleUploadedFile("x.exe", b"MZ"))
        with unscoped():
            assert not NoticeFile.objects.filter(notice_id=n.pk).exists()


class TestQuestions:
    def test_a_member_asks_on_a_published_notice(self):
        n = make_notice(status="published")
        q = run(services.question_ask, "reader", at="group", notice=n, text="  请问标准？ ")
        with unscoped():
            q = Question.objects.get(pk=q.pk)
        assert q.text == "请问标准？" and q.asked_by == person("reader")
        assert q.due_on == timezone.localdate() + dt.timedelta(days=30)
        assert not q.is_answered and not q.overdue_on(timezone.localdate())

    def test_no_question_on_a_draft(self):
        n = make_notice()
        with pytest.raises(OpennessError):
            run(services.question_ask, "reader", at="group", notice=n, text="?")

    def test_answering_late_is_flagged_and_the_first_answer_date_stands(self):
        n = make_notice(status="published")
        today = timezone.localdate()
        q = make_question(n, asked_on=today - dt.timedelta(days=31))
        assert q.overdue_on(today)
        run(services.question_answer, question=q, answer="答复如下")
        with unscoped():
            q = Question.objects.get(pk=q.pk)
        assert q.answered_on == today and q.answered_late and not q.on_time
        assert q.answered_by == person("chair")
        run(services.question_answer, question=q, answer="更正后的答复")
        with unscoped():
            q2 = Question.objects.get(pk=q.pk)
        assert q2.answer == "更正后的答复" and q2.answered_on == today

    def test_an_empty_answer_is_refused(self):
        q = make_question(make_notice(status="published"))
        with pytest.raises(OpennessError):
            run(services.question_answer, question=q, answer="  ")


class TestItems:
    def test_switching_an_item_off_needs_a_reason_and_can_be_undone(self):
        with pytest.raises(OpennessError):
            run(services.item_set_required, org=unit("school"), code="enrolment", required=False)
        rule = run(
            services.item_set_required,
            org=unit("school"),
            code="enrolment",
            required=False,
            reason="本校不招生",
        )
        assert rule.disabled and rule.reason == "本校不招生"
        assert entries(rule)[0].action == "openness.itemrule.created"
        run(services.item_set_required, org=unit("school"), code="enrolment", required=True)
        with unscoped():
            assert not ItemRule.objects.filter(org=unit("school"), code="enrolment").exists()

    def test_an_own_item_gets_a_code_and_the_unions_source(self):
        rule = run(
            services.item_add,
            org=unit("school"),
            name="Canteen accounts",
            frequency="quarterly",
            reason="教代会决议",
        )
        assert rule.custom and rule.code == "own-canteen-accounts"
        with pytest.raises(OpennessError):
            run(
                services.item_add,
                org=unit("school"),
                name="Canteen accounts",
                frequency="quarterly",
                reason="again",
            )

    def test_state_owned_adds_the_extra_items(self):
        from gonghui.openness import selectors

        with unscoped():
            before = {i.code for i in selectors.required_items(unit("factory"))}
        run(
            services.settings_update,
            "factory_head",
            at="factory",
            org=unit("factory"),
            state_owned=True,
        )
        with unscoped():
            after = {i.code for i in selectors.required_items(unit("factory"))}
        assert "tenders" not in before and {"tenders", "hospitality"} <= after


def test_the_report_export_names_the_file_and_is_logged():
    make_notice(status="published", published_on=dt.date(2031, 3, 2))
    with unscoped():
        before = AuditEntry.objects.filter(action="openness.report.exported").count()
    name, data = run(services.report_export, unit=unit(), year=2031, fmt="docx")
    assert name.endswith(".docx") and "2031" in name and data.startswith(b"PK")
    with unscoped():
        entry = AuditEntry.objects.filter(action="openness.report.exported").latest("pk")
        assert AuditEntry.objects.filter(action="openness.report.exported").count() == before + 1
    assert entry.changes == {"format": [None, "docx"], "year": [None, 2031]}
    assert entry.actor == person("chair")


def test_a_question_is_named_by_its_words_not_by_ids():
    from gonghui.openness.models import Question

    question = Question(
        notice_id=5, pk=2, text="食堂的招标结果什么时候公布？能否附上评标记录和供应商名单"
    )
    assert str(question).startswith("食堂的招标结果什么时候公布？")
    assert len(str(question)) <= 20 and "5" not in str(question) and "·" not in str(question)
