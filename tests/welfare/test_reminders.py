"""The 关怀提醒 page a page at a time (#13 §9): a district listed its whole roll (15 MB, 31 s
at a million members). The feed counts through the database and reads one page; these
tests check it against the rule computed person by person, and that a page of a roll
larger than a page is one page of rows in a bounded number of queries."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from gonghui.audit.context import acting
from gonghui.core.scoping import scope, unscoped
from gonghui.members.models import ON_ROLL, Member, Status
from gonghui.welfare import selectors, services
from tests.factories import GroupFactory, MemberFactory, UnionFactory

from .conftest import activate, file_case, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd(district, union, group):
    """The district's roll: 540 members born in December to early March of 1956-2000 (so
    birthdays, round ages and retirements fall in the windows below), and 120 more born
    through the year, in the union and in a second union of the district."""
    other = GroupFactory(parent=UnionFactory(parent=district))
    members = []
    for i in range(540):
        birth = dt.date(1956 + i % 45, 12, 7) + dt.timedelta(days=i % 90)
        members.append(
            MemberFactory.build(org=(group, other)[i % 2], birth=birth, female=i % 3 == 0)
        )
    for i in range(120):
        birth = dt.date(1960 + i % 40, 1, 1) + dt.timedelta(days=i * 3)
        members.append(MemberFactory.build(org=other, birth=birth, female=i % 2 == 0))
    for m in members:
        m.prepare_for_save()
    with unscoped():
        Member.objects.bulk_create(members)
    return district


TODAY = dt.date(2026, 12, 7)


def expected(org, today, days):
    """Birthdays, ages and retirements worked out person by person (the rule)."""
    settings = services.settings_for(org)
    window = {today + dt.timedelta(days=i) for i in range(days + 1)}
    out = set()
    with unscoped():
        roll = list(
            Member.objects.filter(org__path__startswith=org.path, status__in=ON_ROLL).exclude(
                birth_date=None
            )
        )
    for m in roll:
        for year in (today.year, today.year + 1):
            try:
                day = m.birth_date.replace(year=year)
            except ValueError:  # born on 29 February: remembered on the 28th
                day = dt.date(year, 2, 28)
            if day in window:
                out.add(("birthday", day, m.pk))
                if day.year - m.birth_date.year in settings.reminder_ages:
                    out.add(("age", day, m.pk))
                break
        years = settings.retirement_age_male if m.sex == "male" else settings.retirement_age_female
        if m.status == Status.ACTIVE:
            try:
                day = m.birth_date.replace(year=m.birth_date.year + years)
            except ValueError:
                day = dt.date(m.birth_date.year + years, 2, 28)
            if day in window:
                out.add(("retirement", day, m.pk))
    return out


def got(feed):
    """What the feed says of birthdays, ages and retirements (the feed has other kinds)."""
    kinds = ("birthday", "age", "retirement")
    return {(r.kind, r.date, r.member.pk) for r in feed if r.kind in kinds}


@pytest.mark.parametrize("today", [TODAY, dt.date(2026, 2, 20), dt.date(2027, 12, 20)])
@pytest.mark.parametrize("days", [7, 30, 366])
def test_the_feed_has_what_the_rule_says(crowd, today, days):
    district = crowd
    with scope(district):
        feed = selectors.ReminderFeed(district, today, days=days)
        items = list(feed)
    assert got(items) == expected(district, today, days) != set()
    assert len(items) == feed.count()
    assert [r.date for r in items] == sorted(r.date for r in items)


def test_any_slice_is_that_slice_of_the_whole(crowd):
    district = crowd
    with scope(district):
        whole = list(selectors.ReminderFeed(district, TODAY, days=60))
        assert len(whole) > 300
        for start, stop in [(0, 50), (50, 100), (37, 91), (len(whole) - 10, len(whole) + 5)]:
            part = selectors.ReminderFeed(district, TODAY, days=60)[start:stop]
            assert [(r.kind, r.member.pk) for r in part] == [
                (r.kind, r.member.pk) for r in whole[start:stop]
            ]


def test_sick_leave_bereavement_and_reviews_are_in_the_feed(union, chair, new_member):
    ill, bereaved, to_file = new_member(), new_member(), new_member()
    with scope(union), acting(user=chair):
        services.sick_leave_record(actor=chair, member=ill, start=TODAY - dt.timedelta(days=45))
    record(
        bereaved,
        chair,
        occasion="death_relative",
        date=dt.date(2025, 12, 12),
        event_date=dt.date(2025, 12, 10),
        form="goods",
        goods="花圈",
        amount=Decimal(0),
    )
    filed = activate(file_case(to_file, chair), chair)  # review due 2027-03-10
    with scope(union):
        items = list(selectors.ReminderFeed(union, TODAY, days=120, with_cases=True))
        without = list(selectors.ReminderFeed(union, TODAY, days=120))
    found = {(r.kind, r.member.pk): r for r in items}
    assert found[("sick_leave", ill.pk)].date == TODAY
    assert found[("sick_leave", ill.pk)].text == "病休已 45 天"
    assert found[("bereavement", bereaved.pk)].date == dt.date(2026, 12, 10)
    assert found[("bereavement", bereaved.pk)].text.endswith("1周年")
    assert found[("review", filed.member.pk)].file == filed
    assert ("review", filed.member.pk) not in {(r.kind, r.member.pk) for r in without}


@pytest.fixture
def c(crowd, staff, login):
    return login(staff("upper_staff", crowd))


def test_the_district_page_shows_one_page_in_a_bounded_number_of_queries(
    crowd, c, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):
        r = c.get(f"/o/{crowd.code}/welfare/reminders/?days=31")
    assert r.status_code == 200
    page = r.content.decode()
    rows = re.findall(r"/welfare/people/\d+/", page)
    assert len(rows) == 50
    total = int(re.search(r"第 1 页，共 (\d+) 页", page).group(1))
    assert total > 3
    # A district reads a month ahead at most (a year of a district's roll is no work list).
    r = c.get(f"/o/{crowd.code}/welfare/reminders/?days=366")
    assert 'value="31"' in r.content.decode()
    assert "最多提前 31 天" in r.content.decode()


def test_a_union_reads_a_year_ahead_one_page_at_a_time(
    crowd, union, staff, login, django_assert_max_num_queries
):
    chair = login(staff("chair", union))
    # A year's window is a bigger roll of reminders: the same number of queries, one page.
    with django_assert_max_num_queries(30):
        r = chair.get(f"/o/{union.code}/welfare/reminders/?days=366&page=3")
    page = r.content.decode()
    assert 'value="366"' in page
    assert len(re.findall(r"/welfare/people/\d+/", page)) == 50
    assert len(r.content) < 200_000


def test_the_api_answers_the_reminders_a_page_at_a_time(crowd, union, staff, token_login):
    api = token_login(staff("upper_staff", crowd))
    r = api.get(f"/api/v1/orgs/{crowd.code}/welfare/reminders/?days=366")
    body = r.json()
    assert r.status_code == 200
    assert len(body["results"]) == 50 and body["next"]
    # Capped at 31 days like the page: the district's count is that of a month.
    month = api.get(f"/api/v1/orgs/{crowd.code}/welfare/reminders/?days=31").json()
    assert body["count"] == month["count"]
    chair = token_login(staff("chair", union))
    year = chair.get(f"/api/v1/orgs/{union.code}/welfare/reminders/?days=366&kind=birthday")
    kinds = {row["kind"] for row in year.json()["results"]}
    assert kinds == {"birthday"}
    assert year.json()["count"] > month["count"] / 2


def test_pages_follow_each_other_without_gaps_or_repeats(crowd, c):
    seen, total = [], None
    row = re.compile(
        r"<tr><td[^>]*>([^<]+)</td><td[^>]*>([^<]+)</td><td[^>]*><a href=\"[^\"]*/people/(\d+)/"
    )
    for n in range(1, 100):
        page = c.get(f"/o/{crowd.code}/welfare/reminders/?days=30&page={n}").content.decode()
        total = total or int(re.search(r"全部 <span class=\"badge[^\"]*\">(\d+)<", page).group(1))
        seen += row.findall(page)
        if "下一页" not in page:
            break
    assert n > 2
    assert len(seen) == len(set(seen)) == total


def test_one_kind_at_a_time_with_the_counts(crowd, c):
    page = c.get(f"/o/{crowd.code}/welfare/reminders/?days=30&kind=retirement").content.decode()
    kinds = re.findall(r"<tr><td[^>]*>[^<]+</td><td[^>]*>([^<]+)</td>", page)
    assert kinds and set(kinds) == {"退休"}
    assert re.search(r"生日 <span class=\"badge[^\"]*\">\d+</span>", page)
    # The filter is kept when paging.
    assert "kind=retirement" in page or "下一页" not in page


def test_a_birthday_on_29_february_is_remembered_on_the_28th_in_other_years(union, group):
    leap = MemberFactory(org=group, birth=dt.date(2000, 2, 29))
    on_28 = MemberFactory(org=group, birth=dt.date(1990, 2, 28))
    today = dt.date(2027, 2, 20)
    with scope(union):
        feed = selectors.ReminderFeed(union, today, days=14)
        found = {(r.member.pk, r.date, r.text) for r in feed if r.kind == "birthday"}
        counts = feed.counts()
        # A page of just that day reads both.
        day = [r.member.pk for r in feed[0 : feed.count()] if r.date == dt.date(2027, 2, 28)]
    assert (leap.pk, dt.date(2027, 2, 28), "27岁生日") in found
    assert (on_28.pk, dt.date(2027, 2, 28), "37岁生日") in found
    assert counts["birthday"] == len(found)
    assert sorted(day) == sorted([leap.pk, on_28.pk])
    # In a leap year the 29th is its own day.
    with scope(union):
        leap_year = selectors.ReminderFeed(union, dt.date(2028, 2, 20), days=14)
        dates = {r.member.pk: r.date for r in leap_year if r.kind == "birthday"}
    assert dates[leap.pk] == dt.date(2028, 2, 29) and dates[on_28.pk] == dt.date(2028, 2, 28)
