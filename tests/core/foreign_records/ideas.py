from __future__ import annotations

OBJECT_KWARGS = {
    "idea_id": ("ideas.Idea", "org"),
    "idea_file_id": ("ideas.IdeaFile", "idea__org"),
    "drive_id": ("ideas.Drive", "org"),
}
VALUE_KWARGS = {
    "idea_action": [
        "accept",
        "decline",
        "send",
        "withdraw",
        "answer",
        "review",
        "decide",
        "implement",
        "verify",
        "reward",
        "pay",
        "close",
        "upload",
    ],
    "year": ["2026"],
}


def build(union) -> None:
    """A drive of the foreign union and an idea of one of its members, with a photo, sent
    to a department (a live link), reviewed and rewarded."""
    import datetime as dt

    from django.core.files.base import ContentFile

    from gonghui.accounts.models import User
    from gonghui.ideas.models import DepartmentRequest, Drive, Idea, IdeaFile, Review, Reward
    from gonghui.members.models import Member

    member = Member.objects.filter(org__path__startswith=union.path).first()
    drive = Drive.objects.create(
        org=union,
        title="外区金点子征集",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    idea = Idea.objects.create(
        org=union,
        year=2026,
        number=1,
        drive=drive,
        proposer=member,
        title="外区金点子",
        text="外区建议内容",
        status="adopted",
        outcome="adopt",
        department="外区设备部",
    )
    item = IdeaFile(idea=idea, token="f" * 32, name="外区.png", size=3, content_type="image/png")
    item.file.save("x.png", ContentFile(b"\x89PN"), save=False)
    item.save()
    DepartmentRequest.objects.create(
        idea=idea,
        department="外区设备部",
        deadline=dt.date(2026, 12, 31),
        expires_on=dt.date(2027, 1, 31),
    )
    Review.objects.create(
        idea=idea,
        reviewer=User.objects.get(username="outsider"),
        mass=5,
        novelty=5,
        practical=5,
        benefit=5,
        score=50,
    )
    Reward.objects.create(idea=idea, amount=100, payee=member.name, awarded_on=dt.date(2026, 6, 1))
