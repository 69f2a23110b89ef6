"""The spending rules API: every page action, with the persona cases."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gonghui.spending.models import SpendingRule
from tests.factories import DistrictFactory

from .conftest import D, add_rule

pytestmark = pytest.mark.django_db


def api(org, path=""):
    return f"/api/v1/orgs/{org.code}/spending/{path}"


def test_rules_in_force_history_and_one_rule(district, union, upper, chair, login):
    rule = add_rule(district, upper, amount=D(200))
    c = login(chair)
    r = c.get(api(union, "rules/"))
    assert r.status_code == 200
    [row] = r.json()
    assert row["origin"] == "ancestor" and row["setter"] == district.name
    assert row["rule"]["amount"] == "200.00" and row["rule"]["item_display"] == "生日"
    assert row["rule"]["org"] == district.code
    r = c.get(api(union, "rules/history/"))
    assert r.status_code == 200 and r.json()["results"][0]["id"] == rule.pk
    assert c.get(api(union, f"rules/{rule.pk}/")).json()["source"] == rule.source
    assert c.get(api(union, "presets/")).status_code == 200
    assert c.get(api(union, "overrides/?year=2026")).json() == []


def test_upper_staff_create_adopt_and_end(district, upper, login):
    c = login(upper)
    r = c.post(
        api(district, "rules/"),
        {
            "item": "hospital",
            "basis": "event",
            "amount": "1500.00",
            "effective_from": "2026-01-01",
            "source": "区总工会文件第二条",
            "accounts": ["50105"],
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    rule_id = r.json()["id"]
    r = c.post(
        api(district, "presets/adopt/"),
        {"preset": "ningxia", "effective_from": "2026-01-01"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()[0]["percent"] == "33.33"
    today = timezone.localdate().isoformat()
    r = c.post(
        api(district, f"rules/{rule_id}/end/"), {"date": today}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["effective_to"] == today
    r = c.post(
        api(district, f"rules/{rule_id}/end/"), {"date": today}, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["field"] == "date"


def test_a_rule_without_source_is_refused(district, upper, login):
    r = login(upper).post(
        api(district, "rules/"),
        {"item": "hospital", "basis": "event", "amount": "1.00", "effective_from": "2026-01-01"},
        content_type="application/json",
    )
    assert r.status_code == 400 and not SpendingRule._base_manager.exists()


def test_persona_cases(district, union, upper, chair, login):
    rule = add_rule(district, upper)
    c = login(chair)
    r = c.post(
        api(union, "presets/adopt/"),
        {"preset": "guizhou", "effective_from": "2026-01-01"},
        content_type="application/json",
    )
    assert r.status_code == 403
    assert c.post(api(union, f"rules/{rule.pk}/end/"), {"date": "2030-01-01"}).status_code == 403
    other = DistrictFactory()
    assert login(upper).get(api(other, "rules/")).status_code == 404
    assert c.delete(api(union, "rules/")).status_code == 405
    assert c.put(api(union, "overrides/")).status_code == 405
