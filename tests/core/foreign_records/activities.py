from __future__ import annotations

OBJECT_KWARGS = {
    "activity_id": ("activities.Activity", "org"),
    "signup_id": ("activities.Signup", "activity__org"),
    "file_id": ("activities.ActivityFile", "activity__org"),
}
VALUE_KWARGS = {"transition": ["publish", "open", "start", "finish", "archive", "delete"]}


def build(union) -> None:
    """An activity of the foreign union with its sign-up open, a member of that union
    signed up, and an attachment."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from gonghui.activities import services
    from gonghui.activities.models import Activity
    from gonghui.members.models import Member

    now = timezone.now()
    activity = Activity(
        org=union,
        title="外区职工运动会",
        starts_at=now + dt.timedelta(days=5),
        ends_at=now + dt.timedelta(days=5, hours=3),
        signup_opens_at=now - dt.timedelta(days=1),
        quota=10,
        status="signup_open",
    )
    activity.save()
    member = (
        Member.objects.select_related("org")
        .filter(org__path__startswith=union.path, status="active")
        .first()
    )
    services.signup_create(actor=None, activity=activity, member=member, source="cadre")
    services.file_add(
        actor=None,
        activity=activity,
        upload=SimpleUploadedFile("外区通知.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        is_photo=False,
    )
