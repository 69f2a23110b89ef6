from __future__ import annotations

OBJECT_KWARGS = {
    "case_id": ("welfare.HardshipFile", "org"),
    "case_person_id": ("welfare.HouseholdMember", "file__org"),
    "case_measure_id": ("welfare.HelpMeasure", "file__org"),
    "case_document_id": ("welfare.CaseDocument", "file__org"),
    "visit_id": ("welfare.Visit", "org"),
    "visit_batch_id": ("welfare.Batch", "org"),
    "batch_line_id": ("welfare.BatchLine", "batch__org"),
    "sick_leave_id": ("welfare.SickLeave", "org"),
}
VALUE_KWARGS = {"case_step": ["check", "submit", "approve", "reject", "close"]}


def build(union) -> None:
    """A hardship file with household, measure and document, a paid visit (its voucher in
    the books), a planned batch with a line and a sick leave, all inside the foreign union."""
    import datetime as dt
    from decimal import Decimal

    from django.core.files.base import ContentFile

    from gonghui.finance.posting import Item, receipt_post
    from gonghui.funds.services import fund_create
    from gonghui.members.models import Member
    from gonghui.welfare import services
    from gonghui.welfare.models import (
        Batch,
        BatchLine,
        CaseDocument,
        HardshipFile,
        HelpMeasure,
        HouseholdMember,
        SickLeave,
    )

    person = Member.objects.filter(org__path__startswith=union.path, status="active").first()
    file = HardshipFile.objects.create(
        org=person.org,
        member=person,
        number="KN2026-901",
        causes=["illness"],
        yearly_income=Decimal(6000),
        phone="13700009999",
        category="deep",
    )
    HouseholdMember.objects.create(file=file, name="外区家属", relation="子")
    HelpMeasure.objects.create(file=file, kind="money", text="外区帮扶措施", owner="外区主席")
    doc = CaseDocument(file=file, kind="other", name="外区.txt", size=3)
    doc.upload.save("x.txt", ContentFile(b"abc"), save=False)
    doc.save()
    fund = fund_create(
        actor=None, org=union, kind="union", name="外区慰问经费", opened_on=dt.date(2026, 1, 1)
    )
    receipt_post(
        actor=None,
        org=union,
        source="test.grant",
        source_id=str(fund.pk),
        date=dt.date(2026, 1, 2),
        summary="外区拨入",
        fund=fund,
        items=[Item("40301", Decimal(5000))],
    )
    services.visit_record(
        actor=None,
        member=person,
        data={
            "occasion": "hospital",
            "form": "cash",
            "amount": Decimal(300),
            "date": dt.date(2026, 3, 1),
            "visitors": "外区主席",
            "fund": fund,
        },
    )
    batch = Batch.objects.create(
        org=union,
        title="外区双节慰问",
        occasion="festival",
        festival="chunjie",
        date=dt.date(2026, 2, 1),
        form="goods",
        amount=Decimal(100),
        goods="米",
        fund=fund,
    )
    BatchLine.objects.create(batch=batch, member=person, amount=Decimal(100), goods="米")
    SickLeave.objects.create(org=person.org, member=person, start=dt.date(2026, 1, 5))
