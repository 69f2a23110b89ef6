"""What the federation's staff meets around the unions' assessments: a union's own page
sends them to the review page of that union (not a 403); a cited record links to its page
for a viewer who may read it, its name only otherwise; a year's results across schemes
(each union's score per scheme, total, average, rank), on the page and in the API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.assessments import selectors, services
from gonghui.assessments.models import SchemeStatus
from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped
from tests.factories import DistrictFactory, UserFactory

from .conftest import ALL_SCORES, assessment_of, handed_in, make_scheme

pytestmark = pytest.mark.usefixtures("platform")


def _url(org, what=""):
    return f"/o/{org.code}/assessments/{what}"


def _score(assessment, sender, scores=ALL_SCORES):
    with unscoped(), acting(user=sender):
        return services.assessment_score(actor=sender, assessment=assessment, scores=scores)


# -- the union's page, opened by the federation ------------------------------------------------


def test_the_upper_staff_opening_a_unions_page_lands_on_its_review(
    login, district, sender, unions, scheme
):
    a = assessment_of(scheme, unions[0])
    r = login(sender).get(_url(unions[0], f"mine/{a.pk}/"))
    assert r.status_code == 302
    assert r["Location"] == _url(district, f"{scheme.pk}/unions/{a.pk}/")
    # From the union's own list too: its link now leads somewhere.
    listing = login(sender).get(_url(unions[0]))
    assert listing.status_code == 200 and f"mine/{a.pk}/" in listing.text
    # Still no self-scoring for the union.
    r = login(sender).post(_url(unions[0], f"mine/{a.pk}/"), {"score_A1": "5"})
    assert r.status_code == 403
    assert assessment_of(scheme, unions[0]).self_scores == {}


def test_a_city_above_the_district_is_sent_to_the_review_too(login, unions, district):
    city = DistrictFactory(name="测试市总工会")
    with unscoped():
        district.parent = city
        district.save()
        for u in unions:
            u.refresh_from_db()
    sender = UserFactory(roles=[("upper_staff", district)])
    scheme = make_scheme(district, sender)
    a = assessment_of(scheme, unions[0])
    city_staff = UserFactory(roles=[("upper_staff", city)])
    r = login(city_staff).get(_url(unions[0], f"mine/{a.pk}/"))
    assert r.status_code == 302 and r["Location"].startswith(_url(district))


def test_a_union_reader_without_self_scoring_sees_it_read_only(
    login, unions, scheme, staff, monkeypatch
):
    """A reader who may neither self-score nor read at the upper union (no such role
    today: the chair's rights minus self-scoring) gets the page without its form."""
    a = assessment_of(scheme, unions[0])
    chair = staff("chair", unions[0])
    from gonghui.assessments import views

    monkeypatch.setattr(views, "SELF", "assessments.assessment:write")  # a right it lacks
    r = login(chair).get(_url(unions[0], f"mine/{a.pk}/"))
    assert r.status_code == 200 and scheme.title in r.text
    assert 'name="score_A1"' not in r.text and "evidence_add" not in r.text


def test_the_finance_role_still_gets_a_403(login, unions, scheme, staff):
    a = assessment_of(scheme, unions[0])
    assert (
        login(staff("finance", unions[0])).get(_url(unions[0], f"mine/{a.pk}/")).status_code == 403
    )


# -- cited records --------------------------------------------------------------------------


def test_a_cited_record_links_to_its_page_for_those_who_may_read_it(
    login, district, sender, unions, scheme, staff
):
    chair = staff("chair", unions[0])
    a = handed_in(scheme, unions[0], chair)
    ev = [e for e in a.evidence.all() if e.kind == "record"][0]
    record_page = f"/o/{unions[0].code}/activities/{ev.record_id}/"
    mine = login(chair).get(_url(unions[0], f"mine/{a.pk}/"))
    assert f'href="{record_page}"' in mine.text
    review = login(sender).get(_url(district, f"{scheme.pk}/unions/{a.pk}/"))
    assert f'href="{record_page}"' in review.text
    assert login(sender).get(record_page).status_code == 200  # the link leads to a page


def test_a_record_gone_or_unreadable_shows_its_name_only(district, sender, unions, scheme, staff):
    from gonghui.accounts.access import resolve_access

    chair = staff("chair", unions[0])
    a = handed_in(scheme, unions[0], chair)
    with unscoped():
        evidence = list(selectors.evidence_of(a))
        a = assessment_of(scheme, unions[0])
        full = resolve_access(chair, unions[0].code)
        assert len(selectors.record_urls(a, evidence, full)) == 1

        class NoActivities:
            def has(self, perm):
                return perm != "activities.activity:read"

        assert selectors.record_urls(a, evidence, NoActivities()) == {}
        assert selectors.record_urls(a, evidence, None) == {}
        from gonghui.activities.models import Activity

        cited = next(e for e in evidence if e.kind == "record")
        with acting(source="system"):
            Activity.objects.get(pk=cited.record_id).delete()
        assert selectors.record_urls(a, evidence, full) == {}


# -- the year's results across schemes --------------------------------------------------------


@pytest.fixture
def two_schemes(district, sender, unions, staff):
    first = make_scheme(district, sender)
    second = make_scheme(district, sender, title="星级工会评定")
    draft = make_scheme(district, sender, title="未发布的草稿", publish=False)
    chairs = [staff("chair", u) for u in unions]
    # 甲: 22.5 + 22.5; 乙: 22.5 under the first only; 丙: handed in, not scored.
    for s in (first, second):
        _score(handed_in(s, unions[0], chairs[0]), sender)
    _score(handed_in(first, unions[1], chairs[1]), sender)
    handed_in(second, unions[2], chairs[2])
    return first, second, draft


def test_the_year_results_rank_the_unions_across_the_schemes(
    login, district, sender, unions, two_schemes
):
    first, second, draft = two_schemes
    year = timezone.localdate().year
    found = selectors.year_results(district, year)
    assert [s.pk for s in found["schemes"]] == [first.pk, second.pk]
    rows = {r["org"].pk: r for r in found["rows"]}
    total = sum(Decimal(v) for v in ALL_SCORES.values())
    assert rows[unions[0].pk]["total"] == 2 * total and rows[unions[0].pk]["rank"] == 1
    assert rows[unions[0].pk]["average"] == total.quantize(Decimal("0.1"))
    assert rows[unions[1].pk]["total"] == total and rows[unions[1].pk]["rank"] == 2
    assert rows[unions[2].pk]["rank"] is None and rows[unions[2].pk]["total"] is None
    assert [r["org"] for r in found["rows"]] == list(unions)

    c = login(sender)
    page = c.get(_url(district, f"years/{year}/"))
    assert page.status_code == 200
    assert first.title in page.text and second.title in page.text
    assert draft.title not in page.text
    assert page.text.index(unions[0].name) < page.text.index(unions[2].name)
    assert "已提交" in page.text and "未开始" in page.text  # 丙's states, not codes
    assert f"years/{year}/" in c.get(_url(district, f"?year={year}")).text
    assert f"years/{year}/" in c.get(_url(district, f"{first.pk}/results/")).text


def test_the_year_results_persona_cases(login, district, sender, unions, staff):
    year = timezone.localdate().year
    assert login(sender).get(_url(district, f"years/{year}/")).status_code == 200
    outsider = UserFactory(roles=[("upper_staff", DistrictFactory())])
    assert login(outsider).get(_url(district, f"years/{year}/")).status_code == 404
    assert (
        login(staff("finance", district)).get(_url(district, f"years/{year}/")).status_code == 403
    )
    assert login(sender).post(_url(district, f"years/{year}/")).status_code == 405
    assert login(sender).get(_url(district, "years/1500/")).status_code == 404


def test_the_year_results_through_the_api(token_login, district, sender, unions, two_schemes):
    first, second, _draft = two_schemes
    year = timezone.localdate().year
    r = token_login(sender).get(f"/api/v1/orgs/{district.code}/assessments/years/{year}/results/")
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["year"] == year and [s["id"] for s in data["schemes"]] == [first.pk, second.pk]
    top = data["rows"][0]
    assert top["union"] == unions[0].code and top["rank"] == 1 and top["scored"] == 2
    assert {s["scheme"] for s in top["scores"]} == {first.pk, second.pk}
    last = data["rows"][-1]
    assert last["rank"] is None and last["union"] == unions[2].code
    assert {s["status"] for s in last["scores"]} == {"not_started", "submitted"}
    assert SchemeStatus.DRAFT not in {s["status"] for s in data["schemes"]}
    other = token_login(UserFactory(roles=[("upper_staff", DistrictFactory())]))
    assert (
        other.get(f"/api/v1/orgs/{district.code}/assessments/years/{year}/results/").status_code
        == 404
    )
