"""Every composition check cites the text of the union's region (issue #13 §7): the
Zhejiang or Shanghai regulation in those regions, the national one elsewhere (an Anhui
union), 教育部令第32号 for a school's teachers, and says so where no text was read."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped
from gonghui.democracy import rules
from gonghui.democracy.rules import Composition, composition_checks, region_rule
from tests.factories import DistrictFactory, UnionFactory, UserFactory

NATIONAL_TEXT = "企业民主管理规定（总工发〔2012〕12号）"
ZHEJIANG_TEXT = "浙江省企业民主管理条例"
SHANGHAI_TEXT = "上海市职工代表大会条例"
SCHOOL_TEXT = "学校教职工代表大会规定（教育部令第32号）"
MARKS = ("[A", "[B]", "[C]")


def comp(**kw) -> Composition:
    base = dict(
        kind="congress",
        staff=600,
        women_staff=300,
        representatives=40,
        women=20,
        managers=6,
        teachers=0,
        front_line=20,
        front_line_required=True,
    )
    base.update(kw)
    return Composition(**base)


def sources(region: str, **kw) -> dict[str, str]:
    return {c.key: c.source for c in composition_checks(comp(**kw), region_rule(region))}


@pytest.mark.parametrize("region", ["安徽省", "安徽省合肥市", "江苏", ""])
def test_a_union_outside_zhejiang_and_shanghai_cites_the_national_texts(region):
    cited = sources(region, kind="teachers", teachers=30)
    assert set(cited) == {"form", "count", "managers", "women", "teachers", "front_line"}
    for key, source in cited.items():
        assert ZHEJIANG_TEXT not in source and SHANGHAI_TEXT not in source, key
    for key in ("form", "count", "managers"):
        assert NATIONAL_TEXT in cited[key], key
    assert SCHOOL_TEXT in cited["teachers"]


def test_the_national_text_has_no_womens_share_and_the_check_says_so():
    women = sources("安徽省")["women"]
    assert NATIONAL_TEXT in women
    assert "未见" in women and women.endswith("[C]")


@pytest.mark.parametrize("region", ["浙江", "浙江省", "浙江省杭州市"])
def test_a_zhejiang_union_cites_the_zhejiang_regulation(region):
    cited = sources(region)
    for key in ("form", "count", "managers", "women"):
        assert ZHEJIANG_TEXT in cited[key], key
    assert all(SHANGHAI_TEXT not in s and NATIONAL_TEXT not in s for s in cited.values())


@pytest.mark.parametrize("region", ["上海", "上海市浦东新区"])
def test_a_shanghai_union_cites_the_shanghai_regulation_and_the_national_managers_cap(region):
    cited = sources(region)
    for key in ("form", "count", "women"):
        assert SHANGHAI_TEXT in cited[key], key
    # No managers' cap was read in the Shanghai text: the national one applies there.
    assert NATIONAL_TEXT in cited["managers"]
    assert all(ZHEJIANG_TEXT not in s for s in cited.values())


@pytest.mark.parametrize("region", ["安徽省", "浙江省", "上海市"])
def test_a_schools_other_checks_are_the_regions_rules_applied_by_analogy(region):
    school = sources(region, kind="teachers", teachers=30)
    enterprise = sources(region)
    assert SCHOOL_TEXT in school["teachers"]
    for key in ("form", "count", "managers", "women"):
        assert school[key].startswith(enterprise[key]), key
        assert "学校参照适用" in school[key] and school[key].endswith("[C]"), key
    assert "学校参照适用" not in "".join(enterprise.values())


@pytest.mark.parametrize("region", sorted(rules.REGIONS))
@pytest.mark.parametrize("kind", ["congress", "teachers", "assembly"])
def test_every_check_of_every_region_names_a_marked_source(region, kind):
    rule = rules.REGIONS[region]
    for c in composition_checks(comp(kind=kind, teachers=30), rule):
        assert c.source and any(m in c.source for m in MARKS), (region, c.key)


# -- the congress page ------------------------------------------------------------------------

ROW = re.compile(r'<tr data-check="(\w+)"[^>]*>(.*?)</tr>', re.S)


def page_sources(union) -> dict[str, str]:
    from gonghui.democracy.models import Congress

    chair = UserFactory(roles=[("chair", union)])
    with unscoped(), acting(source="system"):
        congress = Congress.objects.create(
            org=union,
            kind="congress",
            term_number=1,
            start_date=dt.date(2025, 1, 1),
            end_date=dt.date(2029, 12, 31),
            staff_count=600,
            women_staff_count=300,
        )
    c = Client()
    c.force_login(chair)
    r = c.get(f"/o/{union.code}/democracy/congresses/{congress.pk}/")
    assert r.status_code == 200
    rows = dict(ROW.findall(r.content.decode()))
    assert rows, "the page shows the composition checks"
    return rows


@pytest.mark.django_db
def test_an_anhui_unions_congress_page_shows_the_national_sources():
    # The region is set on the district above the union, as an upper union would.
    union = UnionFactory(parent=DistrictFactory(region="安徽省"), unit_type="enterprise")
    rows = page_sources(union)
    assert {"form", "count", "managers", "women"} <= set(rows)
    page = "".join(rows.values())
    assert ZHEJIANG_TEXT not in page and SHANGHAI_TEXT not in page
    for key in ("form", "count", "managers", "women"):
        assert NATIONAL_TEXT in rows[key], key


@pytest.mark.django_db
def test_a_zhejiang_unions_congress_page_shows_the_zhejiang_sources():
    union = UnionFactory(region="浙江省杭州市", unit_type="enterprise")
    rows = page_sources(union)
    for key in ("form", "count", "managers", "women"):
        assert ZHEJIANG_TEXT in rows[key], key
    assert NATIONAL_TEXT not in "".join(rows.values())
