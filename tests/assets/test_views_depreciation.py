"""The depreciation page and its run button."""

from __future__ import annotations

from gonghui.assets.models import DepreciationRun
from gonghui.core.scoping import unscoped
from tests.factories import UnionFactory

from .conftest import holder, make_asset


def _url(org, rest=""):
    return f"/o/{org.code}/assets/depreciation/{rest}"


def test_running_a_month_and_twice(login, union, finance):
    asset = make_asset(union)
    c = login(finance)
    assert c.get(_url(union)).status_code == 200
    r = c.post(_url(union, "run/"), {"year": 2025, "month": 4})
    assert r.status_code == 302
    r = c.post(_url(union, "run/"), {"year": 2025, "month": 4}, follow=True)
    body = r.content.decode()
    assert "2025-04" in body and "100.00" in body
    assert "已" in body or "already" in body  # the refusal is shown
    with unscoped():
        run = DepreciationRun.objects.select_related("voucher").get(org=union)
    # The run's voucher number opens the voucher.
    v = run.voucher
    page = c.get(_url(union)).content.decode()
    assert f'<a href="/o/{union.code}/finance/vouchers/{v.pk}/">{v.number}</a>' in page
    # ... and the asset's schedule links it too.
    card = c.get(f"/o/{union.code}/assets/{asset.pk}/").content.decode()
    schedule = card.split('id="asset-vouchers"')[0]
    assert f'<a href="/o/{union.code}/finance/vouchers/{v.pk}/">{v.number}</a>' in schedule


def test_personas(login, union):
    other = UnionFactory()
    assert login(holder("finance", other)).get(_url(union)).status_code == 404
    assert login(holder("cashier", union)).get(_url(union)).status_code == 403
    chair = login(holder("chair", union))
    assert chair.get(_url(union)).status_code == 200
    assert chair.post(_url(union, "run/"), {"year": 2025, "month": 4}).status_code == 403
    assert login(holder("finance", union)).get(_url(union, "run/")).status_code == 405
