"""A term's representatives: picked from the roll, their categories edited."""

from __future__ import annotations

import pytest

from gonghui.audit.models import AuditEntry
from gonghui.core.scoping import unscoped
from gonghui.democracy.models import (
    Congress,
    Representative,
)

from .conftest import BASE

pytestmark = pytest.mark.django_db


def test_a_cadre_sets_up_a_term_and_adds_representatives(client_for, org):
    c = client_for("school_chair")
    r = c.post(
        f"{BASE}congresses/new/",
        {
            "kind": "teachers",
            "term_number": 6,
            "start_date": "2029-03-01",
            "end_date": "2034-02-28",
            "min_cosigners": 2,
        },
    )
    with unscoped():
        congress = Congress.objects.get(org__code="S0001", term_number=6)
        from gonghui.members.models import Member

        ids = list(
            Member.objects.filter(org__path__startswith=org("S0001").path, status="active")
            .order_by("pk")
            .values_list("pk", flat=True)[:3]
        )
    assert r.status_code == 302 and r["Location"] == f"{BASE}congresses/{congress.pk}/"
    page = c.get(f"{BASE}congresses/{congress.pk}/representatives/add/?q=")
    assert page.status_code == 200
    r = c.post(
        f"{BASE}congresses/{congress.pk}/representatives/add/",
        {"members": [str(i) for i in ids], "teacher": "1"},
    )
    assert r.status_code == 302
    with unscoped():
        assert Representative.objects.filter(congress=congress, teacher=True).count() == 3
        entry = AuditEntry.objects.filter(action="democracy.representative.created").latest("pk")
        assert entry.actor.username == "school_chair" and entry.source == "web"


def test_a_cadre_edits_a_representatives_categories(client_for, reps):
    c = client_for("school_chair")
    rep = reps[5]
    url = f"{BASE}representatives/{rep.pk}/"
    assert c.get(url).status_code == 200
    r = c.post(url, {"manager_level": "middle", "teacher": "on"})
    assert r.status_code == 302
    with unscoped():
        rep.refresh_from_db()
    assert rep.manager_level == "middle" and rep.teacher and rep.delegation is None
    assert (
        client_for("hospital_chair")
        .get(f"/o/H0001/democracy/representatives/{rep.pk}/")
        .status_code
        == 404
    )


def test_representative_pages_answer_404_403_405(client_for, reps):
    rep = reps[5]
    member = client_for("member")
    assert member.get(f"/o/S0001-G01/democracy/representatives/{rep.pk}/").status_code == 403
    hospital = client_for("hospital_chair")
    assert hospital.post(f"/o/H0001/democracy/representatives/{rep.pk}/remove/").status_code == 404
    chair = client_for("school_chair")
    assert chair.get(f"{BASE}representatives/{rep.pk}/remove/").status_code == 405
    with unscoped():
        assert Representative.objects.filter(pk=rep.pk, left_on=None).exists()
