"""API of the fixed assets: same rules as the pages, JSON in and out."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gonghui.assets.models import Asset, AssetState, DisposalState, StocktakeState
from gonghui.core.scoping import unscoped
from tests.api.conftest import last_entry_id, new_entries
from tests.factories import UnionFactory

from .conftest import D, holder, lines_of, make_asset


def _url(org, rest=""):
    return f"/api/v1/orgs/{org.code}/assets/{rest}"


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def test_register_list_read_and_update(token_login, union, finance):
    since = last_entry_id()
    c = token_login(finance)
    r = _post(
        c,
        _url(union),
        {
            "name": "投影仪",
            "category": "office",
            "purchased_on": "2025-03-10",
            "original_value": "3000.00",
            "location": "会议室",
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["number"] == "2025-0001" and body["years"] == 6 and body["voucher_number"]
    assert body["category_display"] == "办公设备（含计算机）" and body["accumulated"] == "0.00"
    [log] = new_entries("assets.asset.created", since)
    assert log.actor == finance and log.source == "api"
    r = _post(c, _url(union), {**body, "original_value": "999", "number": ""})
    assert r.status_code == 400 and r.json()["field"] == "original_value"
    r = c.get(_url(union), {"q": "投影"})
    assert r.status_code == 200 and [a["name"] for a in r.json()["results"]] == ["投影仪"]
    r = c.patch(
        _url(union, f"{body['id']}/"),
        json.dumps({"keeper": "李四"}),
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["keeper"] == "李四"


def test_depreciation_run_twice_and_export(token_login, union, finance):
    make_asset(union)
    c = token_login(finance)
    r = _post(c, _url(union, "depreciation/"), {"year": 2025, "month": 4})
    assert r.status_code == 201, r.content
    assert r.json()["total"] == "100.00"
    r = _post(c, _url(union, "depreciation/"), {"year": 2025, "month": 4})
    assert r.status_code == 400 and r.json()["field"] == "month"
    assert len(c.get(_url(union, "depreciation/")).json()) == 1
    with unscoped():
        a = Asset.objects.get(org=union)
    [row] = c.get(_url(union, f"{a.pk}/schedule/")).json()
    assert row == {
        "year": 2025,
        "month": 4,
        "amount": "100.00",
        "accumulated": "100.00",
        "net": "7100.00",
        "voucher_number": "记-0001",
    }
    r = c.get(
        _url(union, "export/"),
        HTTP_ACCEPT="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_disposal_requested_then_approved_by_the_chair(token_login, union, finance, chair):
    a = make_asset(union)
    r = _post(
        token_login(finance),
        _url(union, f"{a.pk}/disposals/"),
        {"kind": "scrap", "date": "2025-05-01", "reason": "损坏"},
    )
    assert r.status_code == 201, r.content
    disposal = r.json()["id"]
    r = _post(token_login(finance), _url(union, f"disposals/{disposal}/approve/"))
    assert r.status_code == 403  # the accountant cannot approve
    r = _post(token_login(chair), _url(union, f"disposals/{disposal}/approve/"))
    assert r.status_code == 200, r.content
    assert r.json()["state"] == DisposalState.APPROVED
    with unscoped():
        assert Asset.objects.get(pk=a.pk).state == AssetState.DISPOSED


def test_stocktake_through_the_api(token_login, union, finance, chair):
    a = make_asset(union)
    c = token_login(finance)
    r = _post(c, _url(union, "stocktakes/"), {"date": "2025-12-20"})
    assert r.status_code == 201, r.content
    st = r.json()
    [item] = st["items"]
    r = _post(c, _url(union, f"stocktake-items/{item['id']}/mark/"), {"result": "missing"})
    assert r.status_code == 200 and r.json()["result"] == "missing"
    r = _post(
        c,
        _url(union, f"stocktakes/{st['id']}/surplus/"),
        {"name": "跑步机", "category": "special", "value": "2000.00"},
    )
    assert r.status_code == 201, r.content
    assert _post(c, _url(union, f"stocktakes/{st['id']}/submit/")).status_code == 200
    r = _post(token_login(chair), _url(union, f"stocktakes/{st['id']}/approve/"))
    assert r.status_code == 200 and r.json()["state"] == StocktakeState.APPROVED
    with unscoped():
        assert Asset.objects.get(pk=a.pk).state == AssetState.LOST
    assert lines_of(a.voucher)[0] == ("162", D("7200.00"), D("0"))


def test_lent_items(token_login, union, finance):
    c = token_login(finance)
    r = _post(
        c,
        _url(union, "lent-items/"),
        {"name": "音响", "quantity": 2, "lender": "厂办", "lent_on": "2025-01-02"},
    )
    assert r.status_code == 201, r.content
    r = _post(
        c, _url(union, f"lent-items/{r.json()['id']}/returned/"), {"returned_on": "2025-02-01"}
    )
    assert r.status_code == 200 and r.json()["returned_on"] == "2025-02-01"


@pytest.mark.parametrize("role", ["cashier", "cadre"])
def test_no_permission_403_other_union_404_wrong_method_405(token_login, union, role):
    a = make_asset(union)
    assert token_login(holder(role, union)).get(_url(union)).status_code == 403
    other = UnionFactory()
    stranger = token_login(holder("finance", other))
    assert stranger.get(_url(union)).status_code == 404
    assert stranger.get(_url(other, f"{a.pk}/")).status_code == 404
    assert token_login(holder("finance", union)).delete(_url(union, f"{a.pk}/")).status_code == 405


def test_a_purchase_paid_from_a_fund_and_not_from_another_unions(token_login, union, finance):
    from gonghui.finance.models import VoucherLine
    from tests.funds.conftest import make_fund

    fund = make_fund(union, kind="union", balance="9000", date=dt.date(2025, 1, 2))
    theirs = make_fund(UnionFactory(), kind="union", balance="9000")
    c = token_login(finance)
    body = {
        "name": "电脑",
        "category": "office",
        "purchased_on": "2025-03-10",
        "original_value": "6000",
    }
    assert _post(c, _url(union), {**body, "fund": theirs.pk}).status_code == 400
    r = _post(c, _url(union), {**body, "fund": fund.pk})
    assert r.status_code == 201, r.content
    with unscoped():
        line = VoucherLine.objects.get(voucher_id=r.json()["voucher"], account_code="102")
    assert line.fund == fund
