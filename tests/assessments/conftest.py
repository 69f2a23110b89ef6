"""Builders of the assessments tests: a district with three unions (a school, a factory, a
hospital), its staff, and a scheme published to every union through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.assessments import services
from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped
from tests.factories import DistrictFactory, UnionFactory, UserFactory

# A small scheme: one item needing nothing, one a file, one a record, one either.
ITEMS = {
    "sections": [
        {
            "title": "组织建设",
            "items": [
                {"code": "A1", "text": "工会小组健全", "points": "5", "evidence": "none"},
                {"code": "A2", "text": "入会率达到90%", "points": "10", "evidence": "file"},
            ],
        },
        {
            "title": "活动",
            "items": [
                {"code": "B1", "text": "经常开展文体活动", "points": "10", "evidence": "record"},
                {"code": "B2", "text": "劳动竞赛", "points": "5", "evidence": "any",
                 "guidance": "全年至少一次"},
            ],
        },
    ]
}  # fmt: skip
PDF = b"%PDF-1.4\n%%EOF\n"
ALL_SCORES = {"A1": "5", "A2": "8", "B1": "9.5", "B2": "0"}


def pdf(name="入会率.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def district(db):
    return DistrictFactory()


@pytest.fixture
def unions(district):
    return (
        UnionFactory(parent=district, name="甲学校工会", unit_type="school"),
        UnionFactory(parent=district, name="乙公司工会", unit_type="enterprise"),
        UnionFactory(parent=district, name="丙医院工会", unit_type="hospital"),
    )


@pytest.fixture
def sender(district):
    return UserFactory(roles=[("upper_staff", district)])


def make_scheme(district, sender, *, publish=True, **data):
    with unscoped(), acting(user=sender):
        s = services.scheme_create(
            actor=sender,
            org=district,
            data={
                "title": "模范职工之家考核",
                "year": timezone.localdate().year,
                "deadline": timezone.localdate() + dt.timedelta(days=10),
                "items": ITEMS,
                "target_mode": "subtree",
                **data,
            },
        )
        if publish:
            s = services.scheme_publish(actor=sender, scheme=s)
        return s


def assessment_of(scheme, union):
    from gonghui.assessments.models import Assessment

    with unscoped():
        return Assessment.objects.select_related("scheme", "org").get(scheme=scheme, org=union)


def make_activity(union, **fields):
    from gonghui.activities.models import Activity

    year = timezone.localdate().year
    start = timezone.make_aware(dt.datetime(year, 6, 1, 9))
    data = {"title": "职工篮球赛", "kind": "sports", "place": "体育馆", "starts_at": start,
            "ends_at": start + dt.timedelta(hours=3), "status": "finished", **fields}  # fmt: skip
    with unscoped(), acting(source="system"):
        activity = Activity(org=union, **data)
        activity.save()
    return activity


def handed_in(scheme, union, who):
    """The union's assessment self-scored with its evidence and handed in."""
    a = assessment_of(scheme, union)
    act = make_activity(union)
    with unscoped(), acting(user=who):
        services.assessment_self_score(actor=who, assessment=a, scores=ALL_SCORES)
        services.evidence_attach_file(actor=who, assessment=a, item="A2", upload=pdf())
        services.evidence_attach_record(
            actor=who, assessment=a, item="B1", record_type="activity", record_id=act.pk
        )
        services.assessment_submit(actor=who, assessment=a)
    return assessment_of(scheme, union)


@pytest.fixture
def scheme(district, sender, unions):
    return make_scheme(district, sender)
