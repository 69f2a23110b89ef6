from __future__ import annotations

OBJECT_KWARGS = {
    "congress_id": ("democracy.Congress", "org"),
    "representative_id": ("democracy.Representative", "congress__org"),
    "session_id": ("democracy.Session", "congress__org"),
    "agenda_item_id": ("democracy.AgendaItem", "session__congress__org"),
    "session_document_id": ("democracy.SessionDocument", "session__congress__org"),
    "resolution_id": ("democracy.Resolution", "session__congress__org"),
    "proposal_id": ("democracy.Proposal", "congress__org"),
    "contract_id": ("democracy.Contract", "org"),
    "negotiation_id": ("democracy.Negotiation", "contract__org"),
}
VALUE_KWARGS = {
    "session_action": ["open", "close", "new_code"],
    "proposal_action": ["review", "assign", "answer", "implement"],
    "rep_action": ["submit", "cosign", "uncosign", "rate"],
}


def build(union) -> None:
    """A congress of the foreign union with a representative, a session (agenda, paper,
    attendance, resolution), a draft and a submitted proposal, and a contract with a
    negotiation whose minutes are a file."""
    import datetime as dt

    from django.core.files.base import ContentFile

    from gonghui.democracy.models import (
        AgendaItem,
        Attendance,
        Congress,
        Contract,
        Cosign,
        Negotiation,
        Proposal,
        Representative,
        Resolution,
        Session,
        SessionDocument,
    )
    from gonghui.members.models import Member

    member = Member.objects.filter(org__path__startswith=union.path).first()
    congress = Congress.objects.create(
        org=union,
        kind="congress",
        term_number=1,
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2028, 12, 31),
    )
    rep = Representative.objects.create(congress=congress, member=member)
    session = Session.objects.create(
        congress=congress, number=1, date=dt.date.today(), status="open"
    )
    AgendaItem.objects.create(session=session, title="外区议程")
    doc = SessionDocument(session=session, name="外区文件.pdf", size=3, token="d" * 32)
    doc.file.save("x.pdf", ContentFile(b"abc"), save=False)
    doc.save()
    Attendance.objects.create(session=session, representative=rep, method="list")
    resolution = Resolution.objects.create(session=session, title="外区决议", adopted=True)
    Proposal.objects.create(congress=congress, proposer=rep, title="外区草稿", body="x")
    submitted = Proposal.objects.create(
        congress=congress, proposer=rep, title="外区提案", body="x", status="submitted", number=1
    )
    Cosign.objects.create(proposal=submitted, representative=rep)
    contract = Contract.objects.create(
        org=union,
        kind="general",
        title="外区集体合同",
        terms="x",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 12, 31),
        approved_by=resolution,
    )
    n = Negotiation(
        contract=contract, date=dt.date(2025, 12, 1), parties="外区双方", token="n" * 32
    )
    n.file.save("m.pdf", ContentFile(b"abc"), save=False)
    n.file_name = "m.pdf"
    n.save()
