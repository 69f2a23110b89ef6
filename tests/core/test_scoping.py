from __future__ import annotations

import pytest

from gonghui.core.scoping import ScopeError, no_scope, scope, unscoped
from gonghui.orgs.models import CommitteeSeat, Organisation

pytestmark = pytest.mark.django_db


def test_it_refuses_a_query_without_scope():
    with no_scope(), pytest.raises(ScopeError):
        list(Organisation.objects.all())


def test_a_scope_covers_the_node_and_its_descendants_only(org):
    hospital = org("H0001")
    with scope(hospital):
        codes = set(Organisation.objects.values_list("code", flat=True))
        seats = set(CommitteeSeat.objects.values_list("term__org__code", flat=True))
    assert codes == {
        "H0001",
        "H0001-B01",
        "H0001-B01-G01",
        "H0001-B01-G02",
        "H0001-B02",
        "H0001-B02-G01",
        "H0001-G01",
    }
    assert seats == {"H0001"}


def test_unscoped_sees_the_whole_platform():
    with unscoped():
        assert Organisation.objects.filter(code__in=["S0001", "F0001"]).count() == 2


def test_reverse_relations_are_scoped_too(org):
    school = org("S0001")
    factory = org("F0001")
    with scope(school):
        assert factory.terms.count() == 0
        assert school.terms.count() == 1


def test_reaching_reads_the_node_its_subtree_and_its_ancestors_only(org):
    group = org("S0001-G02")
    with no_scope():
        codes = set(Organisation.objects.reaching(group).values_list("code", flat=True))
    # Above: the school's union and the district; below: nothing; beside: nothing.
    assert codes == {"S0001-G02", "S0001", "D0001"}
    union = org("S0001")
    with no_scope():
        below = set(Organisation.objects.reaching(union).values_list("code", flat=True))
    assert {"S0001", "D0001", "S0001-G02"} <= below
    assert not any(code.startswith(("F0001", "H0001", "C0001")) for code in below)


def test_everywhere_needs_a_reason_and_crosses_every_scope(org):
    with scope(org("S0001")):
        assert Organisation.objects.everywhere(why="test").filter(code="F0001").exists()
        with pytest.raises(AssertionError):
            Organisation.objects.everywhere(why="")


def test_locked_reads_the_row_again(org):
    from gonghui.core.scoping import locked

    union = org("S0001")
    with no_scope():
        again = locked(union)
    assert again.pk == union.pk and again is not union
