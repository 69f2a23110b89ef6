"""The 备查簿 page: items the employer lends."""

from __future__ import annotations

from gonghui.assets.models import LentItem
from gonghui.core.scoping import unscoped
from tests.factories import UnionFactory

from .conftest import holder


def _url(org, rest=""):
    return f"/o/{org.code}/assets/lent/{rest}"


def test_enter_and_return(login, union, finance):
    c = login(finance)
    assert c.get(_url(union)).status_code == 200
    r = c.post(
        _url(union, "new/"),
        {"name": "<i>音响</i>", "quantity": "2", "lender": "厂办", "lent_on": "2025-01-02"},
    )
    assert r.status_code == 302
    with unscoped():
        item = LentItem.objects.get(org=union)
    assert "&lt;i&gt;音响&lt;/i&gt;" in c.get(_url(union)).content.decode()
    r = c.post(_url(union, f"{item.pk}/returned/"), {"returned_on": "2025-03-01"})
    assert r.status_code == 302
    item.refresh_from_db()
    assert str(item.returned_on) == "2025-03-01"
    r = c.post(_url(union, "new/"), {"name": "", "quantity": "1", "lender": "x"})
    assert r.status_code == 200  # the form again, with its errors


def test_personas(login, union):
    other = UnionFactory()
    assert login(holder("finance", other)).get(_url(union)).status_code == 404
    assert login(holder("cashier", union)).get(_url(union)).status_code == 403
    auditor = login(holder("auditor", union))
    assert auditor.get(_url(union)).status_code == 200
    assert auditor.post(_url(union, "new/"), {"name": "x"}).status_code == 403
    assert login(holder("finance", union)).get(_url(union, "new/")).status_code == 405
