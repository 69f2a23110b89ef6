"""The foreign union's award round, decided after its 公示, with a nomination carrying a
photo, an answered objection and a title on the register: one record of each kind the
awards URLs take ids of."""

from __future__ import annotations

OBJECT_KWARGS = {
    "award_round_id": ("awards.AwardRound", "org"),
    "nomination_id": ("awards.Nomination", "round__org"),
    "nomination_file_id": ("awards.NominationFile", "nomination__round__org"),
    "objection_id": ("awards.Objection", "nomination__round__org"),
    "title_held_id": ("awards.TitleHeld", "org"),
}


def build(union) -> None:

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from gonghui.awards import services
    from gonghui.awards.models import Nomination
    from gonghui.members.models import Member

    member = Member._base_manager.filter(org__path__startswith=union.path).first()
    if member is None:
        from tests.factories import MemberFactory

        member = MemberFactory(org=union, name="外会会员")
    r = services.round_create(actor=None, org=union, data={"kind": "activist", "quota": 2})
    services.round_open(actor=None, round=r)
    from gonghui.accounts.models import User

    someone = User._base_manager.first()
    n = services.nomination_submit(
        actor=someone,
        round=r,
        data={"member": member.pk, "story": "外会积极分子事迹材料。"},
        uploads=[SimpleUploadedFile("外会.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    services.round_close_nominations(actor=None, round=r)
    services.nomination_review(actor=None, nomination=n, selected=True)
    services.round_publicise(actor=None, round=r, start=timezone.localdate())
    n = Nomination.objects.get(pk=n.pk)
    o = services.objection_raise(actor=someone, nomination=n, text="外会异议内容。")
    services.objection_answer(actor=None, objection=o, answer="外会答复。")
    services.title_add(
        actor=None,
        org=union,
        data={"member": member.pk, "title": "外会劳模", "level": "municipal",
              "year": timezone.localdate().year - 1, "awarding_body": "外市"},
    )  # fmt: skip
