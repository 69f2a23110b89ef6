"""#11 finding 6 and the date bounds: chosen groups through the API, dates of sensible years."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gonghui.core.scoping import unscoped

pytestmark = pytest.mark.django_db


def _activity(**extra):
    start = timezone.now() + dt.timedelta(days=5)
    return {
        "title": "教研组读书会",
        "kind": "contest",
        "audience": "all",
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
        **extra,
    }


def _groups(activity_id):
    from gonghui.activities.models import Activity

    with unscoped():
        return sorted(Activity.objects.get(pk=activity_id).groups.values_list("code", flat=True))


def test_an_activity_for_chosen_groups_is_created_and_edited_through_the_api(home, token_login):
    c = token_login(home.chair)
    r = c.post(f"{home.api}/", _activity(groups=[home.g1.code]), content_type="application/json")
    assert r.status_code == 201, r.content
    aid = r.json()["id"]
    assert r.json()["groups"] == [home.g1.code] and _groups(aid) == [home.g1.code]
    r = c.patch(f"{home.api}/{aid}/", {"groups": [home.g2.code]}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert _groups(aid) == [home.g2.code]


def test_a_group_of_another_union_is_not_found(home, token_login):
    foreign = home.other_group
    c = token_login(home.chair)
    r = c.post(f"{home.api}/", _activity(groups=[foreign.code]), content_type="application/json")
    assert r.status_code == 400 and "groups" in r.json()


@pytest.mark.parametrize("year", [1, 1999, 2101, 9999])
def test_an_activity_outside_the_years_2000_to_2100_is_refused(home, token_login, year):
    c = token_login(home.chair)
    start = dt.datetime(year, 6, 1, 9, 0, tzinfo=dt.UTC).isoformat()
    end = dt.datetime(year, 6, 1, 11, 0, tzinfo=dt.UTC).isoformat()
    r = c.post(
        f"{home.api}/", _activity(starts_at=start, ends_at=end), content_type="application/json"
    )
    assert r.status_code == 400, r.content
    assert "2000-01-01" in json_text(r)


def test_an_activity_in_2100_is_accepted(home, token_login):
    c = token_login(home.chair)
    start = dt.datetime(2100, 6, 1, 9, 0, tzinfo=dt.UTC).isoformat()
    end = dt.datetime(2100, 6, 1, 11, 0, tzinfo=dt.UTC).isoformat()
    r = c.post(
        f"{home.api}/", _activity(starts_at=start, ends_at=end), content_type="application/json"
    )
    assert r.status_code == 201, r.content


def json_text(r) -> str:
    return r.content.decode("utf-8").encode().decode("unicode_escape")
