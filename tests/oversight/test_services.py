"""The committee's workflows: a review opened, findings recorded, rectified by the union,
re-checked by the committee, the opinion signed and locked; and their refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.oversight import selectors, services
from gonghui.oversight.models import Finding, Review, SignedReviewError
from gonghui.oversight.services import OversightError

from .conftest import YEAR, act, make_finding, make_review, today

pytestmark = pytest.mark.django_db


def fresh(obj):
    with unscoped():
        return type(obj).objects.get(pk=obj.pk)


def entries(obj) -> list[str]:
    with unscoped():
        return list(
            AuditEntry.objects.filter(
                object_id=str(obj.pk), action__startswith=f"oversight.{obj._meta.model_name}."
            )
            .order_by("pk")
            .values_list("action", flat=True)
        )


def test_the_committee_opens_a_review(union, auditor):
    review = make_review(union, who=auditor, members=" 王审计 \n\n李委员")
    review = fresh(review)
    assert (review.kind, review.year, review.state) == ("periodic", YEAR, "open")
    assert review.member_names == ["王审计", "李委员"]
    assert review.opened_by == auditor
    assert entries(review) == ["oversight.review.created"]
    with unscoped():
        entry = AuditEntry.objects.get(object_id=str(review.pk), action="oversight.review.created")
    assert entry.actor == auditor


def test_a_review_is_refused_to_the_union_and_for_bad_data(union, chair, auditor):
    with pytest.raises(OversightError, match="经审"):
        make_review(union, who=chair)
    with pytest.raises(OversightError) as refused:
        make_review(union, who=auditor, started_on=today() + dt.timedelta(days=1))
    assert refused.value.field == "started_on"
    with pytest.raises(OversightError) as refused:
        make_review(union, who=auditor, kind="nonsense")
    assert refused.value.field == "kind"
    with pytest.raises(OversightError) as refused:
        make_review(union, who=auditor, subject="  ")
    assert refused.value.field == "subject"
    with unscoped():
        assert not Review.objects.filter(org=union).exists()


def test_a_finding_is_rectified_by_the_union_and_re_checked(union, auditor, chair, accountant):
    review = make_review(union)
    finding = make_finding(review, due_on=today(), responsible="财务室")
    assert fresh(finding).amount == Decimal("120.50")

    # The committee does not rectify its own finding.
    with pytest.raises(OversightError, match="经审"):
        act(services.finding_rectify, auditor, union, finding=finding, text="已补签")
    assert fresh(finding).state == "open"

    act(services.finding_rectify, accountant, union, finding=finding, text="已补签字")
    f = fresh(finding)
    assert (f.state, f.rectification, f.rectified_by) == ("rectified", "已补签字", accountant)

    # Only the committee re-checks.
    with pytest.raises(OversightError, match="经审"):
        act(services.finding_recheck, chair, union, finding=finding, accepted=True)
    assert fresh(finding).state == "rectified"

    # Not yet: back to the union, with the note it needs.
    with pytest.raises(OversightError) as refused:
        act(services.finding_recheck, auditor, union, finding=finding, accepted=False)
    assert refused.value.field == "note"
    act(services.finding_recheck, auditor, union, finding=finding, accepted=False, note="缺附件")
    f = fresh(finding)
    assert (f.state, f.recheck_note, f.rechecked_by) == ("open", "缺附件", auditor)

    act(services.finding_rectify, chair, union, finding=finding, text="已补附件")
    act(services.finding_recheck, auditor, union, finding=finding, accepted=True)
    assert fresh(finding).state == "closed"
    assert entries(finding).count("oversight.finding.updated") == 4


def test_a_closed_finding_is_not_rectified_again(union, auditor, chair):
    finding = make_finding(make_review(union))
    act(services.finding_rectify, chair, union, finding=finding, text="已整改")
    act(services.finding_recheck, auditor, union, finding=finding, accepted=True)
    with pytest.raises(OversightError):
        act(services.finding_rectify, chair, union, finding=finding, text="再次")
    with pytest.raises(OversightError):
        act(services.finding_recheck, auditor, union, finding=finding, accepted=True)


def test_a_finding_needs_text_a_known_severity_and_a_sane_amount(union, auditor):
    review = make_review(union)
    for bad, field in (({"text": " "}, "text"), ({"severity": "x"}, "severity")):
        with pytest.raises(OversightError) as refused:
            make_finding(review, **bad)
        assert refused.value.field == field
    with pytest.raises(OversightError) as refused:
        make_finding(review, amount="-1")
    assert refused.value.field == "amount"
    with unscoped():
        assert not Finding.objects.filter(review=review).exists()


def test_overdue_findings_are_counted(union, chair):
    review = make_review(union)
    make_finding(review, due_on=today() - dt.timedelta(days=1))
    make_finding(review, due_on=today())
    done = make_finding(review, due_on=today() - dt.timedelta(days=3))
    act(services.finding_rectify, chair, union, finding=done, text="已整改")
    with unscoped():
        assert selectors.overdue_count(union, today()) == 1
        assert selectors.findings(union, open_only=True).count() == 3


def test_the_opinion_is_signed_by_the_members_and_then_locked(union, auditor):
    review = make_review(union)
    make_finding(review)
    with pytest.raises(OversightError, match="意见"):
        act(services.opinion_sign, auditor, union, review=review)
    act(services.opinion_save, auditor, union, review=review, text="收支基本规范。")
    with pytest.raises(OversightError) as refused:
        act(services.opinion_sign, auditor, union, review=review, signers=["外人"])
    assert refused.value.field == "signers"

    act(services.opinion_sign, auditor, union, review=review, signers=["王审计"])
    r = fresh(review)
    assert r.state == "signed" and r.signed_on == today() and r.ended_on == today()
    assert r.signatures == [{"name": "王审计", "date": today().isoformat()}]

    # Locked: no door changes it any more.
    for fn, kw in (
        (services.opinion_save, {"text": "改"}),
        (services.review_update, {"data": {"subject": "改"}}),
        (services.opinion_sign, {}),
    ):
        with pytest.raises(OversightError, match="锁定|已签"):
            act(fn, auditor, union, review=review, **kw)
    with pytest.raises(OversightError):
        make_finding(review)
    with unscoped(), pytest.raises(SignedReviewError):
        r.subject = "改"
        r.save()
    assert fresh(review).opinion == "收支基本规范。"


def test_signing_without_names_signs_for_every_member(union, auditor):
    review = make_review(union)
    act(services.opinion_save, auditor, union, review=review, text="意见")
    act(services.opinion_sign, auditor, union, review=review)
    assert [s["name"] for s in fresh(review).signatures] == ["王审计", "李委员"]


def test_settings_and_reviews_due(union, auditor):
    with unscoped():
        due = {d.kind: (d.required, d.held) for d in selectors.reviews_due(union, YEAR)}
    assert due == {"budget": (1, 0), "final": (1, 0), "periodic": (1, 0)}
    act(
        services.settings_update,
        auditor,
        union,
        org=union,
        periodic_per_year=4,
        departure_audit_required=False,
    )
    make_review(union)
    with unscoped():
        due = {d.kind: (d.required, d.held, d.missing) for d in selectors.reviews_due(union, YEAR)}
        assert selectors.settings_of(union).departure_audit_required is False
    assert due["periodic"] == (4, 1, 3)
    with pytest.raises(OversightError) as refused:
        act(
            services.settings_update,
            auditor,
            union,
            org=union,
            periodic_per_year=13,
            departure_audit_required=True,
        )
    assert refused.value.field == "periodic_per_year"
