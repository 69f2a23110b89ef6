from __future__ import annotations

OBJECT_KWARGS = {
    "activity_id": ("activities.Activity", "org"),
    "signup_id": ("activities.Signup", "activity__org"),
    "file_id": ("activities.ActivityFile", "activity__org"),
    "interest_group_id": ("activities.InterestGroup", "org"),
    "group_membership_id": ("activities.GroupMembership", "group__org"),
    "group_plan_id": ("activities.GroupPlan", "group__org"),
    "contest_id": ("activities.Contest", "activity__org"),
    "entrant_id": ("activities.Entrant", "contest__activity__org"),
    "contest_judge_id": ("activities.Judge", "contest__activity__org"),
}
VALUE_KWARGS = {"transition": ["publish", "open", "start", "finish", "archive", "delete"]}


def build(union) -> None:
    """An activity of the foreign union with its sign-up open, a member of that union
    signed up, and an attachment; an interest group with a member and a submitted plan;
    a contest with an entrant, a judge and a score."""
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

    from decimal import Decimal

    from gonghui.accounts.models import RoleAssignment
    from gonghui.activities.contests import services as services_contests
    from gonghui.activities.groups import services as services_groups

    group = services_groups.group_create(actor=None, org=union, name="外区书法", leader=member)
    services_groups.plan_save(
        actor=None,
        group=group,
        year=now.year,
        text="外区计划",
        budget=Decimal("100"),
        by_leader=False,
    )
    contest_activity = Activity(
        org=union,
        title="外区演讲比赛",
        kind="contest",
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=2),
        status="in_progress",
    )
    contest_activity.save()
    contest = services_contests.contest_create(actor=None, activity=contest_activity)
    entrant = services_contests.entrant_add(actor=None, contest=contest, member=member)
    judge_user = (
        RoleAssignment.objects.filter(org__path__startswith=union.path)
        .values_list("user", flat=True)
        .first()
    )
    if judge_user is not None:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(pk=judge_user)
        services_contests.judge_add(actor=None, contest=contest, user=user)
        services_contests.score_enter(
            actor=user, contest=contest, entrant=entrant, value=Decimal("8")
        )
