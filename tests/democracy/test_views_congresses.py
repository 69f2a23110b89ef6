"""The overview and the congress terms' pages: the composition checks, who may open them, a new term; the dashboard card and the year's figures."""

from __future__ import annotations

import pytest

from tests.factories import UnionFactory

from .conftest import elements

pytestmark = pytest.mark.django_db


def test_the_overview_and_congress_page_show_the_checks(login, chair, school, base):
    c = login(chair)
    r = c.get(base)
    assert r.status_code == 200 and "第五届教职工代表大会" in r.content.decode()
    body = c.get(f"{base}congresses/{school.pk}/").content.decode()
    [teachers] = elements(body, data_check="teachers")
    [managers] = elements(body, data_check="managers")
    assert teachers["data-passed"] == "pass" and managers["data-passed"] == "pass"
    assert "教育部令第32号" in body
    # No staff count recorded: the page says the roll stands in for it.
    assert "members on the roll" in body or "在册会员" in body


def test_another_union_gets_404(login, staff, school, base):
    other = UnionFactory()
    c = login(staff("chair", other))
    assert c.get(base).status_code == 404
    assert c.get(f"/o/{other.code}/democracy/congresses/{school.pk}/").status_code == 404


def test_a_role_without_the_permission_gets_403(login, staff, union):
    c = login(staff("finance", union))
    assert c.get(f"/o/{union.code}/democracy/").status_code == 403
    assert c.post(f"/o/{union.code}/democracy/contracts/new/", {}).status_code == 403
    # The auditor reads the contracts but cannot write them.
    a = login(staff("auditor", union))
    assert a.get(f"/o/{union.code}/democracy/contracts/").status_code == 200
    assert a.post(f"/o/{union.code}/democracy/contracts/new/", {}).status_code == 403


def test_the_dashboard_card_shows_what_needs_attention(login, factory):
    body = login(factory.chair).get(f"/o/{factory.union.code}/").content.decode()
    assert 'id="card-democracy"' in body and "女职工权益保护专项集体合同" in body


def test_the_year_figures_for_the_summary(platform, school, history):
    from gonghui.democracy.hooks import year_figures

    found = year_figures(school.org, 2026)
    figures = {f.key: f.value for f in found}
    assert figures["democracy.sessions"] == 1 and figures["democracy.proposals"] == 8
    # Measure words: a session is held 1 次 (not 人次); proposals are counted in 件.
    units = {f.key: f.unit for f in found}
    assert (units["democracy.sessions"], units["democracy.proposals"]) == ("次", "件")
    assert figures["democracy.proposals_satisfied"] == 1
