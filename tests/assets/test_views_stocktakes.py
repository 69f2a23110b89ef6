"""Stocktake pages: open, mark, add a surplus, hand in, approve."""

from __future__ import annotations

from gonghui.assets.models import Asset, AssetState, Stocktake, StocktakeState
from gonghui.assets.selectors import stocktake_items
from gonghui.core.scoping import unscoped
from tests.factories import UnionFactory

from .conftest import holder, make_asset


def _url(org, rest=""):
    return f"/o/{org.code}/assets/{rest}"


def test_a_whole_stocktake(login, union, finance, chair):
    a = make_asset(union)
    f = login(finance)
    assert f.get(_url(union, "stocktakes/")).status_code == 200
    r = f.post(_url(union, "stocktakes/new/"), {"date": "2025-12-20"})
    with unscoped():
        st = Stocktake.objects.get(org=union)
        [item] = stocktake_items(st)
    assert r.status_code == 302 and r.url == _url(union, f"stocktakes/{st.pk}/")
    assert a.name in f.get(r.url).content.decode()
    f.post(_url(union, f"stocktake-items/{item.pk}/mark/"), {"result": "missing"})
    r = f.post(
        _url(union, f"stocktakes/{st.pk}/surplus/"),
        {"name": "旧凳子", "category": "furniture", "value": "100"},
    )
    assert r.status_code == 200 and "库存物品" in r.content.decode()
    r = f.post(
        _url(union, f"stocktakes/{st.pk}/surplus/"),
        {"name": "跑步机", "category": "special", "value": "2000"},
    )
    assert r.status_code == 302
    assert f.post(_url(union, f"stocktakes/{st.pk}/submit/")).status_code == 302
    assert login(chair).post(_url(union, f"stocktakes/{st.pk}/approve/")).status_code == 302
    st.refresh_from_db()
    a.refresh_from_db()
    assert st.state == StocktakeState.APPROVED and a.state == AssetState.LOST
    with unscoped():
        assert Asset.objects.filter(org=union, name="跑步机").exists()


def test_personas(login, union, finance):
    make_asset(union)
    other = UnionFactory()
    assert login(holder("finance", other)).get(_url(union, "stocktakes/")).status_code == 404
    assert login(holder("cashier", union)).get(_url(union, "stocktakes/")).status_code == 403
    chair = login(holder("chair", union))
    assert chair.post(_url(union, "stocktakes/new/"), {"date": "2025-12-20"}).status_code == 403
    assert login(finance).get(_url(union, "stocktakes/new/")).status_code == 405
