from __future__ import annotations

OBJECT_KWARGS = {
    "review_id": ("oversight.Review", "org"),
    "finding_id": ("oversight.Finding", "org"),
}
VALUE_KWARGS = {"year": ["2026"]}


def build(union) -> None:
    """The foreign union's committee at work: an open review with a finding, and a signed
    one (written as rows: the services ask for a committee member, and the matrix builds
    without one)."""
    import datetime as dt

    from gonghui.oversight.models import Finding, OversightSettings, ReportText, Review

    OversightSettings.objects.create(org=union, periodic_per_year=4)
    ReportText.objects.create(org=union, year=2026, text="外区经审工作报告正文")
    day = dt.date(2026, 3, 31)
    review = Review.objects.create(
        org=union,
        kind="periodic",
        year=2026,
        period="q1",
        subject="外区第一季度审查",
        members="外区审计",
        started_on=day,
    )
    Finding.objects.create(
        org=union, review=review, text="外区发现的问题", responsible="外区财务", due_on=day
    )
    signed = Review.objects.create(
        org=union,
        kind="budget",
        year=2026,
        subject="外区预算审查",
        members="外区审计",
        started_on=day,
        opinion="外区意见",
        signatures=[{"name": "外区审计", "date": "2026-03-31"}],
        signed_on=day,
        state="signed",
    )
    Finding.objects.create(org=union, review=signed, text="外区已关闭的问题", state="closed")
