"""The workflows, called directly: define and publish (the unions chosen like an assigned
task's), self-score with evidence and hand in, return, score, close; each audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.assessments import services
from gonghui.assessments.models import (
    Assessment,
    AssessmentStatus,
    Evidence,
    Scheme,
    SchemeStatus,
)
from gonghui.audit.context import acting
from gonghui.audit.models import AuditEntry
from tests.factories import DistrictFactory, UnionFactory, UserFactory

from .conftest import ALL_SCORES, assessment_of, handed_in, make_activity, make_scheme, pdf

pytestmark = pytest.mark.usefixtures("platform")


@pytest.fixture
def chair(unions):
    return UserFactory(roles=[("chair", unions[0])])


def test_a_scheme_is_defined_by_an_upper_union_only(district, sender, unions):
    with pytest.raises(services.AssessmentError):
        services.scheme_create(actor=sender, org=unions[0], data={"title": "x"})
    s = make_scheme(district, sender, publish=False, items=None)
    assert s.status == SchemeStatus.DRAFT and s.max_total == Decimal(100)  # the template
    assert AuditEntry.objects.filter(action="assessments.scheme.created", org=district).exists()


@pytest.mark.parametrize(
    "mode, chosen, expected",
    [("subtree", [], [0, 1, 2]), ("unit_type", ["school", "hospital"], [0, 2]),
     ("list", ["{1}"], [1])],
)  # fmt: skip
def test_publishing_makes_one_assessment_per_chosen_union(
    district, sender, unions, mode, chosen, expected
):
    other = UnionFactory()  # outside the district: never chosen, even by its code
    codes = [c.format(*[u.code for u in unions]) for c in chosen] + [other.code] * (mode == "list")
    s = make_scheme(district, sender, target_mode=mode, target_filter=codes)
    got = set(Assessment.objects.filter(scheme=s).values_list("org_id", flat=True))
    assert got == {unions[i].pk for i in expected}
    assert s.status == SchemeStatus.PUBLISHED and s.published_at


def test_a_published_scheme_is_not_changed_or_deleted_and_not_published_twice(scheme, sender):
    for call in (
        lambda: services.scheme_update(actor=sender, scheme=scheme, data={"title": "新"}),
        lambda: services.scheme_delete(actor=sender, scheme=scheme),
        lambda: services.scheme_publish(actor=sender, scheme=scheme),
    ):
        with pytest.raises(services.AssessmentError):
            call()


def test_a_past_deadline_or_no_union_refuses_to_publish(district, sender, unions):
    late = make_scheme(district, sender, publish=False)
    late.deadline = timezone.localdate() - dt.timedelta(days=1)
    late.save()
    with pytest.raises(services.AssessmentError) as exc:
        services.scheme_publish(actor=sender, scheme=late)
    assert exc.value.field == "deadline"
    empty = make_scheme(district, sender, publish=False, target_mode="list", target_filter=["X"])
    with pytest.raises(services.AssessmentError):
        services.scheme_publish(actor=sender, scheme=empty)


def test_self_scoring_keeps_notes_and_the_total(scheme, unions, chair):
    a = assessment_of(scheme, unions[0])
    with acting(user=chair):
        services.assessment_self_score(
            actor=chair, assessment=a, scores={"A1": {"score": "4.5", "note": "9个小组"}, "B1": "7"}
        )
    a.refresh_from_db()
    assert a.status == AssessmentStatus.SELF_SCORED
    assert a.self_scores["A1"] == {"score": "4.5", "note": "9个小组"}
    assert a.self_total == Decimal("11.5")
    entry = AuditEntry.objects.filter(action="assessments.assessment.updated").latest("id")
    assert entry.org_id == unions[0].pk
    with pytest.raises(services.AssessmentError) as exc:
        services.assessment_self_score(actor=chair, assessment=a, scores={"A1": "6"})
    assert exc.value.field == "A1"


def test_handing_in_asks_every_score_and_the_evidence_of_claimed_items(scheme, unions, chair):
    a = assessment_of(scheme, unions[0])
    services.assessment_self_score(actor=chair, assessment=a, scores={"A1": "5"})
    with pytest.raises(services.AssessmentError) as exc:
        services.assessment_submit(actor=chair, assessment=a)
    assert exc.value.field == "A2"  # not scored
    services.assessment_self_score(actor=chair, assessment=a, scores=ALL_SCORES)
    with pytest.raises(services.AssessmentError) as exc:
        services.assessment_submit(actor=chair, assessment=a)
    assert "A2、B1" in exc.value.message  # B2 is claimed 0: no evidence needed
    services.evidence_attach_file(actor=chair, assessment=a, item="A2", upload=pdf())
    # A file does not stand for a record.
    services.evidence_attach_file(actor=chair, assessment=a, item="B1", upload=pdf())
    with pytest.raises(services.AssessmentError):
        services.assessment_submit(actor=chair, assessment=a)
    act = make_activity(unions[0])
    services.evidence_attach_record(
        actor=chair, assessment=a, item="B1", record_type="activity", record_id=act.pk
    )
    services.assessment_submit(actor=chair, assessment=a)
    a.refresh_from_db()
    assert a.status == AssessmentStatus.SUBMITTED and a.submitted_by == chair
    # Handed in: nothing changes until it is returned.
    with pytest.raises(services.AssessmentError):
        services.assessment_self_score(actor=chair, assessment=a, scores=ALL_SCORES)
    with pytest.raises(services.AssessmentError):
        services.evidence_attach_file(actor=chair, assessment=a, item="A2", upload=pdf())


def test_a_record_is_the_unions_own_of_the_schemes_year(scheme, unions, chair):
    a = assessment_of(scheme, unions[0])
    others = make_activity(unions[1])
    old = make_activity(unions[0], starts_at=timezone.now().replace(year=2020))
    for record in (others, old):
        with pytest.raises(services.AssessmentError) as exc:
            services.evidence_attach_record(
                actor=chair, assessment=a, item="B1", record_type="activity", record_id=record.pk
            )
        assert exc.value.field == "record"
    mine = make_activity(unions[0], title="读书会")
    ev = services.evidence_attach_record(
        actor=chair, assessment=a, item="B1", record_type="activity", record_id=mine.pk
    )
    assert ev.name.startswith("读书会") and ev.kind == "record"
    with pytest.raises(services.AssessmentError):  # not twice
        services.evidence_attach_record(
            actor=chair, assessment=a, item="B1", record_type="activity", record_id=mine.pk
        )
    with pytest.raises(services.AssessmentError):  # no such item
        services.evidence_attach_record(
            actor=chair, assessment=a, item="Z9", record_type="activity", record_id=mine.pk
        )


def test_a_file_must_be_what_it_says(scheme, unions, chair):
    a = assessment_of(scheme, unions[0])
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(services.AssessmentError) as exc:
        services.evidence_attach_file(actor=chair, assessment=a, item="A2", upload=fake)
    assert exc.value.field == "file"
    ev = services.evidence_attach_file(actor=chair, assessment=a, item="A2", upload=pdf())
    assert ev.content_type == "application/pdf" and "入会率" not in ev.file.name
    services.evidence_detach(actor=chair, evidence=ev)
    assert not Evidence.objects.filter(pk=ev.pk).exists()


def test_return_then_score(scheme, unions, chair, sender):
    a = handed_in(scheme, unions[0], chair)
    with pytest.raises(services.AssessmentError):
        services.assessment_return(actor=sender, assessment=a, comment=" ")
    services.assessment_return(actor=sender, assessment=a, comment="补充活动照片")
    a.refresh_from_db()
    assert a.status == AssessmentStatus.RETURNED and a.review_comment == "补充活动照片"
    with pytest.raises(services.AssessmentError):
        services.assessment_score(actor=sender, assessment=a, scores=ALL_SCORES)
    services.assessment_self_score(actor=chair, assessment=a, scores=ALL_SCORES)
    services.assessment_submit(actor=chair, assessment=a)
    with pytest.raises(services.AssessmentError) as exc:  # every item, within its points
        services.assessment_score(actor=sender, assessment=a, scores={**ALL_SCORES, "A2": "11"})
    assert exc.value.field == "A2"
    with acting(user=sender):
        services.assessment_score(
            actor=sender, assessment=a, scores={**ALL_SCORES, "B1": "8"}, comment="良好"
        )
    a.refresh_from_db()
    assert a.status == AssessmentStatus.SCORED and a.total == Decimal("21")
    assert a.reviewed_by == sender
    entry = AuditEntry.objects.filter(action="assessments.assessment.updated").latest("id")
    assert entry.actor_id == sender.pk


def test_closing_stops_self_scoring(scheme, unions, chair, sender):
    services.scheme_close(actor=sender, scheme=scheme)
    a = assessment_of(scheme, unions[0])
    with pytest.raises(services.AssessmentError):
        services.assessment_self_score(actor=chair, assessment=a, scores={"A1": "5"})
    with pytest.raises(services.AssessmentError):
        services.scheme_close(actor=sender, scheme=scheme)


def test_the_export_is_logged(scheme, sender):
    name, content = services.results_export(actor=sender, scheme=scheme)
    assert content[:2] == b"PK" and name.endswith(".xlsx")
    assert AuditEntry.objects.filter(action="assessments.results.exported").exists()


def test_another_districts_staff_cannot_publish_to_our_unions(unions):
    other = DistrictFactory()
    staff = UserFactory(roles=[("upper_staff", other)])
    s = make_scheme(other, staff, publish=False, target_mode="list",
                    target_filter=[unions[0].code])  # fmt: skip
    with pytest.raises(services.AssessmentError):
        services.scheme_publish(actor=staff, scheme=s)


def test_the_demo_loader_publishes_and_hands_in_the_factorys_self_assessment(
    district, sender, unions, chair
):
    from gonghui.assessments import demo

    make_activity(unions[0], title="职工运动会")
    ctx = {
        "orgs": {"D0001": district, "F0001": unions[0]},
        "users": {"district": sender, "factory_chair": chair},
    }
    demo.load(ctx)
    demo.load(ctx)  # idempotent
    scheme = Scheme.objects.get(org=district)
    assert scheme.status == SchemeStatus.PUBLISHED and scheme.max_total == Decimal(100)
    a = assessment_of(scheme, unions[0])
    assert a.status == AssessmentStatus.SUBMITTED
    cited = Evidence.objects.get(assessment=a, item="E2")
    assert cited.kind == "record" and cited.name.startswith("职工运动会")
    # No openness notice to cite for C2: claimed 0, and the demo says so.
    assert a.self_scores["C2"]["score"] == "0" and any("C2" in w for w in ctx["warnings"])
    assert assessment_of(scheme, unions[1]).status == AssessmentStatus.NOT_STARTED
