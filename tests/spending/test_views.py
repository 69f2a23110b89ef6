"""Pages of the spending rules, with the four persona cases."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.spending.models import SpendingRule
from tests.factories import DistrictFactory, UserFactory

from .conftest import D, add_rule

pytestmark = pytest.mark.django_db


def url(name, org, **kw):
    return reverse(f"spending:{name}", kwargs={"org_code": org.code, **kw})


def test_the_union_reads_its_rules_and_where_they_come_from(district, union, upper, chair, login):
    add_rule(district, upper, amount=D(200), source="示范区<b>标准</b>")
    r = login(chair).get(url("index", union))
    page = r.content.decode()
    assert r.status_code == 200 and district.name in page and "200.00" in page
    assert "&lt;b&gt;" in page  # typed text is escaped
    assert "birthday" not in page  # no choice values on the page
    assert login(chair).get(url("history", union)).status_code == 200
    assert login(chair).get(url("overrides", union) + "?year=2026").status_code == 200


def test_upper_staff_add_a_rule_adopt_a_preset_and_end_a_rule(district, upper, login):
    c = login(upper)
    assert c.get(url("manage", district)).status_code == 200
    r = c.post(
        url("rule-add", district),
        {
            "item": "wedding",
            "basis": "event",
            "amount": "800",
            "effective_from": "2026-01-01",
            "source": "区总工会文件",
            "accounts": "50105",
        },
    )
    assert r.status_code == 302
    rule = SpendingRule._base_manager.get(org=district, item="wedding")
    assert rule.amount == D(800) and rule.created_by == upper
    r = c.post(url("adopt", district), {"preset": "zhejiang-2020", "effective_from": "2026-02-01"})
    assert r.status_code == 302
    assert SpendingRule._base_manager.filter(org=district, preset="zhejiang-2020").count() == 1
    today = timezone.localdate()
    r = c.post(url("rule-end", district, rule_id=rule.pk), {"date": today.isoformat()})
    assert r.status_code == 302
    rule.refresh_from_db()
    assert rule.effective_to == today


def test_a_refused_rule_keeps_the_form(district, upper, login):
    r = login(upper).post(
        url("rule-add", district),
        {"item": "wedding", "basis": "event", "effective_from": "2026-01-01", "source": "文件"},
    )
    assert r.status_code == 200 and not SpendingRule._base_manager.exists()


def test_a_chair_reads_but_may_not_write(union, chair, login):
    c = login(chair)
    assert c.get(url("manage", union)).status_code == 403
    r = c.post(url("adopt", union), {"preset": "guizhou", "effective_from": "2026-01-01"})
    assert r.status_code == 403 and not SpendingRule._base_manager.exists()


def test_a_role_without_the_right_may_not_read(union, staff, login):
    c = login(staff("cadre", union))
    for name in ("index", "history", "overrides"):
        assert c.get(url(name, union)).status_code == 403


def test_another_organisation_is_not_found(district, upper, login):
    other = DistrictFactory()
    rule = add_rule(other, UserFactory(roles=[("upper_staff", other)]))
    c = login(upper)
    for name in ("index", "history", "overrides", "manage"):
        assert c.get(url(name, other)).status_code == 404
    r = c.post(url("rule-end", other, rule_id=rule.pk), {"date": "2030-01-01"})
    assert r.status_code == 404
    # A rule set above is not this union's to end either.
    r = c.post(url("rule-end", district, rule_id=rule.pk), {"date": "2030-01-01"})
    assert r.status_code == 404


def test_wrong_method(district, upper, login):
    c = login(upper)
    assert c.post(url("index", district)).status_code == 405
    assert c.get(url("adopt", district)).status_code == 405
    assert c.get(url("rule-add", district)).status_code == 405
    assert c.post(url("history", district)).status_code == 405
    assert c.post(url("overrides", district)).status_code == 405
