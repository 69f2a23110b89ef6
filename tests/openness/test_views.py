"""The openness pages: the cadres' and the staff's (phone-sized), each with its refusals."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.openness import services
from gonghui.openness.models import ItemRule, Notice, NoticeFile, Question
from tests.conftest import audit_count

from .conftest import make_notice, make_question, person

pytestmark = pytest.mark.django_db

BASE = "/o/S0001/openness"
ME = "/o/S0001-G01/openness"


def fresh(notice) -> Notice:
    with unscoped():
        return Notice.objects.get(pk=notice.pk)


def with_file(notice) -> NoticeFile:
    from gonghui.audit.context import acting
    from gonghui.core.scoping import scope

    with scope(notice.org), acting(source="system"):
        return services.file_add(
            actor=None, notice=notice, upload=SimpleUploadedFile("附表.pdf", b"%PDF-1.4 demo")
        )


class TestCadrePages:
    def test_the_chair_sees_notices_and_what_is_due(self, client_for):
        draft = make_notice(title="草稿中的公开")
        r = client_for("school_chair").get(f"{BASE}/")
        body = r.content.decode()
        assert r.status_code == 200
        assert draft.title in body and 'id="due-table"' in body
        assert "校务公开" in body  # named by the unit type

    def test_another_union_gets_404(self, client_for):
        n = make_notice(status="published")
        c = client_for("hospital_chair")
        assert c.get(f"{BASE}/").status_code == 404
        assert c.get(f"{BASE}/{n.pk}/").status_code == 404
        assert c.get(f"/o/H0001/openness/{n.pk}/").status_code == 404
        assert c.post(f"/o/H0001/openness/{n.pk}/withdraw/").status_code == 404
        assert fresh(n).status == "published"

    def test_wrong_methods_get_405(self, client_for):
        n = make_notice()
        c = client_for("school_chair")
        assert c.get(f"{BASE}/{n.pk}/approve/").status_code == 405
        assert c.get(f"{BASE}/{n.pk}/publish/").status_code == 405
        assert c.get(f"{BASE}/{n.pk}/ask/").status_code == 405
        assert c.post(f"{BASE}/").status_code == 405
        assert c.post(f"{BASE}/report/2031/").status_code == 405

    def test_a_cadre_drafts_and_the_chair_approves_and_publishes(self, client_for):
        cadre = client_for("school_cadre")
        before = audit_count()
        r = cadre.post(
            f"{BASE}/new/",
            {
                "item_code": "finance",
                "title": "第四季度财务收支情况",
                "body": "收支明细见附表",
                "channel": "board",
                "period_year": 2031,
                "period": "q4",
                "category": "",
            },
        )
        with unscoped():
            n = Notice.objects.get(title="第四季度财务收支情况")
        assert r.status_code == 302 and r["Location"].endswith(f"/openness/{n.pk}/")
        assert n.status == "draft" and n.category == "management"
        # The drafter cannot approve: the page says who does, the step refuses.
        page = cadre.get(f"{BASE}/{n.pk}/").content.decode()
        assert 'id="needs-approver"' in page and 'id="approve-button"' not in page
        cadre.post(f"{BASE}/{n.pk}/approve/")
        assert fresh(n).status == "draft"
        chair = client_for("school_chair")
        assert 'id="approve-button"' in chair.get(f"{BASE}/{n.pk}/").content.decode()
        assert chair.post(f"{BASE}/{n.pk}/approve/").status_code == 302
        assert chair.post(f"{BASE}/{n.pk}/publish/", {"on": ""}).status_code == 302
        n = fresh(n)
        assert n.status == "published" and n.approved_by == person("school_chair")
        assert n.published_on == timezone.localdate()
        assert audit_count() >= before + 3
        with unscoped():
            assert AuditEntry.objects.filter(
                action="openness.notice.updated",
                object_id=str(n.pk),
                actor=person("school_chair"),
                changes__status=["approved", "published"],
            ).exists()

    def test_withdrawing_from_the_page(self, client_for):
        n = make_notice(status="published")
        r = client_for("school_chair").post(f"{BASE}/{n.pk}/withdraw/", {"reason": "公示期满"})
        assert r.status_code == 302
        n = fresh(n)
        assert n.status == "withdrawn" and n.withdraw_reason == "公示期满"

    def test_a_refused_step_shows_its_reason(self, client_for):
        n = make_notice()
        r = client_for("school_chair").post(f"{BASE}/{n.pk}/publish/", follow=True)
        assert "只有审批通过的事项可以公开。" in r.content.decode()
        assert fresh(n).status == "draft"

    def test_the_cadre_answers_a_question(self, client_for):
        n = make_notice(status="published")
        q = make_question(n)
        r = client_for("school_cadre").post(
            f"{BASE}/questions/{q.pk}/answer/", {"answer": "已按标准发放", "next": "questions"}
        )
        assert r.status_code == 302 and r["Location"].endswith("/openness/questions/")
        with unscoped():
            q = Question.objects.get(pk=q.pk)
        assert q.answer == "已按标准发放" and q.answered_by == person("school_cadre")
        page = client_for("school_cadre").get(f"{BASE}/questions/").content.decode()
        assert "郑子涵" in page  # cadres see who asked

    def test_a_foreign_question_cannot_be_answered(self, client_for):
        n = make_notice("H0001", status="published", drafter="hospital_chair")
        q = make_question(n)
        r = client_for("school_chair").post(f"{BASE}/questions/{q.pk}/answer/", {"answer": "x"})
        assert r.status_code == 404
        with unscoped():
            assert Question.objects.get(pk=q.pk).answer == ""

    def test_attachments_upload_and_download(self, client_for):
        n = make_notice()
        c = client_for("school_cadre")
        r = c.post(f"{BASE}/{n.pk}/files/", {"file": SimpleUploadedFile("表.pdf", b"%PDF-1.4 x")})
        assert r.status_code == 302
        with unscoped():
            f = NoticeFile.objects.get(notice=n)
        r = c.get(f"{BASE}/{n.pk}/files/{f.pk}/")
        assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4 x"
        assert c.post(f"{BASE}/{n.pk}/files/{f.pk}/delete/").status_code == 302
        with unscoped():
            assert not NoticeFile.objects.filter(pk=f.pk).exists()

    def test_the_required_items_are_configured_with_a_reason(self, client_for):
        c = client_for("school_chair")
        page = c.get(f"{BASE}/items/").content.decode()
        assert "教育部" in page  # the source is shown
        r = c.post(f"{BASE}/items/toggle/", {"code": "enrolment", "reason": "不招生"})
        assert r.status_code == 302
        r = c.post(
            f"{BASE}/items/add/",
            {
                "name": "食堂收支",
                "frequency": "quarterly",
                "category": "staff",
                "reason": "教代会决议",
            },
        )
        assert r.status_code == 302
        with unscoped():
            assert ItemRule.objects.get(code="enrolment").disabled
            assert ItemRule.objects.filter(name="食堂收支", custom=True).exists()

    def test_a_branch_chair_reads_the_hospitals_notices_but_does_not_write_them(self, client_for):
        n = make_notice("H0001", status="published", drafter="hospital_chair", title="院务公开一")
        draft = make_notice("H0001", drafter="hospital_chair", title="院务草稿")
        c = client_for("multi")  # chair of the branch H0001-B01
        body = c.get("/o/H0001-B01/openness/").content.decode()
        assert n.title in body and draft.title not in body
        assert c.get(f"/o/H0001-B01/openness/{draft.pk}/").status_code == 404
        assert c.get("/o/H0001-B01/openness/new/").status_code == 403
        assert c.post(f"/o/H0001-B01/openness/{draft.pk}/approve/").status_code == 403
        assert fresh(draft).status == "draft"


class TestStaffPages:
    def test_a_member_reads_published_notices_only(self, client_for):
        pub = make_notice(status="published", title="已公开的通知")
        draft = make_notice(title="还是草稿的通知")
        approved = make_notice(status="approved", title="已审批未公开")
        gone = make_notice(
            status="withdrawn", title="已撤下的通知", published_on=dt.date(2031, 1, 2)
        )
        c = client_for("member")
        body = c.get(f"{ME}/").content.decode()
        assert pub.title in body
        for hidden in (draft, approved, gone):
            assert hidden.title not in body
            assert c.get(f"{ME}/{hidden.pk}/").status_code == 404
        r = c.get(f"{ME}/{pub.pk}/")
        assert r.status_code == 200 and 'id="ask-form"' in r.content.decode()

    def test_a_member_cannot_use_the_cadre_pages(self, client_for):
        n = make_notice(status="approved")
        c = client_for("member")
        assert c.post(f"{ME}/{n.pk}/publish/").status_code == 403
        assert c.get(f"{ME}/new/").status_code == 403
        assert c.get(f"{ME}/questions/").status_code == 403
        assert c.get(f"{ME}/items/").status_code == 403
        assert fresh(n).status == "approved"

    def test_a_member_asks_and_sees_others_questions_without_names(self, client_for):
        n = make_notice(status="published")
        make_question(n, asker="school_cadre", answer="答复", answered_on=timezone.localdate())
        c = client_for("member")
        r = c.post(f"{ME}/{n.pk}/ask/", {"text": "绩效工资何时发放？"})
        assert r.status_code == 302
        with unscoped():
            q = Question.objects.get(notice=n, asked_by=person("member"))
        assert q.text == "绩效工资何时发放？" and q.asked_on == timezone.localdate()
        page = c.get(f"{ME}/{n.pk}/").content.decode()
        assert "绩效工资何时发放？" in page and "刘芳" not in page  # the cadre's name is hidden
        assert "答复" in page

    def test_a_member_cannot_ask_on_a_draft(self, client_for):
        n = make_notice()
        assert client_for("member").post(f"{ME}/{n.pk}/ask/", {"text": "?"}).status_code == 404
        with unscoped():
            assert not Question.objects.filter(notice=n).exists()

    def test_a_member_downloads_the_attachment_of_a_published_notice_only(self, client_for):
        pub = make_notice(status="approved")
        draft = make_notice()
        f1, f2 = with_file(pub), with_file(draft)
        with unscoped():
            pub = Notice.objects.get(pk=pub.pk)
            pub.status, pub.published_on = "published", timezone.localdate()
            pub.save()
        c = client_for("member")
        assert c.get(f"{ME}/{pub.pk}/files/{f1.pk}/").status_code == 200
        assert c.get(f"{ME}/{draft.pk}/files/{f2.pk}/").status_code == 404
        assert c.get(f"{ME}/{pub.pk}/files/{f2.pk}/").status_code == 404

    def test_upper_union_staff_read_the_published_notices(self, client_for):
        pub = make_notice(status="published", title="区里能看的公开")
        draft = make_notice(title="区里不能看的草稿")
        body = client_for("district").get(f"{BASE}/").content.decode()
        assert pub.title in body and draft.title not in body


class TestReport:
    def test_the_report_page_counts_notices_and_answers(self, client_for):
        n = make_notice(
            status="published", item_code="finance", period="q1", published_on=dt.date(2031, 4, 10)
        )
        make_question(
            n, asked_on=dt.date(2031, 4, 12), answer="答", answered_on=dt.date(2031, 4, 20)
        )
        r = client_for("school_chair").get(f"{BASE}/report/2031/")
        body = r.content.decode()
        assert r.status_code == 200
        assert n.title in body and 'id="total-notices">1<' in body

    def test_the_report_exports_as_docx_and_pdf(self, client_for):
        make_notice(
            status="published",
            item_code="plans",
            published_on=dt.date(2031, 2, 1),
            title="二〇三一年工作计划",
        )
        c = client_for("school_chair")
        before = audit_count()
        r = c.get(f"{BASE}/report/2031/report.docx")
        assert r.status_code == 200
        with zipfile.ZipFile(io.BytesIO(r.content)) as z:
            xml = z.read("word/document.xml").decode()
        assert "二〇三一年工作计划" in xml and "示范区实验中学工会" in xml
        r = c.get(f"{BASE}/report/2031/report.pdf")
        assert r.status_code == 200 and r.content.startswith(b"%PDF")
        assert audit_count() == before + 2
        with unscoped():
            assert AuditEntry.objects.filter(action="openness.report.exported").count() >= 2
        assert c.get(f"{BASE}/report/2031/report.xls").status_code == 404

    def test_a_member_reads_the_report_of_their_union(self, client_for):
        make_notice(status="published", title="成员可见", published_on=dt.date(2031, 2, 1))
        r = client_for("member").get(f"{ME}/report/2031/")
        assert r.status_code == 200 and "成员可见" in r.content.decode()
