"""The foreign district's assessment scheme, published to the foreign union, which has
attached a file as evidence: one record of each kind the assessments URLs take ids of."""

from __future__ import annotations

OBJECT_KWARGS = {
    "assessment_scheme_id": ("assessments.Scheme", "org"),
    "assessment_id": ("assessments.Assessment", "org"),
    "assessment_evidence_id": ("assessments.Evidence", "assessment__org"),
}


def build(union) -> None:
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from gonghui.assessments import rules, services
    from gonghui.assessments.models import Assessment

    scheme = services.scheme_create(
        actor=None,
        org=union.parent,
        data={
            "title": "外区模范职工之家考核",
            "deadline": timezone.localdate() + dt.timedelta(days=10),
            "items": rules.parse_lines("# 外区\nA1|外区条目|10|附件"),
            "target_mode": "subtree",
        },
    )
    services.scheme_publish(actor=None, scheme=scheme)
    assessment = Assessment.objects.get(scheme=scheme, org=union)
    services.evidence_attach_file(
        actor=None,
        assessment=assessment,
        item="A1",
        upload=SimpleUploadedFile("外区.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
