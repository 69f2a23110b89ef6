"""Disposal request (accountant) and approval (chair) pages."""

from __future__ import annotations

from gonghui.assets.models import AssetState, Disposal, DisposalState
from gonghui.core.scoping import unscoped
from tests.factories import UnionFactory

from .conftest import holder, make_asset


def _url(org, rest=""):
    return f"/o/{org.code}/assets/{rest}"


def test_request_then_approve(login, union, finance, chair):
    a = make_asset(union)
    f = login(finance)
    assert f.get(_url(union, f"{a.pk}/dispose/")).status_code == 200
    r = f.post(
        _url(union, f"{a.pk}/dispose/"),
        {"kind": "sale", "date": "2025-05-02", "reason": "<script>x</script>", "proceeds": "300"},
    )
    assert r.status_code == 302
    with unscoped():
        d = Disposal.objects.get(asset=a)
    c = login(chair)
    body = c.get(_url(union, "disposals/")).content.decode()
    assert "&lt;script&gt;" in body and f'id="approve-{d.pk}"' in body
    assert f.post(_url(union, f"disposals/{d.pk}/approve/")).status_code == 403
    r = c.post(_url(union, f"disposals/{d.pk}/approve/"), {"note": "同意"})
    assert r.status_code == 302
    d.refresh_from_db()
    a.refresh_from_db()
    assert d.state == DisposalState.APPROVED and a.state == AssetState.DISPOSED


def test_reject(login, union, finance, chair):
    a = make_asset(union)
    login(finance).post(
        _url(union, f"{a.pk}/dispose/"), {"kind": "scrap", "date": "2025-05-02", "reason": "旧"}
    )
    with unscoped():
        d = Disposal.objects.get(asset=a)
    r = login(chair).post(_url(union, f"disposals/{d.pk}/reject/"), {"note": "还能用"})
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.state == DisposalState.REJECTED


def test_personas(login, union, finance):
    a = make_asset(union)
    other = UnionFactory()
    stranger = login(holder("chair", other))
    assert stranger.get(_url(union, "disposals/")).status_code == 404
    assert login(holder("cashier", union)).get(_url(union, "disposals/")).status_code == 403
    assert login(holder("chair", union)).get(_url(union, f"{a.pk}/dispose/")).status_code == 403
    assert login(finance).get(_url(union, "disposals/1/approve/")).status_code == 405
