"""The demo loader of the committee, run on a union built here (not the demo data set):
what it writes, and that running it twice adds nothing."""

from __future__ import annotations

import pytest

from gonghui.oversight import demo
from gonghui.oversight.models import Finding, Review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("platform")]


def test_the_demo_loader_writes_a_review_with_two_findings_once(union, auditor, accountant):
    ctx = {
        "orgs": {demo.UNION: union},
        "users": {"factory_auditor": auditor, "factory_finance": accountant},
    }
    demo.load(ctx)
    demo.load(ctx)
    reviews = {r.subject: r for r in Review.objects.filter(org=union)}
    assert set(reviews) == {demo.QUARTER, demo.BUDGET}
    assert reviews[demo.BUDGET].is_signed
    findings = Finding.objects.filter(review=reviews[demo.QUARTER]).order_by("id")
    assert [f.state for f in findings] == ["closed", "open"]
    assert findings[0].rectified_by == accountant and findings[0].rechecked_by == auditor
