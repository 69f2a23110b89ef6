"""Fixtures of the organisations page tests: the committee of `union`."""

from __future__ import annotations

import pytest

from gonghui.orgs.models import Portfolio, Position
from tests.orgs.factories import make_term


@pytest.fixture
def term(union, staff):
    """The current committee of `union`: a chair, a vice chair, members and an audit seat."""
    return make_term(
        union,
        staff("chair", union),
        seats=[
            ("李红梅", Position.CHAIR, ""),
            ("马文博", Position.VICE_CHAIR, ""),
            ("刘芳", Position.MEMBER, Portfolio.ORGANISATION),
            ("何静", Position.AUDIT_CHAIR, ""),
            ("宋丽", Position.CASHIER, ""),
        ],
    )
