"""The chart of accounts page and adding a sub-account. Works / other union 404 / no
permission 403 / wrong method 405."""

from __future__ import annotations

import pytest

from gonghui.finance import services
from gonghui.finance.models import SubAccount
from tests.factories import UnionFactory

from .conftest import holder

pytestmark = pytest.mark.usefixtures("platform")


def _url(org, what=""):
    return f"/o/{org.code}/finance/chart/{what}"


def test_the_chart_lists_built_in_and_custom_accounts_with_their_setter(
    login, staff, union, accountant
):
    district = union.parent
    services.subaccount_create(
        actor=staff("upper_staff", district),
        org=district,
        parent_code="102",
        code="10201",
        name="工商银行",
    )
    services.subaccount_create(
        actor=accountant, org=union, parent_code="408", code="40801", name="利息收入"
    )
    r = login(holder("auditor", union)).get(_url(union))
    assert r.status_code == 200
    body = r.content.decode()
    for text in ("101", "库存现金", "50102", "文体活动", "银行存款-工商银行", "其他收入-利息收入"):
        assert text in body, text
    assert district.name in body  # who set 10201
    assert 'id="subaccount-form"' not in body  # the auditor only reads


def test_the_accountant_adds_a_sub_account(login, union, accountant):
    c = login(accountant)
    assert 'id="subaccount-form"' in c.get(_url(union)).content.decode()
    r = c.post(_url(union, "new/"), {"parent_code": "102", "code": "10202", "name": "建设银行"})
    assert r.status_code == 302 and r["Location"] == _url(union)
    sub = SubAccount.objects.get(org=union, code="10202")
    assert (sub.parent_code, sub.name) == ("102", "建设银行")
    # It is a leaf of the voucher form from now on; 102 is no longer one.
    body = c.get(f"/o/{union.code}/finance/vouchers/new/").content.decode()
    assert "10202 银行存款-建设银行" in body and 'value="102"' not in body


def test_a_wrong_code_stays_on_the_form(login, union, accountant):
    r = login(accountant).post(
        _url(union, "new/"), {"parent_code": "102", "code": "1039", "name": "农业银行"}
    )
    assert r.status_code == 200
    body = r.content.decode()
    assert 'value="1039"' in body and 'value="农业银行"' in body
    assert r.context["form"].errors["code"]
    assert not SubAccount.objects.filter(org=union).exists()


def test_the_auditor_and_the_chair_cannot_add(login, union, chair):
    data = {"parent_code": "102", "code": "10203", "name": "x"}
    assert login(holder("auditor", union)).post(_url(union, "new/"), data).status_code == 403
    assert login(chair).post(_url(union, "new/"), data).status_code == 403
    assert not SubAccount.objects.filter(org=union).exists()


def test_a_cadre_gets_403_and_another_union_404(login, staff, union, accountant):
    assert login(staff("cadre", union)).get(_url(union)).status_code == 403
    other = UnionFactory()
    c = login(accountant)
    assert c.get(_url(other)).status_code == 404
    r = c.post(_url(other, "new/"), {"parent_code": "102", "code": "10209", "name": "x"})
    assert r.status_code == 404
    assert not SubAccount.objects.filter(code="10209").exists()


def test_wrong_methods_get_405(login, union, accountant):
    c = login(accountant)
    assert c.post(_url(union)).status_code == 405
    assert c.get(_url(union, "new/")).status_code == 405
