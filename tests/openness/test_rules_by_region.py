"""The items a union must publish cite the text of its region (issue #13 §7): the Zhejiang
articles in Zhejiang, the national 企业民主管理规定 elsewhere (an Anhui or a Shanghai union),
marked [C] where the national article was not read; schools and hospitals keep their own
national texts wherever they are."""

from __future__ import annotations

import pytest
from django.test import Client

from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped
from gonghui.openness import rules
from tests.factories import DistrictFactory, UnionFactory, UserFactory

NATIONAL_TEXT = "企业民主管理规定（总工发〔2012〕12号）"
ZHEJIANG_TEXT = "浙江省企业民主管理条例"
BASE_ITEMS = {"plans", "operations", "rules", "contracts", "wages"}
NATIONAL_ADDITIONS = {"insurance", "training", "safety"}
SOE_ITEMS = {"evaluation", "investments", "payments", "tenders", "hospitality"}


def enterprise_sources(region: str) -> dict[str, str]:
    return {
        i.code: i.source for i in rules.builtin_items("enterprise", state_owned=True, region=region)
    }


@pytest.mark.parametrize("region", ["安徽省", "安徽省合肥市", "上海市", "江苏", ""])
def test_outside_zhejiang_every_enterprise_item_cites_the_national_text(region):
    cited = enterprise_sources(region)
    assert set(cited) == BASE_ITEMS | NATIONAL_ADDITIONS | SOE_ITEMS
    for code, source in cited.items():
        assert source.startswith(NATIONAL_TEXT), code
        assert ZHEJIANG_TEXT not in source, code


def test_nationally_the_state_owned_items_are_marked_unconfirmed_not_given_an_article():
    cited = enterprise_sources("安徽省")
    for code in SOE_ITEMS:
        assert cited[code].endswith("[C]") and "未核对" in cited[code], code
    for code in BASE_ITEMS | NATIONAL_ADDITIONS:
        assert cited[code].endswith("[B]"), code
    # No article number of the national text was read: none is cited.
    assert not any("条 [" in s or "条（" in s for s in cited.values())


@pytest.mark.parametrize("region", ["浙江", "浙江省", "浙江省杭州市"])
def test_in_zhejiang_the_items_cite_its_articles_20_and_21(region):
    cited = enterprise_sources(region)
    for code in BASE_ITEMS:
        assert cited[code].startswith(ZHEJIANG_TEXT) and "第二十条" in cited[code], code
    for code in SOE_ITEMS:
        assert cited[code].startswith(ZHEJIANG_TEXT) and "第二十一条" in cited[code], code
    # The national additions are not in the Zhejiang list: the national text is cited.
    for code in NATIONAL_ADDITIONS:
        assert cited[code].startswith(NATIONAL_TEXT), code


@pytest.mark.parametrize("unit_type", ["school", "hospital", "organ"])
def test_other_unit_types_cite_the_same_texts_in_every_region(unit_type):
    by_region = {
        region: [(i.code, i.source) for i in rules.builtin_items(unit_type, region=region)]
        for region in ("", "安徽省", "浙江省", "上海市")
    }
    assert len({tuple(v) for v in by_region.values()}) == 1
    assert all(ZHEJIANG_TEXT not in s for _, s in by_region["浙江省"])


def test_a_region_changes_only_the_source_of_an_item():
    anhui = rules.builtin_items("enterprise", state_owned=True, region="安徽省")
    zhejiang = rules.builtin_items("enterprise", state_owned=True, region="浙江省")
    assert [(i.code, i.frequency, i.category, i.state_owned_only) for i in anhui] == [
        (i.code, i.frequency, i.category, i.state_owned_only) for i in zhejiang
    ]
    assert [i.source for i in anhui] != [i.source for i in zhejiang]


# -- the pages and the API ------------------------------------------------------------------


def state_owned(union):
    from gonghui.openness.models import OpennessSettings

    with unscoped(), acting(source="system"):
        OpennessSettings.objects.update_or_create(org=union, defaults={"state_owned": True})


def chair_of(union) -> Client:
    c = Client()
    c.force_login(UserFactory(roles=[("chair", union)]))
    return c


@pytest.fixture
def anhui(db):
    """A state-owned enterprise's union whose region is set on its district (Anhui)."""
    union = UnionFactory(parent=DistrictFactory(region="安徽省"), unit_type="enterprise")
    state_owned(union)
    return union


@pytest.fixture
def zhejiang(db):
    union = UnionFactory(region="浙江省杭州市", unit_type="enterprise")
    state_owned(union)
    return union


def test_the_items_page_of_an_anhui_union_shows_the_national_sources(anhui):
    page = chair_of(anhui).get(f"/o/{anhui.code}/openness/items/").content.decode()
    assert NATIONAL_TEXT in page
    assert ZHEJIANG_TEXT not in page


def test_the_items_page_of_a_zhejiang_union_shows_its_articles(zhejiang):
    page = chair_of(zhejiang).get(f"/o/{zhejiang.code}/openness/items/").content.decode()
    assert f"{ZHEJIANG_TEXT}（2010）第二十条" in page
    assert f"{ZHEJIANG_TEXT}（2010）第二十一条" in page


def test_the_due_list_shows_the_sources_of_the_unions_region(anhui, zhejiang):
    pages = {}
    for union in (anhui, zhejiang):
        r = chair_of(union).get(f"/o/{union.code}/openness/")
        assert r.status_code == 200
        pages[union] = r.content.decode()
    assert NATIONAL_TEXT in pages[anhui] and ZHEJIANG_TEXT not in pages[anhui]
    assert f"{ZHEJIANG_TEXT}（2010）第二十条" in pages[zhejiang]


def test_the_items_api_answers_the_sources_of_the_unions_region(anhui, zhejiang):
    answers = {}
    for union in (anhui, zhejiang):
        r = chair_of(union).get(f"/api/v1/orgs/{union.code}/openness/items/")
        assert r.status_code == 200
        answers[union] = {row["code"]: row["source"] for row in r.json()}
    assert answers[anhui]["wages"].startswith(NATIONAL_TEXT)
    assert answers[zhejiang]["wages"].startswith(ZHEJIANG_TEXT)
    assert answers[anhui]["tenders"].startswith(NATIONAL_TEXT)
    assert "第二十一条" in answers[zhejiang]["tenders"]
