"""A term's representatives: picked from the roll, their categories edited."""

from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.democracy.models import (
    Congress,
    Representative,
)
from tests.factories import UnionFactory

pytestmark = pytest.mark.django_db


def test_a_cadre_sets_up_a_term_and_adds_representatives(login, chair, school, base):
    c = login(chair)
    r = c.post(
        f"{base}congresses/new/",
        {
            "kind": "teachers",
            "term_number": 6,
            "start_date": "2029-03-01",
            "end_date": "2034-02-28",
            "min_cosigners": 2,
        },
    )
    with unscoped():
        congress = Congress.objects.get(org=school.org, term_number=6)
        from gonghui.members.models import Member

        ids = list(
            Member.objects.filter(org__path__startswith=school.org.path, status="active")
            .order_by("pk")
            .values_list("pk", flat=True)[:3]
        )
    assert r.status_code == 302 and r["Location"] == f"{base}congresses/{congress.pk}/"
    page = c.get(f"{base}congresses/{congress.pk}/representatives/add/?q=")
    assert page.status_code == 200
    r = c.post(
        f"{base}congresses/{congress.pk}/representatives/add/",
        {"members": [str(i) for i in ids], "teacher": "1"},
    )
    assert r.status_code == 302
    with unscoped():
        assert Representative.objects.filter(congress=congress, teacher=True).count() == 3
        entry = AuditEntry.objects.filter(action="democracy.representative.created").latest("pk")
        assert entry.actor == chair and entry.source == "web"


def test_a_cadre_edits_a_representatives_categories(login, staff, chair, reps, base):
    c = login(chair)
    rep = reps[5]
    url = f"{base}representatives/{rep.pk}/"
    assert c.get(url).status_code == 200
    r = c.post(url, {"manager_level": "middle", "teacher": "on"})
    assert r.status_code == 302
    with unscoped():
        rep.refresh_from_db()
    assert rep.manager_level == "middle" and rep.teacher and rep.delegation is None
    other = UnionFactory()
    assert (
        login(staff("chair", other))
        .get(f"/o/{other.code}/democracy/representatives/{rep.pk}/")
        .status_code
        == 404
    )


def test_representative_pages_answer_404_403_405(login, staff, chair, me, group, reps, base):
    rep = reps[5]
    member = login(me)
    assert member.get(f"/o/{group.code}/democracy/representatives/{rep.pk}/").status_code == 403
    other = UnionFactory()
    hospital = login(staff("chair", other))
    assert (
        hospital.post(f"/o/{other.code}/democracy/representatives/{rep.pk}/remove/").status_code
        == 404
    )
    c = login(chair)
    assert c.get(f"{base}representatives/{rep.pk}/remove/").status_code == 405
    with unscoped():
        assert Representative.objects.filter(pk=rep.pk, left_on=None).exists()
