from __future__ import annotations

OBJECT_KWARGS = {
    "round_id": ("aid.AidRound", "org"),
    "application_id": ("aid.Application", "round__org"),
    "scheme_id": ("aid.Scheme", "org"),
    "enrolment_id": ("aid.Enrolment", "scheme__org"),
    "claim_id": ("aid.Claim", "scheme__org"),
    "claim_bill_id": ("aid.ClaimBill", "claim__scheme__org"),
    "aid_payment_id": ("aid.Payment", "org"),
}


def build(union) -> None:
    """A 金秋助学 round with a paid application and a medical scheme with a paid claim and a
    bill with a scan, in the foreign union."""
    import datetime as dt
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.aid import services
    from gonghui.finance.posting import Item, receipt_post
    from gonghui.funds.services import fund_create
    from gonghui.members.models import Member

    member = Member.objects.filter(org__path__startswith=union.path, status="active").first()
    day = dt.date(2026, 8, 1)
    fund = fund_create(actor=None, org=union, kind="medical", name="外区医疗互助金", opened_on=day)
    receipt_post(
        actor=None,
        org=union,
        source="test.grant",
        source_id=f"aid:{fund.pk}",
        date=day,
        summary="外区拨入",
        fund=fund,
        items=[Item("40301", Decimal("90000"))],
    )
    rnd = services.round_create(
        actor=None, org=union, year=2026, name="外区金秋助学", opens_on=day, closes_on=day
    )
    app = services.application_create(
        actor=None,
        rnd=rnd,
        member=member,
        today=day,
        data={
            "child_name": "外区孩子",
            "school": "外区大学",
            "level": "undergraduate",
            "income_per_head": Decimal("800"),
        },
        proof=SimpleUploadedFile("外区.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
    )
    services.application_decide(actor=None, application=app, approve=True, date=day)
    services.application_pay(actor=None, application=app, fund=fund, date=day)
    scheme = services.scheme_create(
        actor=None, org=union, year=2026, fund=fund, name="外区医疗互助"
    )
    services.enrolment_create(actor=None, scheme=scheme, member=member, date=day)
    claim = services.claim_create(
        actor=None,
        scheme=scheme,
        member=member,
        hospital="外区医院",
        admitted_on=day,
        discharged_on=day,
        bills=[
            {
                "category": "inpatient",
                "total": Decimal("5000"),
                "eligible": Decimal("3000"),
                "file": SimpleUploadedFile(
                    "外区.png", b"\x89PNG\r\n\x1a\n00", content_type="image/png"
                ),
            }
        ],
    )
    services.claim_review(actor=None, claim=claim)
    services.claim_decide(actor=None, claim=claim, approve=True, date=day)
    services.claim_pay(actor=None, claim=claim, date=day)
