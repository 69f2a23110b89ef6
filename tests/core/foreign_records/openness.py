from __future__ import annotations

OBJECT_KWARGS = {
    "notice_id": ("openness.Notice", "org"),
    "notice_file_id": ("openness.NoticeFile", "notice__org"),
    "question_id": ("openness.Question", "notice__org"),
}
VALUE_KWARGS = {
    "year": ["2026"],
    "fmt": ["docx", "pdf"],
}


def build(union) -> None:
    """A published notice of the foreign union with an attachment and a question, and a draft."""
    import datetime as dt

    from django.core.files.base import ContentFile

    from gonghui.accounts.models import User
    from gonghui.openness.models import Notice, NoticeFile, Question

    asker = User.objects.get(username="outsider")
    notice = Notice.objects.create(
        org=union,
        item_code="wages",
        category="staff",
        title="外区工资协议公开",
        body="外区内容",
        period_year=2026,
        period="year",
        status="published",
        published_on=dt.date(2026, 3, 1),
    )
    Notice.objects.create(
        org=union, title="外区草稿公开", body="外区草稿", period_year=2026, period="year"
    )
    item = NoticeFile(notice=notice, token="e" * 32, name="外区.pdf", size=3)
    item.file.save("x.pdf", ContentFile(b"%PD"), save=False)
    item.save()
    Question.objects.create(
        notice=notice, asked_by=asker, text="外区提问", asked_on=dt.date(2026, 3, 2)
    )
