"""The union and the committee at the same moment, on PostgreSQL: the row lock on the
finding (and on the review) lets one rectification in and refuses the others; a finding
racing the signature is either recorded before it or refused."""

from __future__ import annotations

import pytest
from django.db import connection

from gonghui.core.scoping import unscoped
from tests.concurrency import at_once

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent sessions need PostgreSQL",
    ),
]


def test_one_of_ten_simultaneous_rectifications_is_recorded(transactional_db):
    from gonghui.oversight import services
    from gonghui.oversight.models import Finding
    from gonghui.oversight.services import OversightError
    from tests.factories import UnionFactory
    from tests.funds.conftest import holder

    from .conftest import make_finding, make_review

    union = UnionFactory()
    with unscoped():
        finding = make_finding(make_review(union))
        chair = holder("chair", union)

    results = at_once(
        lambda i: services.finding_rectify(actor=chair, finding=finding, text=f"整改{i}"),
        10,
        unscope=True,
    )
    done = [r for r in results if isinstance(r, Finding)]
    refused = [r for r in results if isinstance(r, OversightError)]
    assert (len(done), len(refused)) == (1, 9), results
    with unscoped():
        assert Finding.objects.get(pk=finding.pk).rectification == done[0].rectification


def test_findings_racing_the_signature_are_recorded_before_it_or_refused(transactional_db):
    from gonghui.oversight import services
    from gonghui.oversight.models import Finding, Review
    from gonghui.oversight.services import OversightError
    from tests.factories import UnionFactory
    from tests.funds.conftest import holder

    from .conftest import act, make_review

    union = UnionFactory()
    with unscoped():
        review = make_review(union)
        auditor = holder("auditor", union)
    act(services.opinion_save, auditor, union, review=review, text="意见")

    def work(i):
        if i == 0:
            return services.opinion_sign(actor=auditor, review=review)
        return services.finding_add(actor=auditor, review=review, text=f"问题{i}")

    results = at_once(work, 8, unscope=True)
    assert all(isinstance(r, Review | Finding | OversightError) for r in results), results
    assert isinstance(results[0], Review)
    added = [r for r in results[1:] if isinstance(r, Finding)]
    with unscoped():
        assert Finding.objects.filter(review=review).count() == len(added)
        assert Review.objects.get(pk=review.pk).state == "signed"
