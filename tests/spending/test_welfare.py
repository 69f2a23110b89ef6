"""Welfare reads its caps through the spending rules: a district's rule lowering the
birthday cap makes welfare's own check find the payout above it, and the books do not
raise the same concern a second time."""

from __future__ import annotations

import pytest

from gonghui.welfare import services as welfare
from tests.factories import MemberFactory
from tests.welfare.conftest import booked, make_fund, record

from .conftest import D, add_rule

pytestmark = pytest.mark.django_db

CAKE = {"occasion": "birthday", "form": "goods", "goods": "生日蛋糕"}


def test_a_district_rule_lowers_welfares_birthday_cap(district, union, group, upper, chair):
    fund = make_fund(union, actor=chair)
    m = MemberFactory(org=group)
    # Without rules: the built-in 安徽 table, a birthday up to 300.
    first = record(m, chair, fund=fund, amount=D(250), **CAKE)
    assert first.findings == []
    add_rule(district, upper, amount=D(200), source="示范区总工会生日慰问标准（2026）")
    other = MemberFactory(org=group)
    with pytest.raises(welfare.WelfareError, match="200"):
        record(other, chair, fund=fund, amount=D(250), **CAKE)
    allowed = record(
        other,
        chair,
        fund=fund,
        amount=D(250),
        override_reason="职工大病初愈",
        may_override=True,
        **CAKE,
    )
    assert [f["code"] for f in allowed.findings] == ["above_cap"]
    # Checked once, by welfare: the voucher carries no concern of the books' check.
    voucher = booked("welfare.visit", allowed.pk).voucher
    assert voucher.concerns == [] and voucher.override_reason == ""


def test_the_overrides_list_has_welfares_and_the_books(district, union, group, upper, chair):
    from gonghui.spending import selectors

    fund = make_fund(union, actor=chair)
    add_rule(district, upper, amount=D(200), source="示范区总工会生日慰问标准（2026）")
    v = record(
        MemberFactory(org=group),
        chair,
        fund=fund,
        amount=D(260),
        override_reason="委员会决定",
        may_override=True,
        **CAKE,
    )
    rows = selectors.overrides(district, 2026)
    assert [(r.where, r.visit_id, r.reason) for r in rows] == [("welfare", v.pk, "委员会决定")]
    assert "200" in rows[0].concerns[0]
    assert selectors.overrides(district, 2025) == []
