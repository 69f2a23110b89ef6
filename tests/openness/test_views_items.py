"""The required items page: switching items off with a reason, adding the union's own."""

from __future__ import annotations

import pytest

from gonghui.core.scoping import unscoped
from gonghui.openness.models import ItemRule

from .conftest import base, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


class TestCadrePages:
    def test_the_required_items_are_configured_with_a_reason(self):
        c = signed_in("chair")
        page = c.get(f"{base()}/items/").content.decode()
        assert "教育部" in page  # the source is shown
        r = c.post(f"{base()}/items/toggle/", {"code": "enrolment", "reason": "不招生"})
        assert r.status_code == 302
        r = c.post(
            f"{base()}/items/add/",
            {
                "name": "食堂收支",
                "frequency": "quarterly",
                "category": "staff",
                "reason": "教代会决议",
            },
        )
        assert r.status_code == 302
        with unscoped():
            assert ItemRule.objects.get(code="enrolment").disabled
            assert ItemRule.objects.filter(name="食堂收支", custom=True).exists()
