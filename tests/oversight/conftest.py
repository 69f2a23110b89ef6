"""Builders of the audit committee's tests: a union's committee member (auditor), chair
and accountant, and reviews and findings written through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.audit.context import acting
from gonghui.core.scoping import scope
from tests.funds.conftest import holder

YEAR = 2031  # the finance tests' year of their own (tests/finance/conftest.py DAY)


def today() -> dt.date:
    return timezone.localdate()


def act(fn, who, at, **kw):
    """`fn(actor=who, **kw)` inside the scope of `at`, audited as `who`."""
    with scope(at), acting(user=who):
        return fn(actor=who, **kw)


def make_review(org, *, who=None, **data):
    from gonghui.oversight import services

    data = {
        "kind": "periodic",
        "year": YEAR,
        "period": "q1",
        "subject": "第一季度经费收支审查",
        "members": "王审计\n李委员",
        "started_on": today(),
        **data,
    }
    return act(services.review_open, who or holder("auditor", org), org, org=org, data=data)


def make_finding(review, *, who=None, **data):
    from gonghui.oversight import services

    data = {"text": "报销单据缺少经办人签字", "severity": "minor", "amount": "120.50", **data}
    org = review.org
    return act(services.finding_add, who or holder("auditor", org), org, review=review, **data)


@pytest.fixture
def auditor(union):
    return holder("auditor", union)


@pytest.fixture
def chair(union):
    return holder("chair", union)


@pytest.fixture
def accountant(union):
    return holder("finance", union)
