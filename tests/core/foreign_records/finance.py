from __future__ import annotations

OBJECT_KWARGS = {
    "voucher_id": ("finance.Voucher", "org"),
    "voucher_file_id": ("finance.VoucherAttachment", "voucher__org"),
}
# `code`: a sub-account's code in the API's accounts/<code>/retire/ (the foreign one's);
# `kind`: a ledger of the API's ledgers/<year>/<kind>/.
# `item`: one of the eight items of the notes (notes/<year>/<item>/).
VALUE_KWARGS = {
    "year": ["2026"],
    "month": ["3"],
    "code": ["10201"],
    "kind": ["bank"],
    "item": ["1"],
}


def build(union) -> None:
    """The foreign union's books: a sub-account, a project, a posted voucher and its red
    reversal, a submitted one and a draft, and a closed month (February of the year before: a
    closed month closes every month before it, and the other modules' foreign records
    book money in this year's first months)."""
    import datetime as dt

    from gonghui.finance import services
    from gonghui.finance.services import LineInput as L

    def voucher(day, summary, lines):
        return services.voucher_create(
            actor=None, org=union, date=day, summary=summary, lines=lines
        )

    services.subaccount_create(
        actor=None, org=union, parent_code="102", code="10201", name="外区开户行"
    )
    project = services.project_create(actor=None, org=union, code="WQ1", name="外区职工书屋")
    feb, mar = dt.date(2025, 2, 10), dt.date(2026, 3, 10)
    dues = [L("10201", debit="800"), L("401", credit="800", restricted=False)]
    first = voucher(feb, "外区二月会费", dues)
    services.voucher_submit(actor=None, voucher=first)
    services.voucher_review(actor=None, voucher=first)
    services.voucher_post(actor=None, voucher=first)
    services.period_close(actor=None, org=union, year=2025, month=2)
    books = [
        L("50304", debit="120", restricted=True, project=project, payee="外区书店"),
        L("10201", credit="120"),
    ]
    posted = voucher(mar, "外区购书", books)
    services.voucher_submit(actor=None, voucher=posted)
    services.voucher_review(actor=None, voucher=posted)
    services.voucher_post(actor=None, voucher=posted)
    services.voucher_reverse(actor=None, voucher=posted, date=mar, reason="外区冲销")
    services.voucher_submit(actor=None, voucher=voucher(mar, "外区待审", dues))
    voucher(mar, "外区草稿", dues)
    # A receipt attached to the draft (the original documents, 原始凭证).
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.finance.models import Voucher
    from gonghui.finance.services_attachments import voucher_attach

    draft = Voucher.objects.get(org=union, summary="外区草稿")
    pdf = SimpleUploadedFile("外区发票.pdf", "%PDF-1.4\n外区\n".encode())
    voucher_attach(actor=None, voucher=draft, upload=pdf)
