"""Pages of the register: list with filters, card, forms, export. Works / other union 404 /
no permission 403 / wrong method 405."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from gonghui.assets.models import Asset
from gonghui.core.scoping import unscoped
from tests.factories import UnionFactory

from .conftest import holder, make_asset, run


def _url(org, rest=""):
    return f"/o/{org.code}/assets/{rest}"


def test_the_list_filters_and_shows_values(login, union, finance):
    make_asset(union, name="<b>笔记本</b>", location="办公室")
    make_asset(union, name="办公桌", category="furniture", value="1800")
    run(union, 2025, 4)
    c = login(finance)
    body = c.get(_url(union)).content.decode()
    assert "&lt;b&gt;笔记本&lt;/b&gt;" in body and "办公桌" in body
    assert "7,100.00" in body  # the computer's net value after April
    body = c.get(_url(union), {"category": "furniture"}).content.decode()
    assert "办公桌" in body and "笔记本" not in body
    assert ">furniture<" not in body and ">in_use<" not in body  # no codes on the page


def test_registering_through_the_form_books_the_purchase(login, union, finance):
    c = login(finance)
    form = c.get(_url(union, "new/"))
    assert form.status_code == 200
    page = form.content.decode()
    assert "---------" not in page and "不指定经费（只记银行存款）" in page
    r = c.post(
        _url(union, "new/"),
        {
            "name": "打印机",
            "category": "office",
            "purchased_on": "2025-03-10",
            "original_value": "999",
            "restricted": "0",
        },
    )
    assert r.status_code == 200 and "库存物品" in r.content.decode()
    r = c.post(
        _url(union, "new/"),
        {
            "name": "打印机",
            "category": "office",
            "purchased_on": "2025-03-10",
            "original_value": "1,200",
            "restricted": "0",
        },
    )
    with unscoped():
        a = Asset.objects.get(org=union)
    assert r.status_code == 302 and r.url == _url(union, f"{a.pk}/")
    body = c.get(r.url).content.decode()
    assert "打印机" in body and a.voucher.number in body


def test_the_card_shows_the_schedule_and_edit_works(login, union, finance):
    a = make_asset(union)
    run(union, 2025, 4)
    c = login(finance)
    body = c.get(_url(union, f"{a.pk}/")).content.decode()
    assert "2025-04" in body and "7,100.00" in body and 'id="asset-dispose"' in body
    r = c.post(_url(union, f"{a.pk}/edit/"), {"location": "档案室", "keeper": "王五"})
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.location == "档案室"


def test_the_export_is_a_workbook(login, union):
    make_asset(union, name="=1+1")
    r = login(holder("auditor", union)).get(_url(union, "register.xlsx"))
    assert r.status_code == 200
    ws = load_workbook(BytesIO(b"".join(r.streaming_content) if r.streaming else r.content)).active
    assert ws["B2"].value == "=1+1" and ws["B2"].data_type == "s"


def test_personas(login, union):
    a = make_asset(union)
    other = UnionFactory()
    stranger = login(holder("finance", other))
    assert stranger.get(_url(union)).status_code == 404
    assert stranger.get(_url(other, f"{a.pk}/")).status_code == 404
    cashier = login(holder("cashier", union))
    assert cashier.get(_url(union)).status_code == 403
    auditor = login(holder("auditor", union))
    assert auditor.get(_url(union, f"{a.pk}/")).status_code == 200
    assert auditor.get(_url(union, "new/")).status_code == 403
    assert login(holder("finance", union)).put(_url(union, f"{a.pk}/")).status_code == 405


def test_the_dashboard_card_and_the_nav_entry(login, union, finance):
    make_asset(union, value="7200.00")
    body = login(finance).get(f"/o/{union.code}/").content.decode()
    assert 'id="card-assets"' in body and "7,200.00" in body
    assert f'href="/o/{union.code}/assets/"' in body
    body = login(holder("cashier", union)).get(f"/o/{union.code}/").content.decode()
    assert 'id="card-assets"' not in body
