"""The staff's pages (phone-sized): published notices and their attachments only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.core.scoping import unscoped
from gonghui.openness.models import Notice

from .conftest import base, fresh, make_notice, me, signed_in, with_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


class TestStaffPages:
    def test_a_member_reads_published_notices_only(self):
        pub = make_notice(status="published", title="已公开的通知")
        draft = make_notice(title="还是草稿的通知")
        approved = make_notice(status="approved", title="已审批未公开")
        gone = make_notice(
            status="withdrawn", title="已撤下的通知", published_on=dt.date(2031, 1, 2)
        )
        c = signed_in("reader")
        body = c.get(f"{me()}/").content.decode()
        assert pub.title in body
        for hidden in (draft, approved, gone):
            assert hidden.title not in body
            assert c.get(f"{me()}/{hidden.pk}/").status_code == 404
        r = c.get(f"{me()}/{pub.pk}/")
        assert r.status_code == 200 and 'id="ask-form"' in r.content.decode()

    def test_a_member_cannot_use_the_cadre_pages(self):
        n = make_notice(status="approved")
        c = signed_in("reader")
        assert c.post(f"{me()}/{n.pk}/publish/").status_code == 403
        assert c.get(f"{me()}/new/").status_code == 403
        assert c.get(f"{me()}/questions/").status_code == 403
        assert c.get(f"{me()}/items/").status_code == 403
        assert fresh(n).status == "approved"

    def test_a_member_downloads_the_attachment_of_a_published_notice_only(self):
        pub = make_notice(status="approved")
        draft = make_notice()
        f1, f2 = with_file(pub), with_file(draft)
        with unscoped():
            pub = Notice.objects.get(pk=pub.pk)
            pub.status, pub.published_on = "published", timezone.localdate()
            pub.save()
        c = signed_in("reader")
        assert c.get(f"{me()}/{pub.pk}/files/{f1.pk}/").status_code == 200
        assert c.get(f"{me()}/{draft.pk}/files/{f2.pk}/").status_code == 404
        assert c.get(f"{me()}/{pub.pk}/files/{f2.pk}/").status_code == 404

    def test_upper_union_staff_read_the_published_notices(self):
        pub = make_notice(status="published", title="区里能看的公开")
        draft = make_notice(title="区里不能看的草稿")
        body = signed_in("district_staff").get(f"{base()}/").content.decode()
        assert pub.title in body and draft.title not in body
