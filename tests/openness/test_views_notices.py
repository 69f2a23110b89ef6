"""The cadres' notice pages: the list with what is due, drafting, approving, publishing and
withdrawing, attachments; each with its refusals."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.openness.models import Notice, NoticeFile
from tests.conftest import audit_count

from .conftest import base, download_name, fresh, make_notice, person, signed_in, unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


class TestCadrePages:
    def test_the_chair_sees_notices_and_what_is_due(self):
        draft = make_notice(title="草稿中的公开")
        r = signed_in("chair").get(f"{base()}/")
        body = r.content.decode()
        assert r.status_code == 200
        assert draft.title in body and 'id="due-table"' in body
        assert "校务公开" in body  # named by the unit type

    def test_another_union_gets_404(self):
        n = make_notice(status="published")
        c = signed_in("hospital_head")
        assert c.get(f"{base()}/").status_code == 404
        assert c.get(f"{base()}/{n.pk}/").status_code == 404
        assert c.get(f"/o/{unit('hospital').code}/openness/{n.pk}/").status_code == 404
        assert c.post(f"/o/{unit('hospital').code}/openness/{n.pk}/withdraw/").status_code == 404
        assert fresh(n).status == "published"

    def test_wrong_methods_get_405(self):
        n = make_notice()
        c = signed_in("chair")
        assert c.get(f"{base()}/{n.pk}/approve/").status_code == 405
        assert c.get(f"{base()}/{n.pk}/publish/").status_code == 405
        assert c.get(f"{base()}/{n.pk}/ask/").status_code == 405
        assert c.post(f"{base()}/").status_code == 405
        assert c.post(f"{base()}/report/2031/").status_code == 405

    def test_a_cadre_drafts_and_the_chair_approves_and_publishes(self):
        cadre = signed_in("cadre")
        before = audit_count()
        r = cadre.post(
            f"{base()}/new/",
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
        page = cadre.get(f"{base()}/{n.pk}/").content.decode()
        assert 'id="needs-approver"' in page and 'id="approve-button"' not in page
        cadre.post(f"{base()}/{n.pk}/approve/")
        assert fresh(n).status == "draft"
        chair = signed_in("chair")
        assert 'id="approve-button"' in chair.get(f"{base()}/{n.pk}/").content.decode()
        assert chair.post(f"{base()}/{n.pk}/approve/").status_code == 302
        assert chair.post(f"{base()}/{n.pk}/publish/", {"on": ""}).status_code == 302
        n = fresh(n)
        assert n.status == "published" and n.approved_by == person("chair")
        assert n.published_on == timezone.localdate()
        assert audit_count() >= before + 3
        with unscoped():
            assert AuditEntry.objects.filter(
                action="openness.notice.updated",
                object_id=str(n.pk),
                actor=person("chair"),
                changes__status=["approved", "published"],
            ).exists()

    def test_withdrawing_from_the_page(self):
        n = make_notice(status="published")
        r = signed_in("chair").post(f"{base()}/{n.pk}/withdraw/", {"reason": "公示期满"})
        assert r.status_code == 302
        n = fresh(n)
        assert n.status == "withdrawn" and n.withdraw_reason == "公示期满"

    def test_a_refused_step_shows_its_reason(self):
        n = make_notice()
        r = signed_in("chair").post(f"{base()}/{n.pk}/publish/", follow=True)
        assert "只有审批通过的事项可以公开。" in r.content.decode()
        assert fresh(n).status == "draft"

    def test_a_refused_step_goes_back_to_the_notice_it_was_pressed_on(self):
        n = make_notice()
        page = f"{base()}/{n.pk}/"
        r = signed_in("chair").post(f"{page}publish/", HTTP_REFERER=f"http://testserver{page}")
        assert r.status_code == 302 and r["Location"].endswith(page)

    def test_a_refused_edit_keeps_what_was_typed_and_says_why(self):
        n = make_notice(status="published")
        r = signed_in("chair").post(
            f"{base()}/{n.pk}/edit/",
            {
                "title": "改过的标题",
                "body": "新的内容",
                "channel": "board",
                "period_year": 2031,
                "period": "year",
                "category": "",
            },
        )
        body = r.content.decode()
        assert r.status_code == 200
        assert "改过的标题" in body and "新的内容" in body
        assert "已公开的事项不能修改：请撤下后重新发布。" in body  # on the form, not a redirect
        assert fresh(n).title != "改过的标题"

    def test_attachments_upload_and_download(self):
        n = make_notice()
        c = signed_in("cadre")
        r = c.post(f"{base()}/{n.pk}/files/", {"file": SimpleUploadedFile("表.pdf", b"%PDF-1.4 x")})
        assert r.status_code == 302
        with unscoped():
            f = NoticeFile.objects.get(notice=n)
        r = c.get(f"{base()}/{n.pk}/files/{f.pk}/")
        assert r.status_code == 200 and r.content == b"%PDF-1.4 x"
        assert download_name(r) == ("inline", "表.pdf")
        assert c.post(f"{base()}/{n.pk}/files/{f.pk}/delete/").status_code == 302
        with unscoped():
            assert not NoticeFile.objects.filter(pk=f.pk).exists()

    def test_a_branch_chair_reads_the_hospitals_notices_but_does_not_write_them(self):
        n = make_notice("hospital", status="published", drafter="hospital_head", title="院务公开一")
        draft = make_notice("hospital", drafter="hospital_head", title="院务草稿")
        c = signed_in("multi_role")  # chair of the hospital's branch
        at = f"/o/{unit('branch').code}/openness"
        body = c.get(f"{at}/").content.decode()
        assert n.title in body and draft.title not in body
        assert c.get(f"{at}/{draft.pk}/").status_code == 404
        assert c.get(f"{at}/new/").status_code == 403
        assert c.post(f"{at}/{draft.pk}/approve/").status_code == 403
        assert fresh(draft).status == "draft"
