"""A voucher's original documents (原始凭证), on the page and through the API: attached
while the voucher is prepared or waits for review, fixed once reviewed, read by whoever
reads the books, refused when the file is not what its name says. Works / other union
404 / no permission 403 / wrong method 405."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.audit.models import AuditEntry
from gonghui.finance import services, services_attachments
from gonghui.finance.models import VoucherAttachment
from tests.factories import UnionFactory

from .conftest import holder, make_voucher

pytestmark = pytest.mark.usefixtures("platform")

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
PDF = b"%PDF-1.4\n%fake but starts right\n"


def _xlsx() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "金额"])
    wb.active.append(["张三", 500])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _page(v, what=""):
    return f"/o/{v.org.code}/finance/vouchers/{v.pk}/{what}"


def _api(v, what=""):
    return f"/api/v1/orgs/{v.org.code}/finance/vouchers/{v.pk}/files/{what}"


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# -- the service --------------------------------------------------------------------------
def test_files_are_known_by_their_bytes_and_fixed_once_reviewed(union, accountant, chair):
    v = make_voucher(union, state="draft")
    att = services_attachments.voucher_attach(
        actor=accountant, voucher=v, upload=_upload("发票.png", PNG)
    )
    assert (att.name, att.size, att.content_type) == ("发票.png", len(PNG), "image/png")
    assert att.file.name.endswith(".png") and "发票" not in att.file.name  # a token name
    sheet = services_attachments.voucher_attach(
        actor=accountant, voucher=v, upload=_upload("发放表.xlsx", _xlsx())
    )
    assert sheet.content_type.endswith("spreadsheetml.sheet")
    # A renamed file, a kind not accepted and an empty file are refused, saying which.
    for name, content, words in (
        ("收据.pdf", PNG, "不是真正的 PDF"),
        ("病毒.exe", b"MZ\x90\x00", "只接受"),
        ("空.pdf", b"", "是空文件"),
    ):
        with pytest.raises(services.FinanceError) as exc:
            services_attachments.voucher_attach(
                actor=accountant, voucher=v, upload=_upload(name, content)
            )
        assert words in str(exc.value.message) and name in str(exc.value.message)
    assert VoucherAttachment.objects.filter(voucher=v).count() == 2
    # Handed in: still open (the reviewer may ask for a receipt); reviewed: fixed.
    services.voucher_submit(actor=accountant, voucher=v)
    services_attachments.voucher_attach(actor=accountant, voucher=v, upload=_upload("b.pdf", PDF))
    services.voucher_review(actor=chair, voucher=v)
    with pytest.raises(services.FinanceError):
        services_attachments.voucher_attach(
            actor=accountant, voucher=v, upload=_upload("c.pdf", PDF)
        )
    with pytest.raises(services.FinanceError):
        services_attachments.voucher_detach(actor=accountant, attachment=att)
    assert VoucherAttachment.objects.filter(voucher=v).count() == 3
    actions = set(
        AuditEntry.objects.filter(action__startswith="finance.voucherattachment").values_list(
            "action", flat=True
        )
    )
    assert actions == {"finance.voucherattachment.created"}


def test_a_deleted_draft_takes_its_files_with_it(union, accountant):
    v = make_voucher(union, state="draft")
    services_attachments.voucher_attach(actor=accountant, voucher=v, upload=_upload("a.pdf", PDF))
    services.voucher_delete(actor=accountant, voucher=v)
    assert not VoucherAttachment.objects.filter(voucher_id=v.pk).exists()


# -- the page -----------------------------------------------------------------------------
def test_the_accountant_attaches_downloads_and_removes_on_the_page(login, union, accountant):
    v = make_voucher(union, state="draft")
    c = login(accountant)
    r = c.post(
        _page(v, "files/"),
        {"files": [_upload("发票<b>.png", PNG), _upload("清单.xlsx", _xlsx())]},
    )
    assert r.status_code == 302
    files = list(VoucherAttachment.objects.filter(voucher=v).order_by("id"))
    assert [f.name for f in files] == ["发票<b>.png", "清单.xlsx"]
    body = c.get(_page(v)).content.decode()
    assert "发票&lt;b&gt;.png" in body and "发票<b>.png" not in body
    assert 'id="attach-form"' in body
    got = c.get(_page(v, f"files/{files[0].pk}/"))
    assert got.status_code == 200 and got["Content-Type"] == "image/png"
    assert got["X-Content-Type-Options"] == "nosniff"
    assert b"".join(got.streaming_content if got.streaming else [got.content]) == PNG
    sheet = c.get(_page(v, f"files/{files[1].pk}/"))
    assert sheet["Content-Disposition"].startswith("attachment")  # never shown inline
    r = c.post(_page(v, f"files/{files[0].pk}/remove/"))
    assert r.status_code == 302
    assert [f.name for f in VoucherAttachment.objects.filter(voucher=v)] == ["清单.xlsx"]


def test_one_bad_file_keeps_all_out_and_says_why(login, union, accountant):
    v = make_voucher(union, state="draft")
    c = login(accountant)
    r = c.post(
        _page(v, "files/"),
        {"files": [_upload("好.pdf", PDF), _upload("坏.jpg", PDF)]},
        follow=True,
    )
    assert "坏.jpg 不是真正的 JPG 文件" in r.content.decode()
    assert not VoucherAttachment.objects.filter(voucher=v).exists()


def test_the_auditor_reads_but_does_not_attach_and_outsiders_get_404(login, union, accountant):
    v = make_voucher(union, state="draft")
    att = services_attachments.voucher_attach(
        actor=accountant, voucher=v, upload=_upload("a.pdf", PDF)
    )
    auditor = login(holder("auditor", union))
    body = auditor.get(_page(v)).content.decode()
    assert "a.pdf" in body and 'id="attach-form"' not in body
    assert auditor.get(_page(v, f"files/{att.pk}/")).status_code == 200
    assert auditor.post(_page(v, "files/"), {"files": [_upload("b.pdf", PDF)]}).status_code == 403
    assert auditor.post(_page(v, f"files/{att.pk}/remove/")).status_code == 403
    other = UnionFactory()
    outsider = login(holder("finance", other))
    assert outsider.get(_page(v, f"files/{att.pk}/")).status_code == 404
    # Another union's accountant, through their own union's address: still not found.
    url = f"/o/{other.code}/finance/vouchers/{v.pk}/files/{att.pk}/"
    assert outsider.get(url).status_code == 404
    # The file of one voucher is not found through another voucher of the same union.
    w = make_voucher(union, state="draft")
    c = login(accountant)
    assert c.get(_page(w, f"files/{att.pk}/")).status_code == 404
    assert c.get(_page(v, "files/")).status_code == 405
    assert c.get(_page(v, f"files/{att.pk}/remove/")).status_code == 405
    assert c.post(_page(v, f"files/{att.pk}/")).status_code == 405


# -- the API ------------------------------------------------------------------------------
def test_the_api_lists_adds_downloads_and_removes(token_login, union, accountant, chair):
    v = make_voucher(union, state="draft")
    c = token_login(accountant)
    r = c.post(_api(v), {"file": _upload("收据.pdf", PDF)}, format="multipart")
    assert r.status_code == 201, r.content
    fid = r.json()["id"]
    assert r.json()["name"] == "收据.pdf" and r.json()["content_type"] == "application/pdf"
    listed = c.get(_api(v)).json()
    assert [f["name"] for f in listed] == ["收据.pdf"]
    assert c.get(_api(v, f"{fid}/")).status_code == 200
    bad = c.post(_api(v), {"file": _upload("x.png", PDF)}, format="multipart")
    assert bad.status_code == 400 and bad.json()["field"] == "file"
    assert c.put(_api(v)).status_code == 405
    assert c.delete(_api(v, f"{fid}/")).status_code == 204
    assert c.get(_api(v)).json() == []
    # The auditor reads, never writes; another union's people find nothing.
    services_attachments.voucher_attach(actor=accountant, voucher=v, upload=_upload("a.pdf", PDF))
    auditor = token_login(holder("auditor", union))
    assert auditor.get(_api(v)).status_code == 200
    assert auditor.post(_api(v), {"file": _upload("b.pdf", PDF)}).status_code == 403
    outsider = token_login(holder("finance", UnionFactory()))
    assert outsider.get(_api(v)).status_code == 404
